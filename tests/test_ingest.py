"""Readers: every input kind on small fixtures, bad input reported clearly, boilerplate trimmed."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.document import Article
from conflictwatch.ingest.boilerplate import Boilerplate, parse_rules, trim_boilerplate
from conflictwatch.ingest.errors import InputError
from conflictwatch.ingest.html import html_to_text, read_html
from conflictwatch.ingest.readers import read_path
from conflictwatch.ingest.source import MAX_TEXT_CHARS
from conflictwatch.ingest.text import parse_published, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path("/work/shared/examples")


def read_all(path: Path | str, **kwargs: object) -> tuple[list[Article], list[InputError]]:
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in read_path(str(path), **kwargs):  # type: ignore[arg-type]
        (errors if isinstance(item, InputError) else articles).append(item)  # type: ignore[arg-type]
    return articles, errors


def only_article(path: Path | str, **kwargs: object) -> Article:
    articles, errors = read_all(path, **kwargs)
    assert not errors
    assert len(articles) == 1
    return articles[0]


def raises_input_error(path: Path | str) -> InputError:
    with pytest.raises(InputError) as info:
        read_all(path)
    assert str(path) in str(info.value)  # always names the input
    return info.value


# --- plain text --------------------------------------------------------------------------------


def test_text_file_is_one_article_with_boilerplate_trimmed() -> None:
    article = only_article(FIXTURES / "wire.txt")
    assert article.id == "wire"
    assert article.origin == str(FIXTURES / "wire.txt")
    text = article.text
    assert text.startswith("Gunmen kill 9 villagers")
    assert "Gunmen on motorbikes killed nine villagers" in text
    for junk in ("FILE PHOTO", "Related:", "Read more", "https://", "Share this story", "FOLLOW AFRICA NEWS",
                 "CLICK HERE", "newsletter", "cookies", "All rights reserved"):
        assert junk not in text, junk
    # datelines stay: the publication date is read from them later
    assert "Tue 12 October 2021:" in text
    assert "Updated at 10:54 am on October 12, 2021" in text


@pytest.mark.parametrize("name", ["ipindependent-2021-01-09", "rudaw-2021-02-04"])
def test_shared_examples_lose_their_boilerplate_but_keep_datelines(name: str) -> None:
    source = EXAMPLES / f"{name}.txt"
    if not source.exists():
        pytest.skip("shared examples not available")
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = only_article(source)
    for line in expected["boilerplate"]:
        assert line not in article.text, line
    datelines = ("Sat 09 January 2021:", "Updated at 10:54 am on February 4, 2021")
    assert any(line in article.text for line in datelines)
    assert article.text.endswith(("civil war broke out in 2011.", datelines[1]))


def test_read_text_fills_metadata() -> None:
    article = read_text("A bomb killed 3.\nShare this story!", article_id="x", published=dt.date(2021, 1, 2),
                        outlet=" AFP ", title="Bomb", url="https://a.example/1")
    assert article == Article(id="x", text="A bomb killed 3.", title="Bomb", url="https://a.example/1",
                              outlet="AFP", published=dt.date(2021, 1, 2))


def test_crlf_text_is_normalized(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    assert only_article(path).text == "Line one.\nLine two."


# --- boilerplate -------------------------------------------------------------------------------


def test_comments_heading_cuts_only_when_followed_by_a_policy() -> None:
    text = "Story.\nComments\nThe site moderates all comments.\nA reader comment.\nAnother."
    assert trim_boilerplate(text) == "Story."
    kept = "Story.\nComments\nThe minister's comments drew criticism from opposition parties."
    assert trim_boilerplate(kept) == kept


def test_cut_rules_never_remove_the_whole_text() -> None:
    assert trim_boilerplate("Leave a Reply\nGunmen killed two people.") == "Gunmen killed two people."


def test_long_paragraphs_are_never_boilerplate() -> None:
    paragraph = "Meta said the posts broke our community guidelines, " + "and militants " * 30 + "attacked."
    assert trim_boilerplate(paragraph) == paragraph
    assert trim_boilerplate("Facebook said the posts violated its community guidelines.") != ""


def test_custom_rules_and_bad_rule_lines() -> None:
    rules = parse_rules("# comment\n\ndrop: ^advert$\ncut: ^-- end --$\n")
    assert Boilerplate(rules).trim("A.\nADVERT\nB.\n-- END --\nC.") == "A.\nB."
    with pytest.raises(ValueError, match="line 1"):
        parse_rules("remove: x")
    with pytest.raises(ValueError, match="bad regex"):
        parse_rules("drop: (unclosed")


# --- HTML --------------------------------------------------------------------------------------


def test_html_page_main_text_title_and_local_date() -> None:
    article = only_article(FIXTURES / "page.html")
    assert article.id == "page"
    assert article.title == "Car bomb kills 14 at market in Syria's Azaz"
    assert article.published == dt.date(2021, 1, 30)  # 23:15 +03:00 is still 30 January locally
    assert "A car bomb exploded in a crowded market" in article.text
    assert "Car bombings have repeatedly hit towns" in article.text
    for junk in ("Opinion", "Most read", "Lebanon currency", "newsletter", "moderates all comments",
                 "Another atrocity", "Leave a Reply", "Your email address", "All rights reserved", "cookies",
                 "Share this article", "FILE PHOTO", "Related:", "dataLayer"):
        assert junk not in article.text, junk


def test_malformed_html_still_yields_text() -> None:
    article = only_article(FIXTURES / "malformed.html")
    assert "Shelling killed two civilians in Donetsk" in article.text
    assert "near the airport" in article.text


def test_html_without_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><div></div></body></html>")
    assert "no article text" in raises_input_error(path).message


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    body = "<html><head><meta charset='windows-1252'></head><body><p>Clashes in Ségou killed four people.</p>"
    path.write_bytes(body.encode("cp1252"))
    assert "Ségou" in only_article(path).text


def test_read_html_given_date_wins() -> None:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    assert read_html(html, article_id="p", published=dt.date(2020, 5, 5)).published == dt.date(2020, 5, 5)


def test_html_to_text_keeps_blocks_on_lines() -> None:
    assert html_to_text("<p>A &amp; B</p><p>C<br>D</p><script>x()</script>") == "A & B\nC\nD"
    assert html_to_text("plain &lt;text&gt;") == "plain <text>"


# --- feeds -------------------------------------------------------------------------------------


def test_rss_entries_keep_the_local_publication_date() -> None:
    articles, errors = read_all(FIXTURES / "feed.rss")
    assert not errors
    assert [a.outlet for a in articles] == ["Kurdistan Wire", "Kurdistan Wire"]
    first, second = articles
    # 01:40 +03:00 on 6 Feb is 22:40 UTC on 5 Feb; feedparser's parsed date is UTC, we keep the local day
    parsed = feedparser.parse((FIXTURES / "feed.rss").read_bytes()).entries[0].published_parsed
    assert (parsed.tm_mon, parsed.tm_mday) == (2, 5)
    assert first.published == dt.date(2021, 2, 6)
    assert first.title == "ISIS attack kills 11 Hashd fighters near Tarmiyah"
    assert first.url and first.url.endswith("north-of-baghdad")
    assert first.id.startswith("feed-") and len(first.id) == len("feed-") + 12  # long guid -> short hash
    assert "Islamic State militants killed 11 members" in first.text  # content:encoded, HTML stripped
    assert "<p>" not in first.text and "Share this story" not in first.text and "https://" not in first.text
    assert second.id == "kw-1042"
    assert second.text == "Hundreds of teachers protested in Sulaimani on Thursday demanding unpaid salaries."
    assert second.origin == f"{FIXTURES / 'feed.rss'}:entry 2"
    assert read_all(FIXTURES / "feed.rss")[0][0].id == first.id  # the hash is stable


def test_atom_entry_local_date_content_and_outlet_override() -> None:
    (article,), errors = read_all(FIXTURES / "feed.atom", outlet="Given Outlet")
    assert not errors
    assert article.published == dt.date(2021, 1, 9)  # 21:30 -05:00 is 10 January in UTC
    assert article.outlet == "Given Outlet"
    assert article.id == "tag:sahelmonitor.example,2021-01-09:/mali-ambush"
    assert "Several other soldiers were wounded." in article.text  # content preferred over summary
    assert "Read more" not in article.text


def test_malformed_feed_raises() -> None:
    assert "malformed feed" in raises_input_error(FIXTURES / "malformed.xml").message


def test_xml_that_is_not_a_feed_raises(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><root><a>hi</a></root>')
    assert "not an RSS or Atom" in raises_input_error(path).message


# --- JSON lines --------------------------------------------------------------------------------


def test_jsonl_bad_line_is_reported_and_the_rest_are_read() -> None:
    path = FIXTURES / "articles.jsonl"
    articles, errors = read_all(path)
    assert [a.id for a in articles] == ["a1", "articles-2", "a4", "5"]
    assert [e.origin for e in errors] == [f"{path}:3"]
    assert "malformed JSON" in errors[0].message
    a1, a2, a4, a5 = articles
    assert (a1.title, a1.url, a1.outlet, a1.published) == (
        "Tear gas in Nairobi", "https://example.org/a1", "East Africa Daily", dt.date(2021, 3, 2))
    assert a1.text == "Police fired tear gas at protesters in Nairobi on Tuesday."
    assert a2.published == dt.date(2021, 3, 1)  # ISO with offset: local date as written
    assert a4.published == dt.date(2021, 3, 4)  # RFC 2822 00:30 +0100: local date, not UTC
    assert a5.origin == f"{path}:6" and a5.published is None


def test_cli_overrides_fill_every_article() -> None:
    articles, _ = read_all(FIXTURES / "articles.jsonl", published=dt.date(2022, 2, 2), outlet="X")
    assert {(a.published, a.outlet) for a in articles} == {(dt.date(2022, 2, 2), "X")}
    assert only_article(FIXTURES / "wire.txt", outlet="Y").outlet == "Y"


def test_jsonl_gz_and_ndjson(tmp_path: Path) -> None:
    data = (FIXTURES / "articles.jsonl").read_bytes()
    gz = tmp_path / "dump.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    articles, errors = read_all(gz)
    assert [a.id for a in articles] == ["a1", "dump-2", "a4", "5"]
    assert [e.origin for e in errors] == [f"{gz}:3"]
    nd = tmp_path / "more.ndjson"
    nd.write_bytes(data)
    assert len(read_all(nd)[0]) == 4


def test_corrupt_gzip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n' * 100)[:40])
    with pytest.raises(InputError, match="cannot read"):
        read_all(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'["a list"]', "expected a JSON object"),
        (b'{"title": "no text"}', "missing or empty 'text'"),
        (b'{"text": "   "}', "missing or empty 'text'"),
        (b'{"text": 5}', "must be a string"),
        (b'{"text": "ok", "published": "someday"}', "'published' 'someday' is not"),
        (b'{"text": "caf\xe9"}', "not valid UTF-8"),
        (b'{"text": "Share this story!"}', "only boilerplate"),
    ],
)
def test_jsonl_line_errors(tmp_path: Path, line: bytes, message: str) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'{"text": "first"}\n' + line + b'\n{"text": "third"}')
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["first", "third"]
    assert len(errors) == 1 and errors[0].origin == f"{path}:2"
    assert message in errors[0].message


def test_jsonl_oversized_line_is_a_per_line_error(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = json.dumps({"text": "x" * (MAX_TEXT_CHARS + 1)})
    path.write_text('{"text": "small"}\n' + huge + "\n")
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["small"]
    assert errors[0].origin == f"{path}:2" and "limit" in errors[0].message


# --- stdin -------------------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"Troops shelled the village.\nRead more\n")
    article = only_article("-")
    assert (article.id, article.text) == ("stdin", "Troops shelled the village.")


def test_stdin_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b'\n  {"text": "one"}\n{bad\n{"id": "z", "text": "two"}\n')
    articles, errors = read_all("-")
    assert [a.id for a in articles] == ["stdin-2", "z"]
    assert [e.origin for e in errors] == ["<stdin>:3"]


# --- whole-input failures ----------------------------------------------------------------------


def test_missing_path() -> None:
    assert raises_input_error("/nonexistent/missing.txt").message == "no such file"


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "unknown extension '.pdf'" in raises_input_error(path).message


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "dir.txt"
    path.mkdir()
    assert "directory" in raises_input_error(path).message


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.rss", "empty.jsonl"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("  \n\n")
    assert raises_input_error(path).message == "empty file"


@pytest.mark.parametrize("name", ["photo.txt", "photo.html", "photo.xml", "photo.jsonl"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary file" in raises_input_error(path).message


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Clashes in Ségou.".encode("cp1252"))
    assert "not valid UTF-8 (byte offset 12)" in raises_input_error(path).message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    text = "Gunmen killed five villagers near Ségou on Saturday, police said."
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # Python's "utf-16" writes its own BOM
    path = tmp_path / "notepad.txt"
    path.write_bytes((bom + text).encode(encoding))
    (article,) = list(read_path(path))
    assert article.text.strip() == text


def test_utf16_json_lines_are_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes('{"id": "a", "text": "Clashes in Ségou."}\n'.encode("utf-16"))
    error = raises_input_error(path)
    assert "must be UTF-8" in error.message and "iconv" in error.message


def test_text_of_only_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_text("Share this story!\nhttps://example.com/x\n")
    assert "no article text" in raises_input_error(path).message


def test_huge_text_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Gunmen attacked a village. " * (MAX_TEXT_CHARS // 20))
    assert "limit" in raises_input_error(path).message


# --- property ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_read_text_never_raises_and_keeps_whole_lines(text: str) -> None:
    article = read_text(text, article_id="p")
    source_lines = set(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for line in article.text.split("\n"):
        # every kept line is an original line (whitespace-only lines become blank), so spans stay meaningful
        assert line == "" or any(line.strip() and line.strip() in s for s in source_lines)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.datetimes().map(str), st.dates().map(str)))
def test_parse_published_never_raises(value: str) -> None:
    parse_published(value)


def test_parse_published_formats() -> None:
    assert parse_published("2021-01-09") == dt.date(2021, 1, 9)
    assert parse_published("2021-01-09T23:30:00+03:00") == dt.date(2021, 1, 9)
    assert parse_published("2021-01-09T01:30:00Z") == dt.date(2021, 1, 9)
    assert parse_published("Sat, 09 Jan 2021 23:30:00 -0500") == dt.date(2021, 1, 9)
    assert parse_published("2021-02-30") is None
    assert parse_published("yesterday") is None


# --- CLI ---------------------------------------------------------------------------------------


def test_read_inputs_reports_a_missing_file_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    from conflictwatch.cli import read_inputs

    failures: list[InputError] = []
    articles = list(read_inputs([str(FIXTURES / "wire.txt"), "missing.txt"], None, None, failures))
    assert [a.id for a in articles] == ["wire"]
    assert [f.origin for f in failures] == ["missing.txt"]
    assert "missing.txt" in capsys.readouterr().err


def test_cli_extract_missing_file_exits_1(tmp_path: Path) -> None:
    pytest.importorskip("conflictwatch.extract.pipeline")
    shutil.copy(FIXTURES / "wire.txt", tmp_path / "good.txt")
    result = subprocess.run(
        [sys.executable, "-m", "conflictwatch.cli", "extract", "good.txt", "missing.txt"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "missing.txt" in result.stderr
    assert "missing.txt" not in result.stdout


def test_cli_extract_exit_code_with_a_stub_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader side of `extract` (errors on stderr, exit 1) without waiting for the real pipeline."""
    import types

    from typer.testing import CliRunner

    from conflictwatch.cli import app

    stub = types.ModuleType("conflictwatch.extract.pipeline")
    stub.get_pipeline = lambda: (lambda article: [])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "conflictwatch.extract.pipeline", stub)
    result = CliRunner().invoke(app, ["extract", str(FIXTURES / "wire.txt"), "missing.txt"])
    assert result.exit_code == 1, result.output
    assert "missing.txt" in result.stderr
    assert "missing.txt" not in result.stdout
