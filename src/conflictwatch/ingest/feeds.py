"""RSS/Atom feeds -> `Article`s, one per entry, via feedparser.

The publication date comes from the entry's raw `published` (or `updated`) string, not from
feedparser's `published_parsed`, which is converted to UTC and would move a late-evening report
in UTC+3 to the previous day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from conflictwatch.document import Article
from conflictwatch.ingest.errors import InputError
from conflictwatch.ingest.html import html_to_text
from conflictwatch.ingest.source import check_text_size
from conflictwatch.ingest.text import parse_published, read_text

MAX_ID_CHARS = 64  # longer entry ids/links become a stable short hash


def parse_feed(data: bytes, origin: str) -> Any:
    """The parsed feed, or InputError when the bytes are not a readable RSS/Atom feed."""
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if feed.get("bozo") and not any(entry_text(entry) for entry in feed.entries):
        # feedparser recovers from much broken XML; only when nothing readable survives is it an error
        raise InputError(origin, f"malformed feed: {feed.get('bozo_exception')}")
    if not feed.entries and not feed.get("version"):
        raise InputError(origin, "malformed feed: not an RSS or Atom document")
    return feed


def entry_id(entry: Any, stem: str, text: str) -> str:
    """The entry's id or link; a stable `<stem>-<hash>` when long or missing."""
    raw = (entry.get("id") or entry.get("link") or "").strip()
    if raw and len(raw) <= MAX_ID_CHARS:
        return raw
    basis = raw or f"{entry.get('title', '')}\n{text}"
    return f"{stem}-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:12]}"


def entry_text(entry: Any) -> str:
    """The fullest text an entry carries: `content` (Atom/content:encoded) over `summary`."""
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary", "") or "")
    best = max(candidates, key=len)
    return html_to_text(best)


def entry_published(entry: Any) -> dt.date | None:
    """Local date of the raw published/updated string; feedparser's UTC date only as a last resort."""
    for key in ("published", "updated", "created"):
        date = parse_published(entry.get(key))
        if date is not None:
            return date
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(
    data: bytes, origin: str, stem: str, *, published: dt.date | None = None, outlet: str | None = None
) -> Iterator[Article | InputError]:
    """Articles from a feed's entries; an empty or oversized entry is yielded as an InputError."""
    feed = parse_feed(data, origin)
    feed_title = html_to_text(feed.feed.get("title", "") or "") or None
    for number, entry in enumerate(feed.entries, 1):
        where = f"{origin}:entry {number}"
        text = entry_text(entry)
        try:
            check_text_size(text, where)
        except InputError as exc:
            yield exc
            continue
        title = html_to_text(entry.get("title", "") or "") or None
        article = read_text(
            text,
            article_id=entry_id(entry, stem, text),
            published=published or entry_published(entry),
            outlet=outlet or feed_title,
            title=title,
            url=entry.get("link"),
        )
        if not article.text:
            yield InputError(where, "feed entry has no text (no content or summary)")
            continue
        article.origin = where
        yield article
