"""The JSON API on SQLite and PostgreSQL: filters, pagination, exports, review with its audit trail,
auth, and hostile input that must change nothing.

Articles are posted through the API with a stand-in extractor that returns the merge fixture's
records (the real pipeline is exercised once, when it is importable), so the expected events are
known exactly: they are what the pure merger makes of the same records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from conflictwatch.document import Article
from conflictwatch.export import ACLED_COLUMNS, EXTRA_COLUMNS, UCDP_COLUMNS
from conflictwatch.merge import merge_reports
from conflictwatch.record import EventRecord
from conflictwatch.serve import create_app
from conflictwatch.serve import queries as serve_queries
from tests.test_merge import RECORDS

BY_ARTICLE = {r.article_ids[0]: r for r in RECORDS}
SCHEMA_FIELDS = set(EventRecord.model_fields)
HOSTILE = "'; DROP TABLE events; --"


class FakePipeline:
    """Returns the fixture record of the posted article; `fatalities=N` / `notes=...` in the text
    override those fields, so a re-posted article can be made to say something new."""

    def __call__(self, article: Article) -> list[EventRecord]:
        rec = BY_ARTICLE.get(article.id)
        if rec is None:
            return []
        update: dict[str, Any] = {}
        for line in article.text.splitlines():
            key, _, value = line.partition("=")
            if key == "fatalities":
                n = int(value)
                update.update(fatalities=n, fatalities_low=n, fatalities_high=n,
                              claims=[c.model_copy(update={"fatalities": n}) for c in rec.claims])
            elif key == "notes":
                update["notes"] = value
        return [rec.model_copy(update=update)]


def _make(db_url: str, open_reads: bool = True) -> tuple[TestClient, dict[str, str]]:
    app = create_app(db_url, open_reads=open_reads)
    app.state.pipeline = FakePipeline()
    token = app.state.store.create_token("alice")
    return TestClient(app), {"Authorization": f"Bearer {token}"}


def _post_all(client: TestClient, auth: dict[str, str]) -> None:
    for aid in BY_ARTICLE:
        r = client.post("/articles", json={"id": aid, "text": f"Report {aid}.", "title": f"Title {aid}",
                                           "outlet": "Wire", "published": "2021-05-01",
                                           "url": f"https://example.org/{aid}"}, headers=auth)
        assert r.status_code == 201, r.text
        assert r.json()["article_id"] == aid and len(r.json()["event_ids"]) == 1


@pytest.fixture
def api(db_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    client, auth = _make(db_url)
    _post_all(client, auth)
    yield client, auth
    client.app.state.store.close()


@pytest.fixture
def lite(tmp_path) -> Iterator[tuple[TestClient, dict[str, str]]]:  # noqa: ANN001
    """SQLite only: for HTTP plumbing that does not depend on the database."""
    client, auth = _make(f"sqlite:///{tmp_path / 'api.sqlite'}")
    _post_all(client, auth)
    yield client, auth
    client.app.state.store.close()


def _all(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/events", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return r.json()["items"]


def _event_of(client: TestClient, article_id: str) -> dict[str, Any]:
    (event,) = [e for e in _all(client) if article_id in e["article_ids"]]
    return event


def _count_events(client: TestClient) -> int:
    with client.app.state.store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM events")).scalar_one()


# ---------------------------------------------------------------------------- reading


def test_python_api_exports_extract_and_store() -> None:
    import conflictwatch
    from conflictwatch import Store, extract

    assert callable(extract) and isinstance(Store, type)
    assert conflictwatch.Store is Store


def test_events_are_the_merged_records_with_review_state(api) -> None:  # noqa: ANN001
    client, _ = api
    items = _all(client)
    expected = merge_reports(RECORDS)
    assert len(items) == len(expected)
    assert {frozenset(e["article_ids"]) for e in items} == {frozenset(e.article_ids) for e in expected}
    for item in items:
        assert SCHEMA_FIELDS <= set(item), SCHEMA_FIELDS - set(item)
        assert item["reviewed"] is False and item["locked_fields"] == []
    dates = [e["event_date"] for e in items]
    assert dates == sorted(dates, reverse=True)  # default: newest first


FILTER_CASES: list[tuple[dict[str, Any], Any]] = [
    ({"country": "Syria"}, lambda e: e["country"] == "Syria"),
    ({"country": "syr"}, lambda e: e["iso3"] == "SYR"),
    ({"admin1": "deir ez-zor"}, lambda e: e["admin1"] == "Deir ez-Zor"),
    ({"actor": "TALIBAN"}, lambda e: "taliban" in (e["actor1"] + (e["actor2"] or "")).lower()),
    ({"event_type": "Battles"}, lambda e: e["event_type"] == "Battles"),
    ({"sub_event_type": "Suicide bomb"}, lambda e: e["sub_event_type"] == "Suicide bomb"),
    ({"bbox": "44,33,45,34"}, lambda e: 44 <= e["longitude"] <= 45 and 33 <= e["latitude"] <= 34),
    ({"min_fatalities": 10}, lambda e: e["fatalities"] >= 10),
    ({"since": "2021-02-01", "until": "2021-03-31"}, lambda e: "2021-02-01" <= e["event_date"] <= "2021-03-31"),
    ({"q": "palmyra"}, lambda e: "palmyra" in json.dumps(e).lower()),
    ({"country": "Iraq", "event_type": "Protests"}, lambda e: e["country"] == "Iraq" and e["event_type"] == "Protests"),
]


def test_every_filter_matches_the_same_filter_done_in_python(api) -> None:  # noqa: ANN001
    client, _ = api
    everything = _all(client)
    for params, keep in FILTER_CASES:
        got = {e["event_id"] for e in _all(client, **params)}
        want = {e["event_id"] for e in everything if keep(e)}
        assert got == want, params
        assert want, f"filter {params} should match something in the fixture"
    assert _all(client, country="Atlantis") == []
    assert _all(client, q="100%_") == []  # LIKE wildcards are literal


def test_cursor_pagination_in_every_order(api) -> None:  # noqa: ANN001
    client, _ = api
    total = {e["event_id"] for e in _all(client)}
    for sort in ("event_date", "fatalities", "country"):
        for order in ("asc", "desc"):
            seen: list[dict[str, Any]] = []
            cursor = None
            while True:
                params = {"limit": 4, "sort": sort, "order": order, **({"cursor": cursor} if cursor else {})}
                body = client.get("/events", params=params).json()
                assert len(body["items"]) <= 4
                seen += body["items"]
                cursor = body["next_cursor"]
                if not cursor:
                    break
            ids = [e["event_id"] for e in seen]
            assert len(ids) == len(set(ids)) and set(ids) == total, (sort, order)
            keys = [(e[sort], e["event_id"]) for e in seen]
            assert keys == sorted(keys, reverse=order == "desc"), (sort, order)


def test_event_detail_has_articles_and_reports(api) -> None:  # noqa: ANN001
    client, _ = api
    shola = _event_of(client, "art-sohr-0109")
    r = client.get(f"/events/{shola['event_id']}")
    assert r.status_code == 200
    detail = r.json()
    assert SCHEMA_FIELDS | {"reviewed", "locked_fields", "articles", "reports"} <= set(detail)
    assert sorted(a["id"] for a in detail["articles"]) == sorted(detail["article_ids"])
    art = next(a for a in detail["articles"] if a["id"] == "art-sohr-0109")
    assert art == {"id": "art-sohr-0109", "title": "Title art-sohr-0109", "url": "https://example.org/art-sohr-0109",
                   "outlet": "Wire", "published": "2021-05-01"}
    assert len(detail["reports"]) == len(detail["article_ids"]) >= 2
    assert {r["article_ids"][0] for r in detail["reports"]} == set(detail["article_ids"])
    a = client.get("/articles/art-sohr-0109").json()
    assert a == {"id": "art-sohr-0109", "text": "Report art-sohr-0109.", "title": "Title art-sohr-0109",
                 "url": "https://example.org/art-sohr-0109", "outlet": "Wire", "published": "2021-05-01"}


def test_exports_stream_every_matching_row(api, monkeypatch) -> None:  # noqa: ANN001
    import csv
    import io

    client, _ = api
    monkeypatch.setattr(serve_queries, "EXPORT_PAGE", 3)  # several pages even on the small fixture
    syria = _all(client, country="Syria")
    r = client.get("/events.csv", params={"country": "Syria"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS + EXTRA_COLUMNS
    body = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["event_id_cnty"] for row in body] == [e["event_id"] for e in syria]
    assert {row["country"] for row in body} == {"Syria"}
    assert [int(row["fatalities"]) for row in body] == [e["fatalities"] for e in syria]

    r = client.get("/events.ucdp.csv")
    ucdp = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(next(csv.reader(io.StringIO(r.text)))) == UCDP_COLUMNS
    assert len(ucdp) == len(_all(client))
    assert all(int(u["low"]) <= int(u["best"]) <= int(u["high"]) for u in ucdp)

    r = client.get("/events.geojson", params={"event_type": "Battles"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    geo = r.json()
    battles = _all(client, event_type="Battles")
    assert geo["type"] == "FeatureCollection"
    assert [f["id"] for f in geo["features"]] == [e["event_id"] for e in battles if e["latitude"] is not None]
    first = geo["features"][0]
    assert first["geometry"]["coordinates"] == [battles[0]["longitude"], battles[0]["latitude"]]


def test_weekly_stats_add_up(api) -> None:  # noqa: ANN001
    client, _ = api
    everything = _all(client)
    stats = client.get("/stats/weekly").json()
    assert sum(s["events"] for s in stats) == len(everything)
    assert sum(s["fatalities"] for s in stats) == sum(e["fatalities"] for e in everything)
    for s in stats:
        assert dt.date.fromisoformat(s["week"]).weekday() == 0
    # 2021-01-09 (Sat) and 2021-01-10 (Sun) fall in the week of Monday 2021-01-04
    jan4 = {s["event_type"]: s for s in stats if s["week"] == "2021-01-04"}
    want = [e for e in everything if "2021-01-04" <= e["event_date"] <= "2021-01-10" and e["event_type"] == "Battles"]
    assert jan4["Battles"]["events"] == len(want)
    assert jan4["Battles"]["fatalities"] == sum(e["fatalities"] for e in want)
    iraq = client.get("/stats/weekly", params={"country": "Iraq"}).json()
    assert sum(s["events"] for s in iraq) == len(_all(client, country="Iraq"))


def test_facets_list_what_is_in_the_database(api) -> None:  # noqa: ANN001
    client, _ = api
    f = client.get("/facets").json()
    assert f["countries"] == ["Afghanistan", "Iraq", "Nigeria", "Syria", "Yemen"]
    assert f["admin1"]["Syria"] == ["Deir ez-Zor", "Hama", "Homs"]
    assert "Battles" in f["event_types"] and "Armed clash" in f["sub_event_types"]["Battles"]
    assert f["actors"][0] == "Islamic State" and f["total_events"] == len(_all(client))


# ---------------------------------------------------------------------------- review


def test_correction_is_audited_and_survives_reextraction(api) -> None:  # noqa: ANN001
    client, auth = api
    event = _event_of(client, "art-tolo-0212")  # a one-report event
    eid = event["event_id"]
    r = client.patch(f"/events/{eid}", json={"changes": {"fatalities": 4, "admin1": "Kunduz Province"},
                                             "reason": "the hospital's count"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["fatalities"] == 4 and r.json()["locked_fields"] == ["admin1", "fatalities"]
    hist = client.get(f"/events/{eid}/history").json()
    assert [(h["action"], h["field"], h["before"], h["after"], h["who"], h["reason"]) for h in hist] == [
        ("update", "admin1", "Kunduz", "Kunduz Province", "alice", "the hospital's count"),
        ("update", "fatalities", 3, 4, "alice", "the hospital's count"),
    ]
    assert dt.datetime.fromisoformat(hist[0]["when"]).tzinfo is not None

    # the outlet revises the article: re-extraction changes the toll and the notes
    r = client.post("/articles", json={"id": "art-tolo-0212", "text": "fatalities=9\nnotes=Revised report."},
                    headers=auth)
    assert r.status_code == 200 and r.json()["status"] == "replaced"
    after = client.get(f"/events/{r.json()['event_ids'][0]}").json()
    assert after["fatalities"] == 4 and after["admin1"] == "Kunduz Province"  # the analyst's values hold
    assert after["notes"] == "Revised report."  # fields nobody corrected follow the new text
    assert after["reports"][0]["fatalities"] == 9  # the report itself is what the article said
    assert _all(client, admin1="Kunduz Province")[0]["event_id"] == after["event_id"]


def test_approve_merge_split_and_their_history(api) -> None:  # noqa: ANN001
    client, auth = api
    a = _event_of(client, "art-tolo-0203")["event_id"]  # Kunduz, 3 Feb
    b = _event_of(client, "art-tolo-0212")["event_id"]  # Kunduz, 12 Feb: kept apart by the merger
    assert a != b
    assert _all(client, reviewed=True) == []
    r = client.post(f"/events/{a}/approve", json={"reason": "checked"}, headers=auth)
    assert r.status_code == 200 and r.json()["reviewed"] is True
    assert [e["event_id"] for e in _all(client, reviewed=True)] == [a]

    r = client.post("/events/merge", json={"ids": [a, b], "reason": "same clash, late report"}, headers=auth)
    assert r.status_code == 200, r.text
    merged = r.json()["event_id"]
    assert {"art-tolo-0203", "art-tolo-0212"} <= set(r.json()["event"]["article_ids"])
    # re-extracting one of its articles must not undo the analyst's merge
    r = client.post("/articles", json={"id": "art-tolo-0212", "text": "fatalities=5"}, headers=auth)
    assert r.json()["event_ids"] == [merged]
    assert "art-tolo-0212" in client.get(f"/events/{merged}").json()["article_ids"]
    assert "merge" in [h["action"] for h in client.get(f"/events/{merged}/history").json()]
    assert [h["action"] for h in client.get(f"/events/{a}/history").json()][:2] == ["approve", "merge"]

    detail = client.get(f"/events/{merged}").json()
    out = [rid for rid, rep in zip(detail["report_ids"], detail["reports"], strict=True)
           if rep["article_ids"][0] == "art-tolo-0212"]
    r = client.post(f"/events/{merged}/split", json={"report_ids": out, "reason": "different day"}, headers=auth)
    assert r.status_code == 200, r.text
    kept, new = r.json()["event_id"], r.json()["new_event_id"]
    assert kept != new
    assert client.get(f"/events/{new}").json()["article_ids"] == ["art-tolo-0212"]
    assert "art-tolo-0212" not in client.get(f"/events/{kept}").json()["article_ids"]
    assert "split" in [h["action"] for h in client.get(f"/events/{kept}/history").json()]


# ---------------------------------------------------------------------------- auth


WRITES = [
    ("patch", "/events/{eid}", {"changes": {"fatalities": 1000}, "reason": "x"}),
    ("post", "/events/{eid}/approve", {"reason": "x"}),
    ("post", "/events/merge", {"ids": ["{eid}", "{other}"], "reason": "x"}),
    ("post", "/events/{eid}/split", {"report_ids": ["{rid}"], "reason": "x"}),
    ("post", "/articles", {"id": "art-new", "text": "fatalities=3"}),
]


def _fill(value: Any, names: dict[str, str]) -> Any:
    return json.loads(json.dumps(value).replace("{eid}", names["eid"]).replace("{other}", names["other"])
                      .replace("{rid}", names["rid"]))


def test_writes_need_a_valid_token_and_a_refused_write_changes_nothing(api) -> None:  # noqa: ANN001
    client, _ = api
    shola = _event_of(client, "art-sohr-0109")
    names = {"eid": shola["event_id"], "other": _event_of(client, "art-ap-0109")["event_id"],
             "rid": client.get(f"/events/{shola['event_id']}").json()["report_ids"][0]}
    before = client.get("/events.csv").text
    for headers, status in (({}, 401), ({"Authorization": "Bearer wrong"}, 403),
                            ({"Authorization": "Basic YWxpY2U6eA=="}, 401)):
        for method, path, body in WRITES:
            r = getattr(client, method if method != "patch" else "patch")(
                _fill(path, names), json=_fill(body, names), headers=headers)
            assert r.status_code == status, (method, path, headers, r.text)
            assert "detail" in r.json()
            if status == 401:
                assert r.headers["www-authenticate"] == "Bearer"
    assert client.get("/events.csv").text == before
    assert client.get(f"/events/{shola['event_id']}/history").json() == []
    assert client.get("/articles/art-new").status_code == 404


def test_tokens_are_stored_hashed(lite) -> None:  # noqa: ANN001
    client, auth = lite
    token = auth["Authorization"].split()[1]
    with client.app.state.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT name, token_hash FROM api_tokens")).all()
    assert rows == [("alice", hashlib.sha256(token.encode()).hexdigest())]


def test_private_mode_needs_a_token_for_reads(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    client, auth = _make(f"sqlite:///{tmp_path / 'p.sqlite'}", open_reads=False)
    assert client.get("/events").status_code == 401
    assert client.get("/events", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert client.get("/events", headers=auth).status_code == 200
    assert client.get("/facets").status_code == 401
    client.app.state.store.close()
    monkeypatch.setenv("CONFLICTWATCH_PRIVATE", "1")
    client, auth = _make(f"sqlite:///{tmp_path / 'p2.sqlite'}")
    assert client.get("/events.csv").status_code == 401
    assert client.get("/stats/weekly", headers=auth).status_code == 200
    client.app.state.store.close()


def test_token_cli_prints_a_working_token(tmp_path) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from conflictwatch.cli import app as cli

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()
    result = runner.invoke(cli, ["token", "create", "bob", "--db", url])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 40
    assert runner.invoke(cli, ["token", "create", "bob", "--db", url]).exit_code == 1  # names are unique
    app = create_app(url)
    app.state.pipeline = FakePipeline()
    client = TestClient(app)
    bearer = {"Authorization": f"Bearer {token}"}
    r = client.post("/articles", json={"id": "art-ap-0109", "text": "first"}, headers=bearer)
    assert r.status_code == 201
    assert runner.invoke(cli, ["token", "revoke", "bob", "--db", str(tmp_path / "cli.sqlite")]).exit_code == 0
    r = client.post("/articles", json={"id": "art-ap-0109", "text": "second"}, headers=bearer)
    assert r.status_code == 403
    app.state.store.close()


# ---------------------------------------------------------------------------- bad input


def test_bad_requests_are_json_4xx_and_change_nothing(lite) -> None:  # noqa: ANN001
    client, auth = lite
    eid = _event_of(client, "art-tolo-0212")["event_id"]
    before = client.get(f"/events/{eid}").json()
    cases = [
        (client.patch, f"/events/{eid}", {"json": {"changes": {"fatalites": 3}, "reason": "typo"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"event_id": "x"}, "reason": "id"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"claims": []}, "reason": "claims"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"fatalities": "many"}, "reason": "r"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"time_precision": 7}, "reason": "r"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"sub_event_type": "Suicide bomb"}, "reason": "r"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {}, "reason": "nothing"}}, 422),
        (client.patch, f"/events/{eid}", {"json": {"changes": {"fatalities": 1}}}, 422),  # no reason
        (client.patch, f"/events/{eid}", {"json": {"changes": {"fatalities": 1}, "reason": "r", "x": 1}}, 422),
        (client.patch, f"/events/{eid}", {"content": b'{"changes": {"fatalities": 1', "headers": {
            "content-type": "application/json"}}, 422),
        (client.patch, "/events/no-such-event", {"json": {"changes": {"fatalities": 1}, "reason": "r"}}, 404),
        (client.post, "/events/no-such-event/approve", {"json": {}}, 404),
        (client.post, "/events/merge", {"json": {"ids": [eid], "reason": "one"}}, 422),
        (client.post, "/events/merge", {"json": {"ids": [eid, "no-such-event"], "reason": "r"}}, 404),
        (client.post, f"/events/{eid}/split", {"json": {"report_ids": ["not-mine"], "reason": "r"}}, 422),
        (client.post, "/articles", {"json": {"text": ""}}, 422),
        (client.post, "/articles", {"json": {"text": "x", "published": "last week"}}, 422),
        (client.post, "/articles", {"json": {"text": "x", "author": "me"}}, 422),
        (client.post, "/articles", {"content": b"x" * (2 * 1024 * 1024 + 1)}, 413),
        (client.post, "/articles", {"content": iter([b'{"text": "', b"x" * (2 * 1024 * 1024), b'"}'])}, 413),
    ]
    for call, path, kwargs, status in cases:
        r = call(path, headers={**auth, **kwargs.pop("headers", {})}, **kwargs)
        assert r.status_code == status, (path, kwargs.get("json"), r.text)
        assert r.headers["content-type"].startswith("application/json") and "detail" in r.json()
    assert client.get(f"/events/{eid}").json() == before
    assert client.get(f"/events/{eid}/history").json() == []
    for path, params, status in [
        ("/events", {"since": "2021-13-45"}, 422), ("/events", {"until": "yesterday"}, 422),
        ("/events", {"bbox": "1,2,3"}, 422), ("/events", {"bbox": "50,0,40,10"}, 422),
        ("/events", {"limit": 0}, 422), ("/events", {"limit": 1001}, 422), ("/events", {"sort": "notes"}, 422),
        ("/events", {"order": "up"}, 422), ("/events", {"min_fatalities": -1}, 422),
        ("/events", {"reviewed": "perhaps"}, 422), ("/events", {"cursor": "not-a-cursor"}, 400),
        ("/events", {"sort": "fatalities", "cursor": client.get("/events", params={"limit": 1}).json()[
            "next_cursor"]}, 400),  # a date cursor handed to a fatalities sort
        ("/events/no-such-event", {}, 404), ("/events/no-such-event/history", {}, 404),
        ("/articles/no-such-article", {}, 404), ("/no/such/route", {}, 404),
    ]:
        r = client.get(path, params=params)
        assert r.status_code == status, (path, params, r.text)
        assert "detail" in r.json()


def test_sql_metacharacters_in_every_filter_are_harmless(api) -> None:  # noqa: ANN001
    client, _ = api
    n = _count_events(client)
    string_filters = ("country", "admin1", "actor", "event_type", "sub_event_type", "q")
    for param in (*string_filters, "since", "until", "bbox", "min_fatalities", "reviewed", "sort", "order",
                  "cursor", "limit"):
        for path in ("/events", "/events.csv", "/events.geojson", "/stats/weekly"):
            r = client.get(path, params={param: HOSTILE})
            assert r.status_code in (200, 400, 422), (param, path, r.status_code)
            if r.status_code != 200:
                assert "detail" in r.json()
            elif path == "/events":
                assert param in string_filters and r.json()["items"] == []
    for path in (f"/events/{HOSTILE}", f"/events/{HOSTILE}/history", f"/articles/{HOSTILE}"):
        assert client.get(path).status_code == 404
    engine = client.app.state.store.engine
    assert {"events", "articles", "reports", "audit"} <= set(inspect(engine).get_table_names())
    assert _count_events(client) == n == len(merge_reports(RECORDS))


# ---------------------------------------------------------------------------- the app itself


def test_openapi_lists_every_route_and_dashboard_is_mounted_last(lite) -> None:  # noqa: ANN001
    from conflictwatch.serve.api import WEB_DIR

    client, _ = lite
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/events", "/events.csv", "/events.ucdp.csv", "/events.geojson", "/stats/weekly", "/facets",
              "/events/{event_id}", "/events/{event_id}/history", "/events/{event_id}/approve",
              "/events/{event_id}/split", "/events/merge", "/articles", "/articles/{article_id}"):
        assert p in paths, p
    assert set(paths["/events/{event_id}"]) == {"get", "patch"}
    assert client.get("/docs").status_code == 200
    root = client.get("/", follow_redirects=False)
    if (WEB_DIR / "index.html").exists():
        assert root.status_code == 200 and "<html" in root.text.lower()
    else:
        assert root.status_code in (307, 404)
    assert client.get("/events").status_code == 200  # the mount at / does not shadow the API


def test_ids_with_slashes_and_spaces_round_trip(lite) -> None:  # noqa: ANN001
    client, auth = lite
    rec = BY_ARTICLE["art-pm-0301"]
    client.app.state.pipeline = lambda a: [rec.model_copy(update={"event_id": "mafa/pm 2", "article_ids": [a.id]})]
    r = client.post("/articles", json={"id": "https://example.org/a b", "text": "A report."}, headers=auth)
    assert r.status_code == 201
    eid = r.json()["event_ids"][0]
    assert client.get(f"/events/{eid}").json()["event_id"] == eid
    assert client.get("/articles/https://example.org/a b").json()["id"] == "https://example.org/a b"
    assert client.post(f"/events/{eid}/approve", headers=auth).status_code == 200
    assert client.get(f"/events/{eid}/history").json()[0]["action"] == "approve"


def test_post_article_with_the_real_extractor(tmp_path) -> None:  # noqa: ANN001
    try:
        from conflictwatch.extract.pipeline import get_pipeline

        get_pipeline()
    except ImportError as exc:
        pytest.skip(f"extractor not importable: {exc}")
    app = create_app(f"sqlite:///{tmp_path / 'real.sqlite'}")
    token = app.state.store.create_token("alice")
    client = TestClient(app)
    r = client.post("/articles", headers={"Authorization": f"Bearer {token}"}, json={
        "id": "real-1", "published": "2021-01-10", "outlet": "Wire",
        "text": "BEIRUT (Wire) - Islamic State militants attacked National Defence Forces members in Al-Shola, "
                "Deir ez-Zor, on Saturday, killing seven, the Syrian Observatory for Human Rights said."})
    assert r.status_code == 201, r.text
    assert r.json()["event_ids"]
    event = client.get(f"/events/{r.json()['event_ids'][0]}").json()
    assert event["country"] == "Syria" and "real-1" in event["article_ids"]
    app.state.store.close()


def test_engine_is_not_left_open(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    with TestClient(create_app(url)) as client:  # runs the lifespan: the store is closed on shutdown
        assert client.get("/events").json() == {"items": [], "next_cursor": None}
    assert "events" in inspect(create_engine(url)).get_table_names()
