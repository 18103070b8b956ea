"""Who says so: named and unnamed sources of casualty figures, and how far to trust each kind.

Named sources come from `resources/sources.csv` (users extend it). Unnamed ones ("police said",
"a UK-based war monitor", "the Iraqi health ministry") are read by head noun. A description
without a name ("a war monitor") is resolved to the named source of that kind the article cites
elsewhere, and pronouns ("it added", "the monitor said") to the last source cited.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from conflictwatch.document import Document, Span
from conflictwatch.extract.prefilter import AnchoredSet, Cue, fold_case

# Credibility by kind of source (UCDP's "best" comes from the most credible one).
CREDIBILITY = {"monitor": 5, "medical": 4, "official": 3, "outlet": 2, "local": 2, "party": 1, "unknown": 2}


@dataclass(frozen=True)
class SourceMention:
    name: str | None  # None until an unnamed description is resolved
    kind: str
    generic: bool  # True for descriptions ("a war monitor") and pronouns ("it added")
    pronoun: bool = False


@dataclass(frozen=True)
class _Catalogue:
    patterns: AnchoredSet  # one pattern, "names"
    by_alias: dict[str, tuple[str, str, bool]]  # alias -> (name, kind, must match case exactly)


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    by_alias: dict[str, tuple[str, str, bool]] = {}
    path = resources.files("conflictwatch.resources").joinpath("sources.csv")
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for alias in row["aliases"].split("|"):
                alias = alias.strip()
                # Short all-caps aliases (UN, AP, WHO) match only in capitals, or "who" would hit.
                by_alias[alias.lower()] = (row["name"], row["kind"], alias.isupper() and len(alias) <= 5)
    aliases = sorted(by_alias, key=len, reverse=True)
    alternation = "|".join(re.escape(alias) for alias in aliases)
    pattern = re.compile(r"(?<![\w-])(?:the\s+)?(" + alternation + r")(?![\w-])", re.IGNORECASE)
    anchors = {alias.split()[0] for alias in aliases} | {"the"}
    return _Catalogue(AnchoredSet({"names": (pattern, anchors)}), by_alias)


@lru_cache(maxsize=1)
def source_acronyms() -> frozenset[str]:
    """Sources written in capitals ("SANA", "SOHR", "AFP"): spelled so, they name the source, never a
    place keyed like them (SANA, the Syrian news agency, is not Sanaa)."""
    return frozenset(alias.upper() for alias, (_, _, exact_case) in _catalogue().by_alias.items() if exact_case)


# What a described source is ("officials", "a doctors' committee"): the head word every match ends with.
_GENERIC_HEAD = (
    r"(?:(?:doctors|medics|physicians|nurses)['’]?\s+)?(?:committee|union|syndicate|association)|"
    r"health ministry|ministry of health|interior ministry|ministry of interior|defen[cs]e ministry|"
    r"ministry of defen[cs]e|police(?: spokes(?:m[ae]n|woman|person)| chief| officials?| sources?| command)?|"
    r"army(?: spokes(?:m[ae]n|woman|person))?|"
    r"military(?: spokesm[ae]n| officials?| sources?)?|officials?|spokesm[ae]n|spokeswoman|spokesperson|governor|"
    r"mayor|hospital(?: officials?| sources?)?|medics|doctors?|residents?|witnesses|eyewitnesses|sources?|"
    r"(?:police |army |military )?command|officers?|commanders?|chairman|chairwoman|administrator|"
    r"president|prime minister|(?:deputy |interior |defen[cs]e |health )?minister|commissioner|"
    r"war monitor|monitoring group|monitor|rights group|human rights group|activists?|authorities|ministry|"
    r"statement|state media|state television|state TV|coroner|government"
)
# "on Saturday police said" with its comma lost: the day is not part of the speaker's name
_CALENDAR = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
             r"July|August|September|October|November|December|Today|Yesterday)\b")
_GENERIC = re.compile(
    r"(?<![\w-])(?:(?:the|a|an)\s+)?(?P<adj>(?:(?-i:(?!" + _CALENDAR + r")[A-Z][\w'’.-]*)|"
    r"local|provincial|regional|military|security|medical|"
    r"hospital|health|government|UK-based|Britain-based|British-based|war|rights|district|state)\s+){0,3}"
    r"(?P<head>" + _GENERIC_HEAD + r")\b",
    re.IGNORECASE,
)
# Found by its head word first: a match starts at most an article and three adjectives, four words,
# before it.
_GENERIC_HEAD_CUE = Cue(r"(?:" + _GENERIC_HEAD + r")\b", re.IGNORECASE, strict=True)
_GENERIC_KIND = [
    ("monitor", re.compile(r"monitor|rights group", re.I)),
    ("medical", re.compile(r"hospital|medic|doctor|coroner|health", re.I)),
    ("official", re.compile(r"ministry|police|army|military|official|spokes|governor|mayor|authorit|statement|state|"
                            r"government",
                            re.I)),
    ("local", re.compile(r"resident|witness|activist|sources", re.I)),
]
_PRONOUN = re.compile(r"(?<![\w-])(?:it|he|she|they|the group|the agency|the statement)\s+(?:said|added|reported|"
                      r"stated|claimed|noted)\b", re.IGNORECASE)

# "according to police", and "said Attaullah Khogyani, a spokesman": a name may stand between.
_ATTRIBUTION_BEFORE = re.compile(
    r"(?:according\s+to|said|says|told|reported|cited|citing|quoting|per)\s*"
    r"(?:(?-i:[A-Z][\w.'’-]*)\s+){0,4}?(?:(?-i:[A-Z][\w.'’-]*),\s*)?$", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,40}\)\s*)?(?:(?-i:[a-z][\w-]*)\s+){0,3}?(?:(?-i:[a-z][\w-]*))?(?:,[^,]{0,60},\s*)?"
    r"(?:(?-i:[A-Z][\w.'’-]*)\s+){0,4}(?:(?-i:[a-z][\w-]*)\s+){0,2}?"
    r"(?:also\s+|later\s+|earlier\s+)?(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|say|reported|reports|claimed|claims|told|stated|announced|added|confirmed|documented|recorded|"
    r"counted|put|gave|quoted|tallied|estimated)\b",
    re.IGNORECASE,
)


def _generic_kind(phrase: str) -> str:
    for kind, pattern in _GENERIC_KIND:
        if pattern.search(phrase):
            return kind
    return "unknown"


def _is_attributed(text: str, sentence_start: int, s: int, e: int) -> bool:
    before = text[max(sentence_start, s - 60):s]
    return bool(_ATTRIBUTION_BEFORE.search(before) or _ATTRIBUTION_AFTER.match(text[e:e + 90]))


# A sentence that cites anybody has one of these words; the others are skipped at once.
_REPORTING_HINT = re.compile(r"said|says|say\b|report|accord|claim|told|state|announc|confirm|cit(?:ed|ing)|quot|"
                             r"document|record|counted|put|gave|tall|estimat|added|per\b", re.IGNORECASE)
# Tried only where one of its words occurs: the article is scanned once for all cues (prefilter.py).
_REPORTING = Cue(_REPORTING_HINT.pattern, re.IGNORECASE, strict=True)


def source_positions(text: str) -> dict[str, list[int]]:
    """Where catalogue names may start in `text` (one pass for the whole article)."""
    return _catalogue().patterns.positions(fold_case(text))


def find_sources(text: str, start: int, end: int, positions: dict[str, list[int]] | None = None,
                 described: bool = True) -> list[Span]:
    """Source mentions in text[start:end] that stand in a reporting construction.

    Named sources (the catalogue) are always looked for; described ones ("police said") and
    pronouns only when `described`, i.e. in sentences that carry a figure to attribute.
    """
    if not _REPORTING.search(text, start, end):
        return []
    positions = source_positions(text) if positions is None else positions
    catalogue = _catalogue()
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for match in catalogue.patterns.finditer("names", text, positions, start, end):
        alias = match.group(1)
        name, kind, exact_case = catalogue.by_alias[alias.lower()]
        if exact_case and not alias.isupper():
            continue
        if _is_attributed(text, start, match.start(), match.end()) or kind in ("monitor", "party", "official"):
            found.append(Span(match.start(1), match.end(1), "SOURCE", SourceMention(name, kind, False)))
            taken.append(match.span())
    if not described:
        found.sort(key=lambda span: span.start)
        return found
    for match in _generic_matches(text, start, end):
        if any(match.start() < te and ts < match.end() for ts, te in taken):
            continue
        if not _is_attributed(text, start, match.start(), match.end()):
            continue
        phrase = match.group(0)
        kind = _generic_kind(phrase)  # "health officials", "a doctors' committee": the modifiers say who
        named = _named_generic(phrase)
        found.append(Span(match.start(), match.end(), "SOURCE", SourceMention(named, kind, named is None)))
    for match in _PRONOUN.finditer(text, start, end):
        subject_end = match.start() + len(match.group(0).split()[0]) if not match.group(0).lower().startswith("the ") \
            else match.start() + len(" ".join(match.group(0).split()[:2]))
        found.append(Span(match.start(), subject_end, "SOURCE", SourceMention(None, "unknown", True, pronoun=True)))
    found.sort(key=lambda span: span.start)
    return found


def _generic_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_GENERIC.finditer(text, start, end)`, each search begun shortly before the next head word
    rather than tried at every word of the sentence."""
    pos = start
    while pos < end:
        head = _GENERIC_HEAD_CUE.search(text, pos, end)
        if head is None:
            return
        match = _GENERIC.search(text, _words_before(text, pos, head.start(), 4), end)
        if match is None:
            return
        yield match
        pos = max(match.end(), match.start() + 1)


def _words_before(text: str, lo: int, at: int, count: int) -> int:
    """Where the `count`-th whitespace-separated word before offset `at` starts (not before `lo`)."""
    p = at
    for _ in range(count):
        while p > lo and text[p - 1].isspace():
            p -= 1
        while p > lo and not text[p - 1].isspace():
            p -= 1
    return p


def _named_generic(phrase: str) -> str | None:
    """A readable label for a described source, or None if it is only a description ("a monitor")."""
    if re.search(r"\bmonitor|monitoring group|rights group\b", phrase, re.IGNORECASE):
        return None
    return _label(phrase)


def _label(phrase: str) -> str:
    """"the Iraqi health ministry" -> "Iraqi health ministry", capitalised."""
    words = phrase.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


class SourceTagger:
    """Pipeline component: tags `doc.spans['source']` and resolves descriptions and pronouns."""

    name = "sources"

    def __call__(self, doc: Document) -> Document:
        spans: list[Span] = []
        positions = source_positions(doc.text)
        with_figures = {doc.sentence_index(span.start) for span in doc.layer("casualty")}
        for index, (start, end) in enumerate(doc.sentences):
            spans.extend(find_sources(doc.text, start, end, positions, described=index in with_figures))
        spans.extend(_actor_statements(doc, spans))
        spans.sort(key=lambda span: span.start)
        named = [s for s in spans if not s.value.generic and s.value.name]
        resolved: list[Span] = []
        last: Span | None = None
        for span in spans:
            mention: SourceMention = span.value
            if mention.name and mention.name == _label(doc.text[span.start:span.end]):
                trimmed = _after_place_words(doc, span)
                if trimmed is not span:  # a described source's label is its words: relabel what is left
                    mention = SourceMention(_label(doc.text[trimmed.start:trimmed.end]), mention.kind,
                                            mention.generic, mention.pronoun)
                    span = Span(trimmed.start, trimmed.end, "SOURCE", mention)
            if mention.pronoun or (mention.generic and _definite(doc.text, span)):
                target = _last_of_kind(resolved, mention.kind) if mention.kind != "unknown" else last
                if target is None:
                    continue
                span = Span(span.start, span.end, "SOURCE",
                            SourceMention(target.value.name, target.value.kind, True, mention.pronoun))
            elif mention.generic:
                target = _nearest_named(named, span, mention.kind)
                name = target.value.name if target else _label(doc.text[span.start:span.end])
                span = Span(span.start, span.end, "SOURCE", SourceMention(name, mention.kind, True))
            resolved.append(span)
            last = span
        doc.spans["source"] = resolved
        return doc


def _after_place_words(doc: Document, span: Span) -> Span:
    """"in the city of Aleppo Syrian activists said" (its comma lost): the speakers are the Syrian activists;
    a town named just before a nationality is where the sentence was, not part of the speaker's name."""
    demonyms = [p for p in doc.layer("place") if span.start < p.start < span.end and p.value.is_demonym]
    if demonyms and any(p.start == span.start and not p.value.is_demonym for p in doc.layer("place")):
        return Span(demonyms[0].start, span.end, span.label, span.value)
    return span


# The group itself is the subject of the reporting verb ("Al-Shabaab said in a statement"), not a
# modifier of another speaker ("ISIS propaganda outlet Amaq News Agency said").
_SPEAKS_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,40}\)\s*)?(?:,[^,]{0,60},\s*)?(?:also\s+|later\s+|earlier\s+)?(?:has\s+|have\s+|had\s+)?"
    r"(?:claimed\s+responsibility(?:\s+for\s+[^,.;]{1,60}?)?,?\s+and\s+)?"
    r"(?:said|says|say|reported|claimed|claims|told|stated|announced|added|confirmed|put|gave)\b", re.IGNORECASE)
_PARTY_KINDS = {"rebel", "militia", "identity", "armed", "political", "external"}


# "The militants said they killed 20": the armed group named before speaks through a description.
_GROUP_SPEAKS = re.compile(r"\b(?:the|The)\s+(?:militants|insurgents|rebels|jihadists|extremists|fighters)\s+"
                           r"(?:also\s+|later\s+)?(?:said|says|claimed|claims|added)\b")


def _actor_statements(doc: Document, taken: list[Span]) -> list[Span]:
    """An armed group that speaks for itself ("Al-Shabaab said in a statement") is a party source."""
    found = []
    groups = [a for a in doc.layer("actor")
              if not getattr(a.value, "generic", True) and getattr(a.value, "kind", "") in _PARTY_KINDS]
    for match in _GROUP_SPEAKS.finditer(doc.text):
        named = [a for a in groups if a.end <= match.start()]
        if named:
            end = match.start() + len(" ".join(match.group(0).split()[:2]))
            found.append(Span(match.start(), end, "SOURCE", SourceMention(named[-1].value.name, "party", False)))
    for actor in doc.layer("actor"):
        mention = actor.value
        if getattr(mention, "generic", True) or getattr(mention, "kind", "") not in _PARTY_KINDS:
            continue
        if any(t.start <= actor.start < t.end or actor.start <= t.start < actor.end for t in taken):
            continue
        if _SPEAKS_AFTER.match(doc.text[actor.end:actor.end + 90]):
            found.append(Span(actor.start, actor.end, "SOURCE", SourceMention(mention.name, "party", False)))
    return found


def _definite(text: str, span: Span) -> bool:
    return text[span.start:span.end].lower().startswith("the ")


def _last_of_kind(spans: list[Span], kind: str) -> Span | None:
    for span in reversed(spans):
        if span.value.kind == kind and span.value.name:
            return span
    return None


def _nearest_named(named: list[Span], span: Span, kind: str) -> Span | None:
    same_kind = [s for s in named if s.value.kind == kind]
    if not same_kind:
        return None
    return min(same_kind, key=lambda s: abs(s.start - span.start))


def credibility(kind: str) -> int:
    return CREDIBILITY.get(kind, CREDIBILITY["unknown"])
