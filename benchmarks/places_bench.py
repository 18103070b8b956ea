"""Place resolution against ACLED's own coding (evaluation only: ACLED rows never enter the repo).

    python benchmarks/places_bench.py [--limit N]

For each violent event (Battles, Explosions/Remote violence, Violence against civilians) the
ACLED `notes` text becomes a Document (sentences from split_sentences, the whole note as the
focus, no country hint). Scores: admin1 right (names normalised), coordinates within 25 km for
events ACLED placed at geo_precision 1-2. Writes benchmarks/results/places.json and prints a
markdown table. Skips cleanly when /work/shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path("/work/shared/datasets/acled-2020-05/acled.csv")
FAKES = Path("/work/shared/datasets/fakes/FA-KES-Dataset.csv")
OUT = Path(__file__).parent / "results" / "places.json"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def norm(name: str | None) -> str:
    """Admin1 names for comparison, as the eval compares them (conflictwatch.evaluate.norm_admin1)."""
    from conflictwatch.evaluate import norm_admin1

    s = unicodedata.normalize("NFKD", norm_admin1(name))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\bal[- ]", "", s)
    return re.sub(r"[^a-z]", "", s)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def full_articles(tagger, Document, Article, split_sentences) -> float | None:  # noqa: N803
    """CPU ms per full news article (FA-KES, ~300 words): tag, then resolve the lead sentences."""
    if not FAKES.exists():
        return None
    csv.field_size_limit(1 << 27)
    with open(FAKES, encoding="utf-8", errors="replace", newline="") as fh:
        texts = [r["article_content"] for r in csv.DictReader(fh)]
    docs = [(t, split_sentences(t)) for t in texts]

    def run() -> None:
        for text, sents in docs:
            doc = Document(Article("a", text), text, sentences=sents)
            tagger(doc)
            tagger.resolve(doc, sents[:2] or [(0, len(text))])

    run()  # warm-up: steady state, not first-call caches
    c = time.process_time()
    run()
    return round(1000 * (time.process_time() - c) / max(len(docs), 1), 3)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    from conflictwatch.document import Article, Document
    from conflictwatch.extract.gazetteer import get_gazetteer
    from conflictwatch.extract.places import PlaceTagger
    from conflictwatch.extract.sentences import split_sentences

    t0 = time.perf_counter()
    get_gazetteer()
    load_s = time.perf_counter() - t0
    tagger = PlaceTagger()
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["event_type"] in VIOLENT]
    if args.limit:
        rows = rows[: args.limit]
    # warm-up so the figure is steady-state cost, not first-call caches
    for r in rows[:50]:
        d = Document(Article("w", r["notes"]), r["notes"], sentences=split_sentences(r["notes"]))
        tagger.resolve(tagger(d), [(0, len(r["notes"]))])

    per: dict[str, Counter] = defaultdict(Counter)
    failures: Counter = Counter()
    spent = 0.0
    cpu0 = time.process_time()
    for r in rows:
        text = r["notes"]
        t = time.perf_counter()
        doc = Document(Article(r["event_id_cnty"], text), text, sentences=split_sentences(text))
        tagger(doc)
        res = tagger.resolve(doc, [(0, len(text))])
        spent += time.perf_counter() - t
        for key in ("all", r["region"] or "?"):
            c = per[key]
            c["n"] += 1
            ok_a1 = res is not None and norm(res.admin1) == norm(r["admin1"])
            c["admin1_ok"] += ok_a1
            c["country_ok"] += res is not None and res.country.lower() == r["country"].lower() or (
                res is not None and res.iso3 == r["iso3"])
            if r["geo_precision"] in ("1", "2"):
                c["n_point"] += 1
                if res is not None and res.latitude is not None:
                    d = km((res.latitude, res.longitude), (float(r["latitude"]), float(r["longitude"])))
                    c["within25"] += d <= 25
        if res is None:
            kind = "no place at all"
        elif res.iso3 != r["iso3"]:
            kind = "wrong country"
        elif norm(res.admin1) == norm(r["admin1"]):
            kind = ""
        elif res.admin1 is None:
            kind = "admin1 unknown (country only)"
        elif res.geo_precision == 3:
            kind = "wrong admin1 from a province/region name"
        else:
            kind = "wrong admin1 from a town (ambiguous name or border)"
        if kind:
            failures[kind] += 1
        if kind == "admin1 unknown (country only)" and r["geo_precision"] in ("1", "2"):
            failures["  of which ACLED had a town (not in gazetteer?)"] += 1
    cpu_ms = 1000 * (time.process_time() - cpu0) / max(len(rows), 1)
    n = per["all"]["n"]
    article_ms = full_articles(tagger, Document, Article, split_sentences)
    table = []
    for key in ["all"] + sorted(k for k in per if k != "all"):
        c = per[key]
        table.append({
            "group": key, "events": c["n"],
            "admin1": round(c["admin1_ok"] / c["n"], 3) if c["n"] else None,
            "country": round(c["country_ok"] / c["n"], 3) if c["n"] else None,
            "point_events": c["n_point"],
            "within_25km": round(c["within25"] / c["n_point"], 3) if c["n_point"] else None,
        })
    result = {
        "dataset": str(DATA), "events": n,
        "gazetteer_load_s": round(load_s, 3),
        "mean_tag_and_resolve_ms": round(1000 * spent / max(n, 1), 3),
        "cpu_ms_per_note": round(cpu_ms, 3),
        "cpu_ms_per_full_article": article_ms,
        "by_region": table,
        "top_failures": failures.most_common(10),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"gazetteer load {load_s:.2f} s; tag+resolve {result['mean_tag_and_resolve_ms']} ms/note "
          f"(CPU {result['cpu_ms_per_note']} ms/note); FA-KES full articles: CPU {article_ms} ms/article; {n} events\n")
    print("| group | events | admin1 | country | point events | within 25 km |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in table:
        print(f"| {t['group']} | {t['events']} | {t['admin1']} | {t['country']} | {t['point_events']} | "
              f"{t['within_25km']} |")
    print("\ntop failures:")
    for kind, k in failures.most_common(10):
        print(f"- {kind}: {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
