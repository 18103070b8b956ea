#!/usr/bin/env python
"""Byte-for-byte check that a speed change did not change what the extractor outputs.

Runs the pipeline over FA-KES, the ACLED notes, the CASE snippets, the hand-coded examples and the
repository samples, writing each article's records as `conflictwatch extract --format jsonl` would
(`json.dumps(record.to_json_dict(), ensure_ascii=False)`), and compares them article by article with
a baseline made earlier by the original code. The datasets are read in place (never copied into the
repository); a corpus whose file is missing is skipped and said so.

    python benchmarks/compare_outputs.py --write /tmp/perf-baseline     # once, with the original code
    python benchmarks/compare_outputs.py --baseline /tmp/perf-baseline  # after every change; exit 1 on a diff
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from conflictwatch.document import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # ../shared beside the repository
FAKES = SHARED / "datasets/fakes/FA-KES-Dataset.csv"
ACLED = SHARED / "datasets/acled-2020-05/acled.csv"
CASE = SHARED / "datasets/case2021-task2/test_with_labels.tsv"
EXAMPLES = SHARED / "examples"
SAMPLES = REPO / "samples"


def fakes() -> Iterator[Article]:
    """FA-KES as the JSON-lines reader makes it (the throughput benchmark's input)."""
    from throughput import load_rows  # benchmarks/ is on sys.path when this script runs

    from conflictwatch.ingest.jsonl import parse_line

    for row in load_rows():
        yield parse_line(json.dumps(row).encode(), row["id"], row["id"], published=None, outlet=None)


def acled() -> Iterator[Article]:
    from conflictwatch.evaluate import load_acled

    rows, _ = load_acled(ACLED)
    return (row.article() for row in rows)


def case() -> Iterator[Article]:
    from conflictwatch.evaluate import load_case

    return (row.article() for row in load_case(CASE))


def examples() -> Iterator[Article]:
    from conflictwatch.evaluate import load_gold_dir

    return (gold.article() for gold in load_gold_dir(EXAMPLES))


def samples() -> Iterator[Article]:
    from conflictwatch.ingest.readers import read_path

    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".txt", ".jsonl"):
            for item in read_path(str(path)):
                if isinstance(item, Article):
                    yield item


CORPORA: dict[str, tuple[Path, Callable[[], Iterator[Article]]]] = {
    "fakes": (FAKES, fakes), "acled": (ACLED, acled), "case": (CASE, case),
    "examples": (EXAMPLES, examples), "samples": (SAMPLES, samples),
}


def outputs(articles: Iterator[Article]) -> Iterator[str]:
    """One JSON line per article: its id, its records exactly as the CLI prints them, and a digest of
    every annotation layer (sentences, dates, places, ...), so a change that alters an intermediate
    result the records happen not to show is caught too."""
    from conflictwatch.extract.pipeline import get_pipeline

    pipeline = get_pipeline()
    for article in articles:
        try:
            doc = pipeline.annotate(article)
            lines = [json.dumps(r.to_json_dict(), ensure_ascii=False) for r in doc.incidents]
            layers = {name: _digest(spans) for name, spans in sorted(doc.spans.items())}
            layers["sentences"] = _digest(doc.sentences)
        except Exception as exc:  # noqa: BLE001 - a crash is an output too, and must not change
            lines, layers = [f"ERROR {type(exc).__name__}: {exc}"], {}
        yield json.dumps({"article": article.id, "origin": article.origin, "lines": lines, "layers": layers},
                         ensure_ascii=False)


def _digest(items: object) -> str:
    return hashlib.sha1(repr(items).encode()).hexdigest()[:16]


def compare(name: str, got: list[str], want: list[str], show: int) -> int:
    """Number of articles whose output differs (a missing or extra article counts as one)."""
    diffs = 0
    for i in range(max(len(got), len(want))):
        a = got[i] if i < len(got) else None
        b = want[i] if i < len(want) else None
        if a == b:
            continue
        diffs += 1
        if diffs <= show:
            print(f"--- {name} article #{i} differs", file=sys.stderr)
            la = json.loads(a).get("layers", {}) if a else {}
            lb = json.loads(b).get("layers", {}) if b else {}
            changed = sorted(k for k in set(la) | set(lb) if la.get(k) != lb.get(k))
            if changed:
                print(f"    annotation layers that differ: {', '.join(changed)}", file=sys.stderr)
            ga = json.loads(a)["lines"] if a else []
            wb = json.loads(b)["lines"] if b else []
            article = json.loads(a or b)["article"]
            print(f"    id {article}: {len(wb)} record(s) in the baseline, {len(ga)} now", file=sys.stderr)
            for j in range(max(len(ga), len(wb))):
                x = ga[j] if j < len(ga) else None
                y = wb[j] if j < len(wb) else None
                if x != y:
                    print(f"    baseline: {y}\n    now:      {x}", file=sys.stderr)
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR", help="write a baseline into DIR")
    mode.add_argument("--baseline", type=Path, metavar="DIR", help="compare against the baseline in DIR")
    parser.add_argument("--only", nargs="+", choices=list(CORPORA), help="corpora to run (default: all)")
    parser.add_argument("--show", type=int, default=5, help="differing articles to print per corpus")
    args = parser.parse_args()

    total_diffs = 0
    for name in args.only or list(CORPORA):
        source, load = CORPORA[name]
        if not source.exists():
            print(f"{name}: skipped ({source} not found)")
            continue
        started = time.process_time()
        got = list(outputs(load()))
        cpu = time.process_time() - started
        records = sum(len(json.loads(line)["lines"]) for line in got)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{name}.jsonl").write_text("\n".join(got) + "\n", encoding="utf-8")
            print(f"{name}: wrote {len(got)} articles, {records} records ({cpu:.1f} s CPU)")
            continue
        path = args.baseline / f"{name}.jsonl"
        if not path.exists():
            print(f"{name}: no baseline at {path}")
            total_diffs += 1
            continue
        want = path.read_text(encoding="utf-8").splitlines()
        diffs = compare(name, got, want, args.show)
        total_diffs += diffs
        verdict = "identical" if not diffs else f"{diffs} article(s) DIFFER"
        print(f"{name}: {len(got)} articles, {records} records: {verdict} ({cpu:.1f} s CPU)")
    return 1 if total_diffs else 0


if __name__ == "__main__":
    sys.exit(main())
