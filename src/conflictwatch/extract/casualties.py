"""How many: killed and wounded figures as a careful coder reads them.

Each figure becomes a `CasualtyMention` span: the count (digits, words, or ACLED's value for a
vague word), its qualifier ("at least" -> at_least), killed or wounded, and whether it is a
subset of another figure ("including 11 from the Baqer Brigade") that must not be added again.
Lists of parts ("eight soldiers, four allied fighters and three civilians") are summed.
Whether a figure is an aggregate ("since 2011") is decided per sentence by the incident builder,
which knows the dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictwatch.document import Document, Span
from conflictwatch.extract.numbers import NUMBER_PATTERN, Count, parse_count

QUALIFIERS = {
    "at least": "at_least", "no fewer than": "at_least", "not less than": "at_least", "a minimum of": "at_least",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "nearly": "about", "almost": "about", "about": "about", "around": "about", "approximately": "about",
    "roughly": "about", "some": "about", "an estimated": "about", "close to": "about", "reportedly": "exact",
    "up to": "up_to", "as many as": "up_to",
}
_QUAL = r"(?P<qual>" + "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True)) + r")\s+"
_NUM = rf"(?P<num>{NUMBER_PATTERN})"
_KILLED = (r"killed|dead|died|slain|perished|executed|massacred|murdered|shot dead|beheaded|"
           r"lost their lives|found dead|"
           r"burned to death|stabbed to death|hacked to death|beaten to death|gunned down|lynched")
_WOUNDED = r"wounded|injured|hurt|maimed"
# A word inside a victims phrase: no digits, no clause breaks, no reporting verbs.
_NP_WORD = (r"(?!(?:said|says|told|reported|according|while|after|when|but|who|which|killing|wounding|"
            r"injuring|and\s+(?:\d|wound|injur)|were|was|had|have|has|are|is)\b)[^\s.;:!?\d\"“”]+")
_NP = rf"(?P<np>(?:{_NP_WORD}\s+){{0,12}}?)"
# A word of the victims phrase after a verb ("killing 13 soldiers"): stops at prepositions and lists.
_VICTIM_WORD = (r"(?!(?:in|at|on|near|during|and|with|from|by|as|after|while|meaning|when|inside|outside|across|"
                r"including|among|since|before|who|which|that|of|to|for|the|a|an|" + _KILLED + "|" + _WOUNDED +
                r")\b)(?!" + NUMBER_PATTERN + r"\b)"
                r"[A-Za-z'’-]+")
_PERSON = (r"(?:man|woman|boy|girl|child|baby|civilian|soldier|policeman|policewoman|police officer|officer|"
           r"person|member|fighter|militant|militiaman|farmer|teacher|journalist|student|villager|resident|"
           r"herder|trader|worker|driver|guard|official|commander|leader|chief|priest|imam|pastor|doctor|nurse|"
           r"activist|protester|demonstrator|youth|teenager|elder|pilgrim|miner|shepherd|fisherman|employee|"
           r"staffer|suspect|gunman|insurgent|jihadist|rebel|cadre|trooper|sergeant|captain|colonel|general|"
           r"lieutenant|major|corporal|private|contractor|refugee|migrant|passenger|customer|vendor|mother|father|"
           r"son|daughter|wife|husband|brother|sister|individual|national|citizen)")
_AUX = r"(?:(?:were|was|have been|has been|had been|are|is|been|being|got|reportedly|also|all|later|allegedly|" \
       r"subsequently|eventually|initially|confirmed|either)\s+)*"

_SUBJECT_FIRST = re.compile(
    rf"(?<![\w,.])(?:{_QUAL})?{_NUM}\s+{_NP}{_AUX}(?P<verb>{_KILLED}|{_WOUNDED})\b", re.IGNORECASE)
_VERB_FIRST = re.compile(
    rf"\b(?P<verb>killed|killing|kills|kill|slew|slaying|claimed the lives of|claiming the lives of|"
    rf"the deaths? of|deaths of|executed|executing|massacred|massacring|shot dead|shooting dead|beheaded|"
    rf"wounded|wounding|injured|injuring|left|leaving)\s+(?:{_QUAL})?{_NUM}\b"
    rf"(?P<np>(?:\s+{_VICTIM_WORD}){{0,5}})", re.IGNORECASE)
# One victim named with an article: "a man was shot dead", "killing a police officer".
_SINGLE_SUBJECT = re.compile(
    rf"(?<![\w,.])(?P<num>an?|one)\s+(?P<np>(?:[\w'’-]+\s+){{0,3}}?{_PERSON})\s+(?:\([^)]*\)\s+)?{_AUX}"
    rf"(?P<verb>{_KILLED}|{_WOUNDED})\b", re.IGNORECASE)
_SINGLE_OBJECT = re.compile(
    rf"\b(?P<verb>killed|killing|kills|shot dead|shooting dead|executed|executing|beheaded|beheading|stabbed to death|"
    rf"wounded|wounding|injured|injuring|murdered|murdering|lynched|lynching)\s+(?P<num>an?|one)\s+"
    rf"(?P<np>(?:[\w'’-]+\s+){{0,3}}?{_PERSON})\b", re.IGNORECASE)
_TOLL = re.compile(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|those killed|people killed)|fatalities|casualty toll)\s+"
    rf"(?:has\s+|had\s+|have\s+)?(?:rose|risen|rises|climbed|increased|reached|stands|stood|jumped|is|was|"
    rf"of|hit)?\s*(?:at|to)?\s*(?:{_QUAL})?{_NUM}\b", re.IGNORECASE)
_COUNT_NOUN = re.compile(
    rf"(?<![\w,.])(?:{_QUAL})?{_NUM}\s+(?P<verb>fatalit(?:y|ies)|deaths|dead|killed|people dead|bodies)\b",
    re.IGNORECASE)
_NONE_KILLED = re.compile(
    r"\b(?:no (?:fatalities|deaths|casualties|one was (?:killed|hurt|injured|wounded))|nobody was (?:killed|hurt)|"
    r"without casualties|no one (?:died|was killed)|"
    r"no (?:immediate )?reports? of (?:casualties|fatalities|deaths))\b", re.IGNORECASE)
_CODED_AS = re.compile(rf"\bfatalit(?:y|ies)[^.]{{0,40}}?coded as\s+{_NUM}", re.IGNORECASE)
# A further part of a list: ", four allied fighters" / "and three civilians".
_LIST_PART = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_QUAL})?{_NUM}(?P<np>(?:\s+{_VICTIM_WORD}){{1,4}})", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(
    r"(?:including|includ(?:e|es|ed)|among them|among whom|of whom|of which|comprising|such as)\s+(?:at least\s+)?$",
    re.IGNORECASE)
_SUBSET_AFTER = re.compile(r"^\s+of (?:them|those|the dead|the victims|whom)\b", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per cent|years?|-year|km|kilomet|miles|am\b|pm\b|a\.m|p\.m|"
                                r"o'clock|dollars|million dollars|tons?)", re.IGNORECASE)


@dataclass(frozen=True)
class CasualtyMention:
    kind: str  # "killed" or "wounded"
    count: int | None  # None for a vague wounded figure ("wounding several")
    qualifier: str
    vague: bool
    subset: bool
    victims: str  # the words naming who was hit ("regime loyalists"), for typing and actors


def _qualifier(match: re.Match[str]) -> str:
    qual = match.groupdict().get("qual")
    return QUALIFIERS.get(qual.lower(), "exact") if qual else "exact"


def _kind(verb: str, tail: str = "") -> str:
    verb = verb.lower()
    if verb in ("left", "leaving"):
        return "wounded" if re.match(rf"^\s*(?:{_WOUNDED})\b", tail, re.I) else "killed"
    return "wounded" if re.match(rf"^(?:{_WOUNDED}|wounding|injuring)", verb) else "killed"


def find_casualties(text: str, start: int, end: int, blocked: list[tuple[int, int]] | None = None) -> list[Span]:
    """Killed and wounded figures in text[start:end]. `blocked` spans (dates) hold no counts."""
    blocked = blocked or []
    found: list[Span] = []

    def add(match: re.Match[str], kind: str, np: str, extra: list[Count] | None = None,
            span_end: int | None = None) -> None:
        num_start, num_end = match.span("num")
        if any(num_start < be and bs < num_end for bs, be in blocked):
            return
        if _NOT_A_COUNT_AFTER.match(text[num_end:num_end + 12]):
            return
        if any(span.start <= num_start < span.end for span in found):
            return
        count = parse_count(match.group("num"))
        if count is None:
            return
        total = count.value + sum(c.value for c in extra or [])
        vague = count.vague and not extra
        subset = bool(_SUBSET_BEFORE.search(text[max(start, match.start() - 25):match.start()]) or
                      _SUBSET_AFTER.match(text[num_end:num_end + 20]))
        value = None if (vague and kind == "wounded") else total
        qualifier = "about" if vague and _qualifier(match) == "exact" else _qualifier(match)
        s = match.start("qual") if match.groupdict().get("qual") else num_start
        found.append(Span(s, span_end or match.end(), "CASUALTY",
                          CasualtyMention(kind, value, qualifier, vague, subset, np.strip(" ,"))))

    for match in _NONE_KILLED.finditer(text, start, end):
        found.append(Span(match.start(), match.end(), "CASUALTY",
                          CasualtyMention("killed", 0, "exact", False, False, "")))
        blocked = blocked + [match.span()]
    for match in _CODED_AS.finditer(text, start, end):
        add(match, "killed", "")
    for match in _VERB_FIRST.finditer(text, start, end):
        extra, list_end = _list_parts(text, match.end(), end)
        tail = text[match.end():match.end() + 15]
        kind = _kind(match.group("verb"), tail)
        if match.group("verb").lower() in ("left", "leaving") and not re.match(
                rf"^\s*(?:people\s+|persons\s+)?(?:{_KILLED}|{_WOUNDED})\b", tail, re.I):
            if not re.search(rf"\b(?:{_KILLED}|{_WOUNDED})\b", match.group("np"), re.I):
                continue
        add(match, kind, match.group("np"), extra, list_end)
    for match in _SUBJECT_FIRST.finditer(text, start, end):
        np = match.group("np")
        if re.match(r"^\s*(?:of\s+)?(?:them|those)\b", np, re.I) and not np.strip().startswith("of the"):
            continue
        add(match, _kind(match.group("verb")), np, _inner_parts(np))
    for pattern in (_SINGLE_OBJECT, _SINGLE_SUBJECT):
        for match in pattern.finditer(text, start, end):
            add(match, _kind(match.group("verb")), match.group("np"))
    for match in _TOLL.finditer(text, start, end):
        add(match, "killed", "")
    for match in _COUNT_NOUN.finditer(text, start, end):
        add(match, "killed", "")
    found.sort(key=lambda span: span.start)
    return found


_INNER_PART = re.compile(rf"(?:,|\band)\s+(?:{_QUAL})?{_NUM}\s+[A-Za-z]", re.IGNORECASE)


def _inner_parts(np: str) -> list[Count]:
    """Counted parts inside a subject ("Two soldiers and three civilians")."""
    parts = []
    for match in _INNER_PART.finditer(np):
        count = parse_count(match.group("num"))
        if count and not count.vague:
            parts.append(count)
    return parts


def _list_parts(text: str, pos: int, end: int) -> tuple[list[Count], int]:
    """Further counted parts after a first count ("..., four allied fighters and three civilians")."""
    parts: list[Count] = []
    while True:
        match = _LIST_PART.match(text, pos, end)
        if not match:
            break
        count = parse_count(match.group("num"))
        if count is None or count.vague:
            break
        parts.append(count)
        pos = match.end()
    return parts, pos


class CasualtyTagger:
    """Pipeline component: tags `doc.spans['casualty']`, never inside a date expression."""

    name = "casualties"

    def __call__(self, doc: Document) -> Document:
        dates = [span.bounds for span in doc.layer("date")]
        for start, end in doc.sentences:
            for span in find_casualties(doc.text, start, end, dates):
                doc.add("casualty", span)
        return doc
