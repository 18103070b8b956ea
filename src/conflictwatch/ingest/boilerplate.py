"""Trim site boilerplate (share prompts, bare links, comment sections, footers) from article text.

Trimming works on whole lines so the kept text reads as written: the result is what `Article.text`
holds and what evidence spans point into, so nothing inside a kept line is ever rewritten. Rules
live in `resources/boilerplate.txt` (format documented there) so users can extend them without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MAX_BOILERPLATE_LINE = 300  # longer lines are article paragraphs, whatever words they contain
KINDS = ("drop", "cut", "heading")
_BLANK_RUN = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Rule:
    kind: str  # "drop", "cut" or "heading"
    pattern: re.Pattern[str]


def parse_rules(lines: str) -> list[Rule]:
    """Rules from the data-file format (`KIND: REGEX`, `#` comments); a bad line names itself."""
    rules: list[Rule] = []
    for number, raw in enumerate(lines.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, regex = line.partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in KINDS:
            kinds = "/".join(KINDS)
            raise ValueError(f"boilerplate rule line {number}: expected 'KIND: REGEX' ({kinds}), got {raw!r}")
        try:
            rules.append(Rule(kind, re.compile(regex.strip(), re.IGNORECASE)))
        except re.error as exc:
            raise ValueError(f"boilerplate rule line {number}: bad regex {regex.strip()!r}: {exc}") from None
    return rules


class Boilerplate:
    """A set of rules and the line-trimming logic that applies them."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    def _kind(self, line: str) -> str | None:
        """The kind of the first rule matching `line` (stripped), or None for article text."""
        line = line.strip()
        if not line or len(line) > MAX_BOILERPLATE_LINE:
            return None
        for rule in self.rules:
            if rule.pattern.search(line):
                return rule.kind
        return None

    def trim(self, text: str) -> str:
        """`text` without boilerplate lines; blank-line runs left behind collapse to one blank line."""
        lines = text.split("\n")
        kinds = [self._kind(line) for line in lines]
        kept: list[str] = []
        for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
            if kind is None:
                kept.append(line if line.strip() else "")
                continue
            if kind == "drop":
                continue
            has_content = any(k.strip() for k in kept)
            if kind == "heading" and not self._heading_starts_section(lines, kinds, i):
                kept.append(line)
                continue
            if has_content:
                break  # cut: this line and everything after it
            # a cut before any article text would leave nothing: drop just this line
        out = "\n".join(kept)
        out = _BLANK_RUN.sub("\n\n", out)
        return out.strip()

    @staticmethod
    def _heading_starts_section(lines: list[str], kinds: list[str | None], i: int) -> bool:
        for line, kind in zip(lines[i + 1 :], kinds[i + 1 :], strict=True):
            if line.strip():
                return kind is not None
        return True  # a bare "Comments" heading at the very end


@lru_cache(maxsize=1)
def default_boilerplate() -> Boilerplate:
    """The packaged rules (read once)."""
    data = resources.files("conflictwatch.resources").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    return Boilerplate(parse_rules(data))


def trim_boilerplate(text: str) -> str:
    """`text` trimmed with the packaged rules."""
    return default_boilerplate().trim(text)
