"""The merger: one event per incident, tolls pooled by credibility, the same result in any order."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.merge import merge_reports, source_rank
from conflictwatch.record import Claim, EventRecord

FIXTURE = Path(__file__).parent / "fixtures" / "merge" / "reports.jsonl"
ROWS = [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]
RECORDS = [EventRecord.model_validate(r["record"]) for r in ROWS]
GOLD = {r["record"]["event_id"]: r["gold"] for r in ROWS}
BY_ID = {r.event_id: r for r in RECORDS}


def clusters(events: list[EventRecord]) -> set[frozenset[str]]:
    """Events as sets of report ids (through the article ids each report carries)."""
    by_article = {r.article_ids[0]: r.event_id for r in RECORDS}
    return {frozenset(by_article[a] for a in e.article_ids) for e in events}


def gold_clusters(ids: set[str]) -> set[frozenset[str]]:
    labels: dict[str, set[str]] = {}
    for rid in ids:
        labels.setdefault(GOLD[rid], set()).add(rid)
    return {frozenset(v) for v in labels.values()}


def test_palmyra_state_media_and_observatory_become_one_event() -> None:
    events = merge_reports([BY_ID["pal-sana"], BY_ID["pal-sohr"]])
    assert len(events) == 1
    ev = events[0]
    assert (ev.fatalities_low, ev.fatalities_high) == (13, 15)
    assert ev.fatalities == 15  # the Observatory outranks state media
    assert sorted((c.source, c.fatalities) for c in ev.claims) == [
        ("SANA", 13), ("Syrian Observatory for Human Rights", 15)]
    assert set(ev.sources) == {"SANA", "Syrian Observatory for Human Rights"}
    assert sorted(ev.article_ids) == ["art-afp-0113", "art-sana-0113"]
    assert "SANA 13" in ev.notes and "15" in ev.notes


def test_labelled_set_is_clustered_as_labelled() -> None:
    assert clusters(merge_reports(RECORDS)) == gold_clusters(set(GOLD))


def test_party_claims_are_kept_but_do_not_set_the_range() -> None:
    (ev,) = [e for e in merge_reports(RECORDS) if "art-sohr-0109" in e.article_ids]
    assert ("Amaq", 20) in {(c.source, c.fatalities) for c in ev.claims}
    assert (ev.fatalities, ev.fatalities_low, ev.fatalities_high) == (7, 7, 7)
    # Amaq is claimed by two reports with the same figure: pooled once
    assert sum(1 for c in ev.claims if c.source == "Amaq") == 1


def test_ministry_figure_is_best_and_outlets_bound_the_range() -> None:
    (ev,) = [e for e in merge_reports(RECORDS) if "art-ina-0121" in e.article_ids]
    assert (ev.fatalities, ev.fatalities_low, ev.fatalities_high) == (32, 28, 32)
    assert ev.actor1 == "Islamic State"  # the named actor beats "Unidentified Armed Group"


def test_near_misses_stay_apart() -> None:
    events = merge_reports(RECORDS)
    where = {rid: i for i, e in enumerate(events) for rid in clusters([e]).pop()}
    assert where["sho-sohr"] != where["sho2-sohr"]  # same place, next day
    assert where["sho-sohr"] != where["hama-sohr"]  # same day, other province
    assert where["sho-sohr"] != where["bus-sohr"]  # same day and province, other actors
    assert where["bag-min"] != where["bagp-rudaw"]  # same day and city, a protest
    assert where["kon-reuters"] != where["mafa-pm"]  # a village 35 km away
    assert where["mar-afp"] == where["mar-saba"] and where["mar-afp"] != where["taiz-saba"]


def test_one_article_never_merges_with_itself() -> None:
    a = BY_ID["pal-sana"]
    b = a.model_copy(update={"event_id": "pal-sana-2"})
    assert len(merge_reports([a, b])) == 2


def test_same_source_same_figure_deduped_other_figures_kept() -> None:
    a = BY_ID["pal-sana"]
    b = BY_ID["pal-sohr"].model_copy(update={"claims": [Claim(source="SANA", fatalities=13),
                                                        Claim(source="SANA", fatalities=14)]})
    (ev,) = merge_reports([a, b])
    assert sorted(c.fatalities for c in ev.claims if c.source == "SANA") == [13, 14]


def test_source_ranking() -> None:
    assert source_rank("Syrian Observatory for Human Rights") == 0
    assert source_rank("Iraqi Health Ministry") == 0
    assert source_rank("Reuters") == 1
    assert source_rank("SANA") == 1
    assert source_rank("Amaq") == 2
    assert source_rank("Islamic State statement") == 2


@settings(max_examples=25, deadline=None)
@given(st.permutations(RECORDS))
def test_order_does_not_matter(records: list[EventRecord]) -> None:
    expected = sorted((e.to_json_dict() for e in merge_reports(RECORDS)), key=lambda d: d["event_id"])
    got = sorted((e.to_json_dict() for e in merge_reports(records)), key=lambda d: d["event_id"])
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(lat=st.floats(-60, 60), ratio=st.floats(0.9, 1.1), bearing=st.floats(-0.4, 0.4), towns=st.booleans())
def test_distance_gates_follow_the_great_circle_distance(lat: float, ratio: float, bearing: float, towns: bool) -> None:
    """pair_score skips the trigonometry when the latitude gap alone is past a limit: that shortcut
    must reject exactly the pairs the distance itself rejects (other province beyond NEAR_KM; two
    differently named pinned towns beyond SAME_PLACE_KM). Pairs are drawn around the limit, in
    directions near north-south, where the latitude gap is nearly the whole distance."""
    import math

    from conflictwatch.merge import NEAR_KM, SAME_PLACE_KM, ReportView, _km, pair_score

    limit = SAME_PLACE_KM if towns else NEAR_KM
    d = ratio * limit / 6371.0  # angular distance; the destination point along `bearing` from (lat, 38)
    p1 = math.radians(lat)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    dl = math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    base = BY_ID["pal-sana"].to_json_dict()
    a = {**base, "admin1": "Homs", "latitude": lat, "longitude": 38.0,
         "location": "Palmyra" if towns else None, "geo_precision": 1}
    b = {**a, "event_id": "other", "article_ids": ["elsewhere"], "latitude": math.degrees(p2),
         "longitude": 38.0 + math.degrees(dl), "admin1": "Homs" if towns else "Hama",
         "location": "Qaryatayn" if towns else None}
    va, vb = ReportView.of(a), ReportView.of(b)
    km = _km(va, vb)
    assert km is not None
    assert (pair_score(va, vb) is None) == (km > limit)
