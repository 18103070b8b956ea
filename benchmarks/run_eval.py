#!/usr/bin/env python
"""Accuracy benchmark: run the three `conflictwatch eval` scorings over the shared datasets.

Writes benchmarks/results/eval.json (full reports) and benchmarks/results/eval.md (tables the
README can quote), and prints the markdown. The datasets are read from `../shared` next to the
repository (never copied in: ACLED's terms forbid redistribution); without them the benchmark
says so and exits 0, so CI without the data stays green.

    python benchmarks/run_eval.py                 # everything (ACLED: 5,070 notes)
    python benchmarks/run_eval.py --limit 500     # quick: first 500 ACLED notes / CASE snippets
    python benchmarks/run_eval.py --limit 500 --sample --only acled
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conflictwatch import evaluate as ev

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
RESULTS = REPO / "benchmarks" / "results"

ACLED = Path("datasets/acled-2020-05/acled.csv")
GOLD = Path("examples")
CASE = Path("datasets/case2021-task2/test_with_labels.tsv")
NAMES = ("gold", "acled", "case")
HEADLINE_FIELDS = (("date", "event_date"), ("sub-event", "sub_event_type"), ("actor1", "actor1"),
                   ("admin1", "admin1"), ("25 km", "within_25km"), ("fatalities", "fatalities"))


def _git_commit() -> str | None:
    """The commit measured, so a figure in the README can be traced (read-only git call)."""
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode:
        return None
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _shown_path(path: Path, shared: Path) -> str:
    """Paths as `shared/...` so results files do not leak one machine's layout."""
    try:
        return str(Path(shared.name) / path.resolve().relative_to(shared.resolve()))
    except ValueError:
        return str(path)


def _summary_rows(results: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows = []
    if "acled" in results:
        r = results["acled"]
        v = r["groups"]["violent"]
        f = v["fields"]
        rows.append([
            "ACLED notes (headline: violent events)", f"{r['rows']:,} ({v['rows']:,} violent)",
            f"{r['wall_seconds']:.1f} s",
            f"{r['articles_per_second'] or '-'}",
            f"recall {ev.pct(v['event_recall'])}; "
            + "; ".join(f"{label} {ev.pct(f[name]['accuracy'])}" for label, name in HEADLINE_FIELDS),
        ])
    if "gold" in results:
        r = results["gold"]
        rows.append([
            "Hand-coded articles", f"{r['articles']} ({r['gold_events']} events)",
            f"{r['wall_seconds']:.1f} s",
            f"{r['articles_per_second'] or '-'}",
            f"event P {ev.pct(r['event_precision'])} R {ev.pct(r['event_recall'])}; "
            f"fields {ev.pct(r['all_fields']['accuracy'])}",
        ])
    if "case" in results:
        r = results["case"]
        rows.append([
            "CASE 2021 task 2 snippets", f"{r['rows']:,}", f"{r['wall_seconds']:.1f} s",
            f"{r['articles_per_second'] or '-'}",
            f"weighted F1 {r['weighted_f1_30']:.3f} (30 labels), {r['weighted_f1_25']:.3f} (25 ACLED)",
        ])
    return rows


def render_markdown(meta: dict[str, Any], results: dict[str, dict[str, Any]]) -> str:
    parts = [
        "### Accuracy benchmark (`benchmarks/run_eval.py`)\n",
        f"Commit {meta['commit'] or '?'}, {meta['date']}, Python {meta['python']}, "
        f"pipeline loaded in {meta['pipeline_load_seconds']:.1f} s"
        + (f", limit {meta['limit']}{' (sampled)' if meta['sample'] else ''}" if meta["limit"] else "")
        + ". Datasets are read from `../shared`, not redistributed.\n",
        ev.markdown_sections([("Summary", ["benchmark", "items", "time", "articles/s", "headline"],
                               _summary_rows(results))]),
    ]
    if "gold" in results:
        parts.append(ev.markdown_sections(ev.gold_sections(results["gold"])))
    if "acled" in results:
        parts.append(ev.markdown_sections(ev.acled_sections(results["acled"])))
        parts.append(
            "Matched rows are notes with at least one record; each is scored against its best-matching "
            "record. ACLED notes may describe several events, so records/note above 1 is not all error. "
            "Within 25 km counts only gold rows with geo_precision 1-2.\n")
    if "case" in results:
        parts.append(ev.markdown_sections(ev.case_sections(results["case"])))
        parts.append(
            "Prediction = the first record's sub-event type; no record is correct for the five non-ACLED "
            "labels. The published figures are trained BERT-style systems; ours is rule-based.\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data directory")
    parser.add_argument("--limit", type=int, default=None, help="score only N ACLED notes / CASE snippets")
    parser.add_argument("--sample", action="store_true", help="with --limit: seeded random N, not first N")
    parser.add_argument("--only", choices=NAMES, action="append", help="run only these (repeatable)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory")
    args = parser.parse_args(argv)

    shared: Path = args.shared
    if not shared.is_dir():
        print(f"skipping: shared data directory {shared} not found (use --shared DIR)")
        return 0
    paths = {"gold": shared / GOLD, "acled": shared / ACLED, "case": shared / CASE}
    wanted = [n for n in NAMES if (not args.only or n in args.only)]
    missing = [n for n in wanted if not paths[n].exists()]
    for name in missing:
        print(f"skipping {name}: {paths[name]} not found", file=sys.stderr)
    wanted = [n for n in wanted if n not in missing]
    if not wanted:
        print("skipping: no dataset found")
        return 0

    start = time.perf_counter()
    try:
        pipeline = ev.load_pipeline()
    except ImportError as exc:
        print(f"cannot run: the extraction pipeline is not importable ({exc})", file=sys.stderr)
        return 1
    load_seconds = time.perf_counter() - start

    results: dict[str, dict[str, Any]] = {}
    for name in wanted:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        if name == "gold":
            report = ev.evaluate_gold(paths[name], pipeline)
        elif name == "acled":
            report = ev.evaluate_acled(paths[name], pipeline, limit=args.limit, sample=args.sample)
        else:
            report = ev.evaluate_case(paths[name], pipeline, limit=args.limit, sample=args.sample)
        report["wall_seconds"] = round(time.perf_counter() - start, 2)
        report["path"] = _shown_path(Path(report["path"]), shared)
        results[name] = report
        print(f"  {name}: {ev.timing_line(report)}", file=sys.stderr, flush=True)

    meta = {
        "commit": _git_commit(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "pipeline_load_seconds": round(load_seconds, 2),
        "limit": args.limit,
        "sample": bool(args.sample and args.limit),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = render_markdown(meta, results)
    (args.out / "eval.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
