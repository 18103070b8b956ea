"""Cue lexicons: sections of regular expressions, matched fast.

A lexicon file has `[section]` headers and one regex alternative per line (see
`resources/lexicons/incident_cues.txt`). Python's `re` tries a long alternation at every position
of the text, which costs milliseconds per article; here each alternative's literal start
("kill" of `kill(?:s|ed)?`, "the"/"this" of `(?:the|this)\\s+attack`) goes into an Aho-Corasick
automaton, one pass over the lower-cased document finds where a cue can start, and the full
pattern is tried only at those positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick

_META = set("\\()[]{}?*+.|^$")


def _split_top(pattern: str) -> list[str]:
    """Split a regex on its top-level `|`."""
    parts, depth, current, escaped = [], 0, [], False
    for ch in pattern:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            current.append(ch)
        elif ch in "([":
            depth += 1
            current.append(ch)
        elif ch in ")]":
            depth -= 1
            current.append(ch)
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _anchors(alternative: str) -> list[str] | None:
    """Literal strings one of which must start any match of `alternative`; None if unknown."""
    if alternative.startswith("(?:"):
        depth, end = 0, -1
        for index, ch in enumerate(alternative):
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    end = index
                    break
        if end < 0 or (end + 1 < len(alternative) and alternative[end + 1] in "?*"):
            return None
        out: list[str] = []
        for inner in _split_top(alternative[3:end]):
            found = _anchors(inner)
            if not found:
                return None
            out.extend(found)
        return out
    prefix = []
    for index, ch in enumerate(alternative):
        if ch in _META:
            if ch in "?*{" and prefix:
                prefix.pop()  # the previous character is optional
            break
        if index + 1 < len(alternative) and alternative[index + 1] in "?*{":
            break
        prefix.append(ch)
    literal = "".join(prefix).lower()
    return [literal] if literal.strip() else None


@dataclass
class CueSet:
    """One section: its full pattern and the automaton of where a match can start."""

    pattern: re.Pattern[str]  # the alternation, without a leading \b, matched at a position
    automaton: ahocorasick.Automaton | None  # None: some alternative has no literal start

    def finditer(self, text: str, lowered: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """Matches of the section inside text[start:end], left to right."""
        if self.automaton is None:
            yield from _WORD_START_CACHE.setdefault(self.pattern.pattern, re.compile(
                r"\b(?:" + self.pattern.pattern + r")", self.pattern.flags)).finditer(text, start, end)
            return
        last = -1
        for stop, length in self.automaton.iter(lowered, start, end):
            position = stop - length + 1
            if position <= last or (position > 0 and (lowered[position - 1].isalnum() or lowered[position - 1] == "_")):
                continue
            match = self.pattern.match(text, position, end)
            if match:
                last = match.end() - 1
                yield match

    def search(self, text: str, lowered: str, start: int, end: int) -> re.Match[str] | None:
        return next(self.finditer(text, lowered, start, end), None)


_WORD_START_CACHE: dict[str, re.Pattern[str]] = {}


def compile_section(lines: list[str]) -> CueSet:
    body = "|".join(f"(?:{line})" for line in lines)
    pattern = re.compile(r"(?:" + body + r")\b", re.IGNORECASE)
    anchors: list[str] = []
    for line in lines:
        for alternative in _split_top(line):
            found = _anchors(alternative)
            if found is None:
                return CueSet(pattern, None)
            anchors.extend(found)
    automaton = ahocorasick.Automaton()
    for anchor in set(anchors):
        automaton.add_word(anchor, len(anchor))
    automaton.make_automaton()
    return CueSet(pattern, automaton)


def fold_case(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid ("İ" stays as is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


@cache
def load_cues(filename: str) -> dict[str, CueSet]:
    """The sections of a lexicon file under resources/lexicons/, compiled once per process."""
    sections: dict[str, list[str]] = {}
    current = ""
    text = resources.files("conflictwatch.resources").joinpath(f"lexicons/{filename}").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return {name: compile_section(lines) for name, lines in sections.items()}


class AnchoredPattern:
    """A regex tried only where one of its literal starts occurs (found by Aho-Corasick).

    `anchors` are the lower-case words any match must begin with; the pattern itself keeps its
    own boundary checks and is run with `match` at each word-initial anchor, left to right, the way
    `finditer` would, but without trying every position of the text.
    """

    def __init__(self, pattern: re.Pattern[str], anchors: set[str] | frozenset[str] | list[str]) -> None:
        self.pattern = pattern
        self.automaton = ahocorasick.Automaton()
        for anchor in set(anchors):
            self.automaton.add_word(anchor, len(anchor))
        self.automaton.make_automaton()

    def finditer(self, text: str, lowered: str, start: int, end: int) -> Iterator[re.Match[str]]:
        positions = sorted({stop - length + 1 for stop, length in self.automaton.iter(lowered, start, end)})
        last_end = start
        for position in positions:
            if position < last_end:
                continue
            if position > 0 and (lowered[position - 1].isalnum() or lowered[position - 1] == "_"):
                continue
            match = self.pattern.match(text, position, end)
            if match and match.end() > match.start():
                last_end = match.end()
                yield match
