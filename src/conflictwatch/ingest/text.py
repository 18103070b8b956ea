"""Plain text -> `Article`, and the metadata normalisation every reader shares.

`published` values are kept as the *local* date written in the source ("2021-01-09T23:30:00+03:00"
is 9 January, not 8 January UTC): ACLED codes the day events happened where they happened.
"""

from __future__ import annotations

import datetime as dt
import email.utils

from conflictwatch.document import Article
from conflictwatch.ingest.boilerplate import trim_boilerplate


def parse_published(value: object) -> dt.date | None:
    """The local date of "YYYY-MM-DD", an ISO datetime or an RFC 2822 date; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        # fromisoformat keeps the written offset, so .date() is the local date as written
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is not None:
        try:
            return dt.date(parsed[0], parsed[1], parsed[2])
        except (ValueError, TypeError):
            return None
    return None


def normalize_newlines(text: str) -> str:
    """One newline convention, so line-based trimming and offsets agree across platforms."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_text(
    text: str,
    *,
    article_id: str,
    published: dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Article:
    """An article from plain text, boilerplate trimmed. Never raises on any `str` (size caps are the
    reader's job, which knows the input to name)."""
    trimmed = trim_boilerplate(normalize_newlines(text))
    return Article(
        id=article_id,
        text=trimmed,
        title=(title or "").strip() or None,
        url=(url or "").strip() or None,
        outlet=(outlet or "").strip() or None,
        published=published,
    )
