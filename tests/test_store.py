"""The store on SQLite and PostgreSQL: idempotent atomic ingest, exact incremental merging,
safe filters, review operations that stick, and migrations that run from the command line."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conflictwatch.document import Article
from conflictwatch.merge import merge_reports
from conflictwatch.record import EventRecord
from conflictwatch.store import Store
from tests.test_merge import RECORDS

ROOT = Path(__file__).resolve().parents[1]


def _article(rec: EventRecord, text: str | None = None) -> Article:
    return Article(id=rec.article_ids[0], text=text or f"text of {rec.article_ids[0]}", outlet="x")


def _clusters_in(store: Store) -> set[frozenset[str]]:
    page = store.events(limit=1000)
    return {frozenset(store.event(e["event_id"])["report_ids"]) for e in page.items}


def _expected() -> set[frozenset[str]]:
    by_article = {r.article_ids[0]: r.event_id for r in RECORDS}
    return {frozenset(by_article[a] for a in e.article_ids) for e in merge_reports(RECORDS)}


def test_add_article_is_idempotent_and_replaces_on_new_text(db_url: str) -> None:
    rec = RECORDS[0]
    with Store(db_url) as store:
        first = store.add_article(_article(rec), [rec])
        assert first.status == "added" and first.reports == 1 and len(first.event_ids) == 1
        assert store.add_article(_article(rec), [rec]).status == "unchanged"
        assert store.counts() == {"articles": 1, "reports": 1, "events": 1, "claims": 1, "event_reports": 1}
        other = rec.model_copy(update={"event_id": "pal-sana-v2", "fatalities": 14})
        again = store.add_article(_article(rec, "corrected text"), [other])
        assert again.status == "replaced"
        assert store.article(rec.article_ids[0])["report_ids"] == ["pal-sana-v2"]
        assert store.counts()["reports"] == 1 and store.counts()["events"] == 1


def test_incremental_merging_matches_the_pure_merge_in_any_order(db_url: str) -> None:
    order = list(RECORDS)
    random.Random(7).shuffle(order)
    with Store(db_url) as store:
        for rec in order:
            store.add_article(_article(rec), [rec])
        assert _clusters_in(store) == _expected()
        (palmyra,) = [e for e in store.events(limit=1000).items if "art-sana-0113" in e["article_ids"]]
        assert (palmyra["fatalities_low"], palmyra["fatalities_high"], palmyra["fatalities"]) == (13, 15, 15)
        assert {c["source"] for c in palmyra["claims"]} == {"SANA", "Syrian Observatory for Human Rights"}


def test_bulk_path_gives_the_same_events(db_url: str) -> None:
    with Store(db_url) as store:
        results = store.add_articles(((_article(r), [r]) for r in reversed(RECORDS)), batch_size=5)
        assert len(results) == len(RECORDS) and {r.status for r in results} == {"added"}
        assert _clusters_in(store) == _expected()


def test_filters_pagination_and_hostile_input(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_articles((_article(r), [r]) for r in RECORDS)
        total = len(_expected())
        seen, cursor = [], None
        while True:
            page = store.events(limit=4, cursor=cursor)
            seen += [e["event_id"] for e in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == total
        dates = [store.event(i)["event_date"] for i in seen]
        assert dates == sorted(dates, reverse=True)
        assert {e["country"] for e in store.events(country="irq").items} == {"Iraq"}
        assert len(store.events(country="Iraq", event_type="Protests").items) == 1
        assert all(e["admin1"] == "Deir ez-Zor" for e in store.events(admin1="deir ez-zor").items)
        assert {e["actor1"] for e in store.events(actor="taliban").items} == {"Taliban"}
        assert all(e["fatalities"] >= 10 for e in store.events(min_fatalities=10).items)
        assert len(store.events(since="2021-02-01", until="2021-02-28").items) == 2
        in_box = store.events(bbox=(38.0, 34.0, 39.0, 35.0)).items
        assert [e["admin1"] for e in in_box] == ["Homs"] and in_box[0]["location"] in {"Palmyra", "Tadmur"}
        assert store.events(q="bab al-sharqi").items[0]["country"] == "Iraq"
        asc = store.events(order_by="fatalities", descending=False, limit=1000).items
        assert [e["fatalities"] for e in asc] == sorted(e["fatalities"] for e in asc)
        for hostile in ("'; DROP TABLE events; --", "%", "_", "Syria' OR '1'='1", "\\"):
            assert store.events(country=hostile).items == []
            assert store.events(actor=hostile).items == []
            assert store.events(q=hostile).items == []
        assert store.counts()["events"] == total
        with pytest.raises(ValueError):
            store.events(order_by="fatalities; DROP TABLE events")


def _python_filter(items: list[dict], **f: object) -> list[dict]:
    """The filters' meaning, done in Python over every event."""

    def keep(e: dict) -> bool:
        texts = [e.get(k) or "" for k in ("notes", "location", "actor1", "actor2", "admin1", "country")]
        if f.get("q") and not any(str(f["q"]).casefold() in t.lower() for t in texts):
            return False
        if f.get("actor") and not any(str(f["actor"]).casefold() in (e.get(k) or "").lower()
                                      for k in ("actor1", "actor2")):
            return False
        if f.get("bbox"):
            w, s_, east, n = f["bbox"]  # type: ignore[misc]
            if e["longitude"] is None or not (w <= e["longitude"] <= east and s_ <= e["latitude"] <= n):
                return False
        return not (f.get("country") and e["iso3"] != f["country"])

    return [e for e in items if keep(e)]


@pytest.mark.parametrize("probe", [1, 2, 3, 1000])
def test_search_filters_give_the_same_pages_whichever_path_serves_them(
        db_url: str, probe: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Substring and area searches walk PROBE rows of the order, then use their index past them:
    every probe size must give the same pages, in every order, as filtering in Python."""
    from conflictwatch.store import repository

    monkeypatch.setattr(repository, "PROBE", probe)
    with Store(db_url) as store:
        store.add_articles((_article(r), [r]) for r in RECORDS)
        everything = store.events(limit=1000).items
        cases = [{"q": "killed"}, {"q": "deir ez-zor"}, {"q": "no such words"}, {"q": "ab"}, {"actor": "islamic"},
                 {"actor": "state", "q": "sohr"}, {"bbox": (35.0, 33.0, 41.0, 37.0)}, {"q": "100%_"},
                 {"q": "syria", "country": "SYR"}, {"bbox": (38.0, 34.0, 39.0, 35.0), "actor": "is"}]
        for case in cases:
            for order in ("event_date", "fatalities", "country"):
                for descending in (True, False):
                    want = sorted(_python_filter(everything, **case), key=lambda e: (e[order], e["event_id"]),
                                  reverse=descending)
                    got, cursor = [], None
                    while True:
                        page = store.events(**case, order_by=order, descending=descending, limit=2, cursor=cursor)
                        got += page.items
                        cursor = page.next_cursor
                        if not cursor:
                            break
                    assert [e["event_id"] for e in got] == [e["event_id"] for e in want], (case, order, descending)
            assert case.get("q") in ("no such words", "100%_") or _python_filter(everything, **case), case


def test_text_search_follows_corrections_and_replaced_articles(db_url: str) -> None:
    """The full-text index is kept in step with the events table (inserts, updates, deletes)."""
    by_id = {r.event_id: r for r in RECORDS}
    with Store(db_url) as store:
        store.add_article(_article(by_id["pal-sana"]), [by_id["pal-sana"]])
        eid = store.event_of_report("pal-sana")
        assert [e["event_id"] for e in store.events(q="palmyra").items] == [eid]
        store.update_event(eid, {"notes": "A corrected summary of the Tadmur strike."}, reason="r", who="ana")
        assert store.events(q="palmyra strikes").items == []
        assert [e["event_id"] for e in store.events(q="tadmur strike").items] == [eid]
        other = by_id["pal-sana"].model_copy(update={"event_id": "pal-sana-v2", "actor1": "Wagner Group"})
        store.add_article(_article(by_id["pal-sana"], "corrected text"), [other])
        assert [e["actor1"] for e in store.events(actor="wagner").items] == ["Wagner Group"]
        assert store.events(actor="military forces of russia").items == []


def test_country_filter_takes_names_aliases_and_codes_and_sorts(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_articles((_article(r), [r]) for r in RECORDS)
        syria = {e["event_id"] for e in store.events(country="Syria", limit=1000).items}
        assert syria and all(e["iso3"] == "SYR" for e in store.events(country="Syria", limit=1000).items)
        for name in ("syr", "SYRIA", "Syrian Arab Republic"):
            assert {e["event_id"] for e in store.events(country=name, limit=1000).items} == syria
        assert store.events(country="Atlantis").items == []
        by_country = store.events(order_by="country", descending=False, limit=1000).items
        assert [(e["country"], e["event_id"]) for e in by_country] == sorted(
            (e["country"], e["event_id"]) for e in by_country)


def test_analyst_corrections_are_locked_audited_and_survive_re_merging(db_url: str) -> None:
    by_id = {r.event_id: r for r in RECORDS}
    with Store(db_url) as store:
        store.add_article(_article(by_id["pal-sana"]), [by_id["pal-sana"]])
        eid = store.event_of_report("pal-sana")
        store.update_event(eid, {"fatalities": 14, "admin1": "Homs Governorate"}, reason="checked", who="ana")
        store.approve(eid, who="ana")
        store.add_article(_article(by_id["pal-sohr"]), [by_id["pal-sohr"]])  # re-merges the event
        ev = store.event(eid)
        assert ev is not None and store.event_of_report("pal-sohr") == eid
        assert ev["fatalities"] == 14 and ev["admin1"] == "Homs Governorate"  # locked
        assert ev["fatalities_high"] == 15 and len(ev["claims"]) == 2  # not locked: recomputed
        assert ev["reviewed"] is True and ev["locked_fields"] == ["admin1", "fatalities"]
        history = store.history(eid)
        assert [(h["action"], h["field"], h["before"], h["after"], h["who"]) for h in history] == [
            ("update", "admin1", "Homs", "Homs Governorate", "ana"),
            ("update", "fatalities", 13, 14, "ana"),
            ("approve", "reviewed", False, True, "ana"),
        ]
        assert all(h["reason"] and h["at"] for h in history)
        with pytest.raises(ValueError):
            store.update_event(eid, {"event_id": "x"}, reason="no", who="ana")
        with pytest.raises(ValueError):  # the record contract still holds
            store.update_event(eid, {"time_precision": 9}, reason="no", who="ana")


def test_merge_and_split_hold_through_later_ingest(db_url: str) -> None:
    by_id = {r.event_id: r for r in RECORDS}
    with Store(db_url) as store:
        for rid in ("sho-sohr", "sho-reuters", "sho2-sohr"):
            store.add_article(_article(by_id[rid]), [by_id[rid]])
        a, b = store.event_of_report("sho-sohr"), store.event_of_report("sho2-sohr")
        assert a != b
        merged = store.merge_events([a, b], who="ana", reason="same attack, misdated")
        assert {store.event_of_report(r) for r in ("sho-sohr", "sho-reuters", "sho2-sohr")} == {merged}
        new = store.split_event(merged, ["sho-reuters"], who="bo", reason="different checkpoint")
        assert new != merged and store.event_of_report("sho-reuters") == new
        assert store.event_of_report("sho-sohr") == store.event_of_report("sho2-sohr") == merged
        store.add_article(_article(by_id["sho-amaq"]), [by_id["sho-amaq"]])  # links to both sides
        assert store.event_of_report("sho-reuters") != store.event_of_report("sho-sohr")
        assert store.event_of_report("sho-sohr") == store.event_of_report("sho2-sohr")
        actions = [h["action"] for h in store.history(merged)]
        assert actions == ["merge", "split"]
        assert store.history(new)[-1]["who"] == "bo"


def test_api_tokens_are_stored_hashed(db_url: str) -> None:
    with Store(db_url) as store:
        token = store.create_token("dashboard")
        assert store.verify_token(token) == "dashboard" and store.verify_token(token + "x") is None
        assert store.revoke_token("dashboard") and store.verify_token(token) is None


CRASHER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from conflictwatch.store import Store
    from conflictwatch.store.repository import Store as S
    from tests.test_merge import RECORDS
    from conflictwatch.document import Article
    url, marker = sys.argv[1], Path(sys.argv[2])
    store = Store(url)
    original = S._recluster
    def slow(self, *a, **k):
        out = original(self, *a, **k)
        marker.write_text("mid-transaction")
        time.sleep(60)
        return out
    S._recluster = slow
    store.add_articles([(Article(id=r.article_ids[0], text="t"), [r]) for r in RECORDS[1:]], batch_size=1000)
""")


def test_a_killed_ingest_leaves_nothing_half_stored(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        store.add_article(_article(RECORDS[0]), [RECORDS[0]])
        before = store.counts()
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, db_url, str(marker)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.time() + 20
        while not marker.exists():
            assert proc.poll() is None and time.time() < deadline, "ingest subprocess ended early"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with Store(db_url) as store:
        assert store.counts() == before
        assert store.event_of_report(RECORDS[0].event_id) is not None
        store.add_articles((_article(r), [r]) for r in RECORDS)  # and ingest still works afterwards
        assert _clusters_in(store) == _expected()


def test_alembic_upgrade_head_from_the_command_line(db_url: str) -> None:
    alembic = Path(sys.executable).with_name("alembic")
    run = subprocess.run([str(alembic), "-x", f"db={db_url}", "upgrade", "head"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    env = {**os.environ, "CONFLICTWATCH_DB": db_url}
    run = subprocess.run([str(alembic), "current"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0 and "0003 (head)" in run.stdout, run.stdout + run.stderr
    with Store(db_url) as store:  # an already-migrated database opens as is
        assert store.counts()["events"] == 0


def test_default_url_lives_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from conflictwatch.store.engine import resolve_url

    monkeypatch.delenv("CONFLICTWATCH_DB", raising=False)
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path / "cw"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'cw' / 'conflictwatch.sqlite'}"
    monkeypatch.setenv("CONFLICTWATCH_DB", "postgresql://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"


def test_cli_ingest_and_events(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import conflictwatch.extract.pipeline as pipeline_module
    from conflictwatch.cli import app

    by_id = {r.event_id: r for r in RECORDS}
    records = [by_id["pal-sana"], by_id["pal-sohr"]]

    def fake_pipeline(article: Article) -> list[EventRecord]:
        return [r.model_copy(update={"article_ids": [article.id], "event_id": f"{article.id}-1"})
                for r in records if article.text.startswith(r.sources[0][:4])]

    monkeypatch.setattr(pipeline_module, "get_pipeline", lambda: fake_pipeline)
    (tmp_path / "sana.txt").write_text("SANA says 13 were killed near Palmyra.")
    (tmp_path / "sohr.txt").write_text("Syrian Observatory says 15 were killed near Palmyra.")
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    runner = CliRunner()
    ok = runner.invoke(app, ["ingest", str(tmp_path / "sana.txt"), str(tmp_path / "sohr.txt"), "--db", url])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", url])
    assert bad.exit_code == 1
    out = runner.invoke(app, ["events", "--db", url, "--format", "csv", "--country", "Syria"])
    assert out.exit_code == 0, out.output
    rows = out.output.strip().splitlines()
    assert len(rows) == 2 and ",Syria," in rows[1] and ",15," in rows[1]
    table = runner.invoke(app, ["events", "--db", url, "--since", "2021-01-01", "--type", "Explosions/Remote violence"])
    assert "15 (13-15)" in table.output


def test_bulk_ingest_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The bulk path pauses the cyclic GC per batch; the caller's setting survives, errors included."""
    import gc

    url = f"sqlite:///{tmp_path / 'gc.sqlite'}"
    with Store(url) as store:
        assert gc.isenabled()
        store.add_articles(((_article(r), [r]) for r in RECORDS[:4]), batch_size=2)
        assert gc.isenabled()
        gc.disable()
        try:
            store.add_articles([(_article(r), [r]) for r in RECORDS[4:8]], batch_size=2)
            assert not gc.isenabled()
        finally:
            gc.enable()
        bad = RECORDS[8].model_copy(update={"event_date": "2021-02-30"})  # passes the pattern, not a date
        with pytest.raises(ValueError):
            store.add_articles([(_article(bad), [bad])])
        assert gc.isenabled()
        assert store.counts()["reports"] == 8
