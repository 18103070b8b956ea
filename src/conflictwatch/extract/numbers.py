"""Counts written in digits or words ("19", "2,350", "seven", "twenty-one", "a dozen", "dozens").

Vague words follow ACLED's coding conventions (dozens -> 12, several -> 3, hundreds -> 100) and
are flagged as vague so that a caller can decide not to use them (a vague wounded count is
reported as unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# ACLED's conventions for vague counts ("Dozens of fatalities coded as 12", "Several ... as 3").
VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20, "score": 20, "several": 3, "a few": 3,
    "few": 3, "some": 3, "a number": 10, "a number of": 10, "many": 10, "numerous": 10,
    "hundreds": 100, "thousands": 1000, "a handful": 3, "a couple": 2, "a couple of": 2, "a pair of": 2,
}

_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" \
        r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|" \
        r"thousand|million)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s*(?:million|thousand))?"
NUMBER_PATTERN = (
    rf"(?:{_DIGITS}|(?:a\s+)?{_WORD}(?:[\s-]+(?:and\s+)?{_WORD})*|a\s+dozen|dozens|scores|several|a\s+few|"
    r"a\s+handful|a\s+couple(?:\s+of)?|hundreds|thousands|a\s+number\s+of|numerous|many)"
)
NUMBER_RE = re.compile(rf"\b(?:{NUMBER_PATTERN})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    value: int
    vague: bool


def parse_count(text: str) -> Count | None:
    """The count written in `text`, or None if it is not a count."""
    phrase = " ".join(text.lower().replace("-", " ").split())
    if not phrase:
        return None
    if phrase in VAGUE:
        return Count(VAGUE[phrase], True)
    digits = phrase.replace(",", "")
    scale_match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(million|thousand)?", digits)
    if scale_match:
        value = float(scale_match.group(1))
        if scale_match.group(2):
            value *= _SCALES[scale_match.group(2)]
        return Count(int(value), False)
    return _parse_words(phrase)


def _parse_words(phrase: str) -> Count | None:
    total = 0
    current = 0
    seen = False
    for word in phrase.split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return Count(total + current, False)
