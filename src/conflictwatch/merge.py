"""Merging reports of the same incident into one event.

Several articles (and several outlets) report one incident with different tolls, place spellings
and actor names. Two reports are linked when they pass hard gates (same country, date within the
precision window, compatible place, event-type family and actors; never two incidents of the same
article; never a report the text did not place, whose country is unknown) and their weighted
similarity reaches `THRESHOLD`. Clusters are built Kruskal-style over links sorted by (score,
ids), skipping links that would join a cannot-link pair. That clustering
depends only on the set of reports, never on their order, and a cluster never leaves the
connected component of its links, so the store can recluster only the neighbourhood of a new
report and get exactly what a full `merge_reports` would give.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from conflictwatch.record import SUB_EVENT_TO_TYPE, EventRecord

DATE_WINDOW: dict[int, int] = {1: 1, 2: 7, 3: 31}
MAX_WINDOW = max(DATE_WINDOW.values())
NEAR_KM = 50.0
THRESHOLD = 0.62
MEMBER_FLOOR = 0.55  # every two members of one event score at least this (complete linkage, softened)
SAME_PLACE_KM = 10.0
WEIGHTS = {"date": 0.30, "place": 0.25, "actors": 0.10, "type": 0.15, "text": 0.10, "toll": 0.10}

FAMILY = {
    "Battles": "armed",
    "Explosions/Remote violence": "armed",
    "Violence against civilians": "armed",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}

# Credibility tiers for a claim's source: 0 independent monitors and officials, 1 news outlets,
# 2 a party's own claim (propaganda). Tier-2 figures count only when nobody else gave one.
_MONITOR = re.compile(
    r"observatory|\bsohr\b|united nations|\bun\b|\bunami?\b|\bunama\b|\bocha\b|unicef|\bwho\b|acled|airwaves"
    r"|human rights|amnesty|\bicrc\b|red cross|red crescent|ministry|health|hospital|medic|doctor|police"
    r"|governor|official|spokes|civil defen[cs]e|white helmets|coroner|monitor",
    re.I,
)
_PARTY = re.compile(
    r"\bamaq\b|islamic state|\bisis\b|\bisil\b|daesh|\bnasher\b|taliban|shabaab|\bhts\b|tahrir al-sham"
    r"|houthi|ansar allah|militia|propaganda|claimed by|\bclaim\b|jihadist",
    re.I,
)
_GENERIC_ACTOR = re.compile(r"^(unidentified|unknown|civilians|protesters|rioters)\b", re.I)
_PAREN = re.compile(r"\s*\([^)]*\)")


@lru_cache(maxsize=8192)
def source_rank(source: str | None) -> int:
    """0 monitors/officials, 1 news outlets, 2 a party's own claim."""
    if not source:
        return 1
    if _PARTY.search(source):
        return 2
    if _MONITOR.search(source):
        return 0
    return 1


@lru_cache(maxsize=16384)
def actor_key(name: str | None) -> str:
    """Actor names compared as the scorer does: case-folded, parenthesised qualifiers removed."""
    return _PAREN.sub("", name or "").strip().casefold()


def _specific_actors(r: Mapping[str, Any]) -> frozenset[str]:
    return _specific_of(r.get("actor1"), r.get("actor2"), r.get("assoc_actor_1"), r.get("assoc_actor_2"))


@lru_cache(maxsize=16384)
def _specific_of(*fields: str | None) -> frozenset[str]:
    names: set[str] = set()
    for value in fields:
        for part in (value or "").split(";"):
            key = actor_key(part)
            if key and not _GENERIC_ACTOR.match(key):
                names.add(key)
    return frozenset(names)


def _tolls(r: Mapping[str, Any]) -> set[int]:
    figures = {c["fatalities"] for c in r.get("claims") or () if c.get("fatalities") is not None
               and source_rank(c.get("source")) < 2}
    return figures or {int(r.get("fatalities") or 0)}


@dataclass(frozen=True, slots=True)
class ReportView:
    """The fields the linker compares, normalised once per report."""

    id: str
    articles: frozenset[str]
    day: int
    precision: int
    iso3: str  # "" when the report is placed nowhere (country unknown): it links to no other report
    admin1: str
    admin2: str
    location: str
    lat: float | None
    lon: float | None
    geo_precision: int
    event_type: str
    sub_event_type: str
    actors: frozenset[str]
    notes: str
    tolls: frozenset[int]
    window: int  # days either side this report's date precision allows
    family: str  # the event-type family (armed, demonstration, strategic)
    placed: bool  # has coordinates

    @classmethod
    def of(cls, r: Mapping[str, Any]) -> ReportView:
        precision = int(r.get("time_precision") or 1)
        event_type = r.get("event_type") or ""
        lat, lon = r.get("latitude"), r.get("longitude")
        return cls(
            id=str(r["event_id"]),
            articles=frozenset(r.get("article_ids") or ()),
            day=dt.date.fromisoformat(r["event_date"]).toordinal(),
            precision=precision,
            iso3=(r.get("iso3") or r.get("country") or "").upper(),
            admin1=(r.get("admin1") or "").casefold(),
            admin2=(r.get("admin2") or "").casefold(),
            location=default_process(r.get("location") or ""),
            lat=lat,
            lon=lon,
            geo_precision=int(r.get("geo_precision") or 3),
            event_type=event_type,
            sub_event_type=r.get("sub_event_type") or "",
            actors=_specific_actors(r),
            notes=default_process(r.get("notes") or ""),
            tolls=frozenset(_tolls(r)),
            window=DATE_WINDOW.get(precision, 1),
            family=FAMILY.get(event_type, event_type),
            placed=lat is not None and lon is not None,
        )


_NO_DEATHS = frozenset({0})


def _km(a: ReportView, b: ReportView) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# The meridian distance R * |lat_a - lat_b| never exceeds the great-circle distance: when it alone is
# past a limit, so is `_km`, and pair_score skips the trigonometry. The margin absorbs float rounding.
_KM_PER_DEGREE = 6371.0 * math.pi / 180
_MARGIN = 1.0 + 1e-9


def pair_score(a: ReportView, b: ReportView) -> float | None:
    """Similarity in [0, 1] of two reports, or None when a hard gate says they cannot be one incident.

    The gates run cheapest first (integers and string equality, then set tests, then string
    similarity, then trigonometry): most candidate pairs in a country's date window fail early.

    A report whose country is unknown is never one incident with another: "police seized weapons"
    twice on one day, placed nowhere, may be two raids a continent apart."""
    if a.iso3 != b.iso3 or not a.iso3:
        return None
    window = a.window if a.window >= b.window else b.window
    gap = abs(a.day - b.day)
    if gap > window or a.family != b.family:
        return None
    placed = a.placed and b.placed
    # the latitude gap alone already over a limit: so is the great-circle distance `_km` would give
    lat_km = abs(a.lat - b.lat) * _KM_PER_DEGREE / _MARGIN if placed else 0.0  # type: ignore[operator]
    same_admin1 = bool(a.admin1) and a.admin1 == b.admin1
    other_admin1 = bool(a.admin1 and b.admin1) and not same_admin1
    if other_admin1 and (not placed or lat_km > NEAR_KM):
        return None
    if not a.articles.isdisjoint(b.articles):
        return None
    if a.actors and b.actors and a.actors.isdisjoint(b.actors):
        return None
    same_name = bool(a.location and b.location) and fuzz.ratio(a.location, b.location) >= 85
    # ACLED codes one event per place and day: two different towns, each in or near its own place
    # ("in X", "near Y"), are two events unless the two names are one place spelled two ways.
    distinct_towns = (a.geo_precision <= 2 and b.geo_precision <= 2 and a.location and b.location
                      and not same_name)
    if distinct_towns and (not placed or lat_km > SAME_PLACE_KM):
        return None
    km = _km(a, b) if placed else None
    if other_admin1 and (km is None or km > NEAR_KM):
        return None
    if distinct_towns and (km is None or km > SAME_PLACE_KM):
        return None

    # Two day-precise reports a day apart are usually two incidents; let only near-copies through.
    date = 1.0 if gap == 0 else (0.0 if window == 1 else 1.0 - gap / (window + 1))

    # Nearness is evidence only between two pinned places: two province (or country) centroids
    # are 0 km apart without saying anything about the incident.
    pinned = max(a.geo_precision, b.geo_precision) <= 2
    place = 0.3
    if same_name:
        place = 1.0
    elif pinned and km is not None and km <= NEAR_KM:
        place = max(place, 0.9 - 0.5 * km / NEAR_KM)
    elif a.admin2 and a.admin2 == b.admin2:
        place = 0.6
    elif same_admin1:
        place = 0.45 if not (a.location and b.location) else 0.3

    if a.actors and b.actors:
        actors = len(a.actors & b.actors) / len(a.actors | b.actors)
    else:
        actors = 0.5

    if a.sub_event_type == b.sub_event_type:
        kind = 1.0
    elif a.event_type == b.event_type:
        kind = 0.6
    else:
        kind = 0.3

    text = fuzz.token_set_ratio(a.notes, b.notes) / 100 if a.notes and b.notes else 0.5
    if a.tolls == b.tolls == _NO_DEATHS:
        toll = 0.5  # two reports without deaths say nothing about being one incident
    else:
        toll = max((min(x, y) + 1) / (max(x, y) + 1) for x in a.tolls for y in b.tolls)
    w = WEIGHTS
    return (w["date"] * date + w["place"] * place + w["actors"] * actors + w["type"] * kind + w["text"] * text
            + w["toll"] * toll)


def _compatible(score: float | None) -> bool:
    """Two members of one cluster: no gate between them and a score not far under the threshold."""
    return score is not None and score >= MEMBER_FLOOR


@dataclass(slots=True)
class _Bucket:
    """The reports of one country, date precision and province, sorted by day."""

    precision: int
    admin1: str
    days: list[int]
    views: list[ReportView]
    lat_lo: float | None  # the latitude span of its placed reports (None: none placed)
    lat_hi: float | None


class _Index:
    """Reports by country, precision and province, sorted by day, for window look-ups.

    `near` yields a superset of the reports `pair_score` can link: same country, within the date
    window, and for another province only when both are placed and their latitudes are within
    NEAR_KM (the same bound pair_score applies), so far provinces are skipped bucket by bucket."""

    def __init__(self, views: Iterable[ReportView]) -> None:
        self.groups: dict[str, list[_Bucket]] = defaultdict(list)
        buckets: dict[tuple[str, int, str], list[ReportView]] = defaultdict(list)
        for v in views:
            if v.iso3:  # a report placed nowhere links to none (pair_score): no bucket to look it up in
                buckets[(v.iso3, v.precision, v.admin1)].append(v)
        for (iso3, precision, admin1), vs in buckets.items():
            vs.sort(key=lambda v: (v.day, v.id))
            lats = [v.lat for v in vs if v.placed]
            self.groups[iso3].append(_Bucket(precision, admin1, [v.day for v in vs], vs,
                                             min(lats) if lats else None, max(lats) if lats else None))

    def near(self, v: ReportView) -> Iterable[ReportView]:
        for b in self.groups.get(v.iso3, ()):
            if v.admin1 and b.admin1 and b.admin1 != v.admin1:  # another province: placed and near only
                if not v.placed or b.lat_lo is None:
                    continue
                # float subtraction is monotone: no member is nearer in latitude than the span's edge
                gap = b.lat_lo - v.lat if v.lat < b.lat_lo else v.lat - b.lat_hi  # type: ignore[operator]
                if gap * _KM_PER_DEGREE / _MARGIN > NEAR_KM:
                    continue
            window = max(DATE_WINDOW.get(b.precision, 1), v.window)
            lo = bisect.bisect_left(b.days, v.day - window)
            hi = bisect.bisect_right(b.days, v.day + window)
            for other in b.views[lo:hi]:
                if other.id != v.id:
                    yield other


def links(views: Sequence[ReportView]) -> list[tuple[float, str, str]]:
    """Every pair of reports similar enough to be one incident, as (score, id_a, id_b) with id_a < id_b."""
    index = _Index(views)
    out = []
    for v in views:
        for other in index.near(v):
            if v.id < other.id:
                score = pair_score(v, other)
                if score is not None and score >= THRESHOLD:
                    out.append((score, v.id, other.id))
    return out


def cluster(
    views: Sequence[ReportView],
    edges: Iterable[tuple[float, str, str]] | None = None,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    score: Callable[[ReportView, ReportView], float | None] = pair_score,
) -> list[list[str]]:
    """Report ids grouped into incidents; deterministic in the set of reports and constraints.

    `score`: `pair_score`, or a cache of it (the store's, which scored most pairs while finding them)."""
    by_id = {v.id: v for v in views}
    ids = sorted(by_id)
    parent = {i: i for i in ids}
    members = {i: {i} for i in ids}
    forbidden: dict[str, set[str]] = defaultdict(set)
    for a, b in cannot_link:
        if a in parent and b in parent:
            forbidden[a].add(b)
            forbidden[b].add(a)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str, check: bool) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        if check and any(forbidden[m] & members[rb] for m in members[ra]):
            return
        # a report joins a cluster only if it could be the same incident as every member and is
        # not unlike any of them: chains of look-alikes (same province, next day...) stop here
        if check and any(not _compatible(score(by_id[m], by_id[n])) for m in members[ra] for n in members[rb]):
            return
        if rb < ra:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] |= members.pop(rb)

    for a, b in sorted(tuple(sorted(p)) for p in must_link):
        if a in parent and b in parent:
            union(a, b, check=False)
    for _, a, b in sorted(edges if edges is not None else links(views), key=lambda e: (-e[0], e[1], e[2])):
        union(a, b, check=True)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _figure(values: list[int]) -> int:
    """The lower median: one figure that a single outlier cannot drag."""
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def _claims_of(r: Mapping[str, Any]) -> list[dict[str, Any]]:
    claims = [dict(c) for c in r.get("claims") or ()]
    if not claims and (r.get("fatalities") or r.get("wounded")):
        sources = r.get("sources") or ["unknown"]
        claims = [{"source": sources[0], "fatalities": r.get("fatalities"), "wounded": r.get("wounded"),
                   "qualifier": None, "evidence": []}]
    return claims


def combine(reports: Sequence[Mapping[str, Any]], event_id: str | None = None) -> dict[str, Any]:
    """One event record (as a JSON dict) from the reports of one incident.

    Runs once per new or re-formed event on the ingest path, so each report's claims are read once."""
    reports = sorted(reports, key=lambda r: str(r["event_id"])) if len(reports) > 1 else list(reports)
    claims_of = [_claims_of(r) for r in reports]
    if len(reports) == 1:
        rep = reports[0]
        sub = rep.get("sub_event_type")
        actor_src = rep
        precision = int(rep.get("time_precision") or 3)
        event_date = rep["event_date"]
    else:
        actors_of = {r["event_id"]: _specific_actors(r) for r in reports}
        ranks = [min((source_rank(c.get("source")) for c in cs), default=1) for cs in claims_of]
        rep = reports[min(range(len(reports)), key=lambda i: (
            # geo_precision None: placed nowhere (in an analyst's merge); any placed report leads instead
            reports[i].get("geo_precision") or 4, reports[i].get("time_precision") or 3,
            -len(actors_of[reports[i]["event_id"]]), ranks[i], str(reports[i]["event_id"])))]
        precision = min(int(r.get("time_precision") or 3) for r in reports)
        dates = Counter(r["event_date"] for r in reports if int(r.get("time_precision") or 3) == precision)
        event_date = min(dates, key=lambda d: (-dates[d], d))
        subs = Counter(r.get("sub_event_type") for r in reports)
        top = max(subs.values())
        sub = rep.get("sub_event_type") if subs[rep.get("sub_event_type")] == top else min(
            (s for s, n in subs.items() if n == top), key=str)
        actor_src = min(reports, key=lambda r: (-len(actors_of[r["event_id"]]), r is not rep, str(r["event_id"])))

    out: dict[str, Any] = dict(rep)
    out["event_id"] = event_id or str(reports[0]["event_id"])
    out["time_precision"] = precision
    out["event_date"] = event_date
    out["sub_event_type"] = sub
    out["event_type"] = SUB_EVENT_TO_TYPE.get(sub or "", rep.get("event_type"))
    for field in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "inter1", "inter2"):
        out[field] = actor_src.get(field)

    claims: list[dict[str, Any]] = []
    seen: set[tuple[str, Any, Any]] = set()
    for cs in claims_of:
        for c in cs:
            key = (actor_key(c.get("source")), c.get("fatalities"), c.get("wounded"))
            if key not in seen:
                seen.add(key)
                claims.append(c)
    ranked = sorted(((source_rank(c.get("source")), c) for c in claims), key=lambda rc: (
        rc[0], (rc[1].get("source") or "").casefold(),
        rc[1].get("fatalities") if rc[1].get("fatalities") is not None else -1,
        rc[1].get("wounded") if rc[1].get("wounded") is not None else -1))
    claims = [c for _, c in ranked]
    out["claims"] = claims

    def pooled(field: str) -> tuple[int, int, int] | None:
        figured = [(rank, c[field]) for rank, c in ranked if c.get(field) is not None]
        credible = [rf for rf in figured if rf[0] < 2] or figured
        if not credible:
            return None
        top_rank = min(rank for rank, _ in credible)
        best = _figure([f for rank, f in credible if rank == top_rank])
        values = [f for _, f in credible]
        return best, min(values), max(values)

    deaths = pooled("fatalities")
    if deaths is None:
        figures = [int(r.get("fatalities") or 0) for r in reports]
        deaths = (_figure(figures), min(figures), max(figures))
    out["fatalities"], out["fatalities_low"], out["fatalities_high"] = deaths
    hurt = pooled("wounded")
    out["wounded"] = hurt[0] if hurt else None

    names: dict[str, str] = {}
    for r, cs in zip(reports, claims_of, strict=True):
        for s in [*(r.get("sources") or ()), *(c.get("source") for c in cs)]:
            if s and actor_key(s) not in names:
                names[actor_key(s)] = s
    out["sources"] = sorted(names.values(), key=lambda s: (source_rank(s), s.casefold()))
    out["article_ids"] = sorted({a for r in reports for a in r.get("article_ids") or ()})

    notes = rep.get("notes") or ""
    figures = sorted({(c.get("source"), c["fatalities"]) for _, c in ranked if c.get("fatalities") is not None},
                     key=lambda sc: (source_rank(sc[0]), str(sc[0]).casefold(), sc[1]))
    if len({f for _, f in figures}) > 1:
        notes = (notes + " " if notes else "") + "Reported fatalities: " + "; ".join(
            f"{s} {f}" for s, f in figures) + "."
    out["notes"] = notes
    return out


def merge_reports(
    records: Sequence[EventRecord],
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> list[EventRecord]:
    """Events from reports: a pure function, the same output for the same reports in any order."""
    dicts = {r.event_id: r.to_json_dict() for r in records}
    views = [ReportView.of(d) for d in dicts.values()]
    groups = cluster(views, must_link=must_link, cannot_link=cannot_link)
    return [EventRecord.model_validate(combine([dicts[i] for i in g])) for g in groups]
