"""`conflictwatch batch`: same records as a serial run, resumable, bad shards isolated, Parquet in and out.

One 2-process LocalCluster serves the module (starting one costs a second or two). The mechanics
tests use `echo_pipeline`, a tiny deterministic stand-in imported by the workers as
`test_batch:echo_pipeline`, so they do not depend on the extractor's state; the equivalence test
uses the real pipeline and is skipped when it cannot be built.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch.batch import (
    output_schema,
    read_output,
    read_shard,
    row_to_record,
    run_batch,
)
from conflictwatch.document import Article
from conflictwatch.record import Claim, EventRecord

ECHO = "test_batch:echo_pipeline"

WIRE = [
    ("BEIRUT, March 3 (Wire) - Islamic State militants attacked an army checkpoint near Palmyra in Homs "
     "province on Saturday, killing at least seven soldiers, the Syrian Observatory for Human Rights said."),
    ("BAGHDAD, May 12 (Wire) - A roadside bomb killed three policemen in Tikrit, Salahuddin province, on "
     "Tuesday, security sources said."),
    ("MOGADISHU, June 4 (Wire) - Al Shabaab fighters clashed with Somali troops in Afgooye on Monday; five "
     "soldiers and eight militants were killed, a military officer said."),
    ("KABUL, April 17 (Wire) - A suicide bomber blew himself up at a mosque in Jalalabad, Nangarhar province, "
     "on Friday, killing 12 worshippers, officials said. Police said they had arrested two suspects."),
    ("DAMASCUS, Jan 9 (Wire) - Government air strikes hit the town of Maarat al-Numan in Idlib province on "
     "Thursday, killing four civilians, rescue workers said. Rebels shelled a nearby army position."),
    ("MOSUL, Feb 2 (Wire) - Gunmen kidnapped a local official in Mosul, Nineveh province, late on Sunday, "
     "police said. No group claimed responsibility."),
]


# ---------------------------------------------------------------------------------------- the stand-in pipeline


class EchoPipeline:
    """One record per article, derived only from the article, so every run gives the same records."""

    names = ["echo"]

    def __call__(self, article: Article) -> list[EventRecord]:
        if "EXPLODE" in article.text:
            raise ValueError("boom")
        digest = hashlib.sha1(article.id.encode()).hexdigest()
        day = (article.published or dt.date(2024, 1, 1)).isoformat()
        words = len(article.text.split())
        return [EventRecord(
            event_id=digest[:16], event_date=day, time_precision=2, event_type="Battles",
            sub_event_type="Armed clash", actor1="Islamic State", country="Syria", iso3="SYR",
            geo_precision=3, fatalities=words, fatalities_low=words, fatalities_high=words,
            claims=[Claim(source=article.outlet or "Wire", fatalities=words, qualifier="exact", evidence=[(0, 5)])],
            sources=[article.outlet or "Wire"], evidence={"actor1": [(0, 3)], "fatalities": [(0, 5)]},
            article_ids=[article.id],
        )]


def echo_pipeline() -> EchoPipeline:
    return EchoPipeline()


# ---------------------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as dask_client:
        yield dask_client


def articles(shard: int, count: int) -> list[dict]:
    """`count` wire-style articles, the templates replicated with distinct ids and days."""
    out = []
    for i in range(count):
        text = WIRE[i % len(WIRE)]
        out.append({"id": f"wire-{shard}-{i}", "text": text, "title": text[:40], "url": f"https://wire.example/{shard}/{i}",
                    "outlet": "Wire", "published": f"2024-03-{1 + i % 28:02d}"})
    return out


def write_jsonl(path: Path, rows: list[dict], lines: list[str] | None = None) -> Path:
    body = "".join(json.dumps(r) + "\n" for r in rows) + "".join(line + "\n" for line in lines or [])
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows)
    dates = pa.array([dt.date.fromisoformat(r["published"]) for r in rows], pa.date32())  # a real date column
    pq.write_table(table.set_column(table.schema.get_field_index("published"), "published", dates), path)
    return path


def records_in(out: Path) -> dict[str, dict]:
    return {row["event_id"]: row_to_record(row).to_json_dict()
            for file in sorted(out.glob("*.parquet")) for row in read_output(file)}


def by_status(summary: object) -> dict[str, str]:
    return {Path(r.shard).name: r.status for r in summary.results}


def real_pipeline_or_skip() -> object:
    try:
        from conflictwatch.extract.pipeline import get_pipeline

        return get_pipeline()
    except Exception as exc:  # noqa: BLE001 - any build failure means "not ready yet"
        pytest.skip(f"the default pipeline cannot be built: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------- tests


def test_output_schema_is_the_record_plus_article_id() -> None:
    assert output_schema().names == [*EventRecord.model_fields, "article_id"]


def test_batch_gives_the_serial_records(tmp_path: Path, client: object) -> None:
    pipeline = real_pipeline_or_skip()
    shards = [write_jsonl(tmp_path / "a.jsonl", articles(0, 12)), write_jsonl(tmp_path / "b.jsonl.gz", articles(1, 12)),
              write_parquet(tmp_path / "c.parquet", articles(2, 12))]
    summary = run_batch([str(s) for s in shards], tmp_path / "out", client=client)
    assert summary.complete and by_status(summary) == {"a.jsonl": "done", "b.jsonl.gz": "done", "c.parquet": "done"}

    serial = {r.event_id: r.to_json_dict() for s in shards for a in read_shard(s) for r in pipeline(a)}
    assert serial, "the wire articles should yield incidents"
    assert records_in(tmp_path / "out") == serial
    assert sum(r.records for r in summary.results) == len(serial)


def test_parquet_input_reads_like_jsonl(tmp_path: Path, client: object) -> None:
    rows = articles(0, 30)
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "x.jsonl", rows)
    write_parquet(tmp_path / "in2.parquet", rows)
    one = run_batch([str(tmp_path / "in" / "x.jsonl")], tmp_path / "o1", client=client, pipeline=ECHO)
    two = run_batch([str(tmp_path / "in2.parquet")], tmp_path / "o2", client=client, pipeline=ECHO)
    assert one.complete and two.complete
    assert records_in(tmp_path / "o1") == records_in(tmp_path / "o2")
    assert len(records_in(tmp_path / "o1")) == 30


def test_resume_recomputes_only_the_missing_shard(tmp_path: Path, client: object) -> None:
    inputs = [str(write_jsonl(tmp_path / f"s{i}.jsonl", articles(i, 20))) for i in range(4)]
    out = tmp_path / "out"
    first = run_batch(inputs, out, client=client, pipeline=ECHO)
    assert first.complete and set(by_status(first).values()) == {"done"}
    before = records_in(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}

    # a simulated kill: s1's output never made it, s2 was renamed but its manifest was not written,
    # and a partial temp file is lying around
    (out / "s1.parquet").unlink()
    (out / "s2.parquet.done.json").unlink()
    stale = out / ".s1.parquet.4242.deadbeef.tmp"
    stale.write_bytes(b"PAR1 half a file")

    second = run_batch(inputs, out, client=client, pipeline=ECHO)
    assert by_status(second) == {"s0.jsonl": "skipped", "s1.jsonl": "done", "s2.jsonl": "done", "s3.jsonl": "skipped"}
    assert second.articles_coded == 40
    assert not stale.exists() and not list(out.glob(".*.tmp"))
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    assert after["s0.parquet"] == mtimes["s0.parquet"] and after["s3.parquet"] == mtimes["s3.parquet"]
    assert records_in(out) == before  # deterministic ids: the rerun writes the same records

    # an input that changed since its shard was coded is redone
    os.utime(inputs[3], ns=(mtimes["s3.parquet"] + 10**9, mtimes["s3.parquet"] + 10**9))
    third = run_batch(inputs, out, client=client, pipeline=ECHO)
    assert by_status(third) == {"s0.jsonl": "skipped", "s1.jsonl": "skipped", "s2.jsonl": "skipped", "s3.jsonl": "done"}


def test_bad_shards_are_reported_and_the_others_go_on(tmp_path: Path, client: object) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", articles(0, 12))
    partial = write_jsonl(tmp_path / "partial.jsonl", articles(1, 3), ['{"id": "x", "text": ', "not json at all"])
    one_bad_article = write_jsonl(tmp_path / "oops.jsonl", articles(2, 3) + [{"id": "e", "text": "EXPLODE here"}])
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(bytes(range(256)) * 20)
    truncated = write_jsonl(tmp_path / "trunc.jsonl.gz", articles(3, 200))
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    not_parquet = tmp_path / "fake.parquet"
    not_parquet.write_bytes(b"this is not parquet" * 50)
    missing = tmp_path / "missing.jsonl"

    inputs = [str(p) for p in (good, partial, one_bad_article, garbage, truncated, not_parquet, missing)]
    summary = run_batch(inputs, tmp_path / "out", client=client, pipeline=ECHO)
    status = by_status(summary)
    assert status == {"good.jsonl": "done", "partial.jsonl": "done", "oops.jsonl": "done", "garbage.jsonl": "failed",
                      "trunc.jsonl.gz": "failed", "fake.parquet": "failed", "missing.jsonl": "failed"}
    assert not summary.complete
    results = {Path(r.shard).name: r for r in summary.results}
    for name in ("garbage.jsonl", "trunc.jsonl.gz", "fake.parquet", "missing.jsonl"):
        assert results[name].attempts == 2  # retried once
        assert name in results[name].errors[-1]
        assert not (tmp_path / "out" / (name.split(".")[0] + ".parquet")).exists()
    assert results["partial.jsonl"].bad_items == 2 and results["partial.jsonl"].records == 3
    assert any("partial.jsonl:4" in e and "malformed JSON" in e for e in results["partial.jsonl"].errors)
    assert results["oops.jsonl"].bad_items == 1 and "extraction failed: ValueError" in results["oops.jsonl"].errors[0]
    assert results["good.jsonl"].records == 12 and not list((tmp_path / "out").glob(".*.tmp"))


def test_cli_exit_status_and_resume(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conflictwatch.cli import app

    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", articles(0, 5))
    (tmp_path / "in" / "b.jsonl").write_bytes(b"\x00\xff" * 64)
    args = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1", "--pipeline", ECHO]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output
    assert "failed shard" in first.output and "b.jsonl" in first.output
    (tmp_path / "in" / "b.jsonl").unlink()
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "1 skipped" in second.output


def test_db_load(tmp_path: Path, client: object) -> None:
    try:
        from conflictwatch.store import Store
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"store unavailable: {exc}")
    url = f"sqlite:///{tmp_path / 'cw.sqlite'}"
    shard = write_jsonl(tmp_path / "a.jsonl", articles(0, 6))
    summary = run_batch([str(shard)], tmp_path / "out", client=client, pipeline=ECHO, db_url=url)
    assert summary.complete, summary.db_errors
    with Store(url) as store:
        assert store.article("wire-0-3") is not None
        counts = store.counts()
    again = run_batch([str(shard)], tmp_path / "out", client=client, pipeline=ECHO, db_url=url)
    assert again.complete and by_status(again) == {"a.jsonl": "skipped"}
    with Store(url) as store:
        assert store.counts() == counts  # not loaded twice


def test_a_pipeline_that_cannot_be_built_is_one_clear_error(tmp_path: Path, client: object) -> None:
    from conflictwatch.batch import ShardFailed

    shard = write_jsonl(tmp_path / "a.jsonl", articles(0, 2))
    with pytest.raises(ShardFailed, match="cannot be built"):
        run_batch([str(shard)], tmp_path / "out", client=client, pipeline="no_such_module_xyz:build")
    assert not list((tmp_path / "out").glob("*.parquet"))
