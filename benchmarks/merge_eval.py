"""Scores the report merger against the hand-labelled set in tests/fixtures/merge/*.jsonl.

Each line of the record fixtures is {"gold": cluster label, "record": EventRecord}. Prints and
writes pairwise and B-cubed precision / recall / F1 to benchmarks/results/merge.json.

End to end ("end_to_end"): tests/fixtures/merge/articles.jsonl holds wire-style articles, each
{"id", "outlet", "published", "text", "gold"} (and "near_miss_of" on the near misses), one
incident per article. They were written after the merger was tuned and must stay held out: do not
tune merge.py or the extractor on them. Each article goes through the extractor, the records are
clustered as the store does (ReportView.of + cluster) and every record carries its article's gold.
An article that yields no record still counts, as a singleton of its own (a miss); one that yields
two records gives both its gold (the merger never joins two records of one article: a split).

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
from typing import Any

from conflictwatch.merge import ReportView, cluster, pair_score
from conflictwatch.record import EventRecord

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "merge"
ARTICLES = FIXTURES / "articles.jsonl"
ACLED_CSV = Path("datasets") / "acled-2020-05" / "acled.csv"
# the record fields an error entry compares between the parts of a split or a wrong join
DIFF_FIELDS = ("event_date", "time_precision", "iso3", "admin1", "location", "geo_precision", "sub_event_type",
               "actor1", "actor2", "fatalities")


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


def load_articles(path: Path = ARTICLES) -> list[dict[str, str]]:
    """The held-out articles, one JSON object a line."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _field(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value)


def _differs(parts: list[list[str]], records: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """For each compared field on which the parts disagree, the values of each part ("a / b"; "-" for none)."""
    out = {}
    for name in DIFF_FIELDS:
        values = [" / ".join(sorted({_field(records[rid], name) or "-" for rid in part})) for part in parts]
        if len(set(values)) > 1:
            out[name] = values
    return out


def _best_score(parts: list[list[str]], views: dict[str, ReportView]) -> float | None:
    """The best link between two parts (None: every pair across the parts is gated apart)."""
    scores = [pair_score(views[a], views[b])
              for p, q in itertools.combinations(parts, 2) for a in p for b in q if a in views and b in views]
    found = [x for x in scores if x is not None]
    return round(max(found), 3) if found else None


def end_to_end(path: Path = ARTICLES) -> dict[str, Any]:
    """Extract each article, cluster the records, and score the clusters against the articles' gold."""
    from conflictwatch.extract.pipeline import extract, get_pipeline

    rows = load_articles(path)
    get_pipeline()  # its load time is not extraction time
    gold: dict[str, str] = {}  # unit (record id, or "missed:<article>") -> gold label
    article_of: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    missed: list[str] = []
    several: dict[str, int] = {}
    cpu = time.process_time()
    for row in rows:
        out = extract(row["text"], published=row["published"], outlet=row["outlet"], article_id=row["id"])
        if not out:
            missed.append(row["id"])
            gold[f"missed:{row['id']}"] = row["gold"]
            article_of[f"missed:{row['id']}"] = row["id"]
        if len(out) > 1:
            several[row["id"]] = len(out)
        for record in out:
            data = record.to_json_dict()
            rid = str(data["event_id"])
            if rid in records:
                raise ValueError(f"two records share the id {rid}")
            records[rid] = data
            gold[rid] = row["gold"]
            article_of[rid] = row["id"]
    extract_cpu = time.process_time() - cpu
    views = {rid: ReportView.of(data) for rid, data in records.items()}
    groups = cluster(list(views.values()))
    groups += [[unit] for unit in gold if unit not in records]  # a missed article: a singleton of its own
    predicted = {rid: g[0] for g in groups for rid in g}
    scores = score(predicted, gold)

    by_incident: dict[str, dict[str, Any]] = {}
    for label in sorted(set(gold.values())):
        units = [u for u in gold if gold[u] == label]
        b_p = sum(len([j for j in units if predicted[j] == predicted[u]])
                  / len([j for j in gold if predicted[j] == predicted[u]]) for u in units) / len(units)
        b_r = sum(len([j for j in units if predicted[j] == predicted[u]]) / len(units) for u in units) / len(units)
        by_incident[label] = {
            "articles": len({article_of[u] for u in units}),
            "records": len([u for u in units if u in records]),
            "missed": len([u for u in units if u not in records]),
            "clusters": len({predicted[u] for u in units}),
            "bcubed": _prf(b_p, b_r),
        }

    def articles(part: list[str]) -> list[str]:
        return sorted({article_of[u] for u in part})

    errors: list[dict[str, Any]] = []
    for label in by_incident:
        units = [u for u in gold if gold[u] == label]
        lost = articles([u for u in units if u not in records])
        parts = sorted(([u for u in units if u in records and predicted[u] == c]
                        for c in {predicted[u] for u in units if u in records}), key=articles)
        if len(parts) > 1:
            errors.append({"kind": "split", "gold": label, "parts": [articles(p) for p in parts],
                           "best_score": _best_score(parts, views), "differs": _differs(parts, records),
                           **({"missed": lost} if lost else {})})
        elif lost:
            errors.append({"kind": "missed", "gold": label, "missed": lost})
    for group in groups:
        labels = sorted({gold[u] for u in group})
        if len(labels) > 1:
            parts = [[u for u in group if gold[u] == lab] for lab in labels]
            errors.append({"kind": "joined", "golds": labels, "parts": [articles(p) for p in parts],
                           "differs": _differs(parts, records)})
    return {
        "fixture": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "articles": len(rows),
        "records": len(records),
        "gold_events": len(set(gold.values())),
        "predicted_events": len(groups),
        "articles_without_record": len(missed),
        "missed_articles": missed,
        "articles_with_several_records": several,
        **scores,
        "by_incident": by_incident,
        "errors": errors,
        "extract_cpu_seconds": round(extract_cpu, 3),
    }


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
    paths = sorted(p for p in FIXTURES.glob("*.jsonl") if p != ARTICLES)  # records only: articles are end to end
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
        "end_to_end": end_to_end(),
        "acled_near_misses": acled_near_misses(Path(args.shared)),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
