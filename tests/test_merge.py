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


def _report(rid: str, **fields: object) -> EventRecord:
    """A day-precise armed clash in Donetsk province, varied by `fields`."""
    base = {"event_id": rid, "event_date": "2020-05-03", "time_precision": 1, "event_type": "Battles",
            "sub_event_type": "Armed clash", "actor1": "Military Forces of Ukraine",
            "actor2": "NAF: United Armed Forces of Novorossiya", "country": "Ukraine", "iso3": "UKR",
            "admin1": "Donetsk", "location": None, "latitude": 48.0, "longitude": 37.8, "geo_precision": 3,
            "fatalities": 0, "notes": "Ukrainian forces and separatists exchanged fire.",
            "article_ids": [f"art-{rid}"]}
    return EventRecord.model_validate({**base, **fields})


def test_two_villages_each_near_its_own_place_are_two_events() -> None:
    # "near Avdiivka" and "near Shyrokyne" the same day: about 50 km apart, two incidents
    a = _report("avd", location="Avdiivka", latitude=48.139, longitude=37.743, geo_precision=2)
    b = _report("shy", location="Shyrokyne", latitude=47.088, longitude=37.726, geo_precision=2)
    assert len(merge_reports([a, b])) == 2


def test_province_centroids_are_not_evidence_of_one_place() -> None:
    # two reports placed only at the province's point are 0 km apart without saying so;
    # with no deaths and no place between them, nothing joins them beyond day and type
    a = _report("p1", notes="Separatists fired mortars at government positions.",
                actor1="NAF: United Armed Forces of Novorossiya", actor2="Military Forces of Ukraine")
    b = _report("p2", event_date="2020-05-04", notes="Government troops fired at separatist positions.")
    assert len(merge_reports([a, b])) == 2


def test_a_chain_of_look_alikes_does_not_become_one_event() -> None:
    # a week-precise report links to both a province-level report of that day and a village
    # report of the next day, but those two are unlike each other: they cannot share an event
    shelled = "Separatists shelled government positions with mortars overnight."
    week = _report("week", event_date="2020-05-02", time_precision=2, location="Avdiivka", latitude=48.139,
                   longitude=37.743, geo_precision=2, event_type="Explosions/Remote violence",
                   sub_event_type="Shelling/artillery/missile attack", notes=shelled)
    province = _report("province", event_date="2020-05-02", notes=shelled)
    village = _report("village", event_date="2020-05-03", location="Avdiivka", latitude=48.139, longitude=37.743,
                      geo_precision=2, event_type="Explosions/Remote violence",
                      sub_event_type="Shelling/artillery/missile attack", fatalities=1)
    events = merge_reports([week, province, village])
    assert not any({"art-province", "art-village"} <= set(e.article_ids) for e in events)
    assert any(len(e.article_ids) == 2 for e in events)  # the week report still joins one of them


# --- the held-out end-to-end set: articles -> extractor -> merger (benchmarks/merge_eval.py) ---

ARTICLES = Path(__file__).parent / "fixtures" / "merge" / "articles.jsonl"


def test_article_fixture_is_well_formed() -> None:
    import datetime as dt

    from benchmarks.merge_eval import load_articles

    rows = load_articles(ARTICLES)
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert {"id", "outlet", "published", "text", "gold"} <= set(r), r.get("id")
        assert r["text"].strip() and r["outlet"].strip()
        dt.date.fromisoformat(r["published"])
    labels: dict[str, list[dict]] = {}
    for r in rows:
        labels.setdefault(r["gold"], []).append(r)
    for label, members in labels.items():
        near = {m.get("near_miss_of") for m in members}
        assert len(near) == 1, label  # one incident's articles agree on what it must stay apart from
        (target,) = near
        # a lone article is only there as a near miss of an incident that is in the set
        assert len(members) >= 2 or target is not None, label
        assert target is None or (target in labels and target != label), label


def test_end_to_end_scores_every_gold_incident() -> None:
    from benchmarks.merge_eval import end_to_end, load_articles

    rows = load_articles(ARTICLES)
    result = end_to_end(ARTICLES)
    golds = {r["gold"] for r in rows}
    assert result["articles"] == len(rows) and result["gold_events"] == len(golds)
    assert set(result["by_incident"]) == golds
    for label, info in result["by_incident"].items():
        assert info["articles"] == sum(r["gold"] == label for r in rows)
        assert info["records"] + info["missed"] >= info["articles"]
        assert all(0.0 <= info["bcubed"][k] <= 1.0 for k in ("precision", "recall"))
    assert result["articles_without_record"] == len(result["missed_articles"])
    for kind in ("pairwise", "bcubed"):
        assert all(0.0 <= result[kind][k] <= 1.0 for k in ("precision", "recall", "f1"))
    ids = {r["id"] for r in rows}
    for error in result["errors"]:
        assert error["kind"] in {"split", "joined", "missed"}
        assert {a for part in error.get("parts", []) for a in part} <= ids
        assert set(error.get("missed", [])) <= ids


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
