"""The analyst's record: storing articles and their reports, merging them into events, reviewing.

Each ingest is one transaction (articles, reports, claims and the re-merged neighbourhood commit
together or not at all). Merging is incremental but exact: a new report's connected neighbourhood
of links (see `conflictwatch.merge`) is reclustered as a whole, so the events do not depend on the
order articles arrived in. Event ids are stable: a re-formed cluster keeps the id, review flag and
analyst-locked fields of the event it shares most reports with.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import json
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    false,
    func,
    insert,
    literal_column,
    not_,
    or_,
    select,
    text,
    true,
    update,
)

from conflictwatch.document import Article
from conflictwatch.merge import DATE_WINDOW, THRESHOLD, ReportView, _Index, cluster, combine, pair_score
from conflictwatch.record import EventRecord
from conflictwatch.store.engine import make_engine, resolve_url, upgrade
from conflictwatch.store.models import (
    ApiTokenRow,
    ArticleRow,
    AuditRow,
    ClaimRow,
    EventReportRow,
    EventRow,
    ReportRow,
    ReviewLinkRow,
)

ARTICLES = ArticleRow.__table__
REPORTS = ReportRow.__table__
EVENTS = EventRow.__table__
LINKS = EventReportRow.__table__
CLAIMS = ClaimRow.__table__
REVIEW = ReviewLinkRow.__table__
AUDIT = AuditRow.__table__
TOKENS = ApiTokenRow.__table__

EDITABLE = frozenset(EventRecord.model_fields) - {"event_id", "article_ids", "claims", "evidence"}
ORDERINGS = ("event_date", "fatalities", "country", "id")
# The `country` filter value that lists the events whose place is unknown (country null): no country's name
UNPLACED = "unknown"
CHUNK = 500  # IN-list size: well under SQLite's and PostgreSQL's bound-parameter limits
PROBE = 3000  # rows of the requested order walked before a substring/area search may use its own index
# PostgreSQL: the expressions migration 0002's pg_trgm indexes are built on (the same text, or no index use)
_TEXT_COLUMNS = ("notes", "location", "actor1", "actor2", "admin1", "country")
PG_Q_EXPR = " || chr(10) || ".join(f"coalesce(lower({c}), '')" for c in _TEXT_COLUMNS)
PG_ACTOR_EXPR = "coalesce(lower(actor1), '') || chr(10) || coalesce(lower(actor2), '')"


@dataclass
class AddResult:
    """What `add_article` did: status is "added", "replaced" or "unchanged"."""

    article_id: str
    status: str
    reports: int = 0
    event_ids: list[str] = field(default_factory=list)


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True)
class _Search:
    """A substring or area filter: `row` decides a row exactly; `index` (or None) is a weaker
    condition a search index can serve (FTS5 trigram, pg_trgm, lat/lon) that every match meets."""

    row: Any
    index: Any


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Case-folded country names, aliases and ISO codes -> ISO3 (our countries.csv, then pycountry)."""
    import csv
    from importlib import resources

    import pycountry

    out: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None),
                     country.alpha_3):
            if name:
                out.setdefault(name.casefold(), country.alpha_3)
    text_ = resources.files("conflictwatch.resources").joinpath("countries.csv").read_text(encoding="utf-8")
    lines = [line for line in text_.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines):
        found = pycountry.countries.get(alpha_2=row["iso2"])
        if found is None:
            continue
        for name in [row.get("name") or "", *(row.get("aliases") or "").split("|")]:
            if name.strip():
                out[name.strip().casefold()] = found.alpha_3  # our names win over pycountry's
    return out


def country_iso3(name: str) -> str | None:
    """The ISO3 code of a country given by name, alias or code ("Syria", "syr", "DR Congo"), else None."""
    return _country_codes().get(name.strip().casefold())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def content_hash(article: Article) -> str:
    """Hash of what was read, so re-reading the same article is recognised as a no-op."""
    parts = [article.text, article.title or "", article.url or "", article.outlet or "",
             article.published.isoformat() if article.published else ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _columns(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of a record's fields."""
    return {
        "event_date": dt.date.fromisoformat(record["event_date"]),
        "time_precision": record["time_precision"],
        "country": record.get("country"),  # None: the text placed it nowhere we know
        "iso3": record.get("iso3"),
        "admin1": record.get("admin1"),
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "actor1": record["actor1"],
        "actor2": record.get("actor2"),
        "location": record.get("location"),
        "notes": record.get("notes") or "",
        "fatalities": int(record.get("fatalities") or 0),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "record": record,
    }


def _insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]], multirow: bool = False) -> None:
    """Bulk INSERT of rows (dicts with the same keys) through the driver's executemany.

    The column types' own bind processors (JSON, dates, booleans) prepare the values, so what is
    stored is exactly what `conn.execute(insert(table), rows)` would store, without SQLAlchemy's
    per-row parameter handling, which costs more than SQLite's insert itself on the bulk path.

    `multirow`: send multi-row `INSERT ... VALUES (...), (...)` statements instead of one statement
    per row. SQLite's FTS5 flushes its pending index data at every statement that fires the
    events_fts trigger, so row-at-a-time inserts into `events` cost ~4x more."""
    if not rows:
        return
    dialect = conn.dialect
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if marker is None:
        conn.execute(insert(table), rows)
        return
    keys = list(rows[0])
    columns = []
    for k in keys:
        values = [r[k] for r in rows]
        process = table.c[k].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(values if process is None else [process(v) for v in values])
    data = list(zip(*columns, strict=True))
    prep = dialect.identifier_preparer
    head = f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.quote(k) for k in keys)}) VALUES "
    one = f"({', '.join([marker] * len(keys))})"
    if not multirow:
        conn.exec_driver_sql(head + one, data)
        return
    per = max(1, min(1000, _max_params(conn) // len(keys)))
    for i in range(0, len(data), per):
        part = data[i : i + per]
        conn.exec_driver_sql(head + ", ".join([one] * len(part)), tuple(v for row in part for v in row))


def _max_params(conn: Connection) -> int:
    """Bound parameters one statement may carry: SQLite's compiled limit (32766 since 3.32, 999
    before), PostgreSQL's protocol limit 65535."""
    if conn.dialect.name == "sqlite":
        import sqlite3

        return conn.connection.dbapi_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
    return 65535


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one bulk batch, then restored as it was.

    A batch holds tens of thousands of containers at once (records, views, rows) until it ends;
    they outlive the young generations, so every batch or two set off a full collection that walks
    the caller's whole heap (0.3 s each with 30,000 records in hand: a fifth of bulk ingest time),
    while reference counting frees all of them when the batch ends. The batch makes no reference
    cycles that need collecting promptly; whatever cycles it leaves are collected after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _event_item(row: Any) -> dict[str, Any]:
    item = dict(row.record)
    item["event_id"] = row.id
    item["reviewed"] = bool(row.reviewed)
    item["locked_fields"] = sorted(row.locked or {})
    return item


class Store:
    """Articles, reports and events in SQLite or PostgreSQL; the schema is migrated on open."""

    def __init__(self, url: str | None = None, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self._trgm: bool | None = None
        if migrate:
            upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- ingest

    def add_article(self, article: Article, records: Sequence[EventRecord]) -> AddResult:
        """Store an article and its reports and re-merge; idempotent and all-or-nothing."""
        with self.engine.begin() as conn:
            return self._ingest(conn, [(article, list(records))])[0]

    def add_articles(
        self, items: Iterable[tuple[Article, Sequence[EventRecord]]], batch_size: int = 500
    ) -> list[AddResult]:
        """The bulk path: one transaction and one re-merge per batch of articles."""
        results: list[AddResult] = []
        batch: list[tuple[Article, list[EventRecord]]] = []
        for article, records in items:
            batch.append((article, list(records)))
            if len(batch) >= batch_size:
                with _gc_paused(), self.engine.begin() as conn:
                    results.extend(self._ingest(conn, batch))
                batch = []
        if batch:
            with _gc_paused(), self.engine.begin() as conn:
                results.extend(self._ingest(conn, batch))
        return results

    def _ingest(self, conn: Connection, items: list[tuple[Article, list[EventRecord]]]) -> list[AddResult]:
        latest = {a.id: (a, recs) for a, recs in items}  # the same article twice in a batch: last wins
        ids = list(latest)
        known: dict[str, str] = {}
        for part in _chunks(ids):
            known.update(conn.execute(select(ARTICLES.c.id, ARTICLES.c.content_hash)
                                      .where(ARTICLES.c.id.in_(part))).all())
        stored: dict[str, list[dict[str, Any]]] = defaultdict(list)
        same_text = [i for i in ids if i in known and known[i] == content_hash(latest[i][0])]
        for part in _chunks(same_text):
            for aid, rec in conn.execute(select(REPORTS.c.article_id, REPORTS.c.record)
                                         .where(REPORTS.c.article_id.in_(part))):
                stored[aid].append(rec)

        results: dict[str, AddResult] = {}
        new_reports: list[dict[str, Any]] = []
        replaced: list[str] = []
        article_rows: list[dict[str, Any]] = []
        now = _now()
        for aid in ids:
            article, records = latest[aid]
            dicts = [self._report_dict(article, r) for r in records]
            if aid in known:
                if aid in stored or not dicts:
                    mine = sorted(json.dumps(d, sort_keys=True) for d in stored.get(aid, []))
                    if known[aid] == content_hash(article) and mine == sorted(
                            json.dumps(d, sort_keys=True) for d in dicts):
                        results[aid] = AddResult(aid, "unchanged", len(dicts))
                        continue
                replaced.append(aid)
            row = {"id": aid, "text": article.text, "title": article.title, "url": article.url,
                   "outlet": article.outlet, "published": article.published,
                   "content_hash": content_hash(article), "ingested_at": now}
            article_rows.append(row)
            new_reports.extend(dicts)
            results[aid] = AddResult(aid, "replaced" if aid in known else "added", len(dicts))

        prior: dict[str, str] = {}
        seeds: set[str] = set()
        stale: set[str] = set()
        replaced_ids = set(replaced)
        if replaced:
            old_ids: list[str] = []
            for part in _chunks(replaced):
                old_ids += conn.execute(select(REPORTS.c.id).where(REPORTS.c.article_id.in_(part))).scalars().all()
            for part in _chunks(old_ids):
                prior.update(conn.execute(select(LINKS.c.report_id, LINKS.c.event_id)
                                          .where(LINKS.c.report_id.in_(part))).all())
            stale = set(prior.values())
            for part in _chunks(sorted(stale)):
                seeds.update(conn.execute(select(LINKS.c.report_id).where(LINKS.c.event_id.in_(part))).scalars())
            seeds -= set(old_ids)
            for part in _chunks(old_ids):
                conn.execute(delete(CLAIMS).where(CLAIMS.c.report_id.in_(part)))
                conn.execute(delete(LINKS).where(LINKS.c.report_id.in_(part)))
                conn.execute(delete(REPORTS).where(REPORTS.c.id.in_(part)))
            for row in article_rows:
                if row["id"] in replaced_ids:
                    conn.execute(update(ARTICLES).where(ARTICLES.c.id == row["id"]).values(
                        {k: v for k, v in row.items() if k != "id"}))
        fresh = [r for r in article_rows if r["id"] not in replaced_ids]
        if fresh:
            _insert_many(conn, ARTICLES, fresh)

        self._assign_report_ids(conn, new_reports)
        if new_reports:
            _insert_many(conn, REPORTS, [
                {"id": d["event_id"], "article_id": d["article_ids"][0], **_columns(d)} for d in new_reports])
            claim_rows = [{"report_id": d["event_id"], "source": c["source"], "fatalities": c.get("fatalities"),
                           "wounded": c.get("wounded"), "qualifier": c.get("qualifier"),
                           "evidence": c.get("evidence") or []}
                          for d in new_reports for c in d.get("claims") or ()]
            if claim_rows:
                _insert_many(conn, CLAIMS, claim_rows)
        seeds.update(d["event_id"] for d in new_reports)
        known = {d["event_id"]: d for d in new_reports}
        membership = self._recluster(conn, seeds, prior, stale, known) if seeds or stale else {}
        by_article: dict[str, set[str]] = defaultdict(set)
        for d in new_reports:
            by_article[d["article_ids"][0]].add(membership[d["event_id"]])
        for aid, res in results.items():
            res.event_ids = sorted(by_article.get(aid, ()))
        return [results[i] for i in ids]

    @staticmethod
    def _report_dict(article: Article, record: EventRecord) -> dict[str, Any]:
        d = record.to_json_dict()
        if article.id not in d["article_ids"]:
            d["article_ids"] = [article.id, *d["article_ids"]]
        else:
            d["article_ids"] = [article.id] + [a for a in d["article_ids"] if a != article.id]
        return d

    @staticmethod
    def _assign_report_ids(conn: Connection, reports: list[dict[str, Any]]) -> None:
        """Report id = the extractor's event_id, qualified by the article when another article has it."""
        ids = [d["event_id"] for d in reports]
        taken: dict[str, str] = {}
        for part in _chunks(ids):
            taken.update(conn.execute(select(REPORTS.c.id, REPORTS.c.article_id)
                                      .where(REPORTS.c.id.in_(part))).all())
        used: set[str] = set()
        for d in reports:
            aid = d["article_ids"][0]
            rid = d["event_id"] if taken.get(d["event_id"], aid) == aid else f"{aid}/{d['event_id']}"
            base, n = rid, 1
            while rid in used or taken.get(rid, aid) != aid:
                n += 1
                rid = f"{base}#{n}"
            used.add(rid)
            d["event_id"] = rid

    # ---------------------------------------------------------------- merging

    def _recluster(
        self, conn: Connection, seeds: set[str], prior: dict[str, str] | None = None,
        stale: set[str] | None = None, known: dict[str, dict[str, Any]] | None = None,
    ) -> dict[str, str]:
        """Recluster the link-connected neighbourhood of `seeds`; returns report id -> event id.

        `known`: records (report id -> record with that event_id) the caller has in hand, so they
        are not read back and parsed again."""
        prior = dict(prior or {})
        stale = set(stale or ())
        loaded: dict[str, dict[str, Any]] = {}
        views: dict[str, ReportView] = {}
        # per country: reports r with day within [lo - max(window(r), w), hi + max(window(r), w)] are loaded
        ranges: dict[str, tuple[int, int, int]] = {}
        record_text = cast(REPORTS.c.record, Text)  # parsed here, and only for reports not yet in hand

        def add(rid: str, rec: dict[str, Any]) -> None:
            if rec.get("event_id") != rid:
                rec = {**rec, "event_id": rid}
            loaded[rid] = rec
            views[rid] = ReportView.of(rec)

        def take(rows: Iterable[tuple[str, Any]]) -> None:
            for rid, raw in rows:
                if rid not in loaded:
                    if known is not None and rid in known:
                        add(rid, known[rid])
                    elif isinstance(raw, str | bytes):
                        rec = json.loads(raw)  # parsed here, so this dict is ours to stamp
                        rec["event_id"] = rid
                        add(rid, rec)
                    else:
                        add(rid, raw)

        def load_ids(ids: Iterable[str]) -> None:
            missing = set(ids) - loaded.keys()
            if known:
                for rid in missing & known.keys():
                    add(rid, known[rid])
            missing = sorted(missing - loaded.keys())
            for part in _chunks(missing):
                take(conn.execute(select(REPORTS.c.id, record_text).where(REPORTS.c.id.in_(part))).all())

        scores: dict[tuple[str, str], float | None] = {}

        def score(a: ReportView, b: ReportView) -> float | None:
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if key not in scores:
                scores[key] = pair_score(a, b)
            return scores[key]

        must: set[tuple[str, str]] = set()
        cannot: set[tuple[str, str]] = set()
        checked: set[str] = set()  # reports whose constraints and event co-members are loaded
        load_ids(seeds)
        seeds = {s for s in seeds if s in loaded}
        component: set[str] = set()
        explored: set[str] = set()  # reports loaded when the component was last grown
        index: _Index | None = None  # of the reports loaded, rebuilt when more are
        while True:
            size = (len(loaded), len(must) + len(cannot), len(seeds))
            # a report r can link to member m only if |day(r) - day(m)| <= max(window(r), window(m)):
            # per country, the members' day span and widest window bound every report they could link to
            need: dict[str, tuple[int, int, int]] = {}
            for rid in component | seeds:
                v = views[rid]
                if not v.iso3:  # placed nowhere: links to no report (merge.pair_score), so none is loaded
                    continue
                w = DATE_WINDOW.get(v.precision, 1)
                lo, hi, w0 = need.get(v.iso3, (v.day, v.day, w))
                need[v.iso3] = (min(lo, v.day), max(hi, v.day), max(w0, w))
            for iso3, (lo, hi, w) in need.items():
                have = ranges.get(iso3)
                if have and have[0] <= lo and hi <= have[1] and w <= have[2]:
                    continue
                if have:
                    lo, hi, w = min(lo, have[0]), max(hi, have[1]), max(w, have[2])
                near = [REPORTS.c.event_date.between(dt.date.fromordinal(lo - w), dt.date.fromordinal(hi + w))]
                for precision, pw in sorted(DATE_WINDOW.items()):
                    if pw > w:  # reports this imprecise reach further than any member's own window
                        near.append(and_(REPORTS.c.time_precision == precision, REPORTS.c.event_date.between(
                            dt.date.fromordinal(lo - pw), dt.date.fromordinal(hi + pw))))
                outer = max([w, *DATE_WINDOW.values()])
                take(conn.execute(select(REPORTS.c.id, record_text).where(
                    REPORTS.c.iso3 == iso3,
                    REPORTS.c.event_date.between(dt.date.fromordinal(lo - outer), dt.date.fromordinal(hi + outer)),
                    or_(*near))).all())
                ranges[iso3] = (lo, hi, w)
            todo = sorted((component | seeds) - checked)
            checked.update(todo)
            olds: set[str] = set(stale)
            for part in _chunks(todo):
                for kind, a, b in conn.execute(select(REVIEW.c.kind, REVIEW.c.report_a, REVIEW.c.report_b).where(
                        or_(REVIEW.c.report_a.in_(part), REVIEW.c.report_b.in_(part)))):
                    (must if kind == "must" else cannot).add((a, b))
                # reports written in this transaction belong to no event yet: only older ones are looked up
                fresh = [r for r in part if r not in prior and (known is None or r not in known)]
                if fresh:
                    prior.update(conn.execute(select(LINKS.c.report_id, LINKS.c.event_id)
                                              .where(LINKS.c.report_id.in_(fresh))).all())
            olds |= {prior[r] for r in todo if r in prior}
            # the other reports of every event the neighbourhood touches are reclustered with it
            for part in _chunks(sorted(olds)):
                for rid, eid in conn.execute(select(LINKS.c.report_id, LINKS.c.event_id)
                                             .where(LINKS.c.event_id.in_(part))):
                    prior.setdefault(rid, eid)
                    seeds.add(rid)
            load_ids(seeds | {x for pair in must for x in pair})
            seeds = {s for s in seeds if s in loaded}
            if index is None or len(explored) != len(loaded):
                index = _Index(views.values())
            grown = self._grow(views, index, component, seeds, must, score, loaded.keys() - explored)
            explored = set(loaded)
            if grown == component and size == (len(loaded), len(must) + len(cannot), len(seeds)):
                break
            component = grown

        # every pair of component members that could link was scored while growing it
        comp_views = [views[r] for r in sorted(component)]
        edges = [(s, a, b) for (a, b), s in scores.items()
                 if s is not None and s >= THRESHOLD and a in component and b in component]
        groups = cluster(comp_views, edges,
                         must_link=[p for p in must if p[0] in component and p[1] in component],
                         cannot_link=[p for p in cannot if p[0] in component and p[1] in component], score=score)
        return self._write_events(conn, groups, loaded, prior, stale, set(known or ()))

    @staticmethod
    def _grow(views: dict[str, ReportView], index: _Index, component: set[str], seeds: set[str],
              must: set[tuple[str, str]], score: Callable[[ReportView, ReportView], float | None],
              fresh: Iterable[str]) -> set[str]:
        """`component` grown to every report linked (or must-linked) to it or to `seeds`.

        Incremental: members were already explored against the reports loaded before, so only
        seeds, reports loaded since (`fresh`) that link into the component, and new must-links
        can extend it; from those the search runs over everything loaded. A report joining scores
        every neighbour, members included, so every pair of members that could link is scored
        (the edges `cluster` needs) even when one of them was loaded after the other joined."""
        out = set(component)
        stack = [s for s in seeds if s in views and s not in out]
        for rid in fresh if out else ():
            if rid in out:
                continue
            v = views[rid]
            for o in index.near(v):
                if o.id in out:
                    s = score(v, o)
                    if s is not None and s >= THRESHOLD:
                        stack.append(rid)
                        break
        forced: dict[str, set[str]] = defaultdict(set)
        for a, b in must:
            forced[a].add(b)
            forced[b].add(a)
            if a in out and b not in out and b in views:
                stack.append(b)
            elif b in out and a not in out and a in views:
                stack.append(a)
        while stack:
            rid = stack.pop()
            if rid in out:
                continue
            out.add(rid)
            v = views[rid]
            for o in index.near(v):
                s = score(v, o)
                if s is not None and s >= THRESHOLD and o.id not in out:
                    stack.append(o.id)
            stack.extend(x for x in forced.get(rid, ()) if x in views and x not in out)
        return out

    def _write_events(
        self, conn: Connection, groups: list[list[str]], loaded: dict[str, dict[str, Any]],
        prior: dict[str, str], stale: set[str], fresh: set[str] | None = None,
    ) -> dict[str, str]:
        fresh = fresh or set()  # reports written in this transaction
        members = {r for g in groups for r in g}
        old_ids = sorted({prior[r] for r in members if r in prior} | stale)
        olds: dict[str, Any] = {}
        old_size: Counter[str] = Counter(prior[r] for r in prior)
        for part in _chunks(old_ids):
            for row in conn.execute(select(EVENTS.c.id, EVENTS.c.reviewed, EVENTS.c.locked)
                                    .where(EVENTS.c.id.in_(part))):
                olds[row.id] = row
        taken: set[str] = set()
        plans: list[tuple[str, list[str], bool, dict[str, Any]]] = []
        counts_of = [Counter(prior[r] for r in g if r in prior and prior[r] in olds) for g in groups]
        # each old event passes to the group holding most of its reports (greedy, deterministic)
        heirs: dict[int, str] = {}
        for _, e, gi in sorted((-n, e, gi) for gi, c in enumerate(counts_of) for e, n in c.items()):
            if gi not in heirs and e not in taken:
                heirs[gi] = e
                taken.add(e)
        for gi, group in enumerate(groups):
            counts = counts_of[gi]
            heir = heirs.get(gi)
            if heir is None:
                eid = f"ev-{group[0]}"
                n = 1
                while eid in taken or eid in olds:
                    n += 1
                    eid = f"ev-{group[0]}-{n}"
            else:
                eid = heir
            taken.add(eid)
            locked: dict[str, Any] = {}
            # locks of events wholly absorbed into this group carry over; the heir's win
            for e in sorted(counts):
                if e != heir and counts[e] == old_size[e]:
                    locked.update(olds[e].locked or {})
            if heir is not None:
                locked.update(olds[heir].locked or {})
            plans.append((eid, group, bool(heir is not None and olds[heir].reviewed), locked))

        membership: dict[str, str] = {}
        changed: list[tuple[str, list[str], bool, dict[str, Any]]] = []
        for plan in plans:
            eid, group, _reviewed, locked = plan
            if (eid in olds and old_size[eid] == len(group) and all(prior.get(r) == eid for r in group)
                    and locked == (olds[eid].locked or {}) and not fresh.intersection(group)):
                # the same stored reports as before (a report never changes in place; a re-read article's
                # reports are new rows, even under the old ids): the stored record stands
                membership.update(dict.fromkeys(group, eid))
            else:
                changed.append(plan)
        for part in _chunks(sorted(r for _, group, _, _ in changed for r in group if r not in fresh)):
            conn.execute(delete(LINKS).where(LINKS.c.report_id.in_(part)))
        gone = sorted(set(olds) - taken)
        for part in _chunks(gone):
            conn.execute(delete(LINKS).where(LINKS.c.event_id.in_(part)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(part)))
        now = _now()
        inserts, updates, links = [], [], []
        for eid, group, reviewed, locked in changed:
            record = combine([loaded[r] for r in group], eid)
            record.update(locked)
            row = {**_columns(record), "fatalities_low": record["fatalities_low"],
                   "fatalities_high": record["fatalities_high"], "reviewed": reviewed, "locked": locked,
                   "updated_at": now}
            if eid in olds:
                updates.append({"b_id": eid, **row})
            else:
                inserts.append({"id": eid, **row})
            for r in group:
                links.append({"report_id": r, "event_id": eid})
                membership[r] = eid
        if inserts:
            _insert_many(conn, EVENTS, inserts, multirow=True)
        if updates:
            stmt = update(EVENTS).where(EVENTS.c.id == bindparam("b_id")).values(
                {k: bindparam(k) for k in updates[0] if k != "b_id"})
            conn.execute(stmt, updates)
        if links:
            _insert_many(conn, LINKS, links)
        return membership

    # ---------------------------------------------------------------- reading

    def where_clauses(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        actor: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        min_fatalities: int | None = None,
        reviewed: bool | None = None,
        q: str | None = None,
    ) -> list[Any]:
        """The SQL conditions (bound parameters only) an event must meet to match every given filter.

        The one filter builder: `events`, the API's weekly counts and the exports all use it."""
        plain, search = self._filters(since, until, country, admin1, event_type, sub_event_type, actor, bbox,
                                      min_fatalities, reviewed, q)
        return plain + [s.row for s in search]

    def _filters(
        self, since: Any, until: Any, country: str | None, admin1: str | None, event_type: str | None,
        sub_event_type: str | None, actor: str | None, bbox: Any, min_fatalities: int | None,
        reviewed: bool | None, q: str | None,
    ) -> tuple[list[Any], list[_Search]]:
        """(conditions an index serves in date order, substring/area searches handled by `_probe`)."""
        c = EVENTS.c
        plain: list[Any] = []
        search: list[_Search] = []
        if since is not None:
            plain.append(c.event_date >= _day(since))
        if until is not None:
            plain.append(c.event_date <= _day(until))
        if country and country.strip().casefold() == UNPLACED:
            plain.append(c.country.is_(None))  # served by ix_events_country_date
        elif country:
            iso3 = country_iso3(country)
            if iso3:  # a name, alias or code we know: the (iso3, event_date, id) index serves it
                plain.append(c.iso3 == iso3)
            elif len(country) == 3 and country.isalpha():
                plain.append(or_(func.lower(c.country) == country.casefold(), c.iso3 == country.upper()))
            else:
                plain.append(func.lower(c.country) == country.casefold())
        if admin1:
            plain.append(func.lower(c.admin1) == admin1.casefold())  # ix_events_admin1_date is on lower(admin1)
        if event_type:
            plain.append(c.event_type == event_type)
        if sub_event_type:
            plain.append(c.sub_event_type == sub_event_type)
        if min_fatalities is not None:
            plain.append(c.fatalities >= int(min_fatalities))
        if reviewed is not None:  # a literal, so SQLite can use the partial index WHERE reviewed = 1
            plain.append(c.reviewed == (true() if reviewed else false()))
        # SQLite's LIKE already ignores (ASCII) case, as its lower() does: skipping lower() there halves the
        # cost of a substring test and matches the same rows; PostgreSQL's LIKE is case-sensitive
        fold = (lambda col: col) if self.engine.dialect.name == "sqlite" else func.lower
        if actor:
            needle = actor.casefold()
            row = or_(fold(c.actor1).contains(needle, autoescape=True),
                      fold(c.actor2).contains(needle, autoescape=True))
            search.append(_Search(row, self._text_index(needle, "actor")))
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
            # `+ 0` keeps the lat/lon index out of the date-ordered probe; the index form may use it
            row = and_((c.longitude + 0).between(min_lon, max_lon), (c.latitude + 0).between(min_lat, max_lat))
            search.append(_Search(row, and_(c.latitude.between(min_lat, max_lat),
                                            c.longitude.between(min_lon, max_lon))))
        if q:
            needle = q.casefold()
            row = or_(*(fold(col).contains(needle, autoescape=True) for col in
                        (c.notes, c.location, c.actor1, c.actor2, c.admin1, c.country)))
            search.append(_Search(row, self._text_index(needle, "q")))
        return plain, search

    def _text_index(self, needle: str, which: str) -> Any:
        """A condition a substring index can serve that every row containing `needle` meets (or None)."""
        if len(needle) < 3:  # trigram indexes cannot narrow shorter strings
            return None
        if self.engine.dialect.name == "sqlite":
            # a quoted string is a phrase of trigrams, i.e. a substring; when every word has 3+ characters,
            # words ANDed find the same rows faster (trigrams across a space, " de", are common ones);
            # either way it only narrows: the rows are then checked exactly
            words = needle.split()
            parts = words if words and all(len(w) >= 3 for w in words) else [needle]
            cols = "{actor1 actor2} : " if which == "actor" else ""
            phrase = cols + "(" + " AND ".join('"' + w.replace('"', '""') + '"' for w in parts) + ")"
            fts = text("SELECT rowid FROM events_fts WHERE events_fts MATCH :fts_" + which).bindparams(
                bindparam("fts_" + which, phrase))
            return literal_column("events.rowid").in_(fts.columns(literal_column("rowid")))
        if self.engine.dialect.name == "postgresql" and self._has_trgm():
            expr = PG_ACTOR_EXPR if which == "actor" else PG_Q_EXPR
            pattern = "%" + needle.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
            return text(f"({expr}) LIKE :trgm_{which} ESCAPE '/'").bindparams(bindparam("trgm_" + which, pattern))
        return None

    def _has_trgm(self) -> bool:
        if self._trgm is None:
            with self.engine.connect() as conn:
                self._trgm = bool(conn.execute(text(
                    "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_events_q_trgm' "
                    "AND schemaname = ANY (current_schemas(false))")).scalar())
        return self._trgm

    def events(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        actor: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        min_fatalities: int | None = None,
        reviewed: bool | None = None,
        q: str | None = None,
        order_by: str = "event_date",
        descending: bool = True,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page:
        """A page of events matching every given filter; bbox is (min_lon, min_lat, max_lon, max_lat);
        country="unknown" (UNPLACED) gives the events whose place is unknown.

        Ordered by `order_by` (event_date, fatalities, country or id) then id, keyset-paginated."""
        if order_by not in ORDERINGS:
            raise ValueError(f"order_by must be one of {', '.join(ORDERINGS)}")
        limit = max(1, min(int(limit), 1000))
        c = EVENTS.c
        plain, search = self._filters(since, until, country, admin1, event_type, sub_event_type, actor, bbox,
                                      min_fatalities, reviewed, q)
        key = c[order_by]
        if cursor:
            value, last_id = _decode_cursor(cursor)
            if order_by == "event_date":
                value = dt.date.fromisoformat(value)
            plain.append(_after(key, value, last_id, descending))
        order = _order(key, descending, self.engine.dialect.name)
        with self.engine.connect() as conn:
            if not search:
                rows = conn.execute(select(EVENTS).where(*plain).order_by(*order).limit(limit + 1)).all()
            else:
                rows = self._probe(conn, plain, search, key, order, descending, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = None
        if more and rows:
            last = rows[-1]
            value = getattr(last, order_by)
            next_cursor = _encode_cursor(value.isoformat() if isinstance(value, dt.date) else value, last.id)
        return Page([_event_item(r) for r in rows], next_cursor)

    @staticmethod
    def _probe(conn: Connection, plain: list[Any], search: list[_Search], key: Any, order: tuple[Any, ...],
               descending: bool, n: int) -> list[Any]:
        """The first `n` matches in order when some filters are substring or area searches.

        No single plan is fast for both a common term ("clashed": walk the order index, stop at n)
        and a rare one ("cabo delgado": look the few matches up, sort them). So: walk the first
        PROBE rows of the order (bounded cost); if that found too few, walk a 4x larger window
        only when the matches so far say the rest lies within it; otherwise the term is rare and
        the rest comes from the search indexes, restricted to rows past the windows walked."""
        c = EVENTS.c
        rows_cond = [s.row for s in search]
        got: list[Any] = []
        edge: tuple[Any, str] | None = None  # the last (key, id) walked
        walked = 0
        for size in (PROBE, 4 * PROBE):
            after = [_after(key, edge[0], edge[1], descending)] if edge else []
            end = conn.execute(select(key, c.id).where(*plain).order_by(*order)
                               .offset(walked + size - 1).limit(1)).first()
            if end is None:  # fewer candidates than that in all: filter the rest of them
                return got + conn.execute(select(EVENTS).where(*plain, *after, *rows_cond).order_by(*order)
                                          .limit(n - len(got))).all()
            bound, bound_id = end
            if key.nullable:  # never NULL itself (see _after), so its negation is exact
                upto = not_(_after(key, bound, bound_id, descending))
            else:
                upto = (and_(key >= bound, or_(key > bound, and_(key == bound, c.id >= bound_id))) if descending
                        else and_(key <= bound, or_(key < bound, and_(key == bound, c.id <= bound_id))))
            got += conn.execute(select(EVENTS).where(*plain, *after, upto, *rows_cond).order_by(*order)
                                .limit(n - len(got))).all()
            if len(got) >= n:
                return got
            walked += size
            edge = (bound, bound_id)
            if not got or (n - len(got)) * walked / len(got) > 4 * PROBE:
                break
        assert edge is not None
        indexed = [s.index for s in search if s.index is not None]
        return got + conn.execute(select(EVENTS).where(*plain, _after(key, edge[0], edge[1], descending), *indexed,
                                                       *rows_cond).order_by(*order).limit(n - len(got))).all()

    def event(self, event_id: str) -> dict[str, Any] | None:
        """An event with its reports (each as its article told it)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(EVENTS).where(EVENTS.c.id == event_id)).first()
            if row is None:
                return None
            reports = conn.execute(select(REPORTS.c.id, REPORTS.c.record).join(
                LINKS, LINKS.c.report_id == REPORTS.c.id).where(LINKS.c.event_id == event_id)
                .order_by(REPORTS.c.id)).all()
        item = _event_item(row)
        item["report_ids"] = [rid for rid, _ in reports]
        item["reports"] = [{**rec, "event_id": rid} for rid, rec in reports]
        return item

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(ARTICLES).where(ARTICLES.c.id == article_id)).first()
            if row is None:
                return None
            report_ids = conn.execute(select(REPORTS.c.id).where(REPORTS.c.article_id == article_id)
                                      .order_by(REPORTS.c.id)).scalars().all()
        out = dict(row._mapping)
        out["published"] = row.published.isoformat() if row.published else None
        out["ingested_at"] = row.ingested_at.isoformat() if row.ingested_at else None
        out["report_ids"] = list(report_ids)
        return out

    def event_of_report(self, report_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(LINKS.c.event_id).where(LINKS.c.report_id == report_id)).scalar()

    def history(self, event_id: str) -> list[dict[str, Any]]:
        """The audit trail of an event, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(AUDIT).where(AUDIT.c.event_id == event_id)
                                .order_by(AUDIT.c.at, AUDIT.c.id)).all()
        return [{**r._mapping, "at": r.at.isoformat()} for r in rows]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("articles", ARTICLES), ("reports", REPORTS), ("events", EVENTS),
                                    ("claims", CLAIMS), ("event_reports", LINKS))}

    # ---------------------------------------------------------------- review

    def _audit(self, conn: Connection, event_id: str, who: str, action: str, field_: str | None,
               before: Any, after: Any, reason: str) -> None:
        conn.execute(insert(AUDIT).values(event_id=event_id, who=who, at=_now(), action=action, field=field_,
                                          before=before, after=after, reason=reason))

    def update_event(self, event_id: str, changes: dict[str, Any], reason: str, who: str) -> dict[str, Any]:
        """An analyst's correction: applied, locked against re-merging, and audited field by field."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with self.engine.begin() as conn:
            row = conn.execute(select(EVENTS).where(EVENTS.c.id == event_id).with_for_update()).first()
            if row is None:
                raise KeyError(event_id)
            if "country" in changes and "iso3" not in changes:
                # the country filter goes by ISO3: a country set (or cleared) by hand brings
                # its code along, so an event the analyst places is found under its country
                name = changes["country"]
                code = country_iso3(name) if isinstance(name, str) and name.strip() else None
                if (code is not None or not name) and code != row.record.get("iso3"):
                    changes = {**changes, "iso3": code}
            record = {**row.record, **changes}
            record = EventRecord.model_validate(record).to_json_dict()  # the contract still holds
            locked = {**(row.locked or {}), **{k: record[k] for k in changes}}
            conn.execute(update(EVENTS).where(EVENTS.c.id == event_id).values(
                **_columns(record), fatalities_low=record["fatalities_low"],
                fatalities_high=record["fatalities_high"], locked=locked, updated_at=_now()))
            for k in sorted(changes):
                self._audit(conn, event_id, who, "update", k, row.record.get(k), record[k], reason)
        return self.event(event_id) or {}

    def approve(self, event_id: str, who: str, reason: str = "approved") -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(EVENTS.c.reviewed).where(EVENTS.c.id == event_id)).first()
            if row is None:
                raise KeyError(event_id)
            conn.execute(update(EVENTS).where(EVENTS.c.id == event_id).values(reviewed=True, updated_at=_now()))
            self._audit(conn, event_id, who, "approve", "reviewed", bool(row.reviewed), True, reason)

    def _reports_of(self, conn: Connection, event_id: str) -> list[str]:
        return list(conn.execute(select(LINKS.c.report_id).where(LINKS.c.event_id == event_id)
                                 .order_by(LINKS.c.report_id)).scalars())

    def merge_events(self, ids: Sequence[str], who: str, reason: str) -> str:
        """Join events the linker kept apart; the join holds through later re-merges."""
        ids = sorted(set(ids))
        if len(ids) < 2:
            raise ValueError("merge_events needs at least two events")
        with self.engine.begin() as conn:
            reports: list[str] = []
            for eid in ids:
                mine = self._reports_of(conn, eid)
                if not mine:
                    raise KeyError(eid)
                reports += mine
            anchor = min(reports)
            part_set = set(reports)
            conn.execute(delete(REVIEW).where(REVIEW.c.kind == "cannot", REVIEW.c.report_a.in_(reports),
                                              REVIEW.c.report_b.in_(reports)))
            conn.execute(insert(REVIEW), [{"kind": "must", "report_a": anchor, "report_b": r}
                                          for r in sorted(part_set - {anchor})])
            membership = self._recluster(conn, set(reports))
            target = membership[anchor]
            for eid in ids:
                self._audit(conn, eid, who, "merge", None, ids, target, reason)
            if target not in ids:
                self._audit(conn, target, who, "merge", None, ids, target, reason)
        return target

    def split_event(self, event_id: str, report_ids: Sequence[str], who: str, reason: str) -> str:
        """Move `report_ids` out of an event into a new one, and keep them apart from now on."""
        with self.engine.begin() as conn:
            members = self._reports_of(conn, event_id)
            out = sorted(set(report_ids))
            if not out or not set(out) < set(members):
                raise ValueError("report_ids must be a non-empty proper subset of the event's reports")
            stay = sorted(set(members) - set(out))
            conn.execute(delete(REVIEW).where(REVIEW.c.kind == "must", or_(
                and_(REVIEW.c.report_a.in_(out), REVIEW.c.report_b.in_(stay)),
                and_(REVIEW.c.report_a.in_(stay), REVIEW.c.report_b.in_(out)))))
            rows = [{"kind": "cannot", "report_a": a, "report_b": b} for a in out for b in stay]
            rows += [{"kind": "must", "report_a": side[0], "report_b": r} for side in (out, stay) for r in side[1:]]
            conn.execute(insert(REVIEW), rows)
            membership = self._recluster(conn, set(members))
            new_id = membership[out[0]]
            kept = membership[stay[0]]
            self._audit(conn, event_id, who, "split", None, members, {"kept": kept, "split_off": new_id}, reason)
            if new_id != event_id:
                self._audit(conn, new_id, who, "split", None, event_id, out, reason)
        return new_id

    # ---------------------------------------------------------------- api tokens

    def create_token(self, name: str) -> str:
        """A new API token; only its hash is stored, so it is shown once."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(insert(TOKENS).values(name=name, token_hash=_token_hash(token), created_at=_now()))
        return token

    def verify_token(self, token: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(TOKENS.c.name).where(TOKENS.c.token_hash == _token_hash(token))).scalar()

    def revoke_token(self, name: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(TOKENS).where(TOKENS.c.name == name)).rowcount > 0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _order(key: Any, descending: bool, dialect: str) -> tuple[Any, Any]:
    """ORDER BY for `key` then id. A null (the country of an event not yet placed) sorts before every
    value, as SQLite sorts it; PostgreSQL, which sorts it after, is told so."""
    c = EVENTS.c
    first = key.desc() if descending else key.asc()
    if key.nullable and dialect == "postgresql":
        first = first.nulls_last() if descending else first.nulls_first()
    return (first, c.id.desc()) if descending else (first, c.id.asc())


def _after(key: Any, value: Any, last_id: str, descending: bool) -> Any:
    """Rows strictly after (value, last_id) in the order; the bare range term lets an index seek to it.

    For a nullable key (country) nulls come first (`_order`), and the condition is never NULL itself."""
    c = EVENTS.c
    if key.nullable:
        if value is None:
            among_nulls = and_(key.is_(None), c.id < last_id if descending else c.id > last_id)
            return among_nulls if descending else or_(key.is_not(None), among_nulls)
        if descending:
            return or_(and_(key <= value, or_(key < value, and_(key == value, c.id < last_id))), key.is_(None))
        return and_(key.is_not(None), key >= value, or_(key > value, and_(key == value, c.id > last_id)))
    if descending:
        return and_(key <= value, or_(key < value, and_(key == value, c.id < last_id)))
    return and_(key >= value, or_(key > value, and_(key == value, c.id > last_id)))


def _encode_cursor(value: Any, last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, last_id]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as exc:
        raise ValueError("bad cursor") from exc
    return value, str(last_id)
