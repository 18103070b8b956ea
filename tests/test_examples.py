"""The two real articles in ../shared/examples come out as exactly their hand coding.

Run through the acceptance interface, `conflictwatch extract --format jsonl`, both on the bare
`.txt` files and as JSON lines with no published date. Skipped where ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflictwatch.evaluate import load_gold_dir, score_gold

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/examples is not here")


def _extract(*args: str, stdin: str | None = None) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "conflictwatch.cli", "extract", *args, "--format", "jsonl"],
                          input=stdin, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _assert_exact(records_by_article: list[list[dict]]) -> None:
    articles = load_gold_dir(EXAMPLES)
    report = score_gold(articles, records_by_article)
    assert report["missed"] == [] and report["extra"] == [], (report["missed"], report["extra"])
    assert report["mismatches"] == [], report["mismatches"]
    assert report["matched"] == report["gold_events"] == 4


def test_example_text_files_code_exactly():
    articles = load_gold_dir(EXAMPLES)
    _assert_exact([_extract(str(EXAMPLES / f"{article.name}.txt")) for article in articles])


def test_examples_as_json_lines_without_published_date(tmp_path):
    articles = load_gold_dir(EXAMPLES)
    lines = [json.dumps({"id": a.name, "text": (EXAMPLES / f"{a.name}.txt").read_text(encoding="utf-8")})
             for a in articles]
    records = _extract("-", stdin="\n".join(lines) + "\n")
    by_article = [[r for r in records if r["article_ids"] == [a.name]] for a in articles]
    _assert_exact(by_article)
    assert {tuple(r["article_ids"]) for r in records} == {(a.name,) for a in articles}
