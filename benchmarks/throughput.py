"""Throughput and memory of the extractor on FA-KES (804 full articles), against the goal of
>= 250 articles/s on one core in <= 600 MB.

In one run: (1) single-process speed of the default pipeline over the set repeated to ~5,000
articles, with peak RSS; (2) the same texts through a bare `re.findall(r"\\w+")` word split, the floor
no tokenising extractor can beat, and the ratio; (3) ms/article per pipeline component (each one
wrapped with a timer) and a cProfile of one pass, to say where the time goes; (4) `conflictwatch
batch` on 1 and 2 Dask workers over FA-KES x10 (8,040 articles) written as JSON-lines shards.
Writes benchmarks/results/throughput.json and prints a markdown table. The dataset is read in place
(it may not be redistributed); the run is skipped when it is absent.

With `--compiled DIR` (`make compiled` unpacks the mypyc build into build/compiled) the whole run is
repeated in a subprocess that imports the compiled modules from DIR, and reported beside the first.

    python benchmarks/throughput.py [--repeat-to 5000] [--copies 10] [--no-batch] [--out FILE]
                                    [--compiled build/compiled]
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import csv
import datetime as dt
import io
import json
import logging
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conflictwatch.document import Article, Document
from conflictwatch.ingest.jsonl import parse_line

FAKES = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "fakes" / "FA-KES-Dataset.csv"
OUT = Path(__file__).resolve().parent / "results" / "throughput.json"
GOAL_RATE, GOAL_MB = 250.0, 600.0
SHARD_ARTICLES = 500  # ~16 shards for FA-KES x10: enough tasks to balance two workers


def load_rows() -> list[dict[str, Any]]:
    """FA-KES as wire-format JSON objects (id, text, title, outlet, published from the `date` column)."""
    rows = []
    with FAKES.open(encoding="utf-8", errors="replace", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            try:
                day = dt.datetime.strptime(row["date"].strip(), "%m/%d/%Y").date().isoformat()
            except ValueError:
                day = None
            rows.append({"id": f"fakes-{i}", "text": row["article_content"], "title": row["article_title"],
                         "url": None, "outlet": row["source"] or None, "published": day})
    return rows


def to_articles(rows: list[dict[str, Any]], copy: int) -> list[Article]:
    """Articles as a JSON-lines reader would make them (ids made distinct per copy)."""
    out = []
    for row in rows:
        obj = dict(row, id=f"{row['id']}-{copy}")
        out.append(parse_line(json.dumps(obj).encode(), obj["id"], obj["id"], published=None, outlet=None))
    return out


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Timed:
    """A component wrapped with a timer; keeps the component's name so the breakdown can say whose time."""

    def __init__(self, component: Callable[[Document], Document], totals: dict[str, float]) -> None:
        self.component, self.totals = component, totals
        self.name = getattr(component, "name", type(component).__name__)

    def __call__(self, doc: Document) -> Document:
        started = time.process_time()  # CPU time, like the headline figure: immune to other processes
        try:
            return self.component(doc)
        finally:
            self.totals[self.name] += time.process_time() - started


def single_core(rows: list[dict[str, Any]], repeat_to: int) -> dict[str, Any]:
    from conflictwatch.extract.pipeline import Pipeline, get_pipeline

    rss_start = maxrss_mb()
    started = time.perf_counter()
    pipeline = get_pipeline()
    build_s = time.perf_counter() - started
    copies = max(1, round(repeat_to / len(rows)))
    started = time.process_time()
    batches = [to_articles(rows, c) for c in range(copies)]  # read outside the timed loop
    read_cpu = time.process_time() - started
    texts = [a.text for batch in batches for a in batch]

    # (1) the pipeline, untouched
    records = errors = 0
    round_rates = []  # each copy of the set is one round: the spread says how noisy the machine was
    started, cpu_started = time.perf_counter(), time.process_time()
    for batch in batches:
        round_started = time.process_time()
        for article in batch:
            try:
                records += len(pipeline(article))
            except Exception:  # noqa: BLE001 - counted: the speed figure must not hide crashes
                errors += 1
        round_rates.append(len(batch) / max(time.process_time() - round_started, 1e-9))
    wall = time.perf_counter() - started
    elapsed = time.process_time() - cpu_started  # CPU time: the machine is shared, wall time is not ours alone
    n = len(texts)

    # (2) the floor
    started = time.process_time()
    words = sum(len(re.findall(r"\w+", text)) for text in texts)
    floor_s = time.process_time() - started

    # (3) per component over one pass, and a cProfile of one pass
    totals: dict[str, float] = collections.defaultdict(float)
    timed = Pipeline([Timed(c, totals) for c in pipeline.components])
    for article in batches[0]:
        try:
            timed(article)
        except Exception:  # noqa: BLE001
            pass
    profiler = cProfile.Profile()
    profiler.enable()
    for article in batches[0]:
        try:
            pipeline(article)
        except Exception:  # noqa: BLE001
            pass
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
    top = _top_functions(profiler, 25)

    return {
        "articles": n, "copies": copies, "words": words, "words_per_article": round(words / n, 1),
        "records": records, "errors": errors, "pipeline_build_s": round(build_s, 2),
        "articles_per_s": round(n / elapsed, 1), "ms_per_article": round(1000 * elapsed / n, 3),
        "round_articles_per_s": [round(r, 1) for r in round_rates],
        "median_round_articles_per_s": round(statistics.median(round_rates), 1),
        "articles_per_wall_s": round(n / wall, 1), "read_ms_per_article": round(1000 * read_cpu / n, 3),
        "peak_rss_mb": round(maxrss_mb(), 1), "rss_before_build_mb": round(rss_start, 1),
        "floor_articles_per_s": round(n / floor_s, 1), "floor_ms_per_article": round(1000 * floor_s / n, 4),
        "pipeline_over_floor": round(elapsed / floor_s, 1),
        "components_ms_per_article": {k: round(1000 * v / len(rows), 3) for k, v in totals.items()},
        "profile_top_tottime": top,
        "profile_text": stream.getvalue(),
    }


def _top_functions(profiler: cProfile.Profile, limit: int) -> list[dict[str, Any]]:
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    items = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:limit]
    out = []
    for (file, line, func), (_cc, calls, tottime, cumtime, _callers) in items:
        short = "/".join(Path(file).parts[-2:]) if file != "~" else "builtin"
        out.append({"function": f"{short}:{line}({func})", "calls": calls, "tottime_s": round(tottime, 3),
                    "cumtime_s": round(cumtime, 3)})
    return out


def write_shards(rows: list[dict[str, Any]], copies: int, folder: Path) -> list[Path]:
    lines = [json.dumps(dict(r, id=f"{r['id']}-{c}")) for c in range(copies) for r in rows]
    paths = []
    for k in range(0, len(lines), SHARD_ARTICLES):
        path = folder / f"fakes-{k // SHARD_ARTICLES:04d}.jsonl"
        path.write_text("\n".join(lines[k: k + SHARD_ARTICLES]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def batch_run(shards: list[Path], workers: int, out: Path) -> dict[str, Any]:
    """`run_batch` on a fresh LocalCluster; wall time with and without the cluster's start-up."""
    from distributed import Client, LocalCluster

    from conflictwatch.batch import run_batch

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        up = time.perf_counter() - started
        summary = run_batch([str(s) for s in shards], out, client=client)
        worker_rss = client.run(maxrss_mb)
    total = time.perf_counter() - started
    n = summary.articles_coded
    cpu = sum(r.cpu_seconds for r in summary.results)
    return {
        "workers": workers, "shards": len(shards), "articles": n, "failed_shards": len(summary.failed),
        "records": sum(r.records for r in summary.results), "cluster_start_s": round(up, 2),
        "run_s": round(summary.seconds, 2), "wall_s": round(total, 2),
        "articles_per_s": round(n / summary.seconds, 1), "articles_per_s_incl_startup": round(n / total, 1),
        "worker_peak_rss_mb": round(max(worker_rss.values()), 1),
        "articles_per_worker_cpu_s": round(n / cpu, 1) if cpu else None,
    }


def build() -> str:
    """"mypyc" when the extraction modules were imported compiled, else "python"."""
    from conflictwatch.extract import places

    return "mypyc" if not places.__file__.endswith(".py") else "python"


def compiled_run(args: argparse.Namespace) -> dict[str, Any]:
    """The same benchmark in a subprocess that imports conflictwatch from the compiled build."""
    folder = args.compiled.resolve()
    if not any(folder.glob("conflictwatch/extract/places.*.so")):
        raise SystemExit(f"{folder}: no compiled build there (run `make compiled`)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory(prefix="cw-compiled-") as tmp:
        out = Path(tmp) / "compiled.json"
        command = [sys.executable, __file__, "--repeat-to", str(args.repeat_to), "--copies", str(args.copies),
                   "--out", str(out)] + (["--no-batch"] if args.no_batch else [])
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        child = json.loads(out.read_text(encoding="utf-8"))
    if child["build"] != "mypyc":
        raise SystemExit(f"{folder}: the subprocess imported the pure-Python modules, not the build")
    return child


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat-to", type=int, default=5000, help="articles in the single-core run")
    parser.add_argument("--copies", type=int, default=10, help="FA-KES copies for the batch runs")
    parser.add_argument("--no-batch", action="store_true", help="skip the Dask runs")
    parser.add_argument("--out", type=Path, default=OUT, help="results file (a temp path while iterating)")
    parser.add_argument("--compiled", type=Path, help="also measure the mypyc build unpacked in DIR")
    args = parser.parse_args()
    if not FAKES.exists():
        print(f"skipped: {FAKES} not found (the dataset is read in place, never copied)")
        return 0
    rows = load_rows()
    result: dict[str, Any] = {"build": build(), "dataset": "FA-KES", "dataset_articles": len(rows),
                              "cores": os.cpu_count(),
                              "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
                              "goal": {"articles_per_s": GOAL_RATE, "peak_rss_mb": GOAL_MB}}
    single = single_core(rows, args.repeat_to)
    profile_text = single.pop("profile_text")
    result["single_core"] = single
    result["batch"] = []
    if not args.no_batch:
        with tempfile.TemporaryDirectory(prefix="cw-throughput-") as tmp:
            shards = write_shards(rows, args.copies, Path(tmp))
            for workers in (1, 2):
                result["batch"].append(batch_run(shards, workers, Path(tmp) / f"out-{workers}"))
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.compiled is not None:
        result["compiled"] = compiled_run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))
    print("\nper component (ms/article, one pass):")
    for name, ms in single["components_ms_per_article"].items():
        print(f"  {name:12s} {ms:8.2f}")
    print("\ncProfile, top by own time:\n" + "\n".join(profile_text.splitlines()[:45]), file=sys.stderr)
    return 0


def table(result: dict[str, Any]) -> str:
    lines = [
        "| run | articles | articles/s (CPU) | ms/article | peak RSS MB | note |",
        "|---|---|---|---|---|---|",
    ]
    lines += rows_of(result, "")
    if "compiled" in result:
        lines += rows_of(result["compiled"], " (mypyc build)")
    return "\n".join(lines)


def rows_of(result: dict[str, Any], build_note: str) -> list[str]:
    s = result["single_core"]
    rounds = s["round_articles_per_s"]
    lines = [
        f"| pipeline, 1 core{build_note} | {s['articles']:,} | {s['articles_per_s']:,.1f} | "
        f"{s['ms_per_article']:.2f} | "
        f"{s['peak_rss_mb']:.0f} | goal >= {GOAL_RATE:.0f}/s, <= {GOAL_MB:.0f} MB; {s['articles_per_wall_s']}/s wall; "
        f"reading +{s['read_ms_per_article']} ms; {s['errors']} errors; rounds of {result['dataset_articles']}: "
        f"median {s['median_round_articles_per_s']:,.1f}/s, {min(rounds):,.1f}-{max(rounds):,.1f} |",
        f"| floor: re.findall(\\w+) | {s['articles']:,} | {s['floor_articles_per_s']:,.0f} | "
        f"{s['floor_ms_per_article']:.3f} | | pipeline is {s['pipeline_over_floor']:,.0f}x the floor |",
    ]
    for b in result["batch"]:
        per_cpu = b["articles_per_worker_cpu_s"] or 1e-9
        lines.append(
            f"| batch, {b['workers']} worker(s){build_note} | {b['articles']:,} | "
            f"{b['articles_per_worker_cpu_s']} per worker | "
            f"{1000 / per_cpu:.2f} | {b['worker_peak_rss_mb']:.0f} per worker | "
            f"{b['shards']} shards; wall {b['articles_per_s']:,.1f}/s ({b['articles_per_s_incl_startup']:,.1f}/s "
            f"incl. {b['cluster_start_s']} s start) |"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
