"""Scoring for `conflictwatch eval`: normalisers, matching, metrics, and the three gold readers.

Fixtures in tests/fixtures/eval are made up (no dataset rows); records come from a fake pipeline,
so these tests pin the scorer down independently of the extractor.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conflictwatch import evaluate as ev
from conflictwatch.document import Article
from conflictwatch.record import Claim, EventRecord

FIXTURES = Path(__file__).parent / "fixtures" / "eval"

# A made-up export in ACLED's column layout (invented rows, no real events), with one row cut short.
ACLED_MINI = """data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3
1,760,FAKE1,1,3-May-20,2020,1,Battles,Armed clash,Military Forces of Syria (2000-),,1,Islamic State,,2,12,Middle East,Syria,Deir ez-Zor,Testdistrict,,Testville,35.3300,40.1400,1,Test Wire,National,"On 3 May 2020, army units clashed with IS militants in Testville, Deir ez-Zor, killing 3. Made-up note for tests.",3,0,SYR
2,250,FAKE2,2,5-May-20,2020,1,Protests,Peaceful protest,Protesters (Testland),,6,,,0,60,Europe,Testland,Île-de-France,Paris,,Paris,48.8566,2.3522,1,Test Daily,National,"On 5 May 2020, nurses protested in Paris for better pay. Made-up note for tests. [size=no report]",0,0,FRA
3,887,FAKE3,3,7-May-20,2020,1,Explosions/Remote violence,Air/drone strike,Unidentified Military Forces,,8,Civilians (Testland),,7,78,Middle East,Yemen,Sa'dah,Testdistrict,,Sa'dah,16.9400,43.7600,3,Test Wire,National,"On 7 May 2020, an air strike hit a farm in Sa'dah province, killing 2 civilians. Made-up note for tests.",2,0,YEM
4,566,FAKE4,4,9-May-20,2020,1,Violence against civilians,Attack,Unidentified Armed Group (Nigeria),,3,Civilians (Nigeria),,7,37,Western Africa,Nigeria,Borno,Testdistrict,,Testtown,11.8500,13.1600,2,Test Post,National,"On 9 May 2020, gunmen killed a farmer near Testtown, Borno. Made-up note for tests.",1,0,NGA
5,608,FAKE5,5,27-Apr-20,2020,1,Violence against civilians,Attack,Police Forces of Testland,,1,Civilians (
"""


@pytest.fixture
def acled_mini(tmp_path: Path) -> Path:
    path = tmp_path / "acled_mini.csv"
    path.write_text(ACLED_MINI, encoding="utf-8")
    return path


def rec(**kw: Any) -> EventRecord:
    """A valid record with dull defaults; tests set only the fields they score."""
    base: dict[str, Any] = {
        "event_id": "x", "event_date": "2020-05-03", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Islamic State", "country": "Syria", "iso3": "SYR",
        "geo_precision": 1,
    }
    base.update(kw)
    return EventRecord(**base)


class FakePipeline:
    """Records by article id; remembers the articles it was given; raises for ids in `fail`."""

    def __init__(self, by_id: dict[str, list[EventRecord]], fail: tuple[str, ...] = ()) -> None:
        self.by_id, self.fail, self.seen = by_id, fail, []

    def __call__(self, article: Article) -> list[EventRecord]:
        self.seen.append(article)
        if article.id in self.fail:
            raise RuntimeError("boom")
        return self.by_id.get(article.id, [])


# ---- normalisers --------------------------------------------------------------------------


def test_actor_normalisation_drops_qualifiers_and_case() -> None:
    assert ev.norm_actor("Military Forces of Syria (2000-)") == ev.norm_actor("military forces of syria")
    assert ev.norm_actor("Military Forces of Yemen (2016-) Supreme Political Council") == (
        "military forces of yemen supreme political council")
    assert ev.norm_actor("Civilians (Syria)") == "civilians"
    assert ev.norm_actor("Police Forces of Iraq") != ev.norm_actor("Military Forces of Iraq")
    assert ev.norm_actor(None) == ""
    assert ev.field_matches("actor1", "Military Forces of Syria (2000-)", "Military Forces of Syria")
    assert ev.field_matches("assoc_actor_2", "Baqir Brigade; NDF: National Defence Forces",
                            "NDF: National Defence Forces; baqir brigade")
    assert not ev.field_matches("actor2", "Hezbollah", None)


def test_place_normalisation() -> None:
    assert ev.norm_place("Deir ez-Zor") == ev.norm_place("Deir Ezzor") == ev.norm_place("deir ez zor")
    assert ev.norm_place("Île-de-France") == ev.norm_place("Ile de France") == "iledefrance"
    assert ev.norm_place("Sa'dah") == ev.norm_place("Sa\u2019dah") == ev.norm_place("Sadah")
    assert ev.norm_place("Hama") != ev.norm_place("Homs")
    # a unit's type word or article does not make another unit; "Kiev City" is not the oblast
    assert ev.norm_admin1("Sverdlovsk Oblast") == ev.norm_admin1("Sverdlovsk")
    assert ev.norm_admin1("La Habana") == ev.norm_admin1("Habana")
    assert ev.norm_admin1("City of Port of Spain") == ev.norm_admin1("Port of Spain")
    assert ev.norm_admin1("Kiev City") != ev.norm_admin1("Kiev")
    assert ev.norm_admin1("Rural Damascus") != ev.norm_admin1("Damascus")
    assert ev.norm_admin1("Bogota, D.C.") == ev.norm_admin1("Bogota D.C.")
    assert ev.norm_admin1("Western Area") == ev.norm_admin1("Western")
    assert ev.field_matches("admin1", None, None) and ev.field_matches("admin1", None, "")
    assert not ev.field_matches("admin1", "Deir ez-Zor", None)


def test_haversine_and_25km() -> None:
    # one degree of latitude is ~111.2 km everywhere
    assert ev.haversine_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.3)
    # Damascus - Aleppo is about 310 km
    assert ev.haversine_km(33.513, 36.292, 36.202, 37.134) == pytest.approx(310, abs=10)
    assert ev.within_km(35.0, 40.0, 35.2, 40.0)  # ~22 km
    assert not ev.within_km(35.0, 40.0, 35.25, 40.0)  # ~28 km
    assert not ev.within_km(35.0, 40.0, None, None)  # an unplaced record is a miss


def test_acled_date_and_claims() -> None:
    assert ev.parse_acled_date("9-May-20") == dt.date(2020, 5, 9)
    assert ev.parse_acled_date("27-Apr-20") == dt.date(2020, 4, 27)
    gold = [{"source": "SOHR", "fatalities": 19, "qualifier": "at_least"},
            {"source": "Amaq", "fatalities": 13, "qualifier": "exact"}]
    got = [Claim(source="Amaq", fatalities=13, qualifier="exact", evidence=[(1, 2)]),
           Claim(source="sohr", fatalities=19, qualifier="at_least")]
    assert ev.field_matches("claims", gold, got)
    assert not ev.field_matches("claims", gold, got[:1])
    got[1] = Claim(source="SOHR", fatalities=19, qualifier="exact")
    assert not ev.field_matches("claims", gold, got)


# ---- metrics ------------------------------------------------------------------------------


def test_weighted_f1_hand_computed() -> None:
    gold = ["A", "A", "B", "C"]
    pred = ["A", "B", "B", "A"]
    # A: p 1/2 r 1/2 f .5 (support 2); B: p 1/2 r 1 f 2/3 (1); C: f 0 (1)
    scores = ev.per_label_prf(gold, pred, ["A", "B", "C"])
    assert scores["B"].precision == pytest.approx(0.5) and scores["B"].recall == pytest.approx(1.0)
    assert ev.weighted_f1(gold, pred, ["A", "B", "C"]) == pytest.approx((0.5 * 2 + 2 / 3) / 4)
    assert ev.macro_f1(gold, pred, ["A", "B", "C"]) == pytest.approx((0.5 + 2 / 3) / 3)
    assert ev.weighted_f1(gold, gold, ["A", "B", "C"]) == pytest.approx(1.0)
    assert ev.top_confusions(gold, pred) == [("A", "B", 1), ("C", "A", 1)]


def test_select_is_deterministic() -> None:
    items = list(range(100))
    assert ev.select(items, 5, sample=False) == [0, 1, 2, 3, 4]
    a, b = ev.select(items, 10, sample=True, seed=3), ev.select(items, 10, sample=True, seed=3)
    assert a == b and a == sorted(a) and a != list(range(10))
    assert ev.select(items, None, sample=True) == items


# ---- (a) ACLED ----------------------------------------------------------------------------


def acled_records() -> dict[str, list[EventRecord]]:
    return {
        "acled-FAKE1": [  # two records: the second is the row's event and must be the one scored
            rec(event_date="2020-05-02", actor1="Islamic State", admin1="Hama", fatalities=0),
            rec(actor1="Military Forces of Syria", admin1="Deir Ezzor", latitude=35.34, longitude=40.15,
                fatalities=3),
        ],
        "acled-FAKE2": [rec(event_date="2020-05-05", event_type="Protests", sub_event_type="Peaceful protest",
                            actor1="Protesters (Testland)", admin1="Ile de France", latitude=48.9,
                            longitude=2.3, fatalities=0)],
        # FAKE3 gets no record
        "acled-FAKE4": [rec(event_date="2020-05-09", event_type="Violence against civilians",
                            sub_event_type="Attack", actor1="Boko Haram", admin1="Borno",
                            latitude=12.21, longitude=13.16, fatalities=2)],
    }


def test_load_acled_skips_truncated_rows(acled_mini: Path) -> None:
    rows, skipped = ev.load_acled(acled_mini)
    assert [r.id for r in rows] == ["FAKE1", "FAKE2", "FAKE3", "FAKE4"] and skipped == 1
    art = rows[0].article()
    assert art.published == dt.date(2020, 5, 3) and art.outlet == "Test Wire" and "Testville" in art.text
    assert rows[2].geo_precision == 3 and rows[1].admin1 == "Île-de-France"


def test_score_acled(acled_mini: Path) -> None:
    rows, _ = ev.load_acled(acled_mini)
    by_id = acled_records()
    report = ev.score_acled(rows, [by_id.get(r.article().id, []) for r in rows])
    a = report["groups"]["all"]
    assert (a["rows"], a["with_record"], a["records"]) == (4, 3, 4)
    assert a["event_recall"] == 0.75 and a["records_per_note"] == 1.0 and a["precision_proxy"] == 0.75
    f = a["fields"]
    assert f["event_date"]["correct"] == 3  # the best record of FAKE1 has the right date
    assert (f["actor1"]["correct"], f["actor1"]["total"]) == (2, 3)
    assert (f["admin1"]["correct"], f["admin1"]["total"]) == (3, 3)
    assert (f["within_25km"]["correct"], f["within_25km"]["total"]) == (2, 3)  # FAKE4 is ~40 km off
    assert (f["fatalities"]["correct"], f["fatalities"]["total"]) == (2, 3)
    v = report["groups"]["violent"]
    assert (v["rows"], v["with_record"]) == (3, 2)
    assert (v["fields"]["actor1"]["correct"], v["fields"]["actor1"]["total"]) == (1, 2)
    me = report["regions"]["Middle East"]
    assert me["rows"] == 2 and me["event_recall"] == 0.5 and me["within_25km"]["total"] == 1
    assert report["regions"]["Western Africa"]["within_25km"]["correct"] == 0
    assert ["Air/drone strike", "NONE", 1] in report["top_sub_event_confusions"]


def test_evaluate_acled_runs_pipeline_with_dates_and_survives_errors(acled_mini: Path) -> None:
    pipe = FakePipeline(acled_records(), fail=("acled-FAKE2",))
    report = ev.evaluate_acled(acled_mini, pipe, progress=False)
    assert [a.published for a in pipe.seen][:2] == [dt.date(2020, 5, 3), dt.date(2020, 5, 5)]
    assert report["errors"] == 1 and report["groups"]["all"]["with_record"] == 2
    limited = ev.evaluate_acled(acled_mini, FakePipeline({}), limit=2, progress=False)
    assert limited["rows"] == 2 and limited["groups"]["all"]["event_recall"] == 0.0


# ---- (b) hand-coded gold ------------------------------------------------------------------


def gold_records() -> list[EventRecord]:
    return [
        rec(event_id="extra", event_date="2012-01-01", event_type="Protests",
            sub_event_type="Peaceful protest", actor1="Protesters (Testland)", country="Testland"),
        rec(event_id="ied", event_date="2021-05-07", event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Testland)",
            actor2="Police Forces of Testland", country="Testland", admin1="Northern", location="Testburg",
            geo_precision=2, fatalities=2, fatalities_low=2, fatalities_high=2,
            claims=[Claim(source="Interior Ministry", fatalities=2, qualifier="exact")]),
        rec(event_id="clash", event_date="2021-05-09", actor1="Testland Liberation Front",
            actor2="Civilians (Testland)", country="Testland", admin1="Eastern", location="Testville",
            fatalities=4, fatalities_low=4, fatalities_high=6,
            claims=[Claim(source="Testland Liberation Front", fatalities=6, qualifier="exact"),
                    Claim(source="Testland Observatory", fatalities=4, qualifier="at_least")]),
    ]


def test_match_events_pairs_by_date_type_place() -> None:
    articles = ev.load_gold_dir(FIXTURES / "gold")
    assert [a.name for a in articles] == ["mini"] and len(articles[0].events) == 2
    assert ev.match_events(articles[0].events, gold_records()) == [(0, 2), (1, 1)]
    # a record sharing only the type is not a match
    assert ev.match_events(articles[0].events, [rec(event_date="2019-01-01")]) == []


def test_score_gold_fields_and_mismatches() -> None:
    articles = ev.load_gold_dir(FIXTURES / "gold")
    report = ev.score_gold(articles, [gold_records()])
    assert (report["gold_events"], report["records"], report["matched"]) == (2, 3, 2)
    assert report["event_recall"] == 1.0 and report["event_precision"] == pytest.approx(2 / 3, abs=1e-4)
    wrong = {(m["event"], m["field"]) for m in report["mismatches"]}
    assert wrong == {(0, "actor2"), (1, "event_date")}
    assert report["fields"]["claims"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert report["fields"]["actor2"]["correct"] == 1 and "why" not in report["fields"]
    assert report["missed"] == [] and [e["record"] for e in report["extra"]] == [0]


def test_evaluate_gold_gives_no_published_date() -> None:
    pipe = FakePipeline({"mini": gold_records()[1:]})
    report = ev.evaluate_gold(FIXTURES / "gold", pipe, progress=False)
    assert pipe.seen[0].published is None and pipe.seen[0].text.startswith("Testland Wire")
    assert report["event_precision"] == 1.0


# ---- (c) CASE -----------------------------------------------------------------------------


def test_score_case() -> None:
    rows = ev.load_case(FIXTURES / "case_mini.tsv")
    labels = ["ARMED_CLASH", "AIR_STRIKE", "DIPLO", "NATURAL_DISASTER", "PEACE_PROTEST"]
    assert [r.label for r in rows] == labels
    protest = rec(event_type="Protests", sub_event_type="Peaceful protest")
    records = [[rec()], [rec()], [], [protest], []]
    assert [ev.case_prediction(r.label, x) for r, x in zip(rows, records, strict=True)] == [
        "ARMED_CLASH", "ARMED_CLASH", "DIPLO", "PEACE_PROTEST", "NONE"]
    report = ev.score_case(rows, records)
    # 30 labels: ARMED_CLASH f1 2/3, DIPLO 1, the rest 0, each support 1
    assert report["weighted_f1_30"] == pytest.approx((2 / 3 + 1) / 5, abs=1e-4)
    # 25 labels: rows ARMED_CLASH, AIR_STRIKE, PEACE_PROTEST -> only ARMED_CLASH scores (2/3)
    assert report["weighted_f1_25"] == pytest.approx((2 / 3) / 3, abs=1e-4)
    assert report["acled_rows_with_record"]["correct"] == 2
    assert report["non_event_rows_without_record"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert ["PEACE_PROTEST", "NONE", 1] in report["top_confusions"]
    assert report["per_label"]["DIPLO"]["f1"] == 1.0


def test_evaluate_case_uses_reference_date() -> None:
    pipe = FakePipeline({"case-1": [rec()]})
    report = ev.evaluate_case(FIXTURES / "case_mini.tsv", pipe, progress=False)
    assert {a.published for a in pipe.seen} == {ev.CASE_REFERENCE_DATE}
    assert report["rows"] == 5 and report["per_label"]["ARMED_CLASH"]["f1"] == 1.0


# ---- CLI and rendering --------------------------------------------------------------------


def test_cli_gold_verbose_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictwatch.cli import app

    monkeypatch.setattr(ev, "load_pipeline", lambda: FakePipeline({"mini": gold_records()}))
    out = tmp_path / "gold.json"
    args = ["eval", "gold", str(FIXTURES / "gold"), "--verbose", "--json", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "actor2" in result.output and "Civilians (Testland)" in result.output and "extra" in result.output
    assert json.loads(out.read_text())["matched"] == 2


def test_markdown_sections(acled_mini: Path) -> None:
    rows, _ = ev.load_acled(acled_mini)
    by_id = acled_records()
    report = ev.score_acled(rows, [by_id.get(r.article().id, []) for r in rows])
    md = ev.markdown_sections(ev.acled_sections(report))
    assert "| event recall (>= 1 record) | 66.7% | 75.0% |" in md
    assert "| within 25 km | 50.0% (1/2) | 66.7% (2/3) |" in md
