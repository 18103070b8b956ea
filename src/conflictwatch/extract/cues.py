"""Cue lexicons: sections of regular expressions in a data file, compiled once.

A lexicon file has `[section]` headers and one regex alternative per line (see
`resources/lexicons/incident_cues.txt`); users extend it without touching code. Each section
becomes one prefiltered `Cue` (see prefilter.py), so a long alternation costs one Aho-Corasick
pass per article instead of a regex attempt at every position.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from conflictwatch.extract.prefilter import Cue, cue


@cache
def load_cues(filename: str) -> dict[str, Cue]:
    """The sections of a lexicon file under resources/lexicons/, each compiled to one cue."""
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
    return {name: cue(r"\b(?:" + "|".join(f"(?:{line})" for line in lines) + r")\b", re.IGNORECASE)
            for name, lines in sections.items()}
