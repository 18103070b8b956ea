"""Bulk ingest throughput of the store (goal: >= 5,000 incident reports/s into SQLite).

Synthetic but realistic shape: articles arrive roughly in date order, each with 1-3 reports; a
third of incidents are reported again by a second outlet (so merging has work to do); 15
countries, 6 provinces each. Writes benchmarks/results/ingest.json.

    python benchmarks/ingest_bench.py [--reports 30000] [--batch 1000] [--db URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from conflictwatch.document import Article
from conflictwatch.record import Claim, EventRecord
from conflictwatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["SYR", "IRQ", "AFG", "YEM", "NGA", "MLI", "SOM", "COD", "MMR", "UKR", "ETH", "BFA", "LBY", "SDN", "MOZ"]
OUTLETS = ["Reuters", "AFP", "AP", "SOHR", "Al Jazeera", "BBC", "Xinhua", "SANA"]
ACTORS = ["Islamic State", "Military Forces of X", "Police Forces of X", "Rebel Group A", "Militia B", "Militia C"]


def synthetic(n_reports: int, seed: int = 1) -> list[tuple[Article, list[EventRecord]]]:
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    incidents = []
    for i in range(int(n_reports / 1.33)):
        iso3 = rng.choice(COUNTRIES)
        admin = rng.randrange(6)
        incidents.append({
            "day": start + dt.timedelta(days=i * 365 // int(n_reports / 1.33)),
            "iso3": iso3, "admin1": f"{iso3} province {admin}", "town": f"Town {rng.randrange(40)}",
            "lat": 10 + admin * 2 + rng.random(), "lon": 30 + COUNTRIES.index(iso3) * 3 + rng.random(),
            "actors": rng.sample(ACTORS, 2), "deaths": rng.randrange(0, 30), "i": i,
        })
    mentions = [(inc, 0) for inc in incidents] + [(inc, 1) for inc in incidents if inc["i"] % 3 == 0]
    mentions.sort(key=lambda m: (m[0]["day"], m[1], m[0]["i"]))
    items, article, n = [], None, 0
    for inc, k in mentions:
        if n >= n_reports:
            break
        if article is None or len(article[1]) >= rng.randint(1, 3):
            if article:
                items.append(article)
            aid = f"art-{len(items):07d}"
            article = (Article(id=aid, text=f"synthetic article {aid}", outlet=OUTLETS[len(items) % 8]), [])
        aid = article[0].id
        source = OUTLETS[(inc["i"] + k * 3) % 8]
        deaths = inc["deaths"] + k
        article[1].append(EventRecord(
            event_id=f"{aid}-{len(article[1])}", event_date=inc["day"].isoformat(), time_precision=1,
            event_type="Battles", sub_event_type="Armed clash", actor1=inc["actors"][0], actor2=inc["actors"][1],
            country=inc["iso3"], iso3=inc["iso3"], admin1=inc["admin1"], location=inc["town"],
            latitude=inc["lat"], longitude=inc["lon"], geo_precision=1, fatalities=deaths,
            fatalities_low=deaths, fatalities_high=deaths, claims=[Claim(source=source, fatalities=deaths)],
            sources=[source], notes=f"On {inc['day']}, {inc['actors'][0]} clashed with {inc['actors'][1]} "
            f"in {inc['town']}, killing {deaths}.", article_ids=[aid]))
        n += 1
    if article:
        items.append(article)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=30000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh temporary SQLite file)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "ingest.json"))
    args = parser.parse_args()
    items = synthetic(args.reports)
    n_reports = sum(len(r) for _, r in items)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite"
        with Store(url) as store:
            t0, c0 = time.perf_counter(), time.process_time()
            store.add_articles(items, batch_size=args.batch)
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0  # on a shared machine wall time also counts other processes' turns
            counts = store.counts()
            t1 = time.perf_counter()
            again = store.add_articles(items[:2000], batch_size=args.batch)
            reingest = time.perf_counter() - t1
        result = {
            "database": "sqlite (temp file)" if args.db is None else url.split("@")[-1],
            "articles": len(items), "reports": n_reports, "batch_size": args.batch,
            "seconds": round(seconds, 2), "reports_per_second": round(n_reports / seconds),
            "cpu_seconds": round(cpu, 2), "reports_per_cpu_second": round(n_reports / cpu),
            "articles_per_second": round(len(items) / seconds), "stored": counts,
            "reingest_unchanged_2000_articles_seconds": round(reingest, 2),
            "reingest_all_unchanged": all(r.status == "unchanged" for r in again),
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
