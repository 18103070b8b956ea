"""Regexes with a literal-stem prefilter: one Aho-Corasick pass per text for all of them.

Python's `re` tries a long alternation ("attack\\w*|assault\\w*|opened fire|...") at every position of
the text, ~0.1 ms per scan of a news sentence. `cue(pattern)` works out, from the parsed pattern, the
literal stems one of which must start any match ("attack", "assaul", "opened", ...; optional groups,
alternations and small character classes are expanded, zero-width assertions skipped). All stems of
all cues live in one automaton; the first `search` on a text runs it once over the lower-cased text and
records, per cue, where its stems occur. A cue none of whose stems occur returns None without running
the regex; otherwise the regex is tried only from the stem positions on, which gives the same leftmost
match. A pattern with an alternative whose start is not literal (`\\d+ killed`, `[a-z]+-backed`) keeps
the plain regex.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812
from re import _parser as P  # type: ignore[attr-defined]  # noqa: N812

import ahocorasick

MIN_STEM = 3  # shorter stems ("at", "on") would match everywhere: such a pattern is not prefiltered
MAX_STEM = 8
MAX_STEMS = 3000
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


class _TooMany(Exception):
    pass


def _class_chars(items: list) -> list[str] | None:
    """The characters of a small positive character class ([- ], [sz]); None otherwise."""
    out: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av).lower())
        elif op is C.RANGE and av[1] - av[0] < 4:
            out.extend(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:
            return None
    uniq = sorted(set(out))
    return uniq if len(uniq) <= 4 else None


def _starts(items: tuple, prefix: str, out: set[str]) -> bool:
    """Add to `out` literal prefixes one of which starts any match of `items`; False if one is too short."""
    if len(out) > MAX_STEMS:
        raise _TooMany
    if len(prefix) >= MAX_STEM or not items:
        return _finish(prefix, out)
    op, av = items[0]
    rest = items[1:]
    if op is C.LITERAL:
        return _starts(rest, prefix + chr(av).lower(), out)
    if op in _ZERO_WIDTH:
        return _starts(rest, prefix, out)
    if op is C.SUBPATTERN:
        return _starts(tuple(av[-1].data) + rest, prefix, out)
    if op is C.BRANCH:
        return all(_starts(tuple(alt.data) + rest, prefix, out) for alt in av[1])
    if op is C.IN:
        chars = _class_chars(av)
        if chars is None:
            return _finish(prefix, out)
        return all(_starts(rest, prefix + ch, out) for ch in chars)
    if op in _REPEATS:
        lo, hi, sub = av
        body = tuple(sub.data)
        if lo == 0 and not _starts(rest, prefix, out):  # the optional part left out
            return False
        if hi == 1:
            return _starts(body + rest, prefix, out)
        return _starts(body, prefix, out)  # repeated: the stem ends with the first repetition
    return _finish(prefix, out)


def _finish(prefix: str, out: set[str]) -> bool:
    if len(prefix) < MIN_STEM and not (prefix and prefix.isascii() and prefix.isdigit()):
        return False  # a digit is rare enough to anchor on ("5-year war"); "at", "on" are not
    out.add(prefix)
    return True


def stems(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased literal stems one of which starts every match of `pattern`; None when unknown."""
    out: set[str] = set()
    try:
        parsed = P.parse(pattern, flags)
        if not _starts(tuple(parsed.data), "", out):
            return None
    except (_TooMany, RecursionError):
        return None
    return frozenset(out)


class _Registry:
    def __init__(self) -> None:
        self.stems: dict[str, set[int]] = {}
        self.automaton: ahocorasick.Automaton | None = None
        self.scans: dict[str, dict[int, list[int]]] = {}
        self.count = 0

    def add(self, found: frozenset[str]) -> int:
        ident = self.count
        self.count += 1
        for s in found:
            self.stems.setdefault(s, set()).add(ident)
        self.automaton = None
        self.scans.clear()
        return ident

    def scan(self, text: str) -> dict[int, list[int]]:
        hit = self.scans.get(text)
        if hit is not None:
            return hit
        automaton = self.automaton
        if automaton is None:
            automaton = ahocorasick.Automaton()
            for s, owners in self.stems.items():
                automaton.add_word(s, (len(s) - 1, tuple(sorted(owners))))
            automaton.make_automaton()
            self.automaton = automaton
        lowered = fold_case(text)
        found: dict[int, list[int]] = {}
        for end, (back, ids) in automaton.iter(lowered):
            start = end - back
            for i in ids:
                positions = found.get(i)
                if positions is None:
                    found[i] = [start]
                else:
                    positions.append(start)
        for positions in found.values():
            if len(positions) > 1:
                positions.sort()
        if any(ch in text for ch in CASE_ODDITIES):
            found[_ODD] = []
        if len(self.scans) > 512:
            self.scans.clear()
        self.scans[text] = found
        return found


_REGISTRY = _Registry()
_ODD = -1  # marks a scanned text holding a CASE_ODDITIES letter
# Letters `re.IGNORECASE` equates with i or s although lower() does not give them ("ı", "ſ", "İ"): a
# stem may hide behind them. A strict cue does not prefilter a text that holds one.
CASE_ODDITIES = ("ı", "ſ", "İ")
_TRIES = 8  # stem positions tried with `match` before one `search` from the next


class Cue:
    """A compiled regex whose search/finditer/match skip texts lacking its literal stems."""

    __slots__ = ("regex", "pattern", "flags", "ident", "strict")

    def __init__(self, pattern: str, flags: int = 0, strict: bool = False) -> None:
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        self.flags = self.regex.flags
        self.strict = strict  # exactly the regex's answers, even on texts with CASE_ODDITIES
        found = stems(pattern, flags)
        self.ident = _REGISTRY.add(found) if found else -1

    def _positions(self, text: str) -> list[int] | None:
        """Stem starts in text, [] when none; None when the cue has no prefilter."""
        if self.ident < 0:
            return None
        scan = _REGISTRY.scan(text)
        if self.strict and _ODD in scan:
            return None
        return scan.get(self.ident, [])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        positions = self._positions(text)
        if positions is None:
            return self.regex.search(text, pos, len(text) if endpos is None else endpos)
        end = len(text) if endpos is None else endpos
        i = bisect_left(positions, pos)
        for _ in range(_TRIES):
            if i >= len(positions) or positions[i] >= end:
                return None
            m = self.regex.match(text, positions[i], end)
            if m is not None:
                return m
            i += 1
        if i >= len(positions) or positions[i] >= end:
            return None
        return self.regex.search(text, positions[i], end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else endpos
        first = self.search(text, pos, end)
        if first is None:
            return iter(())
        return self.regex.finditer(text, first.start(), end)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        positions = self._positions(text)
        end = len(text) if endpos is None else endpos
        if positions is not None and pos not in positions:
            return None
        return self.regex.match(text, pos, end)

    def findall(self, text: str) -> list:
        positions = self._positions(text)
        if positions is not None and not positions:
            return []
        return self.regex.findall(text)


def cue(pattern: str, flags: int = re.IGNORECASE) -> Cue:
    return Cue(pattern, flags)


_NON_WORD: dict[int, int] = {}  # code point -> space, for every non-word character seen so far
_SEEN: set[str] = set()


_ASCII_SPACED = bytes(i if i >= 128 or chr(i).isalnum() or chr(i) == "_" else 32 for i in range(256))
# Three taggers scan each article in turn (and the prefilter its sentences in between): the last few
# texts' folded and spaced forms are kept rather than recomputed.
_RECENT = 4


@lru_cache(maxsize=_RECENT)
def _spaced(text: str) -> str:
    """`text` with each non-word character (not `\\w`: not alphanumeric, not "_") replaced by a space."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPACED).decode("ascii")
    return _spaced_unicode(text)


def _spaced_unicode(text: str) -> str:
    new = set(text) - _SEEN
    if new:
        if len(_SEEN) > 100_000:  # a pathological stream of distinct characters: no more caching
            return text.translate({ord(ch): 32 for ch in set(text) if not (ch.isalnum() or ch == "_")})
        for ch in new:
            if not (ch.isalnum() or ch == "_"):
                _NON_WORD[ord(ch)] = 32
        _SEEN.update(new)  # after the table: a character seen is always mapped
    return text.translate(_NON_WORD)


@lru_cache(maxsize=_RECENT)
def fold_case(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid ("İ" stays as is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class AnchoredSet:
    """Several patterns, each tried only where one of its first words occurs.

    One Aho-Corasick pass over the whole (case-folded) article finds the word-initial positions of
    every pattern's anchors (`positions`); a component computes that once per article and then
    matches sentence by sentence with `finditer`, so the text is scanned once for all patterns.
    """

    def __init__(self, patterns: dict[str, tuple[re.Pattern[str], set[str] | frozenset[str]]]) -> None:
        self.patterns = {key: pattern for key, (pattern, _) in patterns.items()}
        by_anchor: dict[str, set[str]] = {}
        for key, (_, anchors) in patterns.items():
            for anchor in anchors:
                by_anchor.setdefault(_spaced(anchor), set()).add(key)
        # Each anchor behind a space, over the text with every non-word character made a space: the
        # automaton then reports word-initial hits only, not every "a" or "in" inside a word.
        self.automaton = ahocorasick.Automaton()
        for anchor, keys in by_anchor.items():
            self.automaton.add_word(" " + anchor, (len(anchor), tuple(sorted(keys))))
        self.automaton.make_automaton()

    def positions(self, lowered: str) -> dict[str, list[int]]:
        """For each pattern, the sorted word-initial positions in `lowered` where one of its anchors
        starts (anchors compared with non-word characters as spaces: a superset, never fewer)."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for stop, (length, keys) in self.automaton.iter(" " + _spaced(lowered)):
            group = groups.get(keys)
            if group is None:
                groups[keys] = [stop - length]
            else:
                group.append(stop - length)
        found: dict[str, list[int]] = {key: [] for key in self.patterns}
        for keys, starts in groups.items():
            for key in keys:
                found[key].extend(starts)
        return {key: sorted(set(values)) if values else values for key, values in found.items()}

    def finditer(self, key: str, text: str, positions: dict[str, list[int]], start: int, end: int,
                 near: list[int] | None = None, window: int = 0,
                 after: list[int] | None = None) -> Iterator[re.Match[str]]:
        """Leftmost non-overlapping matches of pattern `key` in text[start:end], as `finditer` would give.

        With `near` (sorted positions of words every match must contain), a start with none of them
        within `window` characters after it is skipped without trying the pattern. With `after`
        (sorted positions of which any match holds one strictly after its start), a start with none
        of them before `end` is skipped too: "killed 3 people" is not tried at "3".
        """
        pattern = self.patterns[key]
        candidates = positions[key]
        index = bisect_left(candidates, start)
        last_end = start
        while index < len(candidates) and candidates[index] < end:
            position = candidates[index]
            index += 1
            if position < last_end:
                continue
            if near is not None:
                nearest = bisect_left(near, position)
                if nearest == len(near) or near[nearest] > position + window:
                    continue
            if after is not None:
                following = bisect_right(after, position)
                if following == len(after) or after[following] >= end:
                    continue
            match = pattern.match(text, position, end)
            if match and match.end() > match.start():
                last_end = match.end()
                yield match
