"""Bulk ingest gives the same events whatever order and batching the articles come in: the very
records `merge_reports` makes from all the reports at once, not just the same clusters."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conflictwatch.document import Article
from conflictwatch.merge import merge_reports
from conflictwatch.record import Claim, EventRecord
from conflictwatch.store import Store
from tests.test_merge import RECORDS

OUTLETS = ["Reuters", "AFP", "SOHR", "Amaq", "Health Ministry", "Al Jazeera"]
ACTORS = ["Islamic State", "Military Forces of X", "Rebel Group A", "Militia B"]


def _crowded(seed: int = 3) -> list[EventRecord]:
    """Incidents packed into a few days and provinces, each told by one to three outlets with
    differing tolls, dates a day off, week-precise dates, unplaced reports, a neighbouring province
    a few km away, and articles that tell two incidents: links that chain across batches."""
    rng = random.Random(seed)
    out: list[EventRecord] = []
    for i in range(70):
        day = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(6))
        admin = rng.randrange(3)
        lat, lon = 30.0 + admin * 0.3 + rng.random() * 0.05, 40.0 + rng.random() * 0.05
        actors = rng.sample(ACTORS, 2)
        deaths = rng.randrange(1, 20)
        for k in range(rng.choice([1, 1, 2, 3])):
            source = OUTLETS[(i + k) % len(OUTLETS)]
            week = rng.random() < 0.1
            placed = rng.random() < 0.9
            told = day + dt.timedelta(days=rng.choice([0, 0, 0, 1]) if not week else rng.randrange(-3, 4))
            figure = deaths + rng.choice([0, 0, 1, 3])
            article = f"art-{i:03d}-{k}" if rng.random() < 0.8 else f"art-{(i + 1) % 70:03d}-{k}"
            out.append(EventRecord(
                event_id=f"r-{i:03d}-{k}", event_date=told.isoformat(), time_precision=2 if week else 1,
                event_type="Battles", sub_event_type="Armed clash", actor1=actors[0], actor2=actors[1],
                country="Iraq", iso3="IRQ", admin1=f"Province {admin + rng.choice([0, 0, 0, 1]) if placed else admin}",
                location=f"Town {rng.randrange(4)}" if rng.random() < 0.8 else None,
                latitude=lat if placed else None, longitude=lon if placed else None,
                geo_precision=rng.choice([1, 1, 2]), fatalities=figure, fatalities_low=figure, fatalities_high=figure,
                claims=[Claim(source=source, fatalities=figure)], sources=[source],
                notes=f"{actors[0]} clashed with {actors[1]} near town {i % 4}, killing {figure}, {source} said.",
                article_ids=[article]))
    return out


REPORTS = list(RECORDS) + _crowded()


def _by_article(records: list[EventRecord]) -> list[tuple[Article, list[EventRecord]]]:
    grouped: dict[str, list[EventRecord]] = {}
    for r in records:
        grouped.setdefault(r.article_ids[0], []).append(r)
    return [(Article(id=a, text=f"text of {a}", outlet="x"), recs) for a, recs in grouped.items()]


def _content(event: dict) -> tuple:
    """An event as what it says, without its id (which keeps the history of how it formed)."""
    record = {k: v for k, v in event.items() if k not in ("event_id", "reviewed", "locked_fields")}
    return tuple(sorted(record["article_ids"])), repr(sorted(record.items()))


def _stored(store: Store) -> set[tuple]:
    return {_content(e) for e in store.events(limit=1000).items}


def _expected() -> set[tuple]:
    return {_content(e.to_json_dict()) for e in merge_reports(REPORTS)}


@pytest.mark.parametrize("order, batch", [("given", 7), ("reversed", 3), ("shuffled", 40), ("shuffled", 0)])
def test_events_do_not_depend_on_arrival_order_or_batching(db_url: str, order: str, batch: int) -> None:
    items = _by_article(REPORTS)
    if order == "reversed":
        items.reverse()
    elif order == "shuffled":
        random.Random(11).shuffle(items)
    expected = _expected()
    assert len(expected) < len(REPORTS) - 20  # the data does merge: many events have several reports
    with Store(db_url) as store:
        if batch:
            store.add_articles(items, batch_size=batch)
        else:
            for article, records in items:
                store.add_article(article, records)
        assert _stored(store) == expected
