"""How many: killed and wounded figures as a careful coder reads them.

Each figure becomes a `CasualtyMention` span: the count (digits, words, or ACLED's value for a
vague word), its qualifier ("at least" -> at_least), killed or wounded, and whether it is a
subset of another figure ("including 4 police officers") that must not be added again.
Lists of parts ("eight soldiers, four allied fighters and three civilians") are summed.
Whether a figure is an aggregate ("since 2011") is decided per sentence by the incident builder,
which knows the dates.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick

from conflictwatch.document import Document, Span
from conflictwatch.extract.dates import wire_datelines
from conflictwatch.extract.numbers import NUMBER_PATTERN, Count, parse_count
from conflictwatch.extract.prefilter import AnchoredSet, fold_case
from conflictwatch.record import Qualifier

QUALIFIERS: dict[str, Qualifier] = {
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
           r"burned to death|stabbed to death|hacked to death|beaten to death|shot to death|gunned down|lynched|"
           r"assassinated|tortured to death|killed in action|pronounced dead|fatally (?:shot|stabbed|wounded)")
_WOUNDED = r"wounded|injured|hurt|maimed"
# A word inside a victims phrase: no digits, no clause breaks, no reporting verbs. "and" goes on only to a further
# counted part with its own noun ("120 fighters and 60 mercenaries"); "4 dead and 13 injured", "3 children and 43
# others were injured" are two figures, not a sum.
_NP_WORD = (r"(?!(?-i:said|says|told|reported|according|while|after|when|but|who|which|killing|wounding|"
            r"injuring|were|was|had|have|has|are|is|to|then|as|if)\b)(?!and\s+(?!(?:(?:\d+|a|an|one|two|three|four|"
            r"five|six|seven|eight|nine|ten)\s+(?!(?:" + _KILLED + "|" + _WOUNDED + r"|others|more)\b)|"
            r"other|allied|pro-|local|several|"
            # "70 regime and rebel fighters were killed": both sides' dead in one count
            r"rebel|regime|government|opposition|militia|army|police|security|military|civilian|jihadist|"
            r"Kurdish|Islamist)\b))[^\s.;:!?\d\"“”()]+")
_PAREN = r"\([^)]{0,80}\)"
_NP = rf"(?P<np>(?:(?:{_NP_WORD}|{_PAREN}|(?<=and )\d+|(?<=, )\d+)\s+){{0,12}}?)"
# A word of the victims phrase after a verb ("killing 13 soldiers"): stops at prepositions and lists.
_VICTIM_WORD = (r"(?!(?:in|at|on|near|during|and|with|from|by|as|after|while|meaning|when|inside|outside|across|"
                r"including|among|since|before|who|which|that|of|to|for|the|a|an|" + _KILLED + "|" + _WOUNDED +
                r")\b)(?!" + NUMBER_PATTERN + r"\b)"
                r"[A-Za-z'’-]+")
_PERSON = (r"(?:man|woman|boy|girl|child|baby|adolescent|civilian|soldier|policeman|policewoman|police officer|officer|"
           r"person|member|fighter|militant|militiaman|farmer|teacher|journalist|student|villager|resident|"
           r"herder|trader|worker|driver|guard|official|commander|leader|chief|priest|imam|pastor|doctor|nurse|"
           r"activist|protester|demonstrator|youth|teenager|elder|pilgrim|miner|shepherd|fisherman|employee|"
           r"staffer|suspect|gunman|insurgent|jihadist|rebel|cadre|trooper|sergeant|captain|colonel|general|"
           r"lieutenant|major|corporal|private|contractor|refugee|migrant|passenger|customer|vendor|mother|father|"
           r"son|daughter|wife|husband|brother|sister|individual|national|citizen|owner|hawker|inmate|prisoner|"
           r"detainee|journalist|lawyer|judge|politician|councillor|councilor|candidate|mayor|"
           r"sub-inspector|inspector|constable|colonel|engineer|laborer|labourer|trafficker|smuggler|bandit|"
           r"kidnapper|robber|thief|poacher|ranger|guide|pilot|medic|paramedic|volunteer|aid worker|"
           r"headman|chairman|sheikh|cleric|tribesman|clansman|hunter|motorist|rider|cyclist|pedestrian)")
# "opened fire on a civilian, killing him"
_KILLING_PRONOUN = re.compile(r"\b(?P<verb>killing|killed)\s+(?P<num>him|her)\b", re.IGNORECASE)
_AUX = r"(?:(?:were|was|have been|has been|had been|are|is|been|being|got|reportedly|also|all|later|allegedly|" \
       r"subsequently|eventually|initially|confirmed|either|reported|believed|said to have been|feared)\s+)*"
# "was found handcuffed and killed", "was shot and died"
_CHAIN = r"(?:(?:found|shot|stabbed|tortured|beaten|abducted|kidnapped|seized|taken|wounded|injured)\s+" \
         r"(?:[\w-]+\s+){0,4}?and\s+(?:later\s+|then\s+|subsequently\s+)?)?"

_SUBJECT_FIRST = re.compile(
    rf"(?<![\w,.])(?:{_QUAL})?{_NUM}\s+{_NP}{_AUX}{_CHAIN}(?P<verb>{_KILLED}|{_WOUNDED})\b", re.IGNORECASE)
_VERB_FIRST = re.compile(
    rf"\b(?P<verb>killed|killing|kills|kill|slew|slaying|claimed the lives of|claiming the lives of|"
    rf"the deaths? of|deaths of|executed|executing|massacred|massacring|shot dead|shooting dead|beheaded|"
    rf"assassinated|assassinating|"
    rf"wounded|wounding|injured|injuring|left|leaving)"
    # "killed and crucified five civilians"
    rf"(?:\s+and\s+(?:crucified|beheaded|mutilated|burned|tortured|dumped|hanged))?\s+(?:{_QUAL}|between\s+)?{_NUM}(?:\s+(?:and|to|-)\s+\d+)?\b"
    rf"(?P<np>(?:\s+{_VICTIM_WORD}){{0,5}})", re.IGNORECASE)
# One victim named with an article: "a man was shot dead", "killing a police officer".
_SINGLE_SUBJECT = re.compile(
    rf"(?<![\w,.])(?<!no )(?P<num>an?|one|the)\s+(?P<np>(?:[\w'’-]+\s+){{0,3}}?{_PERSON}(?:'s body)?"
    rf"(?:\s+(?:from|of|in)\s+(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+)?)\s+(?:\([^)]*\)\s+)?(?:,[^,]{{1,60}},\s+)?{_AUX}"
    rf"{_CHAIN}(?P<verb>{_KILLED}|{_WOUNDED})\b", re.IGNORECASE)
# "one was killed", "one died": a bare "one" after a clause break.
_BARE_ONE = re.compile(rf"(?:(?<=[,;]\s)|(?<=and\s))(?P<num>one)\s+{_AUX}(?P<verb>{_KILLED}|{_WOUNDED})\b",
                       re.IGNORECASE)
# "the body of a man was found", "a man's body was found", "two bodies were found"
_BODY = re.compile(
    rf"\b(?:the\s+)?(?:(?P<num>an?|one|{NUMBER_PATTERN})\s+(?:[\w'’-]+\s+){{0,2}}?(?:bod(?:y|ies)|corpses?)|"
    rf"bod(?:y|ies) of (?P<num2>an?|one|{NUMBER_PATTERN})\s+(?:[\w'’-]+\s+){{0,3}}?|"
    rf"(?P<num3>an?)\s+(?:[\w'’-]+\s+){{0,2}}?{_PERSON}'s body)\s*(?:\([^)]*\)\s*)?(?:[\w'’-]+\s+){{0,4}}?"
    rf"(?:was|were|had been|has been)\s+(?:(?:\w+ly)\s+)?(?P<verb>found|discovered|recovered|retrieved)\b",
    re.IGNORECASE)
# "shot two men to death", "beat a young man to death"
_TO_DEATH = re.compile(
    rf"\b(?P<verb>shot|shooting|beat|beating|stabbed|stabbing|hacked|hacking|burned|burning|tortured|torturing|"
    rf"stoned|stoning|lynched)\s+(?:{_QUAL})?(?P<num>an?|one|{NUMBER_PATTERN})\s+(?P<np>(?:[\w'’-]+\s+){{0,4}}?)"
    rf"(?:to death|dead)\b", re.IGNORECASE)
# "between 43 and 52 persons were killed", "fatalities range from 1 to 2": the lower figure, at least
_RANGE = re.compile(
    rf"\b(?:between|from)\s+(?P<num>\d+|{NUMBER_PATTERN})\s+(?:and|to|-)\s+(?P<high>\d+|{NUMBER_PATTERN})\s+"
    rf"(?P<np>(?:[\w'’-]+\s+){{0,4}}?)(?:were\s+|had\s+been\s+|have\s+been\s+)?(?P<verb>{_KILLED}|{_WOUNDED})\b|"
    rf"\bfatalities\s+range\s+from\s+(?P<num4>\d+)\s+to\s+\d+", re.IGNORECASE)
_SINGLE_OBJECT = re.compile(
    rf"\b(?P<verb>killed|killing|kills|shot dead|shooting dead|executed|executing|beheaded|beheading|stabbed to death|"
    rf"wounded|wounding|injured|injuring|murdered|murdering|lynched|lynching|assassinated|assassinating|"
    rf"fatally shot|fatally stabbed|fatally wounded|the killing of|the deaths? of|the murder of)\s+"
    rf"(?P<num>an?|one|the)\s+(?P<np>(?:[\w'’-]+\s+){{0,3}}?{_PERSON})\b"
    rf"(?P<second>\s+and\s+(?:(?P<second_num>{NUMBER_PATTERN})|an?|one|the|his|her|their)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_PERSON}s?|men|women|children|people|others|relatives)\b)?", re.IGNORECASE)
# "a drug trafficker was killed", "a member of the militia was found dead": any one person, singular verb.
_GENERIC_SINGLE = re.compile(
    rf"(?<![\w,.])(?<!no )(?P<num>an?|one|the)\s+(?P<np>(?:(?!(?:was|were|and|who|which|that|said|body)\b)"
    rf"[\w'’()-]+\s+){{1,8}}?)"
    rf"was\s+(?:(?:reportedly|later|also|allegedly|then)\s+)?{_CHAIN}(?P<verb>{_KILLED})\b", re.IGNORECASE)
_TOLL = re.compile(
    rf"\b(?:death toll|toll|number of (?:dead|deaths|those killed|people killed)|fatalities|casualty toll)\s+"
    # "the death toll from Russia's Oct. 11 missile attack on a building in Kharkiv has risen to nine"
    rf"(?:(?:from|of|in)\s+(?:[^.;:!?]|\.(?=\s*[a-z\d])){{3,110}}?\s+(?=(?:has|had|have)\s+(?:risen|climbed|increased|reached|jumped)|"
    rf"(?:rose|climbed|increased|reached|jumped|stands|stood)\s))?"
    rf"(?:has\s+|had\s+|have\s+)?(?:rose|risen|rises|climbed|increased|reached|stands|stood|jumped|is|was|"
    rf"of|hit)?\s*(?:at|to)?\s*(?:{_QUAL})?{_NUM}\b", re.IGNORECASE)
_COUNT_NOUN = re.compile(
    rf"(?<![\w,.])(?:{_QUAL})?{_NUM}\s+(?:(?:[A-Za-z-]+\s+){{0,2}}?(?:and|,)\s+(?:\d+|a|an|one)\s+)?"
    rf"(?:[A-Za-z-]+\s+){{0,2}}?(?P<verb>fatalit(?:y|ies)|deaths|dead|killed|people dead)\b",
    re.IGNORECASE)
_NONE_KILLED = re.compile(
    r"\b(?:no (?:fatalities|deaths|casualties|one was (?:killed|hurt|injured|wounded))|nobody was (?:killed|hurt)|"
    r"without casualties|no one (?:died|was killed)|"
    r"no (?:immediate )?reports? of (?:casualties|fatalities|deaths))\b", re.IGNORECASE)
_CODED_AS = re.compile(
    rf"\bfatalit(?:y|ies)[^.]{{0,40}}?coded (?:as|to)\s+{_NUM}(?:[^.]{{0,40}}?(?:split|spread|divided)[^.]{{0,30}}?"
    rf"(?:between|across|among)\s+(?:the\s+)?(?P<parts>\d+|two|three|four|five|six)\s+(?:events|locations|days))?",
    re.IGNORECASE)
# ACLED's convention for a figure shared by several events: "Fatalities split between 2 events".
SPLIT = re.compile(r"\bfatalit(?:y|ies)\s+(?:were\s+|are\s+|have been\s+)?(?:split|spread|divided)\s+(?:up\s+)?"
                   r"(?:equally\s+)?"
                   r"(?:between|among|across)\s+(?:the\s+)?(?P<parts>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
                   r"(?:events|locations|days|incidents)", re.IGNORECASE)
# A coder's own tally closing a note: "1 fatality." / "2 fatalities."
_TALLY = re.compile(r"(?:^|(?<=[.\]]\s))(?P<num>\d+)\s+(?P<verb>fatalit(?:y|ies))\.?\s*$", re.IGNORECASE)
# A further part of a list: ", four allied fighters" / "and three civilians".
_LIST_PART = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_QUAL})?{_NUM}(?P<np>(?:\s+{_VICTIM_WORD}){{1,4}})", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(
    r"(?:including|includ(?:e|es|ed)|among them|among whom|of whom|of which|comprising|such as)\s+(?:at least\s+)?$",
    re.IGNORECASE)
# "Last updated at Jan 202015", "Jan 20 2015": a date whose spaces were lost, not a count
_MONTH_BEFORE = re.compile(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+$")
_YEAR_AFTER = re.compile(r"^,?\s+(?:19|20)\d\d\b")
_NOT_A_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per cent|years?|-year|km|kilomet|miles|am\b|pm\b|a\.m|p\.m|"
                                r"o'clock|dollars|million dollars|tons?)", re.IGNORECASE)


@dataclass(frozen=True)
class CasualtyMention:
    kind: str  # "killed" or "wounded"
    count: int | None  # None for a vague wounded figure ("wounding several")
    qualifier: Qualifier
    vague: bool
    subset: bool
    victims: str  # the words naming who was hit ("regime loyalists"), for typing and actors
    authoritative: bool = False  # a coder's own statement ("Fatalities coded as 10", "1 fatality.")
    additive: bool = False  # adds to an earlier figure ("two other policemen were also killed")
    update: bool = False  # a revised total ("bringing the toll to four"): newer than the first figure


def share(total: int, parts: int) -> int:
    """One event's share of a figure split between `parts` events, rounded half up as ACLED does."""
    return int(total / max(parts, 1) + 0.5)


def _qualifier(match: re.Match[str]) -> Qualifier:
    qual = match.groupdict().get("qual")
    return QUALIFIERS.get(qual.lower(), "exact") if qual else "exact"


def _kind(verb: str, tail: str = "") -> str:
    verb = verb.lower()
    if verb in ("left", "leaving"):
        return "wounded" if re.match(rf"^\s*(?:{_WOUNDED})\b", tail, re.I) else "killed"
    return "wounded" if re.match(rf"^(?:{_WOUNDED}|wounding|injuring)", verb) else "killed"


# Every casualty pattern needs one of these stems; sentences without any are skipped at once.
_HINT_STEMS = ("kill", "dead", "die", "death", "slain", "perish", "execut", "massacr", "murder", "behead", "lives",
               "wound", "injur", "hurt", "maim", "fatalit", "toll", "body", "bodies", "corpse", "shot", "lynch",
               "assassin", "casualt", "stab", "beat", "tortur", "burn", "gunned", "no one", "nobody")


def _automaton(words: tuple[str, ...] | set[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


_HINT = _automaton(_HINT_STEMS)
_NUMBER_STARTS = {str(d) for d in range(10)} | {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "a", "an", "dozens", "scores",
    "several", "hundreds", "thousands", "numerous", "many"}
_QUAL_STARTS = {q.split()[0] for q in QUALIFIERS}


@lru_cache(maxsize=1)
def _anchored() -> AnchoredSet:
    """Each pattern with the words a match can start with."""
    def verbs(pattern: re.Pattern[str]) -> set[str]:
        found = re.search(r"\(\?P<verb>([^)]*)\)", pattern.pattern)
        assert found is not None, pattern.pattern
        body = found.group(1)
        return {alt.split()[0].split("\\")[0].lower() for alt in body.split("|") if alt}

    count_starts = _NUMBER_STARTS | _QUAL_STARTS
    table = {
        _NONE_KILLED: {"no", "nobody", "without"},
        _CODED_AS: {"fatalit"},
        _RANGE: {"between", "from", "fatalities"},
        _VERB_FIRST: verbs(_VERB_FIRST),
        _SUBJECT_FIRST: count_starts,
        _KILLING_PRONOUN: {"killing", "killed"},
        _TO_DEATH: verbs(_TO_DEATH),
        _SINGLE_OBJECT: verbs(_SINGLE_OBJECT),
        _SINGLE_SUBJECT: {"a", "an", "one", "the"},
        _GENERIC_SINGLE: {"a", "an", "one", "the"},
        _BARE_ONE: {"one"},
        _BODY: _NUMBER_STARTS | {"the", "bod"},
        _TOLL: {"death", "toll", "number", "fatalities", "casualty"},
        _COUNT_NOUN: count_starts,
    }
    return AnchoredSet({pattern.pattern: (pattern, anchors) for pattern, anchors in table.items()})


_REACH = 180  # characters from a pattern's first word to the casualty word it must contain
# Patterns that start with the count or the person and end with the casualty word (every verb they
# accept holds a hint stem: "killed", "shot dead", "lost their lives", "fatalities", ...).
_COUNT_LED = frozenset(p.pattern for p in (_SUBJECT_FIRST, _COUNT_NOUN, _SINGLE_SUBJECT, _GENERIC_SINGLE, _BARE_ONE))
_CASE_ODDITIES = ("ı", "ſ", "İ")
_FOUND_WORD = re.compile(r"found|discovered|recovered|retrieved")  # what a body "was found": after its start


def casualty_positions(text: str) -> tuple[str, dict[str, list[int]]]:
    """The case-folded text and where each casualty pattern may start (one pass per article).

    The positions of casualty words themselves go under "hints": every pattern needs one nearby.
    """
    lowered = fold_case(text)
    positions = _anchored().positions(lowered)
    positions["hints"] = sorted({stop - length + 1 for stop, length in _HINT.iter(lowered)})
    # Letters IGNORECASE equates with i or s that lower() does not fold: there a verb may hide from
    # the hints, so no pattern is skipped for lack of a hint after its start.
    positions["odd_case"] = [1] if any(ch in text for ch in _CASE_ODDITIES) else []
    positions["found"] = [m.start() for m in _FOUND_WORD.finditer(lowered)]
    return lowered, positions


def find_casualties(text: str, start: int, end: int, blocked: list[tuple[int, int]] | None = None,
                    scanned: tuple[str, dict[str, list[int]]] | None = None) -> list[Span]:
    """Killed and wounded figures in text[start:end]. `blocked` spans (dates) hold no counts.

    `scanned` (from `casualty_positions(text)`) lets the tagger scan the article once; each
    pattern is then tried only where its first word occurs.
    """
    lowered, positions = casualty_positions(text) if scanned is None else scanned
    hints = positions["hints"]
    first = bisect_left(hints, start)
    if first == len(hints) or hints[first] >= end:
        return []
    blocked = list(blocked or [])
    found: list[Span] = []
    anchored = _anchored()

    verb_after = None if positions["odd_case"] else hints
    found_after = None if positions["odd_case"] else positions["found"]

    def scan(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        # A pattern led by its count ("3 soldiers were killed") has its casualty word after its start.
        key = pattern.pattern  # a str: its hash is cached, a Pattern's is recomputed from its code
        after = verb_after if key in _COUNT_LED else (found_after if pattern is _BODY else None)
        return anchored.finditer(key, text, positions, start, end, near=hints, window=_REACH, after=after)

    def add(match: re.Match[str], kind: str, np: str, extra: list[Count] | None = None,
            span_end: int | None = None, num_group: str = "num", divide_by: int = 1,
            authoritative: bool = False) -> None:
        num_start, num_end = match.span(num_group)
        if any(num_start < be and bs < num_end for bs, be in blocked):
            return
        if _NOT_A_COUNT_AFTER.match(text[num_end:num_end + 12]):
            return
        if _MONTH_BEFORE.search(text[max(0, num_start - 12):num_start]) and (
                num_end - num_start >= 5 or _YEAR_AFTER.match(text[num_end:num_end + 8])):
            return
        if any(span.start <= num_start < span.end for span in found):
            return
        word = match.group(num_group).lower()
        if len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2100:
            return  # a year ("in 2016"), not a count
        count = Count(1, False) if word in ("a", "an", "the") else parse_count(word)
        if count is None:
            return
        total = share(count.value + sum(c.value for c in extra or []), divide_by)
        vague = count.vague and not extra
        subset = bool(_SUBSET_BEFORE.search(text[max(start, match.start() - 25):match.start()]))
        value = None if (vague and kind == "wounded") else total
        qualifier = "about" if vague and _qualifier(match) == "exact" else _qualifier(match)
        s = match.start("qual") if match.groupdict().get("qual") else min(num_start, match.start())
        victims = np.strip(" ,")
        additive = bool(_ADDITIVE.match(victims) or _ALSO_BEFORE_VERB.search(text[match.start():match.end()]))
        found.append(Span(s, span_end or match.end(), "CASUALTY",
                          CasualtyMention(kind, value, qualifier, vague, subset, victims, authoritative, additive)))

    for match in scan(_NONE_KILLED):
        found.append(Span(match.start(), match.end(), "CASUALTY",
                          CasualtyMention("killed", 0, "exact", False, False, "")))
        blocked.append(match.span())
    for match in scan(_CODED_AS):
        parts = parse_count(match.group("parts")) if match.group("parts") else None
        add(match, "killed", "", divide_by=parts.value if parts else 1, authoritative=True)
    tally = _TALLY.search(text, start, end)
    if tally:
        add(tally, "killed", "", authoritative=True)
    for match in scan(_RANGE):
        group = "num" if match.group("num") else "num4"
        verb = match.group("verb") or "killed"
        add(match, _kind(verb), match.group("np") or "", num_group=group)
    for match in scan(_VERB_FIRST):
        extra, list_end = _list_parts(text, match.end(), end)
        tail = text[match.end():match.end() + 15]
        kind = _kind(match.group("verb"), tail)
        if match.group("verb").lower() in ("left", "leaving") and not re.match(
                rf"^\s*(?:people\s+|persons\s+)?(?:{_KILLED}|{_WOUNDED})\b", tail, re.I):
            if not re.search(rf"\b(?:{_KILLED}|{_WOUNDED})\b", match.group("np"), re.I):
                continue
        add(match, kind, match.group("np"), extra, list_end)
    for match in scan(_SUBJECT_FIRST):
        np = match.group("np")
        if re.match(r"^\s*(?:of\s+)?(?:them|those)\b", np, re.I) and not np.strip().startswith("of the"):
            continue
        add(match, _kind(match.group("verb")), np, _inner_parts(np))
    for match in scan(_KILLING_PRONOUN):
        found.append(Span(match.start(), match.end(), "CASUALTY",
                          CasualtyMention("killed", 1, "exact", False, False, "")))
    for pattern in (_TO_DEATH, _SINGLE_OBJECT, _SINGLE_SUBJECT, _GENERIC_SINGLE, _BARE_ONE):
        for match in scan(pattern):
            second = None
            if match.groupdict().get("second"):  # "a commander and three members of his family"
                more = parse_count(match.group("second_num")) if match.group("second_num") else Count(1, False)
                second = [more] if more and not more.vague else None
            add(match, _kind(match.group("verb")), match.groupdict().get("np") or "", second)
    for match in scan(_BODY):
        group = next(g for g in ("num", "num2", "num3") if match.group(g))
        add(match, "killed", "", num_group=group)
    for match in scan(_TOLL):
        before = len(found)
        add(match, "killed", "")
        if len(found) > before and (_TOLL_REVISED.search(match.group(0))
                                    or _TOLL_BROUGHT.search(text[max(start, match.start() - 40):match.start()])):
            span = found[-1]
            found[-1] = Span(span.start, span.end, span.label, replace(span.value, update=True))
    for match in scan(_COUNT_NOUN):
        add(match, "killed", "", _inner_parts(text[match.start("num"):match.start("verb")]))
    found.sort(key=lambda span: span.start)
    return [span for span in found if not any(_holds(other, span) for other in found)]


def _holds(outer: Span, inner: Span) -> bool:
    """"120 fighters and 60 mercenaries were killed" (180) holds "60 mercenaries were killed": the part is
    already counted in the sum, and read alone it would replace it."""
    a, b = outer.value, inner.value
    return (outer is not inner and outer.start < inner.start and inner.end <= outer.end and a.kind == b.kind
            and a.count is not None and b.count is not None and a.count > b.count)


# A toll that has been revised: "the death toll rose to 12", "bringing the toll to four".
_TOLL_REVISED = re.compile(r"\b(?:rose|risen|rises|climbed|increased|jumped)\b", re.IGNORECASE)
_TOLL_BROUGHT = re.compile(r"\b(?:bringing|brought|raising|raised|pushing|pushed|taking|took)\s+(?:the\s+)?"
                           r"(?:overall\s+|total\s+|final\s+)?(?:death\s+)?$", re.IGNORECASE)
_ADDITIVE = re.compile(r"^(?:other|another|more|additional|further)\b", re.IGNORECASE)
_ALSO_BEFORE_VERB = re.compile(r"\balso\s+(?:been\s+)?(?:killed|died|dead|slain)\b", re.IGNORECASE)
_INNER_PART = re.compile(rf"(?:(?:,|\band)\s+(?:{_QUAL})?(?P<num>{NUMBER_PATTERN})|\band\s+(?P<one>an?))\s+[A-Za-z]",
                         re.IGNORECASE)


def _inner_parts(np: str) -> list[Count]:
    """Counted parts inside a subject ("Two soldiers and three civilians")."""
    parts = []
    np = re.split(r"\b(?:including|among them|of whom|such as)\b", re.sub(r"\([^)]*\)", " ", np), maxsplit=1)[0]
    for match in _INNER_PART.finditer(np):
        count = Count(1, False) if match.group("one") else parse_count(match.group("num"))
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
        # the wire dateline holds no count: "QAMISHLI, March 12 (North Press) - Four soldiers were killed"
        filed = wire_datelines(doc.text)
        scanned = casualty_positions(doc.text)
        lowered, positions = scanned
        # SPLIT starts with "fatalit": a text without it (case folded) is not searched
        split = SPLIT.search(doc.text) if "fatalit" in lowered or positions["odd_case"] else None
        parts = parse_count(split.group("parts")) if split else None
        for start, end in doc.sentences:
            for _, line_end in filed:
                if start < line_end < end:
                    start = line_end
            for span in find_casualties(doc.text, start, end, dates, scanned):
                mention: CasualtyMention = span.value
                if parts and mention.kind == "killed" and mention.count and not mention.authoritative:
                    span = Span(span.start, span.end, span.label,
                                replace(mention, count=share(mention.count, parts.value)))
                doc.add("casualty", span)
        return doc
