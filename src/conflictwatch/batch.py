"""`conflictwatch batch`: code many article shards in parallel on Dask, resumably.

Why it is shaped this way:

* One Dask task per input shard (a JSON-lines file, plain or .gz, or a Parquet file). Tasks carry
  only paths, never article text, so the scheduler stays light and workers read from a shared
  filesystem. The pipeline is built once per worker process (`_pipeline`, a module-level cache),
  because building it (gazetteer, catalogues) costs far more than coding one article.
* One Parquet output per shard, written to a temp file and renamed, then a small `.done.json`
  manifest recording the input's size and mtime. A shard is skipped when both exist and the input is
  unchanged, so a killed run resumes where it stopped and a rerun writes byte-identical records
  (event ids are deterministic). A temp file left by a killed run is removed before the shard is redone.
* A shard that cannot be read (garbage bytes, truncated .gz, not Parquet) fails on its own: it is
  retried once (transient I/O, a lost worker), reported with its name and error, and the others go on.
  A bad line inside a readable shard loses only that article; the shard is written and the line is
  reported. The exit status is 1 whenever the output is incomplete.
* `--db` loads records into `conflictwatch.store.Store` from the driver, one shard at a time as shards
  finish, so one process owns the database (SQLite allows one writer; the store re-merges events).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import typer

from conflictwatch.document import Article
from conflictwatch.ingest.errors import InputError
from conflictwatch.record import EventRecord

DEFAULT_PIPELINE = "conflictwatch.extract.pipeline:get_pipeline"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
SHARD_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
MANIFEST_SUFFIX = ".done.json"
TMP_SUFFIX = ".tmp"
MAX_REPORTED_ERRORS = 100  # per shard: enough to diagnose, bounded for a shard of a million bad lines
ROW_GROUP_RECORDS = 5_000  # records buffered before a row group is written: bounds worker memory
JSON_FIELDS = ("claims", "evidence")  # nested fields stored as JSON strings
INPUT_COLUMNS = ("id", "text", "title", "url", "outlet", "published")


class ShardFailed(Exception):
    """A whole shard could not be coded. One string argument, so it survives pickling between processes
    (InputError's two-argument constructor does not)."""


# ------------------------------------------------------------------------------------------ output schema


def output_schema() -> Any:
    """The Parquet schema of the output: SCHEMA.md's fields in order, plus the source `article_id`."""
    import pyarrow as pa

    s, i8, i64, f64 = pa.string(), pa.int8(), pa.int64(), pa.float64()
    return pa.schema([
        ("event_id", s), ("event_date", s), ("time_precision", i8), ("event_type", s), ("sub_event_type", s),
        ("actor1", s), ("assoc_actor_1", s), ("actor2", s), ("assoc_actor_2", s), ("inter1", i8), ("inter2", i8),
        ("country", s), ("iso3", s), ("admin1", s), ("admin2", s), ("location", s), ("latitude", f64),
        ("longitude", f64), ("geo_precision", i8), ("fatalities", i64), ("fatalities_low", i64),
        ("fatalities_high", i64), ("wounded", i64), ("claims", s), ("sources", pa.list_(s)), ("notes", s),
        ("evidence", s), ("article_ids", pa.list_(s)), ("article_id", s),
    ])


def record_to_row(record: EventRecord, article_id: str) -> dict[str, Any]:
    """One record as a Parquet row: claims/evidence become compact JSON strings."""
    row = record.to_json_dict()
    for name in JSON_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False, separators=(",", ":"))
    row["article_id"] = article_id
    return row


def row_to_record(row: dict[str, Any]) -> EventRecord:
    """The inverse of `record_to_row` (for loading a database, or comparing runs)."""
    data = {k: v for k, v in row.items() if k != "article_id"}
    for name in JSON_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return EventRecord.model_validate(data)


def read_output(path: str | Path) -> list[dict[str, Any]]:
    """The rows of one output file, as dicts."""
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


# ------------------------------------------------------------------------------------------ reading shards


def is_shard(path: Path) -> bool:
    return path.name.lower().endswith(SHARD_SUFFIXES) and not path.name.startswith(".")


def discover(inputs: list[str]) -> list[Path]:
    """The shard files named by `inputs` (files, or directories whose shard files are taken, sorted)."""
    shards: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            shards.extend(sorted(p for p in path.iterdir() if p.is_file() and is_shard(p)))
        else:
            shards.append(path)  # a missing or mistyped file becomes a failed shard, reported by name
    return list(dict.fromkeys(shards))


def read_shard(path: str | Path) -> Iterator[Article | InputError]:
    """Articles of one shard; a bad line is yielded as InputError, a bad shard raises InputError."""
    name = str(path)
    if name.lower().endswith(PARQUET_SUFFIXES):
        yield from _read_parquet(Path(path))
        return
    from conflictwatch.ingest.readers import read_path

    if not name.lower().endswith(JSONL_SUFFIXES):
        raise InputError(name, f"not a shard; expected one of {', '.join(SHARD_SUFFIXES)}")
    yield from read_path(name)


def _read_parquet(path: Path) -> Iterator[Article | InputError]:
    """Rows of a Parquet shard go through the JSON-lines parser, so both formats are validated alike."""
    import pyarrow.parquet as pq

    from conflictwatch.ingest.jsonl import parse_line

    origin = str(path)
    try:
        file = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a file that is not Parquet
        raise InputError(origin, f"not a readable Parquet file: {exc}") from None
    columns = [c for c in INPUT_COLUMNS if c in file.schema_arrow.names]
    if "text" not in columns:
        raise InputError(origin, "Parquet shard has no 'text' column")
    stem = path.name.rsplit(".", 1)[0]
    number = 0
    try:
        batches = file.iter_batches(batch_size=1_000, columns=columns)
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                where = f"{origin}:{number}"
                try:
                    line = json.dumps({k: _jsonable(v) for k, v in row.items()}).encode()
                    yield parse_line(line, where, f"{stem}-{number}", published=None, outlet=None)
                except InputError as exc:
                    yield exc
    except OSError as exc:  # pyarrow's ArrowInvalid/ArrowIOError derive from it: a corrupt row group
        raise InputError(origin, f"cannot read row group after row {number}: {exc}") from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------ one shard (worker)

_PIPELINES: dict[str, Any] = {}
_PIPELINE_LOCK = threading.Lock()


def _pipeline(spec: str) -> Any:
    """The pipeline named by `module:factory`, built once per worker process and reused for every shard."""
    with _PIPELINE_LOCK:
        if spec not in _PIPELINES:
            module, _, attr = spec.partition(":")
            _PIPELINES[spec] = getattr(importlib.import_module(module), attr or "get_pipeline")()
        return _PIPELINES[spec]


def warm(spec: str) -> list[str]:
    """Build the pipeline on a worker before any shard is sent, so a broken build is one clear error."""
    return list(getattr(_pipeline(spec), "names", []))


@dataclass
class ShardJob:
    """What a worker needs to code one shard: paths and the pipeline's name, nothing heavy."""

    shard: str
    output: str
    manifest: str
    pipeline: str
    size: int
    mtime_ns: int


@dataclass
class ShardResult:
    """What happened to one shard; `status` is done, skipped or failed."""

    shard: str
    output: str
    status: str
    articles: int = 0
    records: int = 0
    bad_items: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    attempts: int = 0
    worker_pid: int | None = None
    cpu_seconds: float = 0.0  # the worker's CPU time: the cost figure that holds on a busy machine

    @property
    def complete(self) -> bool:
        return self.status != "failed" and self.bad_items == 0


def process_shard(job: ShardJob) -> dict[str, Any]:
    """Code one shard into its Parquet output and manifest (runs on a worker). Raises ShardFailed."""
    started, cpu_started = time.perf_counter(), time.process_time()
    pipeline = _pipeline(job.pipeline)
    output = Path(job.output)
    _remove_stale_temps(output)
    tmp = output.with_name(f".{output.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    articles = records = bad = 0
    errors: list[str] = []

    def note(message: str) -> None:
        nonlocal bad
        bad += 1
        if len(errors) < MAX_REPORTED_ERRORS:
            errors.append(message)

    try:
        with _ParquetSink(tmp) as sink:
            for item in read_shard(job.shard):
                if isinstance(item, InputError):
                    note(str(item))
                    continue
                articles += 1
                try:
                    with _PIPELINE_LOCK:  # a pipeline is not promised to be thread-safe
                        found = pipeline(item)
                except Exception as exc:  # noqa: BLE001 - one article's bug must not lose the shard
                    note(f"{item.origin or item.id}: extraction failed: {type(exc).__name__}: {exc}")
                    continue
                for record in found:
                    sink.add(record_to_row(record, item.id))
                    records += 1
        if articles == 0 and bad:
            raise InputError(job.shard, f"no readable article ({bad} bad line(s); first: {errors[0]})")
        _fsync(tmp)
        os.replace(tmp, output)
    except InputError as exc:
        _unlink(tmp)
        raise ShardFailed(str(exc)) from None
    except Exception as exc:
        _unlink(tmp)
        raise ShardFailed(f"{job.shard}: {type(exc).__name__}: {exc}") from None
    seconds = time.perf_counter() - started
    result = ShardResult(job.shard, job.output, "done", articles, records, bad, errors, seconds, 1, os.getpid(),
                         time.process_time() - cpu_started)
    _write_manifest(job, result)
    return asdict(result)


class _ParquetSink:
    """Writes rows to a Parquet file a row group at a time, so a big shard never sits whole in memory."""

    def __init__(self, path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.schema = output_schema()
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= ROW_GROUP_RECORDS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self._pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def __enter__(self) -> _ParquetSink:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.flush()
        self.writer.close()  # an empty shard still gets a valid file with the schema


def _write_manifest(job: ShardJob, result: ShardResult, extra: dict[str, Any] | None = None) -> None:
    data = {
        "input": job.shard, "size": job.size, "mtime_ns": job.mtime_ns, "pipeline": job.pipeline,
        "articles": result.articles, "records": result.records, "bad_items": result.bad_items,
        "errors": result.errors, "seconds": round(result.seconds, 3),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "loaded_into": [],
    }
    data.update(extra or {})
    _atomic_write_text(Path(job.manifest), json.dumps(data, ensure_ascii=False, indent=1))


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _remove_stale_temps(output: Path) -> None:
    """Temp files of this shard left by a killed run (only this shard's, so other shards are untouched)."""
    for stale in output.parent.glob(f".{output.name}.*{TMP_SUFFIX}"):
        _unlink(stale)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# ------------------------------------------------------------------------------------------ planning (driver)


def output_names(shards: list[Path]) -> dict[Path, str]:
    """Output file name for each shard: its name without the extension, made unique when two shards
    in different folders share a name (by a short hash of the folder)."""
    def base(path: Path) -> str:
        lower = path.name.lower()
        suffix = next((s for s in sorted(SHARD_SUFFIXES, key=len, reverse=True) if lower.endswith(s)), "")
        return path.name[: len(path.name) - len(suffix)] if suffix else path.name

    counts: dict[str, int] = {}
    for shard in shards:
        counts[base(shard)] = counts.get(base(shard), 0) + 1
    names: dict[Path, str] = {}
    for shard in shards:
        name = base(shard)
        if counts[name] > 1:
            name += "-" + hashlib.sha1(str(shard.resolve().parent).encode()).hexdigest()[:8]
        names[shard] = name + ".parquet"
    return names


def plan(shards: list[Path], out_dir: Path, pipeline: str) -> tuple[list[ShardJob], list[ShardResult]]:
    """Jobs still to do, and the shards already done (output + manifest present, input unchanged)."""
    todo: list[ShardJob] = []
    done: list[ShardResult] = []
    for shard, name in output_names(shards).items():
        output = out_dir / name
        manifest = out_dir / (name + MANIFEST_SUFFIX)
        try:
            stat = shard.stat()
            size, mtime_ns = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime_ns = -1, -1  # the worker will fail it with the reader's message
        job = ShardJob(str(shard), str(output), str(manifest), pipeline, size, mtime_ns)
        previous = _read_manifest(manifest)
        if (
            previous is not None and output.exists() and size >= 0
            and (previous.get("size"), previous.get("mtime_ns"), previous.get("pipeline")) == (size, mtime_ns, pipeline)
        ):
            done.append(ShardResult(
                str(shard), str(output), "skipped", previous.get("articles", 0), previous.get("records", 0),
                previous.get("bad_items", 0), previous.get("errors", []), previous.get("seconds", 0.0), 0,
            ))
        else:
            todo.append(job)
    todo.sort(key=lambda j: j.size, reverse=True)  # largest first: fewer stragglers at the end
    return todo, done


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# ------------------------------------------------------------------------------------------ database (driver)


def _db_key(url: str) -> str:
    """A database's identity in a manifest (hashed: a URL may carry a password)."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def open_store(url: str) -> Any | None:
    """`Store(url)`, or None (with a warning) when the store module is not available."""
    try:
        from conflictwatch.store import Store
    except Exception as exc:  # noqa: BLE001 - the store is optional for batch
        print(f"batch: --db ignored, conflictwatch.store unavailable ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return Store(url)


def load_shard_into_store(store: Any, result: ShardResult, db_url: str) -> int:
    """Add one finished shard's articles and records to the store (idempotent there); returns articles."""
    manifest = Path(result.output + MANIFEST_SUFFIX)
    data = _read_manifest(manifest) or {}
    key = _db_key(db_url)
    if key in data.get("loaded_into", []):
        return 0
    by_article: dict[str, list[EventRecord]] = {}
    for row in read_output(result.output):
        by_article.setdefault(row["article_id"], []).append(row_to_record(row))
    articles = [a for a in read_shard(result.shard) if isinstance(a, Article)]
    store.add_articles((a, by_article.get(a.id, [])) for a in articles)
    if data:
        data["loaded_into"] = [*data.get("loaded_into", []), key]
        _atomic_write_text(manifest, json.dumps(data, ensure_ascii=False, indent=1))
    return len(articles)


# ------------------------------------------------------------------------------------------ running (driver)


@dataclass
class BatchSummary:
    """Every shard's result, and the run's totals."""

    results: list[ShardResult]
    seconds: float
    db_errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[ShardResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def complete(self) -> bool:
        return all(r.complete for r in self.results) and not self.db_errors

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def articles_coded(self) -> int:
        return sum(r.articles for r in self.results if r.status == "done")


Progress = Callable[[ShardResult, "BatchSummary"], None]


def run_batch(
    inputs: list[str],
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any | None = None,
    db_url: str | None = None,
    pipeline: str = DEFAULT_PIPELINE,
    on_result: Progress | None = None,
    retries: int = 1,
) -> BatchSummary:
    """Code every shard named by `inputs` into `out_dir` on Dask; see the module docstring.

    Uses `client` if given, else connects to `scheduler`, else starts a LocalCluster of `workers`
    single-threaded processes (default: one per core) for the duration of the call.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    todo, skipped = plan(discover(inputs), out, pipeline)
    summary = BatchSummary(results=[], seconds=0.0)
    for result in skipped:
        summary.results.append(result)
        if on_result:
            on_result(result, summary)
    store = open_store(db_url) if db_url else None
    try:
        if store is not None:
            for result in skipped:
                _load(store, result, db_url or "", summary)
        if todo:
            with _client(client, scheduler, workers) as dask_client:
                _check_pipeline(dask_client, pipeline)
                _run_jobs(dask_client, todo, summary, retries, on_result, store, db_url or "")
    finally:
        if store is not None:
            store.close()
    summary.results.sort(key=lambda r: r.shard)
    summary.seconds = time.perf_counter() - started
    return summary


@contextlib.contextmanager
def _client(client: Any | None, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if client is not None:
        yield client
        return
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as connected:
            yield connected
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL,
    ) as cluster, Client(cluster) as local:
        yield local


def _check_pipeline(client: Any, spec: str) -> None:
    """Build the pipeline on every worker now; a broken build is one clear error, not N failed shards."""
    try:
        client.run(warm, spec)
    except Exception as exc:  # noqa: BLE001 - any build error aborts the run with its message
        raise ShardFailed(f"the pipeline {spec!r} cannot be built on the workers: {type(exc).__name__}: {exc}") from exc


def _run_jobs(
    client: Any, todo: list[ShardJob], summary: BatchSummary, retries: int,
    on_result: Progress | None, store: Any | None, db_url: str,
) -> None:
    from distributed import as_completed

    attempts: dict[str, int] = {}
    earlier_errors: dict[str, list[str]] = {}
    jobs: dict[Any, ShardJob] = {}

    def submit(job: ShardJob) -> Any:
        attempts[job.shard] = attempts.get(job.shard, 0) + 1
        future = client.submit(process_shard, job, pure=False, key=f"shard-{attempts[job.shard]}-{uuid.uuid4().hex}")
        jobs[future] = job
        return future

    pending = as_completed([submit(job) for job in todo])
    for future in pending:
        job = jobs.pop(future)
        try:
            result = ShardResult(**future.result())
            result.attempts = attempts[job.shard]
        except Exception as exc:  # noqa: BLE001 - a task error or a lost worker: retry once, then report
            message = str(exc) if isinstance(exc, ShardFailed) else f"{job.shard}: {type(exc).__name__}: {exc}"
            earlier_errors.setdefault(job.shard, []).append(message)
            if attempts[job.shard] <= retries:
                pending.add(submit(job))
                continue
            result = ShardResult(job.shard, job.output, "failed", errors=earlier_errors[job.shard],
                                 attempts=attempts[job.shard])
        finally:
            future.release()
        summary.results.append(result)
        if store is not None and result.status == "done":
            _load(store, result, db_url, summary)
        if on_result:
            on_result(result, summary)


def _load(store: Any, result: ShardResult, db_url: str, summary: BatchSummary) -> None:
    try:
        load_shard_into_store(store, result, db_url)
    except Exception as exc:  # noqa: BLE001 - the Parquet output stands; the load is reported and retried next run
        summary.db_errors.append(f"{result.shard}: loading into the database failed: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------------------------------ progress + CLI


class _LogProgress:
    """Progress as periodic log lines on stderr (for a non-TTY: CI, nohup, a cluster job's log)."""

    def __init__(self, total: int, every: float) -> None:
        self.total, self.every = total, every
        self.started = self.last = time.monotonic()

    def __call__(self, result: ShardResult, summary: BatchSummary) -> None:
        if result.status == "failed":
            print(f"batch: FAILED {result.errors[-1]}", file=sys.stderr, flush=True)
        now = time.monotonic()
        finished = len(summary.results)
        if now - self.last >= self.every or finished == self.total:
            self.last = now
            rate = summary.articles_coded / max(now - self.started, 1e-9)
            print(
                f"batch: {finished}/{self.total} shards ({summary.count('skipped')} skipped, "
                f"{len(summary.failed)} failed), {summary.articles_coded:,} articles coded, {rate:,.0f} articles/s",
                file=sys.stderr, flush=True,
            )


@contextlib.contextmanager
def _progress(total: int, log_every: float) -> Iterator[Progress]:
    if not sys.stderr.isatty():
        yield _LogProgress(total, log_every)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("shards"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[articles]:,} articles"),
        TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), console=console,
    ) as bar:
        task = bar.add_task("batch", total=total, articles=0, failed=0)

        def update(result: ShardResult, summary: BatchSummary) -> None:
            if result.status == "failed":
                console.print(f"[red]failed[/red] {result.errors[-1]}", highlight=False, markup=True)
            bar.update(task, advance=1, articles=summary.articles_coded, failed=len(summary.failed))

        yield update


def report(summary: BatchSummary) -> None:
    """The end-of-run account on stderr: totals, then every failure and bad line by name."""
    err = sys.stderr
    articles = sum(r.articles for r in summary.results)
    records = sum(r.records for r in summary.results)
    coded = summary.articles_coded
    print(
        f"batch: {len(summary.results)} shards: {summary.count('done')} coded, {summary.count('skipped')} skipped "
        f"(already done), {len(summary.failed)} failed; {articles:,} articles, {records:,} records; "
        f"{coded:,} articles coded in {summary.seconds:.1f} s ({coded / max(summary.seconds, 1e-9):,.0f}/s)",
        file=err,
    )
    for result in summary.failed:
        print(f"batch: failed shard {result.shard} after {result.attempts} attempt(s):", file=err)
        for message in dict.fromkeys(result.errors):
            print(f"  {message}", file=err)
    for result in summary.results:
        if result.status != "failed" and result.bad_items:
            print(f"batch: {result.shard}: {result.bad_items} bad item(s) skipped:", file=err)
            for message in result.errors[:10]:
                print(f"  {message}", file=err)
            if result.bad_items > 10:
                print(f"  ... {result.bad_items - 10} more (see {result.output}{MANIFEST_SUFFIX})", file=err)
    for message in summary.db_errors:
        print(f"batch: {message}", file=err)


def batch_command(
    inputs: list[str] = typer.Argument(..., help="Shards: .jsonl, .jsonl.gz, .parquet files, or folders of them."),
    out: Path = typer.Option(..., "--out", help="Folder for the Parquet outputs (one per shard) and manifests."),
    scheduler: str = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler (tcp://host:8786)."),
    workers: int = typer.Option(None, "--workers", min=1, help="Start a local cluster of N processes."),
    db: str = typer.Option(None, "--db", help="Also load the records into this database (SQLAlchemy URL)."),
    pipeline: str = typer.Option(DEFAULT_PIPELINE, "--pipeline", help="module:factory returning the pipeline."),
    log_every: float = typer.Option(10.0, "--log-every", help="Seconds between progress lines when not a TTY."),
) -> None:
    """Code article shards in parallel on Dask into Parquet, resumably (reruns skip finished shards)."""
    if scheduler and workers:
        raise typer.BadParameter("give --scheduler or --workers, not both", param_hint="--workers")
    shards = discover(inputs)
    if not shards:
        raise typer.BadParameter("no shard files found", param_hint="INPUTS")
    try:
        with _progress(len(shards), log_every) as progress:
            summary = run_batch(
                inputs, out, scheduler=scheduler, workers=workers, db_url=db, pipeline=pipeline, on_result=progress,
            )
    except ShardFailed as exc:
        print(f"batch: {exc}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    report(summary)
    if not summary.complete:
        raise typer.Exit(code=1)
