"""Read queries the API needs beyond `Store.events`: weekly counts, facets, article references.

There is one filter builder, the store's (`Store.where_clauses`, which `Store.events` uses too), so
/events, the exports and /stats/weekly always agree on which events match. Listing, in every
order the API offers (date, fatalities, country), goes through `Store.events`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from conflictwatch.store import Page, Store
from conflictwatch.store.repository import ARTICLES, EVENTS

EXPORT_PAGE = 1000


class BadCursor(ValueError):
    """A cursor that this API did not hand out (or one from a different sort)."""


@dataclass(frozen=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    reviewed: bool | None = None
    q: str | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return asdict(self)


def where_clauses(f: Filters, store: Store) -> list[Any]:
    """The SQL conditions for `f`: the store's own filter builder, the same `Store.events` uses."""
    return store.where_clauses(**f.as_kwargs())


def check_cursor(cursor: str, sort: str) -> None:
    """Reject a cursor that does not fit `sort` before it reaches SQL (PostgreSQL would 500 on it)."""
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(last_id, str):
            raise TypeError(last_id)
        if sort == "event_date":
            dt.date.fromisoformat(value)
        elif sort == "fatalities" and (not isinstance(value, int) or isinstance(value, bool)):
            raise TypeError(value)
        elif sort == "country" and not (value is None or isinstance(value, str)):  # None: place unknown
            raise TypeError(value)
    except (ValueError, TypeError) as exc:
        raise BadCursor("bad cursor") from exc


def list_events(store: Store, f: Filters, sort: str = "event_date", descending: bool = True,
                limit: int = 100, cursor: str | None = None) -> Page:
    """One page of matching events in the requested order (keyset-paginated)."""
    if cursor:
        check_cursor(cursor, sort)
    try:
        return store.events(**f.as_kwargs(), order_by=sort, descending=descending, limit=limit, cursor=cursor)
    except ValueError as exc:
        raise BadCursor(str(exc)) from exc


def iter_events(store: Store, f: Filters, sort: str = "event_date", descending: bool = True) -> Iterator[dict]:
    """Every matching event, a page at a time, so an export of a million rows never sits in memory."""
    cursor: str | None = None
    while True:
        page = list_events(store, f, sort, descending, EXPORT_PAGE, cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def weekly(store: Store, f: Filters) -> list[dict[str, Any]]:
    """Events and fatalities per ISO week (Monday) and event type; grouped by day in SQL, folded here,
    which stays portable across SQLite and PostgreSQL and returns at most days x types rows."""
    c = EVENTS.c
    stmt = (select(c.event_date, c.event_type, func.count(), func.coalesce(func.sum(c.fatalities), 0))
            .where(*where_clauses(f, store)).group_by(c.event_date, c.event_type))
    events: Counter[tuple[dt.date, str]] = Counter()
    deaths: Counter[tuple[dt.date, str]] = Counter()
    with store.engine.connect() as conn:
        for day, etype, n, dead in conn.execute(stmt):
            if isinstance(day, str):  # a raw SQLite value, should a driver hand one back
                day = dt.date.fromisoformat(day)
            key = (day - dt.timedelta(days=day.weekday()), etype)
            events[key] += int(n)
            deaths[key] += int(dead or 0)
    return [{"week": week.isoformat(), "event_type": etype, "events": events[(week, etype)],
             "fatalities": deaths[(week, etype)]} for week, etype in sorted(events)]


TOP_ACTORS = 50


def facets(store: Store) -> dict[str, Any]:
    """Values for the dashboard's filter drop-downs, from what is actually in the database."""
    c = EVENTS.c
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(EVENTS)).scalar_one()
        countries = conn.execute(select(c.country).where(c.country.is_not(None)).group_by(c.country)
                                 .order_by(c.country)).scalars().all()
        unplaced = conn.execute(select(func.count()).select_from(EVENTS).where(c.country.is_(None))).scalar_one()
        admin1: dict[str, list[str]] = defaultdict(list)
        for country, a1 in conn.execute(select(c.country, c.admin1)
                                        .where(c.admin1.is_not(None), c.country.is_not(None))
                                        .group_by(c.country, c.admin1).order_by(c.country, c.admin1)):
            admin1[country].append(a1)
        subs: dict[str, list[str]] = defaultdict(list)
        for etype, sub in conn.execute(select(c.event_type, c.sub_event_type).group_by(c.event_type, c.sub_event_type)
                                       .order_by(c.event_type, c.sub_event_type)):
            subs[etype].append(sub)
        actors: Counter[str] = Counter()
        for col in (c.actor1, c.actor2):
            for name, n in conn.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)):
                actors[name] += int(n)
    return {
        "countries": list(countries),
        "unplaced_events": int(unplaced),
        "admin1": dict(admin1),
        "event_types": sorted(subs),
        "sub_event_types": dict(subs),
        "actors": [name for name, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]],
        "total_events": int(total),
    }


class FacetCache:
    """Facets scan the whole table; keep them for `ttl` seconds, dropped at once by any API write."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._value: dict[str, Any] | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self, store: Store) -> dict[str, Any]:
        with self._lock:
            if self._value is not None and time.monotonic() - self._at < self.ttl:
                return self._value
        value = facets(store)
        with self._lock:
            self._value, self._at = value, time.monotonic()
        return value

    def clear(self) -> None:
        with self._lock:
            self._value = None


def article_refs(store: Store, article_ids: list[str]) -> list[dict[str, Any]]:
    """Title, URL, outlet and date of each article, in the order the record lists them."""
    if not article_ids:
        return []
    a = ARTICLES.c
    with store.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(a.id, a.title, a.url, a.outlet, a.published)
                                              .where(a.id.in_(article_ids[:1000])))}
    out = []
    for aid in article_ids:
        r = rows.get(aid)
        if r is not None:
            out.append({"id": r.id, "title": r.title, "url": r.url, "outlet": r.outlet,
                        "published": r.published.isoformat() if r.published else None})
    return out
