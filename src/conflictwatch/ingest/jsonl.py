"""JSON lines -> `Article`s: one object per line, `{"id","text","title","url","outlet","published"}`.

Lines are read one at a time (a large or gzipped dump is never held whole in memory), and a bad
line is yielded as an InputError naming `path:LINE` so one broken record does not lose the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from conflictwatch.document import Article
from conflictwatch.ingest.errors import InputError
from conflictwatch.ingest.source import MAX_TEXT_CHARS, check_text_size
from conflictwatch.ingest.text import parse_published, read_text

_MAX_LINE_BYTES = 4 * MAX_TEXT_CHARS + 100_000  # UTF-8 text of a capped article plus its metadata
_FIELDS = ("id", "text", "title", "url", "outlet", "published")


def parse_line(
    line: bytes, where: str, default_id: str, *, published: dt.date | None, outlet: str | None
) -> Article:
    """One JSON line as an Article, or InputError saying what is wrong with it."""
    if len(line) > _MAX_LINE_BYTES:
        raise InputError(where, f"line is {len(line):,} bytes, over the per-article limit")
    try:
        decoded = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 (byte offset {exc.start} in the line)") from None
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"expected a JSON object, got {type(obj).__name__}")
    for key in _FIELDS:
        value = obj.get(key)
        allowed = (str, int) if key == "id" else (str,)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            raise InputError(where, f"field {key!r} must be a string, got {type(value).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "missing or empty 'text'")
    check_text_size(text, where)
    date = published
    if date is None and obj.get("published") not in (None, ""):
        date = parse_published(obj["published"])
        if date is None:
            formats = "YYYY-MM-DD, an ISO datetime or an RFC 2822 date"
            raise InputError(where, f"'published' {obj['published']!r} is not {formats}")
    article_id = str(obj["id"]).strip() if obj.get("id") not in (None, "") else default_id
    article = read_text(
        text,
        article_id=article_id,
        published=date,
        outlet=outlet or _str(obj.get("outlet")),
        title=_str(obj.get("title")),
        url=_str(obj.get("url")),
    )
    if not article.text:
        raise InputError(where, "'text' is only boilerplate")
    article.origin = where
    return article


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def read_jsonl(
    lines: Iterable[bytes],
    origin: str,
    stem: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
) -> Iterator[Article | InputError]:
    """Articles from JSON lines; blank lines are skipped, bad ones yielded as errors.
    Raises InputError("empty file") when there is not a single non-blank line."""
    seen_any = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{origin}:{number}"
        try:
            yield parse_line(line, where, f"{stem}-{number}", published=published, outlet=outlet)
        except InputError as exc:
            yield exc
    if not seen_any:
        raise InputError(origin, "empty file")
