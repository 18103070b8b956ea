"""Scores the report merger against the hand-labelled set in tests/fixtures/merge/*.jsonl.

Each line is {"gold": cluster label, "record": EventRecord}. Prints and writes pairwise and
B-cubed precision / recall / F1 to benchmarks/results/merge.json.

With ../shared present it also measures false merges on real near misses: every ACLED event of
27 Apr-9 May 2020 is a distinct incident (many share a day and a province), so any two reports
from different ACLED rows that the merger joins are a wrong merge. That checks precision on data
the merger was never tuned on; it cannot measure recall (ACLED has one note per event).

    python benchmarks/merge_eval.py [--out benchmarks/results/merge.json] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from conflictwatch.merge import ReportView, cluster
from conflictwatch.record import EventRecord

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "merge"
ACLED_CSV = Path("datasets") / "acled-2020-05" / "acled.csv"


def load(paths: list[Path]) -> tuple[list[EventRecord], dict[str, str]]:
    records, gold = [], {}
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                rec = EventRecord.model_validate(row["record"])
                records.append(rec)
                gold[rec.event_id] = f"{path.stem}:{row['gold']}"
    return records, gold


def _prf(p: float, r: float) -> dict[str, float]:
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def score(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, dict[str, float]]:
    """Pairwise and B-cubed scores of a predicted clustering (report id -> cluster) against gold."""
    ids = sorted(gold)
    same_pred = {(a, b) for a, b in itertools.combinations(ids, 2) if predicted[a] == predicted[b]}
    same_gold = {(a, b) for a, b in itertools.combinations(ids, 2) if gold[a] == gold[b]}
    tp = len(same_pred & same_gold)
    pair_p = tp / len(same_pred) if same_pred else 1.0
    pair_r = tp / len(same_gold) if same_gold else 1.0
    b_p = b_r = 0.0
    for i in ids:
        pc = {j for j in ids if predicted[j] == predicted[i]}
        gc = {j for j in ids if gold[j] == gold[i]}
        b_p += len(pc & gc) / len(pc)
        b_r += len(pc & gc) / len(gc)
    return {"pairwise": _prf(pair_p, pair_r), "bcubed": _prf(b_p / len(ids), b_r / len(ids))}


def acled_near_misses(shared: Path) -> dict[str, object] | None:
    """Wrong merges among the reports extracted from ACLED's notes (one gold incident per row)."""
    from conflictwatch.evaluate import load_acled, load_pipeline, run_pipeline

    path = shared / ACLED_CSV
    if not path.exists():
        return None
    rows, _ = load_acled(path)
    run = run_pipeline(load_pipeline(), [row.article() for row in rows])
    views, gold = [], {}
    for row, records in zip(rows, run.records, strict=True):
        for record in records:
            data = record.to_json_dict()
            views.append(ReportView.of(data))
            gold[str(data["event_id"])] = row.id
    start = time.perf_counter()
    groups = cluster(views)
    seconds = time.perf_counter() - start
    merged_pairs = wrong_pairs = joined = 0
    wrong_examples: list[list[str]] = []
    for group in groups:
        merged_pairs += len(group) * (len(group) - 1) // 2
        by_row: dict[str, int] = {}
        for rid in group:
            by_row[gold[rid]] = by_row.get(gold[rid], 0) + 1
        same = sum(n * (n - 1) // 2 for n in by_row.values())
        if same < len(group) * (len(group) - 1) // 2:
            wrong_pairs += len(group) * (len(group) - 1) // 2 - same
            joined += len(group)
            if len(wrong_examples) < 20:
                wrong_examples.append(sorted(by_row))
    same_day_province = _same_day_province_pairs(rows)
    return {
        "acled_events": len(rows),
        "reports": len(views),
        "predicted_events": len(groups),
        "merged_pairs": merged_pairs,
        "wrong_pairs": wrong_pairs,
        "near_miss_pairs": same_day_province,
        "reports_in_wrong_merges": joined,
        "share_of_reports_wrongly_merged": round(joined / len(views), 4) if views else 0.0,
        "wrong_merge_examples": wrong_examples,
        "seconds": round(seconds, 3),
    }


def _same_day_province_pairs(rows: list) -> int:
    """How many pairs of distinct ACLED events share a day and a province: the near misses."""
    counts: dict[tuple[object, str, str], int] = {}
    for row in rows:
        key = (row.event_date, row.country, row.admin1)
        counts[key] = counts.get(key, 0) + 1
    return sum(n * (n - 1) // 2 for n in counts.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "merge.json"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data directory")
    args = parser.parse_args()
    paths = sorted(FIXTURES.glob("*.jsonl"))
    records, gold = load(paths)
    start = time.perf_counter()
    groups = cluster([ReportView.of(r.to_json_dict()) for r in records])
    seconds = time.perf_counter() - start
    predicted = {rid: g[0] for g in groups for rid in g}
    result = {
        "fixtures": [str(p.relative_to(ROOT)) for p in paths],
        "reports": len(records),
        "gold_events": len(set(gold.values())),
        "predicted_events": len(groups),
        **score(predicted, gold),
        "errors": sorted(
            {"report": rid, "predicted_with": sorted(j for j in predicted if predicted[j] == predicted[rid]),
             "gold": gold[rid]}.__repr__()
            for rid in gold
            if {j for j in gold if gold[j] == gold[rid]} != {j for j in predicted if predicted[j] == predicted[rid]}
        ),
        "seconds": round(seconds, 4),
        "acled_near_misses": acled_near_misses(Path(args.shared)),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
