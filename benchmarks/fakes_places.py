"""Full articles, end to end: does `extract` put FA-KES's incidents in the governorate its coders gave?

    python benchmarks/fakes_places.py [--show N]

FA-KES (804 news articles on Syrian war incidents, read in place from ../shared, never copied)
labels each article with the governorate of its incident. Every article goes through the default
pipeline as `conflictwatch extract` would run it; scored: an article whose records include one in
that governorate ("any"), whose first record is there ("first"), records placed outside Syria (an
article about the Syrian war may report incidents abroad, but most such records are misreadings),
and articles with no record. Writes benchmarks/results/fakes_places.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

from throughput import FAKES, load_rows, to_articles

OUT = Path(__file__).resolve().parent / "results" / "fakes_places.json"
# FA-KES's governorate labels -> the admin1 names our gazetteer gives (ACLED's for Syria). FA-KES's
# "damascus" covers the capital and its countryside (Rural Damascus), as its source database does.
GOVERNORATES = {
    "aleppo": {"Aleppo"}, "damascus": {"Damascus", "Rural Damascus"}, "idlib": {"Idleb"},
    "deir ezzor": {"Deir ez-Zor"}, "raqqa": {"Ar-Raqqa"}, "homs": {"Homs"}, "hasakeh": {"Al-Hasakeh"},
    "hama": {"Hama"}, "daraa": {"Dar'a"}, "lattakia": {"Lattakia"}, "quneitra": {"Quneitra"},
    "tartous": {"Tartous"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print N articles whose first record is elsewhere")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not FAKES.exists():
        print(f"skipped: {FAKES} not found (the dataset is read in place, never copied)")
        return 0
    from conflictwatch.extract.pipeline import get_pipeline

    with FAKES.open(encoding="utf-8", errors="replace", newline="") as handle:
        labels = [row["location"].strip().lower() for row in csv.DictReader(handle)]
    articles = to_articles(load_rows(), 0)
    pipeline = get_pipeline()
    counts: Counter[str] = Counter()
    abroad: Counter[str] = Counter()
    misses = []
    started = time.process_time()
    for article, label in zip(articles, labels, strict=True):
        wanted = GOVERNORATES.get(label)
        if wanted is None:
            counts["unknown_label"] += 1
            continue
        records = pipeline(article)
        counts["articles"] += 1
        counts["records"] += len(records)
        if not records:
            counts["no_record"] += 1
            continue
        counts["any"] += any(r.admin1 in wanted for r in records)
        counts["first"] += records[0].admin1 in wanted
        counts["first_country_only"] += records[0].country == "Syria" and records[0].admin1 is None
        for r in records:
            if r.country is None:  # the text placed it nowhere: not abroad, but not placed either
                counts["records_unplaced"] += 1
            elif r.country != "Syria":
                counts["records_abroad"] += 1
                abroad[r.country] += 1
        if records[0].admin1 not in wanted:
            misses.append({"id": article.id, "label": label, "first": [records[0].country, records[0].admin1,
                                                                       records[0].location]})
    n = counts["articles"]
    result = {
        "articles": n, "records": counts["records"],
        "any_record_in_governorate": round(counts["any"] / n, 3),
        "first_record_in_governorate": round(counts["first"] / n, 3),
        "first_record_country_only": round(counts["first_country_only"] / n, 3),
        "articles_without_record": counts["no_record"],
        "records_outside_syria": counts["records_abroad"], "outside_syria_by_country": dict(abroad.most_common()),
        "records_unplaced": counts["records_unplaced"],
        "cpu_seconds": round(time.process_time() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(dict(result, first_record_misses=misses), indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    for miss in misses[: args.show]:
        print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
