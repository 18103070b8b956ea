"""One input path -> `Article`s: pick the reader from the extension, check the bytes, apply overrides.

Failure policy: a whole input that cannot be read (missing, unknown extension, empty, binary, not
UTF-8, over the size cap, malformed feed) *raises* InputError; one bad item inside a readable input
(a JSONL line, a feed entry) is *yielded* as InputError and reading goes on. Either way the error
names the input (and line), so the CLI can report it and carry on with the other inputs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from conflictwatch.document import Article
from conflictwatch.ingest.errors import InputError
from conflictwatch.ingest.feeds import read_feed
from conflictwatch.ingest.html import read_html
from conflictwatch.ingest.jsonl import read_jsonl
from conflictwatch.ingest.source import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    UTF16_BOMS,
    check_bytes,
    check_text_size,
    decode_html,
    decode_utf8,
    looks_binary,
)
from conflictwatch.ingest.text import read_text

STDIN_ORIGIN = "<stdin>"
_NO_TEXT = "no article text (empty or only boilerplate)"
TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")
JSONL_EXTENSIONS = (".jsonl.gz", ".ndjson.gz", ".jsonl", ".ndjson")
FEED_EXTENSIONS = (".xml", ".rss", ".atom", ".feed")
ALL_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + JSONL_EXTENSIONS + FEED_EXTENSIONS


def read_path(
    path: str, *, published: dt.date | None = None, outlet: str | None = None
) -> Iterator[Article | InputError]:
    """Articles read from one input; `published`/`outlet` (from the CLI) override every article's.

    '-' is stdin: JSON lines if the first non-blank character is '{', else one plain-text article with
    id 'stdin'. Raises InputError for a whole-input failure; yields InputError for a per-item one.
    Input must be UTF-8 (see `conflictwatch.ingest.source` for why nothing is guessed).
    """
    if path == "-":
        yield from _read_stdin(published=published, outlet=outlet)
        return
    file = Path(path)
    extension = _extension(file.name)
    if not file.exists():
        raise InputError(path, "no such file")
    if file.is_dir():
        raise InputError(path, "is a directory (give the files in it)")
    if extension is None:
        expected = ", ".join(ALL_EXTENSIONS)
        raise InputError(path, f"unknown extension {file.suffix or '(none)'!r}; expected one of {expected}")
    stem = file.name[: -len(extension)] or file.name
    if extension in JSONL_EXTENSIONS:
        yield from _read_jsonl_file(file, path, stem, published=published, outlet=outlet)
        return
    data = _read_bytes(file, path, MAX_FILE_BYTES if extension not in TEXT_EXTENSIONS else 4 * MAX_TEXT_CHARS)
    check_bytes(data, path)
    if extension in FEED_EXTENSIONS:
        yield from read_feed(data, path, stem, published=published, outlet=outlet)
    elif extension in HTML_EXTENSIONS:
        page = decode_html(data, path)
        article = read_html(page, article_id=stem, published=published, outlet=outlet)
        yield _finished(article, path, what="no article text found in the page")
    else:
        text = decode_utf8(data, path)
        check_text_size(text, path)
        article = read_text(text, article_id=stem, published=published, outlet=outlet)
        yield _finished(article, path)


def _extension(name: str) -> str | None:
    lower = name.lower()
    return next((ext for ext in ALL_EXTENSIONS if lower.endswith(ext) and len(lower) > len(ext)), None)


def _read_bytes(file: Path, origin: str, limit: int) -> bytes:
    """The file's bytes, refusing (before reading) a file too large to be one article or page."""
    try:
        size = file.stat().st_size
        if size > limit:
            raise InputError(origin, f"file is {size:,} bytes, over the {limit:,}-byte limit for one input")
        return file.read_bytes()
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from None


def _finished(article: Article, origin: str, what: str = _NO_TEXT) -> Article:
    check_text_size(article.text, origin)
    if not article.text.strip():
        raise InputError(origin, what)
    article.origin = origin
    return article


def _read_jsonl_file(
    file: Path, origin: str, stem: str, *, published: dt.date | None, outlet: str | None
) -> Iterator[Article | InputError]:
    try:
        handle: BinaryIO = gzip.open(file, "rb") if origin.lower().endswith(".gz") else file.open("rb")
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from None
    with handle:
        head = _guard(origin, lambda: handle.read(8192))
        if head.startswith(UTF16_BOMS):  # JSON exchanged between systems is UTF-8 (RFC 8259)
            raise InputError(origin, "JSON lines must be UTF-8 and this file is UTF-16; convert it first, "
                                     "e.g. iconv -f utf-16 -t utf-8")
        if looks_binary(head):
            raise InputError(origin, "binary file (not JSON lines)")
        lines = _chain_head(head, handle, origin)
        yield from read_jsonl(lines, origin, stem, published=published, outlet=outlet)


def _guard(origin: str, read: Callable[[], bytes]) -> bytes:
    """Run a read, turning an I/O error or a corrupt/truncated gzip stream into an InputError."""
    try:
        return read()
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(origin, f"cannot read: {exc}") from None


def _lines(handle: BinaryIO, origin: str) -> Iterator[bytes]:
    while True:
        line = _guard(origin, handle.readline)
        if not line:
            return
        yield line


def _chain_head(head: bytes, handle: BinaryIO, origin: str) -> Iterator[bytes]:
    """The lines of the sniffed `head` followed by the rest of `handle`, as if never split."""
    rest = _lines(handle, origin)
    pending = head
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        yield line + b"\n"
    for line in rest:
        if pending:
            line, pending = pending + line, b""
        yield line
    if pending:
        yield pending


def _read_stdin(*, published: dt.date | None, outlet: str | None) -> Iterator[Article | InputError]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    check_bytes(data, STDIN_ORIGIN)
    if data.lstrip()[:1] == b"{":
        yield from read_jsonl(data.splitlines(), STDIN_ORIGIN, "stdin", published=published, outlet=outlet)
        return
    text = decode_utf8(data, STDIN_ORIGIN)
    check_text_size(text, STDIN_ORIGIN)
    yield _finished(read_text(text, article_id="stdin", published=published, outlet=outlet), STDIN_ORIGIN)
