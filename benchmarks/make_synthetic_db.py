"""Generate N synthetic events (default 1,000,000) into a SQLite file, for the API benchmark.

The schema comes from `Store(url)` (the real migrations, with the real indexes); rows are bulk-
inserted with sqlite3 `executemany` with the indexes (and the triggers feeding the full-text index)
dropped and rebuilt afterwards, which is ~10x faster than inserting into indexed tables. Only
`events` is filled (no articles/reports): the benchmark measures listing and filtering, which reads
nothing else.

    python benchmarks/make_synthetic_db.py --n 1000000 --out benchmarks/results/synthetic.sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from conflictwatch.record import EVENT_TYPES
from conflictwatch.store import Store

# (country, iso3, weight, (lat, lon), admin1 units) -- weights skewed like real conflict data
COUNTRIES: list[tuple[str, str, float, tuple[float, float], list[str]]] = [
    ("Syria", "SYR", 20, (35.0, 38.5), ["Aleppo", "Idlib", "Deir ez-Zor", "Hama", "Homs", "Daraa", "Raqqa"]),
    ("Ukraine", "UKR", 18, (48.5, 35.0), ["Donetsk", "Luhansk", "Kharkiv", "Zaporizhia", "Kherson"]),
    ("Yemen", "YEM", 10, (15.5, 45.0), ["Marib", "Taizz", "Al Hudaydah", "Sanaa", "Aden"]),
    ("Iraq", "IRQ", 8, (33.3, 44.0), ["Baghdad", "Nineveh", "Anbar", "Salah al-Din", "Diyala", "Basra"]),
    ("Afghanistan", "AFG", 8, (34.5, 67.0), ["Kunduz", "Helmand", "Kandahar", "Nangarhar", "Kabul"]),
    ("Nigeria", "NGA", 7, (10.0, 8.0), ["Borno", "Zamfara", "Kaduna", "Katsina", "Benue", "Plateau"]),
    ("Somalia", "SOM", 6, (4.0, 45.5), ["Banadir", "Lower Shabelle", "Middle Shabelle", "Hiraan", "Bay"]),
    ("Mali", "MLI", 4, (15.0, -2.0), ["Mopti", "Gao", "Timbuktu", "Segou", "Kidal"]),
    ("Burkina Faso", "BFA", 4, (12.5, -1.5), ["Sahel", "Est", "Nord", "Centre-Nord", "Boucle du Mouhoun"]),
    ("Democratic Republic of Congo", "COD", 5, (-1.5, 29.0), ["North Kivu", "South Kivu", "Ituri", "Tanganyika"]),
    ("Sudan", "SDN", 4, (15.5, 32.5), ["Khartoum", "North Darfur", "West Darfur", "South Kordofan"]),
    ("Myanmar", "MMR", 3, (21.0, 96.0), ["Sagaing", "Rakhine", "Shan", "Kachin", "Magway"]),
    ("Pakistan", "PAK", 2, (30.0, 70.0), ["Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh"]),
    ("Libya", "LBY", 0.7, (27.0, 17.0), ["Tripoli", "Benghazi", "Misrata", "Sirte"]),
    ("Mozambique", "MOZ", 0.3, (-12.5, 40.0), ["Cabo Delgado", "Niassa", "Nampula"]),
]
TYPE_WEIGHTS = {"Battles": 30, "Explosions/Remote violence": 30, "Violence against civilians": 18, "Protests": 12,
                "Riots": 4, "Strategic developments": 6}
ACTORS = ["Islamic State", "Hezbollah", "Taliban", "Al Shabaab",
          "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawati wal-Jihad",
          "JNIM: Group for Support of Islam and Muslims", "SDF: Syrian Democratic Forces", "Wagner Group",
          "NDF: National Defence Forces", "Houthi Movement", "RSF: Rapid Support Forces", "M23: March 23 Movement",
          "Hayat Tahrir al-Sham", "Unidentified Armed Group", "Arakan Army"]
SOURCES = ["Reuters", "AFP", "AP", "SOHR", "BBC", "Al Jazeera", "local media"]
START = dt.date(2015, 1, 1).toordinal()
DAYS = dt.date(2024, 12, 31).toordinal() - START + 1

COLUMNS = ("id", "event_date", "time_precision", "country", "iso3", "admin1", "event_type", "sub_event_type",
           "actor1", "actor2", "location", "notes", "fatalities", "latitude", "longitude", "record",
           "fatalities_low", "fatalities_high", "reviewed", "locked", "updated_at")


def rows(n: int, seed: int = 1) -> Iterator[tuple]:
    """n deterministic synthetic events as `events` table rows (record JSON included)."""
    rnd = random.Random(seed)
    cweights = [c[2] for c in COUNTRIES]
    types = list(TYPE_WEIGHTS)
    tweights = list(TYPE_WEIGHTS.values())
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    dumps = json.dumps
    for i in range(n):
        country, iso3, _, (clat, clon), units = rnd.choices(COUNTRIES, cweights)[0]
        etype = rnd.choices(types, tweights)[0]
        sub = rnd.choice(EVENT_TYPES[etype])
        day = dt.date.fromordinal(START + rnd.randrange(DAYS)).isoformat()
        admin1 = rnd.choice(units)
        state = f"Military Forces of {country}"
        if etype == "Protests":
            actor1, actor2, inter1, inter2 = f"Protesters ({country})", None, 6, None
        elif etype == "Violence against civilians":
            actor1, actor2, inter1, inter2 = rnd.choice(ACTORS), f"Civilians ({country})", 2, 7
        else:
            actor1, actor2, inter1, inter2 = rnd.choice(ACTORS), state, 2, 1
        deaths = 0 if etype in ("Protests", "Strategic developments") else int(rnd.expovariate(0.25))
        low, high = max(0, deaths - rnd.randrange(3)), deaths + rnd.randrange(3)
        lat, lon = round(clat + rnd.uniform(-2, 2), 4), round(clon + rnd.uniform(-2, 2), 4)
        location = f"{admin1} town {rnd.randrange(40)}"
        eid = f"syn-{i:07d}"
        notes = f"On {day}, {actor1} and {actor2 or 'others'} clashed near {location}, {admin1}; {deaths} killed."
        record = {
            "event_id": eid, "event_date": day, "time_precision": rnd.choice((1, 1, 1, 2, 3)), "event_type": etype,
            "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": None, "actor2": actor2, "assoc_actor_2": None,
            "inter1": inter1, "inter2": inter2, "country": country, "iso3": iso3, "admin1": admin1, "admin2": None,
            "location": location, "latitude": lat, "longitude": lon, "geo_precision": rnd.choice((1, 1, 2, 3)),
            "fatalities": deaths, "fatalities_low": low, "fatalities_high": high, "wounded": None,
            "claims": [{"source": rnd.choice(SOURCES), "fatalities": deaths, "wounded": None, "qualifier": "exact",
                        "evidence": []}],
            "sources": [rnd.choice(SOURCES)], "notes": notes, "evidence": {}, "article_ids": [f"syn-art-{i:07d}"],
        }
        yield (eid, day, record["time_precision"], country, iso3, admin1, etype, sub, actor1, actor2, location, notes,
               deaths, lat, lon, dumps(record), low, high, int(rnd.random() < 0.05), "{}", now)


def build(path: Path, n: int, seed: int = 1) -> None:
    if path.exists():
        path.unlink()
    Store(f"sqlite:///{path}").close()  # the real schema and indexes, via the migrations
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='events' "
                           "AND sql IS NOT NULL").fetchall()
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='events'").fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    marks = ", ".join("?" for _ in COLUMNS)
    conn.executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})", rows(n, seed))
    conn.commit()
    for _, sql in indexes:
        conn.execute(sql)
    if triggers:  # the full-text index, built in one pass, then kept in sync again by the triggers
        conn.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "synthetic.sqlite")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    build(args.out, args.n, args.seed)
    print(f"{args.n} events -> {args.out} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
