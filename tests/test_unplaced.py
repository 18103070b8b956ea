"""Records the text places nowhere (country, iso3 and geo_precision null) through every part after
the extractor: the store and its migration, the merger, the exports, the API, the CLI, evaluation
and batch output. "Police seized nine pistols and 1,100 rounds of ammunition in a raid on Tuesday"
names no place: the incident is kept for an analyst to place, listed as such, never merged with
another report on the strength of an unknown place, and never mapped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from conflictwatch.document import Article
from conflictwatch.export import write_records
from conflictwatch.merge import ReportView, merge_reports, pair_score
from conflictwatch.record import EventRecord
from conflictwatch.store import Store
from tests.test_api import FakePipeline
from tests.test_merge import BY_ID, RECORDS
from tests.test_store import _python_filter

RAID = ("Police seized nine pistols and 1,100 rounds of ammunition in a raid on Wednesday, "
        "a police spokesman said.")
PLACE_FIELDS = ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")


def unplaced(article_id: str, **update: Any) -> EventRecord:
    """The raid as the extractor codes it: every place field null."""
    return EventRecord(
        event_id=f"{article_id}-1", event_date="2021-01-20", time_precision=1, event_type="Strategic developments",
        sub_event_type="Disrupted weapons use", actor1="Police Forces", inter1=1,
        notes="On 20 January 2021, police seized nine pistols and 1,100 rounds of ammunition in a raid.",
        sources=["Wire"], evidence={"actor1": [(0, 6)]}, article_ids=[article_id],
    ).model_copy(update=update)


def _article(rec: EventRecord, body: str | None = None) -> Article:
    return Article(id=rec.article_ids[0], text=body or RAID, outlet="Wire")


def _fill(store: Store) -> list[str]:
    """The merge fixture and two unplaced raids (two outlets, same day, same words); their event ids."""
    store.add_articles((_article(r, f"text of {r.article_ids[0]}"), [r]) for r in RECORDS)
    raids = [unplaced("raid-wire-0120"), unplaced("raid-post-0120")]
    store.add_articles((_article(r), [r]) for r in raids)
    ids = [store.event_of_report(r.event_id) for r in raids]
    assert all(ids)
    return [i for i in ids if i]


# ---------------------------------------------------------------------------- merging


def test_two_unplaced_reports_of_one_day_are_never_one_incident() -> None:
    a, b = unplaced("raid-wire-0120"), unplaced("raid-post-0120")
    assert pair_score(ReportView.of(a.to_json_dict()), ReportView.of(b.to_json_dict())) is None
    assert len(merge_reports([a, b])) == 2
    # nor with a placed report that says the same: an unknown place is no evidence of the same place
    placed = a.model_copy(update={"event_id": "raid-afp-0120-1", "article_ids": ["raid-afp-0120"], "country": "Iraq",
                                  "iso3": "IRQ", "admin1": "Baghdad", "geo_precision": 3})
    events = merge_reports([a, placed])
    assert len(events) == 2 and {e.country for e in events} == {None, "Iraq"}


def test_an_analysts_merge_of_an_unplaced_report_takes_the_place_of_the_placed_one() -> None:
    loose = unplaced("a-raid-0120")  # sorts first: without the rule it would lead the merged event
    placed = unplaced("b-raid-0120", country="Iraq", iso3="IRQ", admin1="Baghdad", geo_precision=3)
    (event,) = merge_reports([loose, placed], must_link=[(loose.event_id, placed.event_id)])
    assert (event.country, event.iso3, event.admin1, event.geo_precision) == ("Iraq", "IRQ", "Baghdad", 3)
    assert event.article_ids == ["a-raid-0120", "b-raid-0120"]


# ---------------------------------------------------------------------------- store


def test_an_unplaced_report_is_stored_listed_and_read_back(db_url: str) -> None:
    with Store(db_url) as store:
        raids = _fill(store)
        assert len(set(raids)) == 2  # the two raids stay two events
        assert store.counts()["events"] == len(merge_reports(RECORDS)) + 2
        for eid in raids:
            event = store.event(eid)
            assert event is not None and all(event[f] is None for f in PLACE_FIELDS)
            assert event["reports"][0]["country"] is None and event["sub_event_type"] == "Disrupted weapons use"
        for value in ("unknown", "Unknown", " UNKNOWN "):
            assert {e["event_id"] for e in store.events(country=value).items} == set(raids)
        assert not set(raids) & {e["event_id"] for e in store.events(country="Iraq", limit=1000).items}
        assert {e["event_id"] for e in store.events(q="pistols").items} == set(raids)
        assert {e["event_id"] for e in store.events(country="unknown", actor="police").items} == set(raids)
        assert store.events(admin1="Baghdad", country="unknown").items == []
        # adding the same article again is a no-op, as for any other
        again = unplaced("raid-wire-0120")
        assert store.add_article(_article(again), [again]).status == "unchanged"


def _country_key(e: dict[str, Any]) -> tuple[bool, str, str]:
    """The store's order by country: an unknown country before every name, then by id."""
    return (e["country"] is not None, e["country"] or "", e["event_id"])


@pytest.mark.parametrize("probe", [1, 3, 1000])
def test_ordering_by_country_pages_through_unplaced_events(
        db_url: str, probe: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keyset pages by country (nulls first ascending, last descending), on the plain and probed paths."""
    from conflictwatch.store import repository

    monkeypatch.setattr(repository, "PROBE", probe)
    with Store(db_url) as store:
        _fill(store)
        everything = store.events(limit=1000).items
        for case in ({}, {"actor": "police"}, {"q": "killed"}, {"q": "ab"}):
            for descending in (False, True):
                want = sorted(_python_filter(everything, **case), key=_country_key, reverse=descending)
                got, cursor = [], None
                while True:
                    page = store.events(**case, order_by="country", descending=descending, limit=1, cursor=cursor)
                    got += page.items
                    cursor = page.next_cursor
                    if not cursor:
                        break
                assert [e["event_id"] for e in got] == [e["event_id"] for e in want], (case, descending)
        assert any(e["country"] is None for e in _python_filter(everything, actor="police"))


def test_an_analyst_places_an_unplaced_event_and_it_stays_placed(db_url: str) -> None:
    with Store(db_url) as store:
        eid, _ = _fill(store)
        placed = store.update_event(eid, {"country": "Iraq", "admin1": "Baghdad", "geo_precision": 3},
                                    reason="the raid was in Baghdad, says the ministry", who="ana")
        # the ISO3 code comes with the country, so the country filter (which goes by ISO3) finds it
        assert (placed["country"], placed["iso3"], placed["admin1"], placed["geo_precision"]) == (
            "Iraq", "IRQ", "Baghdad", 3)
        assert placed["locked_fields"] == ["admin1", "country", "geo_precision", "iso3"]
        assert eid in {e["event_id"] for e in store.events(country="Iraq", limit=1000).items}
        assert eid not in {e["event_id"] for e in store.events(country="unknown").items}
        assert ("iso3", None, "IRQ") in {(h["field"], h["before"], h["after"]) for h in store.history(eid)}
        # re-extraction (the article re-read with new text) keeps the analyst's place
        again = store.add_article(_article(unplaced("raid-wire-0120"), RAID + " Updated."),
                                  [unplaced("raid-wire-0120")])
        assert again.status == "replaced" and again.event_ids == [eid]
        event = store.event(eid)
        assert event is not None and (event["country"], event["iso3"]) == ("Iraq", "IRQ")
        # a country named without a code we know leaves the code alone; clearing the country clears it
        store.update_event(eid, {"country": "Mesopotamia"}, reason="r", who="ana")
        assert store.event(eid)["iso3"] == "IRQ"  # type: ignore[index]
        store.update_event(eid, {"country": None}, reason="not Baghdad after all", who="ana")
        assert store.event(eid)["iso3"] is None  # type: ignore[index]
        assert eid in {e["event_id"] for e in store.events(country="unknown").items}


# ---------------------------------------------------------------------------- migration 0003


def _at_0002(url: str) -> None:
    """A database as the store had it before 0003 (country and iso3 NOT NULL), holding the fixture."""
    from alembic import command
    from alembic.config import Config

    from conflictwatch.store.engine import MIGRATIONS, make_engine, migrating

    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with migrating(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    engine.dispose()
    with Store(url, migrate=False) as old:
        old.add_articles((_article(r, f"text of {r.article_ids[0]}"), [r]) for r in RECORDS)
        old.update_event(old.event_of_report("pal-sana") or "", {"notes": "Corrected: Tadmur strikes."},
                         reason="r", who="ana")


def _version(store: Store) -> str:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _schema(store: Store) -> set[tuple[str, str]]:
    """Indexes and triggers by name (SQLite: what a table rebuild could lose)."""
    with store.engine.connect() as conn:
        return {(t, n) for t, n in conn.execute(text(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%'"))}


def test_migration_0003_upgrades_a_database_with_rows(db_url: str, tmp_path: Path) -> None:
    _at_0002(db_url)
    with Store(db_url, migrate=False) as old:
        with pytest.raises(Exception):  # noqa: B017 - the NOT NULL of 0001, whatever the driver calls it
            old.add_article(_article(unplaced("raid-wire-0120")), [unplaced("raid-wire-0120")])
        before_counts = old.counts()
        before = old.events(limit=1000).items
        history = old.history(old.event_of_report("pal-sana") or "")
    with Store(db_url) as store:  # opening it migrates
        assert _version(store) == "0003"
        assert store.counts() == before_counts
        assert store.events(limit=1000).items == before
        assert store.history(store.event_of_report("pal-sana") or "") == history
        columns = {c["name"]: c for t in ("reports", "events") for c in inspect(store.engine).get_columns(t)
                   if c["name"] in ("country", "iso3")}
        assert columns and all(c["nullable"] for c in columns.values())
        # the search index still points at the right rows, the filters keep their indexes
        assert [e["event_id"] for e in store.events(q="tadmur strikes").items] == [store.event_of_report("pal-sana")]
        assert store.events(q="palmyra strikes").items == []
        assert {e["admin1"] for e in store.events(admin1="deir ez-zor").items} == {"Deir ez-Zor"}
        if store.engine.dialect.name == "sqlite":
            with Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}") as fresh:
                assert _schema(store) == _schema(fresh)
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # enforcement is back on
        # and now an unplaced report is stored like any other, and its text is searchable
        store.add_article(_article(unplaced("raid-wire-0120")), [unplaced("raid-wire-0120")])
        assert [e["country"] for e in store.events(q="pistols").items] == [None]
        assert store.counts()["events"] == before_counts["events"] + 1


def test_a_failed_migration_on_sqlite_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _at_0002(url)
    with Store(url, migrate=False) as old, old.engine.begin() as conn:
        counts = old.counts()
        conn.execute(text("CREATE TABLE _alembic_tmp_events (x INTEGER)"))  # the rebuild of events cannot start
    with pytest.raises(Exception):  # noqa: B017 - "table _alembic_tmp_events already exists"
        Store(url)
    with Store(url, migrate=False) as old:
        assert _version(old) == "0002" and old.counts() == counts
        with old.engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            assert "_alembic_tmp_reports" not in tables  # the reports' rebuild, done before, was rolled back
            notnull = {row[1]: row[3] for row in conn.execute(text("PRAGMA table_info(reports)"))}
            assert notnull["country"] == 1
            conn.execute(text("DROP TABLE _alembic_tmp_events"))
    with Store(url) as store:
        assert _version(store) == "0003" and store.counts() == counts


def test_downgrading_0003_refuses_while_events_are_unplaced(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from conflictwatch.store.engine import MIGRATIONS, migrating

    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        store.add_article(_article(unplaced("raid-wire-0120")), [unplaced("raid-wire-0120")])
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with pytest.raises(RuntimeError, match="no country"), migrating(store.engine) as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        assert _version(store) == "0003" and store.counts()["events"] == 1


# ---------------------------------------------------------------------------- exports


def _export(fmt: str, records: list[EventRecord]) -> str:
    buf = io.StringIO()
    write_records(records, fmt, buf)
    return buf.getvalue()


def test_exports_write_blanks_for_an_unknown_place_and_map_nothing() -> None:
    placed, loose = BY_ID["pal-sana"], unplaced("raid-wire-0120")
    acled = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(_export("csv", [placed, loose])))}
    row = acled[loose.event_id]
    assert all(row[k] == "" for k in ("iso", "country", "iso3", "admin1", "location", "latitude", "longitude",
                                      "geo_precision"))
    assert row["sub_event_type"] == "Disrupted weapons use" and row["fatalities"] == "0"
    assert acled[placed.event_id]["country"] == "Syria" and acled[placed.event_id]["iso"] == "760"
    ucdp = {r["id"]: r for r in csv.DictReader(io.StringIO(_export("ucdp", [placed, loose])))}
    assert all(ucdp[loose.event_id][k] == "" for k in ("country", "iso3", "where_prec", "where_coordinates",
                                                        "adm_1", "latitude", "longitude"))
    geo = json.loads(_export("geojson", [placed, loose]))
    assert [f["id"] for f in geo["features"]] == [placed.event_id]  # no feature with a null geometry
    assert all(f["geometry"] is not None for f in geo["features"])
    table = _export("table", [loose])
    assert "place unknown" in table and "None" not in table
    assert json.loads(_export("jsonl", [loose]))["country"] is None


# ---------------------------------------------------------------------------- API


class RaidPipeline(FakePipeline):
    """The merge fixture's records, and the unplaced raid for an article whose id starts with raid-."""

    def __call__(self, article: Article) -> list[EventRecord]:
        if article.id.startswith("raid-"):
            return [unplaced(article.id)]
        return super().__call__(article)


@pytest.fixture
def api(db_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    from conflictwatch.serve import create_app
    from tests.test_api import _post_all

    app = create_app(db_url)
    app.state.pipeline = RaidPipeline()
    auth = {"Authorization": f"Bearer {app.state.store.create_token('alice')}"}
    client = TestClient(app)
    _post_all(client, auth)
    for aid in ("raid-wire-0120", "raid-post-0120"):
        r = client.post("/articles", json={"id": aid, "text": RAID, "outlet": "Wire", "published": "2021-01-21"},
                        headers=auth)
        assert r.status_code == 201, r.text
    yield client, auth
    app.state.store.close()


def test_the_api_serves_and_filters_unplaced_events(api) -> None:  # noqa: ANN001
    from conflictwatch.serve.schemas import EventDetail, EventPage, Facets

    client, _ = api
    page = client.get("/events", params={"limit": 1000}).json()
    EventPage.model_validate(page)  # the declared response schema accepts them
    raids = [e for e in page["items"] if e["sub_event_type"] == "Disrupted weapons use" and e["country"] is None]
    assert len(raids) == 2 and all(e[f] is None for e in raids for f in PLACE_FIELDS)
    ids = {e["event_id"] for e in raids}
    only = client.get("/events", params={"country": "unknown"}).json()["items"]
    assert {e["event_id"] for e in only} == ids
    detail = client.get(f"/events/{raids[0]['event_id']}").json()
    EventDetail.model_validate(detail)
    assert detail["country"] is None and detail["reports"][0]["iso3"] is None

    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params={"country": "unknown"}).text)))
    assert {r["event_id_cnty"] for r in rows} == ids and {(r["country"], r["iso3"], r["geo_precision"])
                                                          for r in rows} == {("", "", "")}
    ucdp = list(csv.DictReader(io.StringIO(client.get("/events.ucdp.csv", params={"country": "unknown"}).text)))
    assert len(ucdp) == 2 and {u["country"] for u in ucdp} == {""}
    everything = client.get("/events.geojson").json()
    assert everything["type"] == "FeatureCollection" and not ids & {f["id"] for f in everything["features"]}
    assert client.get("/events.geojson", params={"country": "unknown"}).json()["features"] == []
    weekly = client.get("/stats/weekly", params={"country": "unknown"}).json()
    assert sum(w["events"] for w in weekly) == 2

    facets = client.get("/facets").json()
    Facets.model_validate(facets)
    assert None not in facets["countries"] and "null" not in facets["admin1"] and None not in facets["admin1"]
    assert facets["countries"] == sorted(facets["countries"]) and facets["unplaced_events"] == 2


def test_the_api_pages_by_country_through_unplaced_events(api) -> None:  # noqa: ANN001
    client, _ = api
    everything = client.get("/events", params={"limit": 1000}).json()["items"]
    for order in ("asc", "desc"):
        seen, cursor = [], None
        while True:
            params = {"limit": 2, "sort": "country", "order": order, **({"cursor": cursor} if cursor else {})}
            r = client.get("/events", params=params)
            assert r.status_code == 200, r.text  # a cursor whose country is null is a good cursor
            seen += r.json()["items"]
            cursor = r.json()["next_cursor"]
            if not cursor:
                break
        want = sorted(everything, key=_country_key, reverse=order == "desc")
        assert [e["event_id"] for e in seen] == [e["event_id"] for e in want], order


def test_an_analyst_sets_the_place_through_the_api(api) -> None:  # noqa: ANN001
    client, auth = api
    (eid, _) = sorted(e["event_id"] for e in client.get("/events", params={"country": "unknown"}).json()["items"])
    r = client.patch(f"/events/{eid}", json={"changes": {"country": "Iraq", "admin1": "Baghdad", "geo_precision": 3},
                                             "reason": "the ministry named the district"}, headers=auth)
    assert r.status_code == 200, r.text
    assert (r.json()["country"], r.json()["iso3"], r.json()["geo_precision"]) == ("Iraq", "IRQ", 3)
    assert eid in {e["event_id"] for e in client.get("/events", params={"country": "Iraq", "limit": 1000})
                   .json()["items"]}
    assert client.get("/facets").json()["unplaced_events"] == 1  # the write refreshed the cached facets
    bad = client.patch(f"/events/{eid}", json={"changes": {"geo_precision": 7}, "reason": "r"}, headers=auth)
    assert bad.status_code == 422


# ---------------------------------------------------------------------------- command line


def test_cli_ingests_lists_and_exports_unplaced_events(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import conflictwatch.extract.pipeline as pipeline_module
    from conflictwatch.cli import app

    monkeypatch.setattr(pipeline_module, "get_pipeline", lambda: lambda article: [unplaced(article.id)])
    source = tmp_path / "raids.jsonl"
    source.write_text("".join(json.dumps({"id": aid, "text": RAID, "published": "2021-01-21", "outlet": "Wire"})
                              + "\n" for aid in ("raid-wire-0120", "raid-post-0120")))
    runner = CliRunner()
    out = {fmt: runner.invoke(app, ["extract", str(source), "--format", fmt])
           for fmt in ("jsonl", "json", "csv", "table")}
    assert all(o.exit_code == 0 for o in out.values()), {f: o.output for f, o in out.items()}
    assert [json.loads(line)["country"] for line in out["jsonl"].output.splitlines()] == [None, None]
    assert [r["iso3"] for r in json.loads(out["json"].output)] == [None, None]
    rows = list(csv.DictReader(io.StringIO(out["csv"].output)))
    assert [(r["country"], r["geo_precision"]) for r in rows] == [("", "")] * 2
    assert out["table"].output.count("place unknown") == 2
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    ok = runner.invoke(app, ["ingest", str(source), "--db", url])
    assert ok.exit_code == 0, ok.output
    assert "2 report(s) in 2 event(s)" in ok.output
    table = runner.invoke(app, ["events", "--db", url])
    assert table.exit_code == 0 and table.output.count("place unknown") == 2, table.output
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["events", "--db", url, "--format", "csv",
                                                               "--country", "unknown"]).output)))
    assert len(rows) == 2 and {r["country"] for r in rows} == {""}
    ucdp = runner.invoke(app, ["events", "--db", url, "--format", "ucdp"])
    assert ucdp.exit_code == 0 and len(ucdp.output.strip().splitlines()) == 3
    geo = runner.invoke(app, ["events", "--db", url, "--format", "geojson"])
    assert geo.exit_code == 0 and json.loads(geo.output) == {"type": "FeatureCollection", "features": []}
    assert runner.invoke(app, ["events", "--db", url, "--country", "Iraq", "--format", "jsonl"]).output == ""


def test_the_extractor_keeps_the_unplaced_raid_end_to_end(tmp_path: Path) -> None:
    """The real pipeline on the sentence that names no place, through extract, ingest and events."""
    from typer.testing import CliRunner

    from conflictwatch.cli import app

    source = tmp_path / "raid.jsonl"
    source.write_text(json.dumps({"id": "raid-1", "text": RAID, "published": "2021-01-21", "outlet": "Wire"}) + "\n")
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(source)])
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert records and all(r[f] is None for r in records for f in ("country", "iso3", "geo_precision"))
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    assert runner.invoke(app, ["ingest", str(source), "--db", url]).exit_code == 0
    listed = runner.invoke(app, ["events", "--db", url, "--country", "unknown", "--format", "jsonl"])
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == len(records)


# ---------------------------------------------------------------------------- evaluation and batch output


def test_evaluation_counts_an_unknown_place_as_wrong() -> None:
    from conflictwatch import evaluate as ev

    loose = unplaced("raid-1")
    for field, gold in (("country", "Iraq"), ("iso3", "IRQ"), ("admin1", "Baghdad"), ("geo_precision", 3)):
        assert not ev.field_matches(field, gold, getattr(loose, field))
    gold = {"event_date": "2021-01-20", "event_type": "Strategic developments",
            "sub_event_type": "Disrupted weapons use", "country": "Iraq", "admin1": "Baghdad", "geo_precision": 3}
    report = ev.score_gold([ev.GoldArticle("raid", Path("raid.txt"), [gold])], [[loose]])
    assert report["matched"] == 1
    assert {k: (v["correct"], v["total"]) for k, v in report["fields"].items()
            if k in ("country", "admin1", "geo_precision", "sub_event_type")} == {
        "sub_event_type": (1, 1), "country": (0, 1), "admin1": (0, 1), "geo_precision": (0, 1)}
    assert "place unknown" in report["pairs"][0]["summary"]
    row = ev.AcledRow(id="1", notes=RAID, event_date=dt.date(2021, 1, 20), source="Wire",
                      event_type="Strategic developments", sub_event_type="Disrupted weapons use",
                      actor1="Police Forces of Iraq", admin1="Baghdad", latitude=33.3, longitude=44.4,
                      geo_precision=1, fatalities=0, region="Middle East", country="Iraq")
    verdicts = ev.acled_field_results(row, loose)
    assert verdicts["admin1"] is False and verdicts["within_25km"] is False and verdicts["event_date"] is True


def test_batch_output_round_trips_an_unplaced_record(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from conflictwatch.batch import output_schema, read_output, record_to_row, row_to_record

    loose = unplaced("raid-1")
    path = tmp_path / "out.parquet"
    pq.write_table(pa.Table.from_pylist([record_to_row(loose, "raid-1")], schema=output_schema()), path)
    (row,) = read_output(path)
    assert row["country"] is None and row["geo_precision"] is None
    assert row_to_record(row) == loose
