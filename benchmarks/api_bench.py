"""Latency of `GET /events` with filters on a large synthetic database (goal: p95 < 50 ms on 1M events).

Runs the real app under uvicorn on 127.0.0.1 (a child process) and times requests from a keep-alive
httpx client, so routing, validation, the query, JSON encoding and HTTP are all in the figure.
(TestClient is not used: it starts a thread per request, which costs more than the query.) Each
scenario is ~200 requests cycling through varied parameter values, after a short warm-up; the same
queries are also timed directly against the store (`query_*`), to tell SQL time from HTTP time.
Writes benchmarks/results/api.json, with SQLite's query plan per scenario so a slow one shows
which index it lacks.

    python benchmarks/make_synthetic_db.py            # once: benchmarks/results/synthetic.sqlite
    python benchmarks/api_bench.py [--db FILE] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import warnings
from itertools import cycle
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
GOAL_P95_MS = 50.0

COUNTRIES = ["Syria", "Ukraine", "Yemen", "Iraq", "Nigeria", "Mali", "Libya", "Mozambique", "SYR", "ukraine"]
SCENARIOS: dict[str, list[dict[str, Any]]] = {
    "no filter (newest 100)": [{}],
    "country": [{"country": c} for c in COUNTRIES],
    "country + since/until": [{"country": c, "since": "2022-01-01", "until": "2022-12-31"} for c in COUNTRIES],
    "event_type + min_fatalities": [{"event_type": t, "min_fatalities": m}
                                    for t in ("Battles", "Explosions/Remote violence", "Violence against civilians")
                                    for m in (1, 5, 20)],
    "since/until (one month)": [{"since": f"2023-{m:02d}-01", "until": f"2023-{m:02d}-28"} for m in range(1, 13)],
    "admin1": [{"admin1": a} for a in ("Aleppo", "Donetsk", "Borno", "Kidal", "Cabo Delgado")],
    "bbox": [{"bbox": b} for b in ("36,34,38,36", "30,46,40,50", "-4,13,0,17", "38,-14,41,-11")],
    "sort=fatalities desc": [{"sort": "fatalities"}, {"sort": "fatalities", "country": "Syria"}],
    "actor (substring)": [{"actor": a} for a in ("islamic state", "taliban", "wagner", "arakan")],
    "q (text search)": [{"q": q} for q in ("town 7", "clashed", "cabo delgado", "no such words")],
    "reviewed=true": [{"reviewed": "true"}],
}


def _plan(db: Path, app: Any, params: dict[str, Any]) -> list[str]:
    """SQLite's plan for every statement the API runs for `params` (captured as they execute).

    A substring/area search may run up to three statements (probe bound, probed window, index
    lookup past it); each plan is prefixed with its statement's number."""
    from sqlalchemy import event

    from conflictwatch.serve.api import event_filters
    from conflictwatch.serve.queries import list_events

    store = app.state.store
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        list_events(store, event_filters(**_filter_args(params)), params.get("sort", "event_date"), True, 100)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans: list[str] = []
    with sqlite3.connect(db) as conn:
        for n, (sql, parameters) in enumerate(seen, 1):
            prefix = f"[{n}] " if len(seen) > 1 else ""
            plans += [prefix + row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, parameters)]
    return plans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=RESULTS / "synthetic.sqlite")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--out", type=Path, default=RESULTS / "api.json")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db} missing: run benchmarks/make_synthetic_db.py first", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    import httpx

    from conflictwatch.serve import create_app
    from conflictwatch.serve.queries import list_events

    url = f"sqlite:///{args.db.resolve()}"
    app = create_app(url)  # in-process: for the direct query timings and the plans
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(url=url, port=port)])
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        _wait(client)
        report = _run(args, app, client, list_events)
    finally:
        server.terminate()
        server.wait(10)
    app.state.store.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


SERVER = ("import uvicorn; from conflictwatch.serve import create_app; "
          "uvicorn.run(create_app({url!r}), host='127.0.0.1', port={port}, log_level='warning')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(client: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if client.get("/events", params={"limit": 1}).status_code == 200:
                return
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _pct(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[max(0, int(round(q * len(times))) - 1)]


def _run(args: argparse.Namespace, app: Any, client: Any, list_events: Any) -> dict[str, Any]:
    from conflictwatch.serve.api import event_filters

    n_events = client.get("/facets").json()["total_events"]
    report: dict[str, Any] = {
        "what": "GET /events latency, uvicorn on 127.0.0.1 + keep-alive httpx client, SQLite, synthetic events",
        "events": n_events, "requests_per_scenario": args.requests, "limit": args.limit,
        "goal_p95_ms": GOAL_P95_MS, "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()[0], "scenarios": {},
    }
    for name, variants in SCENARIOS.items():
        params_cycle = cycle(variants)
        for _ in range(min(10, args.requests)):  # warm-up: page cache, statement cache
            client.get("/events", params={"limit": args.limit, **next(params_cycle)})
        times: list[float] = []
        rows = 0
        for _ in range(args.requests):
            params = {"limit": args.limit, **next(params_cycle)}
            t0 = time.perf_counter()
            r = client.get("/events", params=params)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (params, r.text)
            rows += len(r.json()["items"])
        qtimes: list[float] = []
        for _ in range(min(50, args.requests)):
            params = next(params_cycle)
            f = event_filters(**_filter_args(params))
            t0 = time.perf_counter()
            list_events(app.state.store, f, params.get("sort", "event_date"), True, args.limit)
            qtimes.append((time.perf_counter() - t0) * 1000)
        p50, p95 = statistics.median(times), _pct(times, 0.95)
        report["scenarios"][name] = {
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "max_ms": round(max(times), 2),
            "query_p50_ms": round(statistics.median(qtimes), 2), "query_p95_ms": round(_pct(qtimes, 0.95), 2),
            "mean_rows": round(rows / args.requests, 1), "meets_goal": p95 < GOAL_P95_MS,
            "params": variants[:3], "plan": _plan(args.db, app, variants[0]),
        }
        print(f"{name:30s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (query p50 {statistics.median(qtimes):7.1f})"
              f"  rows {rows / args.requests:6.1f}  {'ok' if p95 < GOAL_P95_MS else 'SLOW'}", file=sys.stderr)
    # the first page of a cursor walk is measured above; later pages cost the same (keyset, no OFFSET)
    body = client.get("/events", params={"limit": args.limit, "country": "Syria"}).json()
    t0 = time.perf_counter()
    for _ in range(50):
        body = client.get("/events", params={"limit": args.limit, "country": "Syria",
                                             "cursor": body["next_cursor"]}).json()
    report["cursor_walk_page_ms"] = round((time.perf_counter() - t0) * 1000 / 50, 2)
    return report


def _filter_args(params: dict[str, Any]) -> dict[str, Any]:
    keys = ("since", "until", "country", "admin1", "actor", "event_type", "sub_event_type", "bbox",
            "min_fatalities", "reviewed", "q")
    args = {k: params.get(k) for k in keys}
    if args["min_fatalities"] is not None:
        args["min_fatalities"] = int(args["min_fatalities"])
    if args["reviewed"] is not None:
        args["reviewed"] = args["reviewed"] == "true"
    return args

if __name__ == "__main__":
    sys.exit(main())
