"""Sentence boundaries as character spans.

News copy is regular enough that a rule splitter (paragraph breaks, terminal punctuation followed
by a capital or a quote) does as well as a statistical one here, at a fraction of the cost. Known
abbreviations ("Gen.", "U.S.", "Jan.") do not end a sentence.
"""

from __future__ import annotations

import re

from conflictwatch.document import Document

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "pvt", "adm", "brig",
    "gov", "sen", "rep", "rev", "st", "mt", "ft", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m", "approx", "est", "prof", "pres", "gov't",
}

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an opening capital, digit or quote; or at a line break.
_BOUNDARY = re.compile(r"""([.!?]+["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9])|(\n\s*)""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.']*)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(1):
            end = match.end(1)
            word = _WORD_BEFORE.search(text, max(0, match.start(1) - 40), match.start(1))
            if word and match.group(1) == "." and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():  # initials: "John F. Kennedy"
                continue
        else:
            end = match.start()
        _append_trimmed(text, start, end, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class SentenceSplitter:
    """Pipeline component: fills `doc.sentences`."""

    name = "sentences"

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text)
        return doc
