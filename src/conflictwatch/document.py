"""One article as the extraction pipeline sees it.

An `Article` is what a reader produces (text plus metadata). A `Document` wraps it for the
pipeline: every component reads the text and adds annotations as character spans into
`doc.spans[layer]`, never copies of strings, so evidence can always be pointed back at the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    """An article as read from a file, a feed or a JSON line."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    origin: str = ""  # where it was read from ("path/file.jsonl:12"), for error messages


@dataclass
class Span:
    """An annotation: a character range of the document text with a label and a value."""

    start: int
    end: int
    label: str
    value: Any = None

    @property
    def bounds(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Document:
    """The text being coded, its sentences, and every annotation made on it."""

    article: Article
    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    published: dt.date | None = None
    published_evidence: tuple[int, int] | None = None
    country_hint: str | None = None  # ISO3 of the country the article is mostly about
    incidents: list[Any] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    def add(self, layer: str, span: Span) -> None:
        self.spans.setdefault(layer, []).append(span)

    def layer(self, name: str) -> list[Span]:
        return self.spans.get(name, [])

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that contains `offset` (the last one before it if between)."""
        lo, hi = 0, len(self.sentences) - 1
        best = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.sentences[mid][0] <= offset:
                best = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return best

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]
