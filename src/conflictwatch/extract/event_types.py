"""Event typing in ACLED's taxonomy and actor roles, by codebook rules.

The cue words live in `resources/event_cues.csv`; the codebook's precedence lives here:
disrupted weapons before explosions (a defused IED did not explode), protests and riots by their
intervention and violence, weapons before targets (an airstrike is an Air/drone strike whoever it
hit), then the target decides between Battles / Armed clash (armed or state target) and Violence
against civilians / Attack (civilian target). Strategic developments come last, and text with no
cue of political violence, or only a disaster, disease, diplomacy, crime or a bare claim of
responsibility, is no ACLED event (None).

Roles: the agent of a passive ("X were killed by Y", "an attack launched by Y") is actor1; the
subject before the main violence word is actor1 otherwise; victims and objects are actor2;
mentions joined to a side by "and", "along with", "backed by", "including" are its associates.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import ClassVar

from conflictwatch.document import Document, Span
from conflictwatch.extract.actors import (
    LAYER,
    ActorMention,
    countries,
    country_by_name,
    fill,
    find_actors,
    resolve,
)
from conflictwatch.extract.places import acting_country
from conflictwatch.extract.prefilter import Cue, cue


@dataclass
class Coding:
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str | None
    actor2: str | None
    assoc_actor_2: str | None
    inter1: int | None
    inter2: int | None
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    """Cue key -> one compiled case-insensitive regex (built once per process)."""
    text = resources.files("conflictwatch.resources").joinpath("event_cues.csv").read_text(encoding="utf-8")
    parts: dict[str, list[str]] = {}
    for row in csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")):
        parts.setdefault(row["key"], []).append(row["pattern"])
    return {
        key: cue(r"(?<![\w-])(?:" + "|".join(pats) + r")(?![\w])", re.IGNORECASE) for key, pats in parts.items()
    }


# "party": a party's workers, coded as its militia when they attack and as civilians when attacked
_NONSTATE = {"rebel", "militia", "identity", "armed", "unidentified", "gang", "external", "party"}
_ARMED = _NONSTATE | {"state"}
_ALLY_WORDS = frozenset(
    "and or along with alongside together backed supported accompanied as well including among them "
    "allied affiliated other the their its of members elements from loyal pro a an some several "
    "dozens numbers iran-backed iranian-backed russian-backed turkish-backed us-backed allies "
    "affiliates aligned fellow also in cooperation coordination coalition conjunction concert jointly".split()
)
_WORD = re.compile(r"[\w'-]+")
_BETWEEN = re.compile(
    r"\b(?:between|among)\s+(?:the\s+|rival\s+)?(?:(?-i:[A-Z][\w-]*)\s+){0,2}$|\b(?:between|among)\s*$", re.I
)
_BETWEEN_ANY = re.compile(r"\bbetween\b", re.I)
# "TMF in cooperation with Iraqi forces killed ...": before the verb, the ally of the subject, not a target
_COORDINATED_BEFORE = re.compile(r"\b(?:in (?:cooperation|coordination|coalition|conjunction|concert) with|"
                                 r"jointly with|together with)\s+(?:the\s+)?$", re.I)
# "killed in clashes with", "died fighting against": what follows is the side the dead fought
_COUNTERPART = re.compile(
    r"\b(?:clash(?:es|ed)?|fighting|fights?|fought|battles?|battling|battled|confrontations?|gun ?battles?|"
    r"gunfights?|firefights?|skirmish(?:es)?|exchanges? of fire)\s+(?:with|against)\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+){0,2}$", re.I)
_COMPRISING = re.compile(r"\s*,?\s*(?:comprising|comprised of|consisting of|made up of|including|drawn from)"
                         r"\s+(?:the\s+|personnel of\s+|members of\s+)?", re.I)
_CLAUSE_BREAK = re.compile(r";|\b(?:after|before|when|while|since|until)\b", re.I)
_PAIR_JOIN = re.compile(r"\s+and\s+(?:the\s+)?", re.I)
_PAIR_VERB = re.compile(
    r"\s+(?:(?:reportedly|allegedly|again|also|briefly|heavily)\s+)?"
    r"(?:clashed|exchanged (?:\w+\s+)?(?:fire|shots|gunfire)|fought|battled|traded (?:\w+\s+)?(?:fire|shots|gunfire))"
    r"\b(?!\s+(?:with|against))",
    re.I,
)
_AGENT = re.compile(
    r"(?:\bby|\bat the hands of|\bblamed on|\battributed to|\bbelieved to be|\bsuspected to be|"
    r"\bsuspected of being|\b(?:attacks?|fire|shelling|strikes?|assault)\s+from)\s+"
    r"(?:(?:the|a|an|suspected|alleged|presumed|its|their|some|several|"
    r"\d+|members of|fighters of|elements of|militants of)\s+)*$",
    re.I,
)
_TARGET_BEFORE = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured|targeting|targeted|against|on|at|attacked|"
    r"ambushed|kidnapped|abducted|abducting|shot|shelled|struck|hit|raided|arrested|detained|executed|"
    r"beheaded|raped|murdered|assassinated|including|include|includes|included|dispersed|arresting|"
    r"hitting|striking|shelling|near|into|upon|to|toward|towards|with|through|deaths? of|deaths among|death of)\s+"
    r"(?:(?:the|a|an|at least|more "
    r"than|about|some|several|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens of|members of|positions of|[a-z]+-backed|local|unarmed|innocent|other|militants|fighters|"
    r"members|elements|soldiers|from|from the)\s+)*$",
    re.I,
)


@lru_cache(maxsize=1)
def conventions() -> dict[str, list[tuple[dt.date, dict[str, str]]]]:
    """ISO3 -> ACLED's names for unnamed perpetrators in that country (resources/actors_conventions.csv),
    each row with the last day it holds (`until`; blank: still holds)."""
    text = resources.files("conflictwatch.resources").joinpath("actors_conventions.csv").read_text(encoding="utf-8")
    out: dict[str, list[tuple[dt.date, dict[str, str]]]] = {}
    for row in csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")):
        until = (row.get("until") or "").strip()
        out.setdefault(row["iso3"], []).append((dt.date.fromisoformat(until) if until else dt.date.max, row))
    return out


def convention(iso3: str | None, when: dt.date | None) -> dict[str, str]:
    """The country's conventions in force on `when` (the report's date; today's when unknown): a war
    changes who an unnamed shooter most likely is."""
    when = when or dt.date.today()
    return next((row for until, row in conventions().get(iso3 or "", []) if when <= until), {})


_UMBRELLA = re.compile(r"\b(?:operating |acting |fighting )?(?:under|as part of)\s+(?:the\s+)?$", re.I)


def _country_iso(country_iso3: str | None, country_name: str | None, doc: Document) -> str | None:
    if country_iso3:
        return country_iso3
    if country_name:
        iso = country_by_name(country_name)
        if iso:
            return iso
    return doc.country_hint


@dataclass
class _M:
    """A mention in the focus, resolved for the incident country."""

    start: int
    end: int
    m: ActorMention
    sent: int  # index in focus


class _LayerIndex:
    """The actor layer of the document being coded: span starts for bisecting, resolved mentions memoised.

    One entry, replaced when another layer comes: incidents of one article are coded one after another.
    """

    layer: ClassVar[list[Span] | None] = None
    starts: ClassVar[list[int]] = []
    resolved: ClassVar[dict[tuple[int, str | None], ActorMention]] = {}

    @classmethod
    def get(cls, layer: list[Span]) -> type[_LayerIndex]:
        if cls.layer is not layer or len(cls.starts) != len(layer):
            cls.layer = layer
            cls.starts = [sp.start for sp in layer]
            cls.resolved = {}
        return cls


# "..., police said", "according to the army": the source of the report, not a party to the event
_SAYS_AFTER = re.compile(
    r"\s*(?:(?:spokes\w+|officials?|officers?|sources?|commanders?|chief|command|headquarters|department|"
    r"ministry|statement)\s+){0,2}(?:said|says|say|told|stated|added)\b",
    re.I,
)
_SOURCE_BEFORE = re.compile(r"(?:,|\baccording to|\bcited|\bquoted)\s*(?:[\w'-]+\s+){0,3}$", re.I)
_TALIBAN_STATE = dt.date(2021, 8, 15)  # the Taliban took Kabul: from then on they are Afghanistan's state forces
_TALIBAN_GOV = ActorMention("Military Forces of Afghanistan (2021-)", 1, "state", False,
                            "Military Forces of Afghanistan (2021-)", "AFG")


# "army spokesman in South Kivu said", "Taliban spokesman Zabiullah Mujahid": the mention names the speaker's side
_SPOKESMAN_AFTER = re.compile(r"\s+(?:spokes(?:man|woman|person|people)|press office|media office|media wing)\b", re.I)


# "The Federal Government of Somalia condemned the attack": who reacts is no party to the event.
_REACTS_AFTER = re.compile(r"\s+(?:has\s+|had\s+|also\s+|strongly\s+)*(?:condemned|condemns|denounced|denounces|"
                           r"deplored|deplores|mourned|mourns)\b", re.I)


def _is_source(text: str, start: int, end: int, sent_start: int) -> bool:
    if _SPOKESMAN_AFTER.match(text, end, end + 30) or _REACTS_AFTER.match(text, end, end + 40):
        return True
    return bool(_SAYS_AFTER.match(text, end, end + 40)) and bool(
        _SOURCE_BEFORE.search(text[max(sent_start, start - 40) : start])
    )


def _mentions(doc: Document, focus: list[tuple[int, int]], iso3: str | None) -> list[_M]:
    layer = doc.spans.get(LAYER)
    out: list[_M] = []
    index = _LayerIndex.get(layer) if layer is not None else None
    taliban_state = iso3 == "AFG" and doc.published is not None and doc.published >= _TALIBAN_STATE
    for i, (s, e) in enumerate(focus):
        spans: list[Span]
        if index is None:
            spans = find_actors(doc.text[s:e], iso3, offset=s)
        else:
            lo = bisect_left(index.starts, s)
            hi = bisect_left(index.starts, e, lo)
            spans = [sp for sp in layer[lo:hi] if sp.end <= e]  # type: ignore[index]
        for sp in spans:
            m: ActorMention = sp.value
            if m.scope and iso3 and iso3 not in m.scope:
                continue
            if m.kind not in ("civilians",) and _is_source(doc.text, sp.start, sp.end, s):
                continue
            if index is None:
                r = resolve(m, iso3)
            else:
                key = (id(sp), iso3)
                cached = index.resolved.get(key)
                r = index.resolved[key] = resolve(m, iso3) if cached is None else cached
            if taliban_state and r.name == "Taliban":
                r = _TALIBAN_GOV
            if r.generic and r.kind == "identity":
                r = _named_tribe(doc.text, sp.start, sp.end, r, iso3)
            before = doc.text[max(s, sp.start - 40) : sp.start]
            if _IN_DISGUISE.search(before) or _ACCORDING_TO.search(before):
                continue  # "armed men dressed in police uniforms", "according to the Taliban": no side
            if r.kind in _ARMED and (_FORMER.search(before) or (
                    r.kind == "identity" and _COMMUNITY_AFTER.match(doc.text, sp.end))):
                # "a former military officer", "members of the Fulani community": civilians
                r = resolve(ActorMention("Civilians ({country})", 7, "civilians", True, "Civilians ({country})"), iso3)
            if (out and out[-1].m.name == r.name and sp.start >= 1 and doc.text[sp.start - 1] in "(["
                    and _GLOSS_GAP.fullmatch(doc.text, out[-1].end, sp.start - 1)):
                continue  # "a security forces convoy (military)": a gloss of the mention before, not a new side
            out.append(_M(sp.start, sp.end, r, i))
    return out


_GLOSS_GAP = re.compile(r"[\w\s-]{0,20}")
_IN_DISGUISE = re.compile(
    r"\b(?:dressed (?:in|with|as)|wearing|disguised as|posing as|impersonating)\s+(?:[\w-]+\s+){0,3}$", re.I)
_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)
_FORMER = re.compile(r"\b(?:former|ex-|retired|demobili[sz]ed)\s*(?:[\w-]+\s+){0,1}$", re.I)
_COMMUNITY_AFTER = re.compile(r"\s+(?:community|communities|civilians|villagers|settlements?|families)\b", re.I)
_TRIBE_WORDS = frozenset({"tribesmen", "tribal militia", "tribal militias", "tribal fighters", "tribal gunmen"})
_TRIBE_NAME = re.compile(
    r"((?:(?:Al|al|Bani|Beni|Banu|Ait|Awlad|Ouled|Abu|Bin|Ibn)[\s-]+)?[A-Z][\w'-]+)"
    r"(?:\s+(?:and|&)\s+(?:(?:Al|al|Bani|Beni|Banu|Ait|Awlad|Ouled|Abu|Bin|Ibn)[\s-]+)?[A-Z][\w'-]+)?\s+$")
_NOT_TRIBE = frozenset({"The", "A", "An", "Armed", "Local", "Rival", "Unidentified", "Unknown", "Some", "Several",
                        "Two", "Three", "Hundreds", "Dozens", "Sunni", "Shia", "Shiite", "Arab", "Kurdish", "Other"})


def _named_tribe(text: str, start: int, end: int, m: ActorMention, iso3: str | None) -> ActorMention:
    """"Al Hayash tribesmen", "Bani Ali and Al Badi tribesmen": ACLED names the tribe's militia
    ("Al Hayash Tribal Militia (Yemen)"); the first tribe named is the actor."""
    if text[start:end].lower() not in _TRIBE_WORDS:
        return m
    found = _TRIBE_NAME.search(text, max(0, start - 60), start)
    if found is None:
        return m
    name = found.group(1)
    first = name.split()[0]
    country = countries().get(iso3 or "")
    if first in _NOT_TRIBE or (country is not None and (name == country.name or name in country.demonyms)):
        return m
    label = f"{name} Tribal Militia" + (f" ({country.name})" if country is not None else "")
    return ActorMention(label, 4, "identity", False, label, None, m.scope)


def _first(pattern: Cue, text: str, base: int) -> tuple[int, int] | None:
    match = pattern.search(text)
    return (match.start() + base, match.end() + base) if match else None


def _allied(text: str, a: _M, b: _M) -> bool:
    """True when only connector words ("and", "along with", "backed by") separate two mentions."""
    lo, hi = (a, b) if a.start < b.start else (b, a)
    if lo.sent != hi.sent or hi.start - lo.end > 60:
        return False
    gap = text[lo.end : hi.start].lower()
    if ";" in gap or "." in gap:
        return False
    words = _WORD.findall(gap)
    if "by" in words and not any(w in ("backed", "supported", "accompanied") for w in words):
        return False
    return all(w in _ALLY_WORDS or w.isdigit() for w in words) and bool(
        {"and", "with", "alongside", "backed", "supported", "including", "allied", "accompanied", "allies"} & set(words)
        or not words
        or "," in gap
    )


_BARE_OBJECT = re.compile(
    r"\s*(?:a|an|the|his|her|their|its|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|several|dozens|scores|hundreds|many|some|at least|more than|nearly|"
    r"him|them|about|around|over)\b",
    re.I,
)


# between a mention and its verb: an aside ("[assumed military]", "(SDF)") or the head noun ("militia members")
_VICTIM_GAP = re.compile(r"(?:\s*(?:\[[^\]]{0,40}\]|\([^)]{0,40}\)))*\s*(?:members?\s+|personnel\s+|elements\s+)?")


_MORE_VERBS = re.compile(r"(?:\s*,?\s*(?:or|and)\s+(?:killed|wounded|injured|abducted|kidnapped|shot|captured|"
                         r"arrested|detained|beat|beaten))+", re.I)


# "Twelve IS fighters and three civilians were killed", "120 fighters, 60 mercenaries and a child died": further
# counted parts of the list of the dead stand between a mention and its verb (a part with no count may itself be a
# mention, and is then allied to this one)
_COUNTED_PART = re.compile(
    r"\s*(?:,\s*(?:and\s+|as well as\s+)?|\b(?:and|as well as)\s+)(?:(?:at least|some|about|around|nearly|"
    r"more than|another|an(?:other)? estimated)\s+)?(?:\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds of|dozens of|"
    r"scores of|several|a number of)\s+",
    re.I,
)
_PART_WORD = re.compile(r"(?!(?:and|or|as|were|was|have|has|had|are|is|who|which|that)\b)[\w'-]+\s*", re.I)


def _after_counted_parts(after: str) -> int | None:
    """Where the verb of a list of counted dead begins, when `after` continues that list; else None."""
    pos, parts = 0, 0
    while parts < 4:
        part = _COUNTED_PART.match(after, pos)
        if part is None:
            break
        pos, parts = part.end(), parts + 1
        for _ in range(4):  # the part's noun phrase: "civilians", "foreign mercenaries", "members of the SDF"
            word = _PART_WORD.match(after, pos)
            if word is None:
                return None
            pos = word.end()
            if cues()["victim_after"].match(after, pos) or _COUNTED_PART.match(after, pos):
                break
        else:
            return None
    return pos if parts and cues()["victim_after"].match(after, pos) else None


def _listed_with_foe(text: str, mt: _M, main: list[_M]) -> bool:
    """"one French soldier and two ISGS fighters were killed": a list of the dead of both sides of a fight makes
    neither the target (the first side named keeps its place); civilians or unnamed men in the list do not."""
    listed = _after_counted_parts(text[mt.end : mt.end + 160])
    return listed is not None and mt.m.kind in _ARMED and any(
        mt.end < o.start < mt.end + listed and o.m.kind in _ARMED and o.m.name != mt.m.name for o in main)


def _is_victim(text: str, mt: _M, sent_start: int) -> bool:
    after = text[mt.end : mt.end + 160]
    listed = _after_counted_parts(after)
    if listed is not None:
        after = after[listed:]
    else:
        after = after.lstrip(" ,")
        after = after[_VICTIM_GAP.match(after).end():]  # type: ignore[union-attr]
    hit = cues()["victim_after"].match(after)
    if hit:
        # "5 soldiers killed in ..." is a victim; "a policeman killed a woman" is an agent
        rest = after[hit.end() :]
        more = _MORE_VERBS.match(rest)  # "killed or injured 4 militants": the object follows the second verb
        rest = rest[more.end() :] if more else rest
        if hit.group(0).split()[0].lower() in _AUX or not _BARE_OBJECT.match(rest):
            return True
    before = text[max(sent_start, mt.start - 60) : mt.start]
    return bool(_TARGET_BEFORE.search(before))


_AUX = {"were", "was", "have", "has", "had", "are", "is", "got", "being", "been"}
# between a role word and a group: "gunmen believed to belong to IS", "militiamen linked to a clan associated with
# the MILF" say whose men they are; the group is not whom they hit ("to", "with" otherwise read as a target)
_AFFILIATED_GAP = re.compile(
    r"\s*,?\s*(?:(?:who|are|is|were|was|believed|suspected|said|thought|reportedly|allegedly|probably|possibly|"
    r"to|be)\s+){0,4}(?:belong(?:s|ed|ing)?\s+to|loyal\s+to|(?:linked|affiliated|associated|allied|aligned|tied|"
    r"connected)\s+(?:to|with))\s+(?:[\w'-]+\s+){0,5}?", re.I)


# "an area controlled by the CV", "a militia led by X": "by" after these names who holds or leads, not who acted
_HELD_BY = re.compile(r"\b(?:controlled|held|run|owned|led|headed|commanded|dominated|founded|backed|set[- ]up|"
                      r"supported|funded|armed|trained|manned|guarded|protected)\s+by\s+(?:the\s+)?$", re.I)


def _is_agent(text: str, mt: _M, sent_start: int) -> bool:
    before = text[max(sent_start, mt.start - 50) : mt.start]
    return bool(_AGENT.search(before)) and not _HELD_BY.search(before)


def _label(mt: _M) -> str:
    return mt.m.name


def _join(names: list[str]) -> str | None:
    seen: list[str] = []
    for n in names:
        if n not in seen and "{" not in n:
            seen.append(n)
    return "; ".join(seen) if seen else None


@dataclass
class _Sides:
    a1: _M | None = None
    a2: _M | None = None
    assoc1: list[_M] = field(default_factory=list)
    assoc2: list[_M] = field(default_factory=list)


# The mention is what the violence hit: "killed three members of the SDF", "a strike targeting PKK
# positions" (no clause break between the verb and the name).
_HIT_BEFORE = re.compile(
    r"\b(?:killed|killing|kills|wounded|wounding|injured|injuring|targeted|targeting|targets|hit|hitting|struck|"
    r"striking|attacked|attacking|ambushed|ambushing|shelled|shelling|bombed|bombing)\b(?:(?!\bby\b)[^,.;:])*$",
    re.IGNORECASE)  # "killed by militants (suspected TTP)": a name after "by" is the agent, not what was hit


# "struck a convoy of", "hit a vehicle carrying", "targeted": what follows is what was hit
_STRUCK_OBJECT = re.compile(r"\b(?:struck|strikes|hit|hits|targeted|targeting|targets|exploded (?:near|under|next to|"
                            r"beside|as)|went off (?:near|under|next to|beside|as)|ripped through|tore through)\b",
                            re.IGNORECASE)


_RESCUE_BEFORE = re.compile(r"\b(?:freed|rescued|released|liberated|secured the release of|reunited)\b"
                            r"(?:\s+[\w-]+){0,4}\s*$", re.IGNORECASE)


_STATE_FORCES = "Military Forces of {the_country}"
_ATTACK_SUBS_OF_STATES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Armed clash"})


def _roles(doc: Document, focus: list[tuple[int, int]], ms: list[_M], trigger: int | None,
           defender_first: bool = False) -> _Sides:
    """Initiator and target among the focus mentions (main sentence first).

    defender_first: the country's convention puts the side that repelled an attack first."""
    text = doc.text
    sides = _Sides()
    a2_fallback = False  # the target is only the first mention after the trigger, not a victim
    if not ms:
        return sides
    main = [m for m in ms if m.sent == 0]
    sent_start = focus[0][0]
    agents = [m for m in main if _is_agent(text, m, sent_start) and m.m.kind in _ARMED | {"rioters"}]
    victims = [m for m in main if _is_victim(text, m, sent_start) and not _listed_with_foe(text, m, main)]
    # "regime forces and allied militiamen were killed": allies of a victim are victims too
    victims += [m for m in main if m not in victims and any(_allied(text, m, v) for v in victims)]
    victims = [m for k, m in enumerate(main) if m in victims and not (
        k > 0 and main[k - 1].m.kind in _ARMED and main[k - 1].m.generic
        and _AFFILIATED_GAP.fullmatch(text, main[k - 1].end, m.start))
        and not (trigger is not None and m.end <= trigger
                 and _COORDINATED_BEFORE.search(text, max(sent_start, m.start - 40), m.start))]
    if not agents:
        # "29 rebels were killed in clashes with regime troops": the side the dead fought is the other side,
        # not a second victim ("with" reads as a target)
        agents = [m for m in main if m.m.kind in _ARMED
                  and _COUNTERPART.search(text, max(sent_start, m.start - 60), m.start)
                  and any(v.end <= m.start and v.m.kind in _ARMED and v.m.name != m.m.name for v in victims)][:1]
        victims = [v for v in victims if v not in agents]
    # "clashes between X and Y", "X clashed with Y"
    for m in main:
        before = text[max(sent_start, m.start - 30) : m.start]
        if _BETWEEN.search(before) and m.m.kind in _ARMED | {"rioters", "protesters", "civilians"}:
            others = [o for o in main if o.start > m.end and o.m.name != m.m.name and o.m.kind != "civilians"]
            if others:
                sides.a1, sides.a2 = m, others[0]
                break
    if sides.a1 is None:
        # "Indian troops and Pakistani soldiers exchanged fire": two sides joined by "and" before a mutual verb
        for m, o in zip(main, main[1:], strict=False):
            if (m.m.kind in _ARMED and o.m.kind in _ARMED and m.m.name != o.m.name
                    and _PAIR_JOIN.fullmatch(text, m.end, o.start) and _PAIR_VERB.match(text, o.end)):
                sides.a1, sides.a2 = m, o
                break
    if sides.a1 is None:
        subject = next((m for m in main if trigger is not None and m.end <= trigger and m not in victims
                        and m.m.kind in _ARMED), None)
        if agents and subject is not None and trigger is not None and all(
                a.start > trigger and _CLAUSE_BREAK.search(text, trigger, a.start) for a in agents):
            # "rebels recaptured a village, days after it was seized by government troops": the "by" of a
            # later clause names who acted in that clause, not in this one
            agents = []
        if agents:
            sides.a1 = agents[0]
        else:
            pre = [
                m
                for m in main
                if (trigger is None or m.start < trigger) and m not in victims and m.m.kind != "civilians"
            ]
            if pre:
                sides.a1 = pre[0]
            else:
                # after the verb and not introduced by "by": the object of the attack ("a roadside bomb
                # struck a convoy of the PMF"), never its author
                post = [m for m in main if m not in victims and m.m.kind not in ("civilians",)
                        and (trigger is None or not _STRUCK_OBJECT.search(text, trigger, m.start))]
                if post:
                    sides.a1 = post[0]
        a1 = sides.a1
        cands = [
            m
            for m in main
            if m is not a1 and (a1 is None or m.m.name != a1.m.name) and not (a1 and _allied(text, a1, m))
        ]
        vic = sorted((m for m in cands if m in victims), key=lambda m: m.start)
        after = [m for m in cands if trigger is not None and m.start >= trigger]
        # a named armed group hit after the trigger beats a role word for a thing ("a strike on a vehicle")
        named_after = [m for m in after if m.m.kind in _ARMED and not m.m.generic
                       and _HIT_BEFORE.search(text, max(sent_start, m.start - 50), m.start)]
        pool = named_after or vic or after or cands
        if pool:
            # prefer armed / civilian victims over objects
            sides.a2 = pool[0]
        a2_fallback = not (named_after or vic)
        if sides.a1 is None and sides.a2 is not None and sides.a2.m.kind in _ARMED and not a2_fallback:
            # "Dozens of insurgents killed in Aleppo. ... as YPG forces advance", "... were killed by the SDF":
            # dead fighters whose killer the lead does not name were fought by the side the next sentences name
            sides.a1 = _initiator_later(text, focus, ms, sides.a2)
    # "Afghan forces repulsed a Taliban attack": the side whose attack was repelled initiated the event.
    _repelled(text, focus[0], main, sides, defender_first)
    # "Turkish forces and rebel factions, operating under OPS": the umbrella is the actor.
    for m in main:
        if _UMBRELLA.search(text[max(sent_start, m.start - 30) : m.start]) and m.m.kind in _ARMED:
            if sides.a1 is not None and sides.a1 is not m and sides.a1.start < m.start:
                sides.assoc1.append(sides.a1)
                sides.a1 = m
            break
    # "security forces comprising RR, CRPF and SoG": the first unit named is the actor
    if sides.a1 is not None and sides.a1.m.generic and sides.a1.m.kind == "state":
        unit = next((m for m in main if m.start >= sides.a1.end), None)
        if (unit is not None and unit.m.kind == "state" and not unit.m.generic
                and _COMPRISING.fullmatch(text, sides.a1.end, unit.start)):
            sides.a1 = unit
    a1, a2 = sides.a1, sides.a2
    # A generic role word ("militants", "jihadists") takes the name of the group the focus names.
    for m in ms:
        if a1 is not None and m is not a1 and a2 is not None and m is a2:
            continue
        if m is a1 or m is a2:
            continue
        if a1 is not None and _allied(text, a1, m) and m.m.kind != "civilians":
            sides.assoc1.append(m)
        elif a2 is not None and _allied(text, a2, m) and (m.m.kind != "civilians" or a2.m.kind == "civilians"):
            sides.assoc2.append(m)
    # Later focus sentences: named victims join the target side; a name beats a role word.
    if sides.a1 is not None and (sides.a2 is None or a2_fallback) and not _BETWEEN_ANY.search(text, *focus[0]):
        # "the police raided a favela. Two suspects were shot.": an armed victim told later is the target
        for m in ms:
            if m.sent == 0 or not m.m.generic or m.m.kind not in _ARMED or m.m.name == sides.a1.m.name:
                continue
            s, e = focus[m.sent]
            if (cues()["casualty"].search(text, s, e) and _is_victim(text, m, s)
                    and not _listed_with_foe(text, m, [o for o in ms if o.sent == m.sent])):
                sides.a2 = a2 = m
                break
    if a2 is not None:
        for m in ms:
            if m.sent == 0 or m.m.generic or m.m.kind not in _ARMED:
                continue
            if a1 is not None and (m.m.name == a1.m.name or a1.m.name.startswith(m.m.name + " - ")):
                continue  # the group itself, or the group of which the attacker is a unit ("Taliban - Red Unit")
            s, e = focus[m.sent]
            if not cues()["casualty"].search(text, s, e) or not _is_victim(text, m, s):
                continue
            if a2.m.generic and a2.m.kind in _ARMED:
                sides.a2 = m
                a2 = m
            elif m.m.name != a2.m.name:
                sides.assoc2.append(m)
    return sides


def _initiator_later(text: str, focus: list[tuple[int, int]], ms: list[_M], target: _M) -> _M | None:
    """The side a later focus sentence names as acting against `target`: one introduced by "by" first, else the
    first named armed group that is not itself a victim there (a role word could be the target's own men)."""
    cands = [m for m in ms if m.sent > 0 and m.m.kind in _ARMED and m.m.name != target.m.name
             and "{" not in m.m.name and not _allied(text, m, target)]
    for m in cands:
        if _is_agent(text, m, focus[m.sent][0]):
            return m
    return next((m for m in cands if not m.m.generic and not (
        _is_victim(text, m, focus[m.sent][0]) and not _listed_with_foe(text, m, [o for o in ms if o.sent == m.sent]))),
        None)


_REPELLED = cue(
    r"\b(?:repuls\w*|repel(?:led|s|ling)?|thwart\w*|foil\w*|fought off|fight off|beat back|beaten back|"
    r"pushed back|fended off|fend off|halted|stopped|blocked|foiled|countered|responded to)\s+"
    r"(?:[\w'-]+\s+){0,4}?(?:attacks?|incursions?|assaults?|offensives?|advances?|infiltrations?|"
    r"infiltration attempts?|attempts? to (?:advance|infiltrate|attack|storm)|raids?|ambush(?:es)?)\b",
    re.I,
)


def _repelled(text: str, sent: tuple[int, int], main: list[_M], sides: _Sides, defender_first: bool = False) -> None:
    """Swap roles when the text's subject only repelled the other side's attack (ACLED codes the attacker
    first), or, where the country's convention codes the side that repelled it first, put that side first."""
    if not main:
        return
    rep = _REPELLED.search(text, sent[0], sent[1])
    if rep is None:
        return
    armed = [m for m in main if m.m.kind in _ARMED]
    before = [m for m in armed if m.end <= rep.start()]
    # the nearest side before the verb repelled; where the defender is coded first, the sentence's subject
    # ("pro-Hadi and Resistance fighters thwarted ...") names it, and a name beats a role word
    named_before = [m for m in before if not m.m.generic]
    if defender_first:
        defender = next(iter(named_before or before), None)
    else:
        defender = before[-1] if before else None
    inside = [m for m in armed if rep.start() <= m.start < rep.end()]
    attacker = inside[0] if inside else None
    if defender is None:
        return
    if attacker is None:
        others = [m for m in armed if m.m.name != defender.m.name and not _allied(text, m, defender)]
        if not others:
            return
        # "their attack": the side the possessive points back to, the nearest other armed mention before
        attacker = next((m for m in others if m.end <= rep.start()), others[0])
    if attacker.m.name == defender.m.name:
        return
    if defender_first:
        attacker, defender = defender, attacker
    if sides.a1 is attacker and sides.a2 is defender:
        return
    sides.a1, sides.a2 = attacker, defender
    sides.assoc1, sides.assoc2 = [], []


_AFFILIATION_BEFORE = re.compile(
    r"(?:linked|affiliated|allied|tied|loyal|close|aligned|connected)\s+(?:to|with)\s+(?:the\s+)?$|"
    r"(?:backed|supported|inspired)\s+by\s+(?:the\s+)?$|(?:member|members|affiliate|branch|offshoot)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE)
_HEDGE_SENTENCE = re.compile(
    r"\bno (?:one|group|organi[sz]ation)\b[^.]{0,40}\bclaimed|\b(?:are|is|were|was) (?:both |also |all )?active\b|"
    r"\boperat(?:e|es|ing) in the (?:area|region|province)\b|\bsuspicion (?:fell|falls) on\b", re.IGNORECASE)


_UNCLAIMED = re.compile(r"\bno (?:one|group|organi[sz]ation)\b[^.]{0,40}\bclaimed|\bhas not been claimed\b|"
                        r"\bwas not (?:immediately )?claimed\b|\bunclaimed\b", re.IGNORECASE)
_UNCLAIMED_CUE = Cue(_UNCLAIMED.pattern, re.IGNORECASE, strict=True)  # tried only at its stems


def affiliation_or_hedge(doc: Document, span: Span) -> bool:
    """A name that only qualifies another ("linked to al-Qaeda") or sits in a hedge ("both X and Y are
    active in the area", "no group claimed") names no perpetrator."""
    if _AFFILIATION_BEFORE.search(doc.text, max(0, span.start - 30), span.start):
        return True
    if doc.sentences:
        start, end = doc.sentences[doc.sentence_index(span.start)]
        return bool(_HEDGE_SENTENCE.search(doc.text, start, end))
    return False


def _named_group(ms: list[_M], doc: Document, iso3: str | None,
                 exclude: frozenset[str] = frozenset()) -> ActorMention | None:
    """The non-state armed group the text names (for "militants", "jihadists").

    exclude: the names already on the other side: "the army and the NDF beat back terrorists" does not make
    the terrorists the NDF, nor "rebels clashed with the NDF" the rebels."""
    for m in ms:
        if not m.m.generic and m.m.kind in ("rebel", "militia", "identity", "gang") and m.m.name not in exclude:
            return m.m
    # Elsewhere in the article, the first group named as an actor: a name that only qualifies another
    # ("linked to al-Qaeda") or sits in a hedge ("both al Qaeda and Islamic State affiliates are
    # active in the region") names no perpetrator.
    for sp in doc.spans.get(LAYER, []):
        v: ActorMention = sp.value
        if not v.generic and v.kind in ("rebel", "militia", "identity", "gang") and not affiliation_or_hedge(doc, sp):
            if v.scope and iso3 and iso3 not in v.scope:
                continue
            if _is_source(doc.text, sp.start, sp.end, doc.sentences[doc.sentence_index(sp.start)][0]):
                continue  # "a Taliban spokesman said": the speaker's side, not the perpetrator
            r = resolve(v, iso3)
            if r.name not in exclude:
                return r
    return None


def _side_names(actor: ActorMention | None, allies: list[_M]) -> frozenset[str]:
    """The names on one side: its actor and the allies named with it."""
    names = {m.m.name for m in allies}
    if actor is not None:
        names.add(actor.name)
    return frozenset(names)


def _named_against(named: ActorMention | None, ms: list[_M], doc: Document, iso3: str | None,
                   other_side: frozenset[str]) -> ActorMention | None:
    """`named`, unless the other side already has that name: then the next group the text names."""
    if named is None or named.name not in other_side:
        return named
    return _named_group(ms, doc, iso3, other_side)


def _generic(template: str, iso3: str | None, inter: int, kind: str) -> ActorMention:
    return resolve(ActorMention(template, inter, kind, True, template), iso3)


_KILLED = cue(r"\b(?:killed|killing|dead|died|shot dead|murdered)\b", re.I)
_SHOOTING = cue(r"\b(?:shot|shoot\w*|opened fire|gunfire|firearms|gunshots?|rifles?|guns?)\b", re.I)
_WEAK_CLASH = re.compile(r"(?:storm|raid|assault|attack|sweep|operation|military operation|security operation)", re.I)
_FOUND = cue(r"\b(?:found|discovered|recovered)\b", re.I)
_UNIDENTIFIED = "Unidentified Armed Group ({country})"


def _sub_type(main: str, whole: str) -> tuple[str | None, re.Match[str] | None, str | None]:
    """(sub_event_type or a marker, the cue match, the text it was found in)."""
    c = cues()
    disrupted = c["disrupted"].search(whole)
    if (disrupted and not _KILLED.search(whole) and not c["protest"].search(main) and not _WENT_OFF.search(main)
            and not _moves_first(disrupted)):
        return "Disrupted weapons use", disrupted, whole
    # a device that went off while being planted, or a missile intercepted: disrupted even with deaths
    strong = c["disrupted_strong"].search(main)
    if strong and not c["protest"].search(main):
        return "Disrupted weapons use", strong, main
    # a device or weapons found, seized or made safe, and nothing went off
    device = _DEVICE.search(main)
    if device and _NEUTRALISED.search(main) and not _WENT_OFF.search(main) and not c["protest"].search(main):
        return "Disrupted weapons use", device, main
    for text in (main, whole):
        found = _classify(text, c, whole)
        if found[0] is not None:
            if text is main and found[0] == "@attack":
                weapon = _weapon_told_later(whole[len(main):], c, whole)
                if weapon is not None:
                    return weapon[0], weapon[1], whole
            if text is main and found[0] == "Remote explosive/landmine/IED":
                # "killed in a car bomb attack. ... the driver blew himself up": the bomber died with it (codebook:
                # a suicide bombing whatever the device)
                suicide = c["suicide"].search(whole, len(main))
                if suicide is not None:
                    return "Suicide bomb", suicide, whole
            return found[0], found[1], text
    return None, None, None


_WEAPON_SUBS = ("Grenade", "Remote explosive/landmine/IED", "Air/drone strike", "Shelling/artillery/missile attack",
                "Suicide bomb", "Chemical weapon")
_THE_ATTACK = cue(r"\b(?:the|these|those|this) (?:[\w-]+ )?attacks?\b|\battacked with\b|\bwas attacked\b", re.I)


def _weapon_told_later(rest: str, c: dict[str, Cue], whole: str) -> tuple[str, re.Match[str]] | None:
    """"Synchronised attacks hit 13 places. The attacks were carried out with grenades.": the weapon the
    next sentences give the attack decides its sub-event type (codebook: coded by the weapon used)."""
    for sentence in re.split(r"(?<=[.!?])\s+", rest):
        # the weapon must be told of the same attack, in the sentence that refers back to it
        if _THE_ATTACK.search(sentence):
            found = _classify(sentence, c, whole)
            if found[0] in _WEAPON_SUBS and found[1] is not None:
                return found[0], found[1]
    return None


_DEVICE = cue(
    r"\b(?:IEDs?|bombs?|explosives?|explosive devices?|landmines?|mines|grenades?|detonators?|weapons|arms|"
    r"ammunition|rifles|pistols|guns|firearms|cartridges|rounds|rockets?|missiles?|drones?|UAVs?|shells|munitions|"
    r"gelatin(?:e)? sticks|bomb-making|suicide vests?|car bombs?|projectiles)\b",
    re.I,
)
_NEUTRALISED = cue(
    r"\b(?:defus\w*|recover\w*|seiz\w*|confiscat\w*|unearth\w*|found|discovered|detected|impound\w*|"
    r"neutrali[sz]\w*|dismantl\w*|deactivat\w*|disarm\w*|intercept\w*|shot down|downed|destroyed|haul|busted|"
    r"cache|stockpile|stash|bomb squad|bomb disposal|controlled explosion|safely)\b",
    re.I,
)
_WENT_OFF = cue(
    r"\b(?:exploded|explosion|blast|went off|detonated|killed|killing|dead|died|wounded|injured|injuring|"
    r"struck|hit|targeted|fired|fire|gunfire|launched|shell\w*|artillery|air ?strikes?|attack\w*|clash\w*|"
    r"warplanes?|bombed|bombing|air forces?|helicopters?|"
    r"fighting|destroyed (?:a |an |the )?(?:house|"
    r"building|vehicle|school|bridge)(?!-))\b",
    re.I,
)
_RIOT_TOPIC = re.compile(
    r"\b(?:accused of|suspected of|charged with|arrested for|detained for|involved in|blamed for|convicted of|"
    r"recovery of|victims of|compensation for|regarding|because of|caused by|since the|after the|during the|"
    r"following the|over the)\s+(?:[\w'-]+\s+){0,2}$", re.I)
_RIOT_ELSEWHERE = re.compile(r"\s+(?:in|at|inside) (?:the |a )?(?:[\w'-]+ ){0,2}?(?:prisons?|jails?|penitentiar\w+|"
                             r"detention (?:centres?|centers?)|penal colon\w+)", re.I)
_RIOT_PAST = re.compile(r"\b(?:recent|earlier|previous|last (?:week|month)'?s?|prison|jail)\s+$", re.I)
_FORCE_NOUN_AFTER = re.compile(r"\s+(?:dispersal|crackdown|suppression|repression|eviction|break-?up)\b", re.I)
_RIOT_NOT_ACT = re.compile(r"\s+(?:police|policemen|policeman|officers|gear|squads?|units?|control|act)\b", re.I)


def _riot_topic(text: str, m: re.Match[str]) -> bool:
    """A riot cue that names what the protest is about, or the riot police, rather than what the protesters did:
    "against the detention of activists accused of vandalising a bank", "the recovery of looted funds", "since the
    prison riot", "the riot police"."""
    word = m.group(0).lower()
    if word == "violent" and _FORCE_NOUN_AFTER.match(text, m.end()):
        return True  # "the violent dispersal of the sit-in", "a violent crackdown": the forces' violence
    if word.startswith("riot") and word != "rioted" and (
            _RIOT_NOT_ACT.match(text, m.end()) or _RIOT_ELSEWHERE.match(text, m.end())
            or _RIOT_PAST.search(text, max(0, m.start() - 30), m.start())):
        return True
    if re.match(r"(?:looted|stolen|damaged|destroyed)\b", word) and re.match(
            r"\s+(?:funds|money|assets|crops|houses|homes|property)", text[m.end():m.end() + 20], re.I):
        return True
    before = text[max(0, m.start() - 50) : m.start()]
    tail = re.split(r"[.;,]|\band\b|\bthen\b", before)[-1]
    return bool(_RIOT_TOPIC.search(tail))


# "protests following the death of a motorist": a death the protest is about, not force used on it
_TOPIC_BEFORE = re.compile(
    r"\b(?:following|over|after|about|against|mourn\w*|honou?r\w*|since|for|in|demanding justice for)\s+"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}$|\bwhose\s+(?:[\w-]+\s+)?$", re.I)
_NEGATED = re.compile(r"\b(?:no|without|not|nobody|none)\s+(?:\w+\s+)?$", re.I)
_AGAINST = re.compile(r"\b(?:against|over|condemn\w*|protest\w*|demand\w*|for)\s+(?:the\s+)?(?:\w+\s+){0,4}$|"
                      r"\b(?:following|after)\s+the\s+$", re.I)  # "a protest following the arrest of ..."


def _intervention(t: str, c: dict[str, Cue]) -> re.Match[str] | None:
    """An intervention cue that is not the protest's grievance ("against the arrest of ...")."""
    for m in c["protest_intervention"].finditer(t):
        if _AGAINST.search(t[max(0, m.start() - 40) : m.start()]):
            continue
        if _ARREST_WORD.match(m.group(0)):
            # "He was arrested in connection with a graft case": an arrest is an intervention only when the
            # sentence tells of the protest or the police, not of the grievance's background
            lo = max(t.rfind(". ", 0, m.start()), t.rfind("\n", 0, m.start())) + 1
            hi = t.find(". ", m.end())
            if not _PROTEST_SCENE.search(t[lo : hi if hi >= 0 else len(t)]):
                continue
        return m
    return None


# an arrest with a beating, torture or a shooting is an attack on the person arrested (codebook: the violence is
# the event)
_ARREST_VIOLENCE = cue(
    r"\b(?:beat(?:en|ing)?|tortur(?:ed|ing)|shot|stabb(?:ed|ing)|opened fire|open fire|fired (?:at|on)|"
    r"live (?:bullets?|ammunition)|executed|whipped|flogged)\b", re.I)
_ARREST_WORD = re.compile(r"arrest|detain|taken into custody|rounded up", re.I)
_PROTEST_SCENE = cue(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march\w*|participants|police|policemen|security forces|"
    r"officers|troops|soldiers|organi[sz]ers|gathering|crowd|sit-in|strikers|activists)\b",
    re.I,
)


_STRONG_AGREEMENT = cue(
    r"\b(?:(?:signed|signs|sign|signing|inked|reached|reach|agreed|agree|concluded|struck|brokered|announced|"
    r"accepted|endorsed|finali[sz]ed)\b(?:\s+[\w'-]+){0,4}?\s+(?:(?:peace|ceasefire|cease-fire|power-sharing|"
    r"security|reconciliation|prisoner[- ]exchange) )?(?:agreements?|deals?|ceasefires?|cease-fires?|truces?|accords?|"
    r"pacts?|treaty|armistice|memorandum)|(?:agreements?|deal|ceasefire|cease-fire|truce|accord|pact|treaty) "
    r"(?:was|were|has been|had been|have been|is) (?:signed|reached|agreed|concluded|struck|brokered|announced)|"
    r"agreed (?:to|on|upon) (?:a |an |the )?(?:ceasefire|cease-fire|truce|exchange|release|swap|withdraw\w*|peace|"
    r"cessation|halt|end|stop|cease|lay down|surrender|disarm|resume)"
    r"|(?:reached|reach|reaching) (?:an? |the )?(?:[\w-]+ )?(?:agreement|deal|understanding|consensus)"
    r"|(?:declared|announced|observed|extended|accepted|agreed) (?:a |an |the )?"
    r"(?:[\w-]+ )?(?:ceasefire|cease-fire|truce)"
    r"|(?:ceasefire|cease-fire|truce) (?:took|came|went|comes|goes) (?:into )?(?:effect|force)"
    r"|(?:prisoner|detainee) (?:swaps?|exchanges?)|exchang\w* (?:process )?(?:of )?(?:prisoners|detainees|bodies)"
    r"|in exchange for (?:the )?(?:release|freedom|return) of"
    # "the guerrillas started peace talks with the government" (codebook: agreements include peace talks)
    r"|(?:started|starts|start|began|begins|begin|begun|opened|opens|launched|resumed|resume|joined|joins|held|"
    r"holding|hold) (?:[\w-]+ ){0,2}?(?:peace|ceasefire|cease-fire|truce) (?:talks|negotiations))\b",
    re.I,
)
def _violence_before(t: str, end: int) -> bool:
    """An act of violence (not an arrest: "freed detained rebels in exchange for ...") told before `end`."""
    return any(m.group("arrest") is None for m in _EVENT_BEFORE.finditer(t, 0, end))


_BROKEN = cue(r"\b(?:violat\w*|breach\w*|broke|broken|breaking|despite|collaps\w*|in defiance)\b", re.I)


# "warplanes destroyed an arms depot": an air strike on a weapons store, not weapons seized
_AIR_AGENT = cue(r"\b(?:warplanes?|war planes|fighter jets|jets|air forces?|helicopters?|gunships?|choppers?|drones?)\b"
                 r"[^.;]{0,30}?\b(?:destroyed|bombed|struck|hit|targeted|pounded)\b", re.I)
_ASSAILANT_CROWD = re.compile(r"\b(?:groups? of|crowds?|mobs?|youths|men|supporters|counter-?protesters|"
                             r"counter-?demonstrators|gangs?|thugs|vigilantes)\b", re.I)
_ATTACK_ON_PROTEST = cue(
    r"\b(?:attack(?:ed|ing)|assault(?:ed|ing)|beat|stormed|set upon) (?:a |an |the )?(?:peaceful )?(?:[\w-]+ )?"
    r"(?:rally|protest|march|demonstration|sit-in|vigil|protesters|demonstrators|marchers)\b", re.I)
# a rape told as an act by someone, not the grievance of a protest ("demanding a bill against rapes")
_SEXUAL_ACT = cue(r"\b(?:raped|gang-?raped|sexually (?:assaulted|abused)|molested)\b(?! by\b)", re.I)
_PROTEST_AS_GROUNDS = re.compile(
    r"\b(?:for|of|over|related to|accused of|charged with|suspected of) (?:taking part|participating|joining|"
    r"attending|organi[sz]ing|leading|inciting|calling for|staging|planning)(?: in)?\s+"
    r"(?:an? |the |their |his |her )?(?:[\w'-]+ ){0,2}?$|"
    # "arrested activists in anticipation of mass protests": a protest still to come is no event yet
    r"\b(?:in anticipation of|ahead of|to prevent|to pre-?empt|to forestall) (?:an? |the |any )?"
    r"(?:[\w'-]+ ){0,2}$", re.I)
_CROWD_CONTROL = cue(
    r"\b(?:dispers(?:e|ed|es|ing|al of)|break(?:ing)? up|broke up|halt(?:ed|ing)?) (?:the |a |an |their )?"
    r"(?:[\w-]+ ){0,2}?(?:crowds?|gatherings?|demonstrators|protesters|sit-ins?|rall(?:y|ies)|march(?:es)?)\b|"
    r"\b(?:tear ?gas|teargas|water cannons?|rubber bullets|pepper[- ]spray) (?:[\w-]+ ){0,4}?(?:at|on|into|in) "
    r"(?:the |a )?(?:[\w-]+ ){0,2}?crowds?\b|"
    # "police fired tear gas and pepper spray in a shopping district": riot-control weapons, aimed at no one
    # named, are used on a crowd
    r"\b(?:fired|firing|fires|used|using|uses|lobbed|shot) (?:volleys of |rounds of |canisters of |several rounds of )?"
    r"(?:tear ?gas|teargas|pepper[- ]spray|rubber bullets|water cannons?)\b"
    r"(?! (?:[\w-]+ ){0,4}?(?:at|on|towards?|into)\b)",  # aimed "at fishermen": the target decides, not the weapon
    re.I,
)
# force whose words name its target: "attacks against peaceful protesters", "opened fire on the crowd"
_EXPLICIT_FORCE = re.compile(r"attacks? against|opened fire on|fired (?:live )?(?:bullets|shots|rounds) (?:at|into)|"
                             r"live (?:ammunition|fire|rounds|bullets)|excessive force|violently", re.I)
_MOB_WORD = cue(r"\b(?:mob|lynch\w*)\b", re.I)
_FORCES_WORD = cue(r"\b(?:police|security forces|soldiers|troops|forces|officers|gunfire|"
                   r"live (?:fire|ammunition|rounds)|authorities|crackdown|suppress\w*|excessive force)\b", re.I)
_RIOT_WORD = cue(r"\b(?:rioters?|riots?|rioting|rioted)\b", re.I)


# Territory that changed hands under a deal: the handover is the event, the deal its means (codebook)
_HANDED_OVER = cue(
    r"\b(?:(?:territory|districts?|areas?|towns?|villages?|regions?|city|land|positions?|posts?|bases?) "
    r"(?:[\w-]+ ){0,3}?(?:was|were|had been|has been|have been) (?:[\w-]+ )?handed over|"
    r"(?:handover|hand-over|handing over) of (?:[\w-]+ ){0,8}?(?:territory|territories|districts?|areas?|towns?|"
    r"villages?|regions?|city|land|positions?|posts?|bases?))\b",
    re.I,
)


_GRENADE_BLAST = re.compile(r"grenade (?:attacks?|blasts?|explosions?)", re.I)


def _classify(t: str, c: dict[str, Cue], whole: str) -> tuple[str | None, re.Match[str] | None]:
    handed = _HANDED_OVER.search(t)
    if handed and not _HURT.search(t):
        return "Non-violent transfer of territory", handed
    agreement = _STRONG_AGREEMENT.search(t)
    if (agreement and not _BROKEN.search(t) and not c["protest"].search(t)
            and not _violence_before(t, agreement.start())):
        # "Warplanes bombed towns where Russia had declared a ceasefire": the violence told first is the event
        return "Agreement", agreement
    gren = c["grenade_strong"].search(t)
    if gren and not c["disrupted"].search(t) and not _SHOOTOUT.search(whole) and (
            not _GUN_CLASH.search(whole) or _GRENADE_BLAST.match(gren.group(0))):
        # "hurled a grenade at ...": a Grenade whoever threw it and whatever fire followed (codebook); "killed in a
        # grenade explosion amid clashes" too, the blast being what the report tells (a clash that used grenades
        # among its weapons, "attacked a patrol with grenades and firearms", stays a clash)
        return "Grenade", gren
    protest = c["protest"].search(t)
    if protest is not None and _PROTEST_AS_GROUNDS.search(t, max(0, protest.start() - 40), protest.start()):
        # "expelled diplomats for taking part in protests", "arrested for organising a rally": the protest is the
        # grounds of what was done, not the event (unless another protest word tells of one)
        protest = next((m for m in c["protest"].finditer(t, protest.end())
                        if not _PROTEST_AS_GROUNDS.search(t, max(0, m.start() - 40), m.start())), None)
    if (protest is not None and protest.group(0).lower().startswith("march")
            and (_FORCES_NOUN.search(t, 0, protest.start()) or _ARMED_GROUP_WORDS.search(t, 0, protest.start()))
            and _territory_taken(t, whole, c)[0] is not None):
        # "government forces captured a town and marched deeper into a rebel-held district": an advance, not a march
        protest = next((m for m in c["protest"].finditer(t, protest.end())
                        if not m.group(0).lower().startswith("march")), None)
    if protest is None and not _ARMED_GROUP_WORDS.search(t):
        # "police fired tear gas to disperse the crowd": crowd-control tells of a demonstration (codebook: a
        # gathering the authorities disperse is a protest with intervention, or a riot if the crowd was violent)
        protest = _CROWD_CONTROL.search(t)
    riot = c["riot"].search(t)
    mob = c["mob"].search(t)
    if protest and not c["disaster"].search(t):
        sexual = _SEXUAL_ACT.search(t)
        if sexual and not _AGAINST.search(t[max(0, sexual.start() - 40) : sexual.start()]):
            return "Sexual violence", sexual  # "forces raped women as they dispersed protesters": violence on civilians
        if mob and _MOB_WORD.search(t):
            return "Mob violence", mob
        assault = _ATTACK_ON_PROTEST.search(t)
        if (assault and not _FORCES_WORD.search(t) and not _ARMED_GROUP_WORDS.search(t)
                and _ASSAILANT_CROWD.search(t, max(0, assault.start() - 60), assault.start())):
            # "a group of men attacked a peaceful rally": a crowd's violence on demonstrators is mob violence
            return "Mob violence", assault
        forces_used = [
            m
            for m in c["protest_force"].finditer(whole)
            if not _NEGATED.search(whole[max(0, m.start() - 20) : m.start()])
            and not _TOPIC_BEFORE.search(whole[max(0, m.start() - 40) : m.start()])
        ]
        force = forces_used[0] if forces_used else None
        explicit = any(_EXPLICIT_FORCE.search(m.group(0)) for m in forces_used)
        inter = _intervention(whole, c)
        riot = next((m for m in c["riot"].finditer(whole) if not _riot_topic(whole, m)), None)
        if riot:
            return "Violent demonstration", riot
        if force and (inter or _FORCES_WORD.search(t) or explicit):
            return "Excessive force against protesters", force
        if inter:
            return "Protest with intervention", inter
        return "Peaceful protest", protest
    riot_act = _RIOT_ACTS.search(t)
    if riot_act and not _ARMED_WORDS.search(t):
        return ("Mob violence", mob) if mob else ("Violent demonstration", riot_act)
    crowd = _CROWD_ON_FORCES.search(t) or _CROWD_FORCES_CLASH.search(t)
    if crowd and _FORCES_NOUN.search(t) and not _ARMED_GROUP_WORDS.search(t):
        # "locals pelted stones and clashed with police", "clashes between Palestinians and Israeli forces": an
        # unorganised crowd fighting state forces is mob violence (codebook), not a battle
        return "Mob violence", crowd
    disrupted = c["disrupted"].search(t)
    if disrupted and not _KILLED.search(t) and not _AIR_AGENT.search(t) and not _moves_first(disrupted):
        return "Disrupted weapons use", disrupted
    if mob and not _MOB_WORD.search(mob.group(0)) and _ARMED_GROUP_WORDS.search(t):
        # "insurgents set upon a base", "militants attacked villages, according to vigilantes": armed men are no mob
        mob = None
    if mob:
        return "Mob violence", mob
    if _RIOT_WORD.search(t):
        return "Violent demonstration", riot
    strategic = _strategic(t, whole, c)
    if strategic[0] is not None:
        return strategic
    territory = _territory_taken(t, whole, c)
    weapons = [m.start() for key in _WEAPON_KEYS if (m := c[key].search(t))]
    if territory[0] in ("@regain", "@capture", "Non-violent transfer of territory") and weapons and (
            territory[2] < min(weapons)):
        # "Government forces captured five villages, inching closer to a town hit by a chemical attack in 2017":
        # the taking of territory told first is the event; the weapons after it are its background or its means
        return territory[0], territory[1]
    for key, sub in (("chemical", "Chemical weapon"), ("suicide", "Suicide bomb")):
        m = c[key].search(t)
        if m:
            return sub, m
    air = c["airstrike"].search(t)
    if air:
        return "Air/drone strike", air
    rem = c["remote"].search(t)
    if rem:
        return "Remote explosive/landmine/IED", rem
    clash = c["clash"].search(t)
    shell = c["shelling"].search(t)
    if shell:
        # artillery in a fire-fight is part of the battle (codebook): direct fire makes it a clash
        direct = c["direct_fire"].search(whole)
        return ("Armed clash", direct) if direct else ("Shelling/artillery/missile attack", shell)
    gren = c["grenade"].search(t)
    shooting = _SHOOTING.search(whole)
    if gren and not c["direct_fire"].search(whole):
        return "Grenade", gren
    weak = c["remote_weak"].search(t)
    if weak and not clash and not shooting:
        return "Remote explosive/landmine/IED", weak
    for key, sub in (("sexual", "Sexual violence"), ("abduct", "Abduction/forced disappearance")):
        m = c[key].search(t)
        if m and key == "abduct" and _RESCUE_BEFORE.search(t, max(0, m.start() - 60), m.start()):
            continue  # "police freed two hostages": a rescue is no abduction by the rescuers
        if m and not (key == "abduct" and _KILLED.search(t)):  # a raid that kills and abducts is an attack
            return sub, m
    territory = _territory_taken(t, whole, c)
    if territory[0] is not None:
        return territory[0], territory[1]
    nvt = c["nvt"].search(t)
    attack = _occurring(c["attack"], t)
    clash = _occurring(c["clash"], t) if clash is not None else None
    if clash is not None and _WEAK_CLASH.match(clash.group(0)):
        attack, clash = attack or clash, None  # a raid or assault: the target decides
    arrest = c["arrest"].search(t)
    if arrest and not clash and not _KILLED.search(t) and not _ARREST_VIOLENCE.search(t):
        return "Arrests", arrest
    if clash and _UNARMED_SIDES.search(t) and not _WEAPONS_OR_FORCES.search(whole):
        # "two village groups clashed over a land dispute": violence between unarmed groups is a riot
        return "Mob violence", clash
    if clash or attack:
        hit = clash if clash and (not attack or clash.start() <= attack.start() or not attack) else attack
        return ("Armed clash" if clash else "@attack"), hit
    for key, sub in (
        ("arrest", "Arrests"),
        ("loot", "Looting/property destruction"),
        ("hq", "Headquarters or base established"),
        ("agreement", "Agreement"),
    ):
        m = c[key].search(t)
        if m:
            return sub, m
    if nvt:
        return "Non-violent transfer of territory", nvt
    m = c["change_group"].search(t)
    if m:
        return "Change to group/activity", m
    return None, None


_CAPTURED_PEOPLE = re.compile(r"nationals|people|persons|suspects|men|women|members|smugglers|migrants|traffickers|"
                              r"criminals|robbers|thieves|bandits|fugitives", re.I)
_CAPTURED_THING = cue(
    r"\b(pistols|rifles|guns|firearms|weapons|arms|bullets|rounds|ammunitions?|explosives|grenades|projectiles|"
    + _CAPTURED_PEOPLE.pattern + r")\b[^.;]{0,60}?\b(?:was|were|been) captured\b", re.I)
_FORCED = cue(r"\b(?:storm\w*|attack\w*|assault\w*|raid\w*|offensive|bombard\w*|shell\w*|air ?strikes?|airstrikes?)\b",
              re.I)
_WEAPON_KEYS = ("chemical", "suicide", "airstrike", "remote", "shelling", "grenade", "remote_weak")
# "an attack to capture the positions was repelled", "two were captured alive": no territory changed hands
_ATTEMPT_BEFORE = re.compile(r"\b(?:attempt\w*|tr(?:y|ied|ies|ying)|bid|efforts?|plan\w*|seek\w*|sought|aim\w*|"
                             r"intend\w*|attacks?|offensive|push|failed|order|orders|ordered)\s+to\s+$", re.I)


def _territory_taken(t: str, whole: str, c: dict[str, Cue]) -> tuple[str | None, re.Match[str] | None, int]:
    """Territory taken or handed over in `t`: (marker or sub-event type, cue match, where the taking is told)."""
    gov = c["gov_regain"].search(t)
    cap = next((m for m in c["capture"].finditer(t)
                if not _ATTEMPT_BEFORE.search(t, max(0, m.start() - 30), m.start())
                and not (m.group(0).lower() == "captured" and t.startswith(" alive", m.end()))), None)
    if gov is None and cap is None:
        return None, None, len(t)
    where = min(m.start() for m in (gov, cap) if m is not None)
    # "took control of the village. They seized it after the withdrawal of the army": told in either sentence
    nvt_strong = c["nvt_strong"].search(t) or (None if _FORCED.search(whole) else c["nvt_strong"].search(whole))
    if nvt_strong and not _HURT.search(whole) and not _fought(whole):
        # "took over the town after the army withdrew", "entered without a fight": no battle for it
        return "Non-violent transfer of territory", nvt_strong, where
    if gov:
        return "@regain", gov, where
    assert cap is not None
    if cap.group(0).lower() == "captured" and (thing := _CAPTURED_THING.search(t)):
        # "234 pistols were captured", "seven smugglers were captured": seizures and arrests, not territory
        if _CAPTURED_PEOPLE.fullmatch(thing.group(1)):
            return "Arrests", thing, where
        return "Disrupted weapons use", thing, where
    person = c["arrest"].search(t[cap.start() : cap.end() + 60])
    if person is None or person.start() != 0:  # "captured a senior commander" is an arrest, not territory
        return "@capture", cap, where
    return None, None, len(t)


# Fighting that is planned, feared, ended or the reason for something else does not happen in the sentence:
# "mobilising its members for attacking the district", "a coalition tasked with fighting Daesh withdrew",
# "a peace deal ending eight weeks of fighting", "fled because of attacks", "arrested for planning attacks".
_NOT_HAPPENING = re.compile(
    r"\b(?:tasked with|ending|end(?:ed)? to|possible|potential|planned|planning|plans? to|plotting|plot to|prepar\w+ "
    r"(?:for|to)|mobili[sz]\w* (?:[\w-]+ ){0,3}?(?:for|to)|to prevent|prevent|to foil|foiling|in anticipation of|"
    r"kick off|threat(?:en\w*|s)? (?:of|to)|because of|due to|fear of|fearing|for fear of)\s+(?:(?:the|a|an|"
    r"any|its|their|new|more|further)\s+)?(?:[\w-]+\s+){0,3}?$", re.I)


def _fought(text: str) -> bool:
    """Fighting told as taking place: not "entered without fighting", nor "a deal ending weeks of fighting"."""
    return any(not _NOT_HAPPENING.search(text, max(0, m.start() - 50), m.start())
               and not _NO_FIGHT_BEFORE.search(text, max(0, m.start() - 30), m.start())
               for m in _TWO_SIDED.finditer(text))


_NO_FIGHT_BEFORE = re.compile(r"\b(?:without|no|not|never)\s+(?:(?:a|any|an)\s+)?$", re.I)


def _occurring(pattern: Cue, t: str) -> re.Match[str] | None:
    """The first match of `pattern` in `t` that tells of fighting taking place (see _NOT_HAPPENING)."""
    for m in pattern.finditer(t):
        if not _NOT_HAPPENING.search(t, max(0, m.start() - 50), m.start()):
            return m
    return None


# a grenade thrown in a gun battle is part of the battle (codebook: the clash is the event)
_GUN_CLASH = cue(r"\b(?:clash\w*|gun ?battles?|fighting|fought|battled|gunfire|opened fire)\b", re.I)
_HURT = cue(
    r"\b(?:kill\w*|dead|died|deaths?|wounded|wounding|injur\w*|casualt\w*|fatalit\w*|shot|shooting|gunned|"
    r"bodies|body|slain|martyred|massacr\w*|abduct\w*|kidnap\w*|hostages?|raped|beat(?:en)?|stabbed|hacked|"
    r"lynched|executed|behead\w*|burn(?:ed|t) (?:alive|to death)|lost their lives)\b",
    re.I,
)
_HEAVY = cue(
    r"\b(?:air ?strikes?|airstrikes?|air raids?|drones?|warplanes?|jets|air forces?|helicopters?|choppers?|gunships?|"
    r"shell\w*|artillery|mortars?|rockets?|missiles?|"
    r"IEDs?|roadside bombs?|car bombs?|suicide|chemical|explosives?|explosions?|blasts?|bombs?|bombing|grenades?)\b",
    re.I,
)


def _strategic(t: str, whole: str, c: dict[str, Cue]) -> tuple[str | None, re.Match[str] | None]:
    """Strategic developments told by their own verb, with nobody hurt and no fighting (codebook):
    "torched/looted/demolished houses" is Looting/property destruction, "set up a base/checkpoint" is
    Headquarters or base established, "defected/joined/merged/announced the formation of", a recruitment
    drive or a new commander is Change to group/activity."""
    if _HURT.search(whole) or _TWO_SIDED.search(t):
        return None, None
    loot = c["loot_strong"].search(t)
    if loot and not _HEAVY.search(t) and not (c["disaster"].search(t) or c["industrial"].search(t)):
        return "Looting/property destruction", loot
    hq = c["hq_strong"].search(t)
    if hq and not c["protest"].search(t):
        return "Headquarters or base established", hq
    change = c["change_strong"].search(t) or _TROOP_MOVE.search(t)
    if change and not c["arrest"].search(t):
        return "Change to group/activity", change
    return None, None


def _moves_first(m: re.Match[str]) -> bool:
    """"The military reinforced its air defences": a deployment told before the weapons cue `m` is the news."""
    move = _TROOP_MOVE.search(m.string, 0, m.start())
    return move is not None

# Forces sent, reinforced, mobilised or formed into new units, with no fighting and nobody hurt: a change in the
# group's activity (ACLED's notes code deployments so), whatever weapons the units carry ("tanks", "air defences").
# The verbs are lower-case only: "Popular Mobilization Forces", "Reinforcement Brigades" are names.
_TROOP_MOVE = cue(
    r"\b(?:(?-i:deploy(?:ed|s|ing|ment)|redeploy\w*|reinforc(?:ed|es|ing|ements?)|mobili[sz](?:ed|es|ing|ation))|"
    r"dispatch(?:ed|es|ing)|troop movements?|moving (?:more |additional )?(?:troops|forces)|military build-?up|"
    r"(?:formed|created|set up|established) (?:a |an |new |special |two |three |several )?(?:[\w-]+ ){0,2}?"
    r"(?:units?|forces|brigades?|battalions?|divisions?|organi[sz]ations?|groups of troops)|"
    r"(?:units?|forces|brigades?|battalions?|divisions?|groups of troops) (?:[\w-]+ ){0,3}?"
    r"(?:was|were|have been|has been) (?:formed|created|set up|established))\b",
    re.I,
)


_SUB_TO_TYPE = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
}


_PROTEST_FAMILY = {
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
}


def _not_event(main: str, whole: str, sub: str | None) -> bool:
    """Disasters, disease, diplomacy, crime and bare claims are no ACLED event.

    A protest about the pandemic is still a protest; a flood that killed people is not an attack.
    """
    c = cues()
    if sub is None:
        return True
    if sub not in _PROTEST_FAMILY and (c["disaster"].search(main) or c["industrial"].search(main)):
        if not (_ARMED_WORDS.search(main) or _PLACED_DEVICE.search(main)):
            return True
    if (
        sub in ("Change to group/activity", "Agreement", "Other")
        and (c["disease"].search(main) or c["diplomacy"].search(main))
        and not (sub == "Agreement" and _STRONG_AGREEMENT.search(main))
    ):
        return True
    if sub not in _PROTEST_FAMILY and sub != "Agreement":
        # "The UN condemned the shelling that killed 9": the sentence reports a reaction, not the event
        dip = _REACTION.search(main)
        if (dip and not c["casualty"].search(main[: dip.start()]) and not _EVENT_BEFORE.search(main[: dip.start()])
                and not _TOLD_INCIDENT.search(main[dip.end():]) and not _DIED_IN_IT.search(whole, len(main))):
            return True
    if sub == "Arrests" and c["crime"].search(whole) and not _POLITICAL.search(whole):
        return True  # ordinary crime (drugs, robbery, smuggling) is not political violence
    claim = c["claim"].search(main)
    if (claim and not c["casualty"].search(main[: claim.start()]) and not _EVENT_BEFORE.search(main[: claim.start()])
            and not _DATED_INCIDENT.search(main[claim.end():]) and not _TOLD_INCIDENT.search(main[claim.end():])):
        # "IS claimed responsibility for the bombing that killed 12": the sentence reports the claim, not the
        # event (an event told first and claimed after it stays an event, and so does one the claim dates:
        # "IS said it was behind a December 30 bus ambush ... which killed 37")
        return True
    return False


# A reaction or claim that itself tells the incident, with its day and its dead: "condemned the attack on
# a restaurant in Hodan on Tuesday, which killed nine civilians" is a report of that attack.
_TOLD_INCIDENT = re.compile(
    r"\b(?:attack|ambush|bombing|blast|raid|assault|massacre|strike|shooting|shelling)\b[^.;]{0,120}?"
    r"\b(?:on|late on|early on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:[^.;]{0,80}?\b(?:killed|killing|left|leaving|dead|died)\b[^.;]{0,40}?\b(?:\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|dozens?|scores)\b|[^.;]{0,60}?\b(?:\d+|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\s+(?:[\w-]+\s+){0,2}?(?:dead|killed)\b)")


# "The coalition condemned the bombing of the town hall. At least five civilians were killed in the attack.":
# the incident's next sentence gives the attack's dead, so the text reports the attack, not only a reaction.
_DIED_IN_IT = cue(
    r"\b(?:killed|died|dead|wounded|injured)\b[^.;]{0,60}?\b(?:in|by|during) (?:the|that|this) (?:[\w-]+ )?"
    r"(?:attack|bombing|blast|explosion|strike|airstrike|air strike|raid|massacre|shelling|ambush|assault)\b")


_DATED_INCIDENT = cue(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+[0-3]?\d\b(?:st|nd|rd|th)?\s+(?:\w+\s+){0,2}?(?:attack|ambush|bombing|"
    r"blast|raid|assault|massacre|strike|shooting)|\b[0-3]?\d\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+(?:\w+\s+){0,2}?(?:attack|ambush|bombing|blast|raid|"
    r"assault|massacre|strike|shooting)")
_REACTION = cue(  # "an internationally-criticized decision" is an adjective, not a reaction
    r"\b(?<!-)(?:condemn\w*|denounc\w*|deplor\w*|urged|urges|called for|calls for|called on|calls on|discuss\w*|"
    r"met with|meeting with|talks|summit|sanctions|envoy|warned|warns|pledged|"
    r"vowed|expressed|welcomed|criticis\w*|criticiz\w*|demanded an investigation|ordered an investigation|"
    r"compensation|report(?:ed)? (?:released|published)|expel\w* (?:[\w-]+ ){0,3}?(?:diplomats?|envoys?|ambassadors?)|"
    r"diplomats? (?:were |was |have been )?expelled|"
    r"expulsions? of (?:[\w-]+ ){0,2}?(?:diplomats?|envoys?|ambassadors?))\b",
    re.I,
)
_POLITICAL = cue(
    r"\b(?:militants?|insurgents?|rebels?|terror\w*|jihadists?|extremists?|Maoists?|Naxal\w*|separatists?|"
    r"activists?|protesters?|opposition|journalists?|ISIS|Taliban|Shabaab|Boko|Houthis?|PKK|cartel|gang\w*|"
    r"militia\w*|armed group|explosives?|weapons|arms|ammunition|IEDs?)\b",
    re.I,
)
_EVENT_BEFORE = cue(
    r"\b(?:attack\w*|explod\w*|detonat\w*|struck|hit|ambush\w*|clash\w*|shot|shell\w*|fired|stormed|raided|"
    r"kidnapp\w*|abduct\w*|targeted|seiz(?:ed|ing)|captur(?:ed|ing)|took (?:over|control)|overran|"
    r"air ?strikes?|airstrikes?|bombed|launched (?:an? |the )?(?:[\w-]+ )?(?:attacks?|strikes?|raids?|offensive)|"
    r"(?P<arrest>arrested|detained))\b",
    re.I,
)


_ARMED_WORDS = cue(
    r"\b(?:gunm[ae]n|militants?|insurgents?|rebels?|jihadists?|terrorists?|attackers?|assailants?|"
    r"bomb(?:er|ing)s?|shot|shooting|airstrikes?|air strikes?|shell(?:ed|ing)|soldiers|troops|clash\w*|"
    r"ambush\w*|IED|suicide|armed)\b",
    re.I,
)
# "a bomb placed in a garbage container exploded": a device somebody set is no accident, whatever it was hidden in
_PLACED_DEVICE = cue(
    r"\b(?:(?:bombs?|explosive devices?|explosives|IEDs?|grenades?) (?:\w+ ){0,2}?(?:placed|planted|hidden|attached)|"
    r"(?:placed|planted|hid|hidden|attached) (?:a |an |the )?(?:[\w-]+ )?"
    r"(?:bombs?|explosive devices?|explosives|IEDs?))\b",
    re.I,
)
_CROWD_WORDS = (r"(?:locals|local residents|residents|villagers|people|crowds?|mobs?|nationals|Palestinians|youths|"
                r"refugees|workers|traders|farmers|students|inhabitants|"
                r"(?:a |two )?groups? of (?:[\w-]+ ){0,2}?(?:people|men|youths|residents|villagers|locals|nationals))")
_CROWD_ON_FORCES = cue(_CROWD_WORDS + r"\s+(?:[\w-]+\s+){0,3}?(?:clashed with|pelted|attacked|assaulted|beat|stoned|"
                       r"threw stones at|hurled stones at|retaliated|confronted)\b")
_CROWD_FORCES_CLASH = cue(r"(?:clash\w*|confrontations?|scuffles?) (?:erupted |broke out |ensued )?between (?:the )?"
                          r"(?:[\w-]+ ){0,3}?" + _CROWD_WORDS + r" and (?:the )?(?:[\w-]+ ){0,3}?"
                          r"(?:police|policemen|forces|soldiers|troops|officers|personnel)\b")
_FORCES_NOUN = cue(r"\b(?:police|policemen|police officers|officers|security forces|soldiers|troops|forces|"
                   r"armed police|police personnel|border guards|gendarmes|army)\b", re.I)
_ARMED_GROUP_WORDS = cue(r"\b(?:gunm[ae]n|militants?|insurgents?|rebels?|jihadists?|terrorists?|fighters|bandits|"
                         r"armed men|gangs?|shot dead|opened fire)\b", re.I)
_RIOT_ACTS = cue(
    r"\b(?:(?:threw|hurled|pelted|throwing|pelting|hurling) (?:stones|rocks|bricks|petrol bombs|molotov|bottles)|"
    r"stone[- ]pelting|pelted (?:\w+ )?(?:with )?stones|(?:set|setting) (?:up )?barricades|burning (?:tyres|tires)|"
    r"blocked (?:a |the )?(?:road|highway|street)s? with burning|"
    r"(?:burn(?:ed|t|ing)?|set (?:fire to|on fire|alight)|setting fire to|torch(?:ed|ing)) (?:the )?(?:[\w-]+ ){0,3}?"
    r"(?:tyres|tires|barricades)|(?:tyres|tires|barricades) (?:on fire|ablaze|alight))\b",
    re.I,
)
_CROWD = cue(
    r"\b(?:residents|villagers|locals|people|crowd|citizens|supporters|youths|workers|labou?rers|sellers|"
    r"vendors|traders|students|members of the public|community members|neighbou?rs|relatives|family members)\b",
    re.I,
)


def code_incident(
    doc: Document, focus: list[tuple[int, int]], country_iso3: str | None, country_name: str | None
) -> Coding | None:
    """focus: the char ranges (usually sentences) describing ONE incident, main one first.
    Returns None when the text reports no ACLED event."""
    if not focus:
        return None
    iso3 = _country_iso(country_iso3, country_name, doc)
    main_s, main_e = focus[0]
    main = doc.text[main_s:main_e]
    whole = " ".join(doc.text[s:e] for s, e in focus)
    sub, cue, where = _sub_type(main, whole)
    if _not_event(main, whole, sub) or sub is None:
        return None
    base = main_s if where == main else None
    cue_span = (cue.start() + base, cue.end() + base) if (cue is not None and base is not None) else None
    if iso3 is None:
        iso3 = _demonym_country(doc, focus)
    ms = _mentions(doc, focus, iso3)
    trigger = cue_span[0] if cue_span else None
    conv = convention(iso3, doc.published)
    sides = _roles(doc, focus, ms, trigger, conv.get("repelled_defender_first") == "1")
    a1 = sides.a1.m if sides.a1 else None
    a2 = sides.a2.m if sides.a2 else None
    ev: dict[str, list[tuple[int, int]]] = {}
    if cue_span:
        ev["event_type"] = [cue_span]
        ev["sub_event_type"] = [cue_span]
    unclaimed = any(_UNCLAIMED_CUE.search(doc.text, start, end) for start, end in focus)
    named = None if unclaimed else _named_group(ms, doc, iso3)
    # the group a role word on one side stands for is never one already named on the other side ("rebels
    # clashed with the NDF"), unless that side is the dead ("20 Al-Shabaab militants were killed when the
    # insurgents raided a base": the insurgents are those militants)
    a2_fought = sides.a2 is not None and bool(
        _COUNTERPART.search(doc.text, max(focus[sides.a2.sent][0], sides.a2.start - 60), sides.a2.start))
    a2_dead = sides.a2 is not None and not a2_fought and _is_victim(doc.text, sides.a2, focus[sides.a2.sent][0])
    named1 = named if a2_dead else _named_against(named, ms, doc, iso3, _side_names(a2, sides.assoc2))
    if sides.a1 is not None and a1 is sides.a1.m:
        either = _either_or(doc.text, sides.a1, ms)
        if either is not None:
            # "JNIM or ISGS militants": ACLED names the joint actor "JNIM ... and/or Islamic State (Greater Sahara)";
            # "ISWAP or Boko Haram": the second is already the joint actor that includes the first
            joint = (either.m.name if a1.name in either.m.name else a1.name if either.m.name in a1.name
                     else f"{a1.name} and/or {either.m.name}")
            a1 = ActorMention(joint, a1.inter, a1.kind, False, "", a1.country_iso3)
            sides.assoc1 = [m for m in sides.assoc1 if m is not either]
            if sides.a2 is either:
                sides.a2, a2 = None, None
            ev["actor1"] = [(sides.a1.start, sides.a1.end), (either.start, either.end)]
    if a1 is not None and a1.generic and a1.kind == "armed" and named1 is not None:
        a1 = named1
    named2 = _named_against(named, ms, doc, iso3, _side_names(a1, sides.assoc1))
    if a2 is not None and a2.generic and a2.kind == "armed" and named2 is not None:
        a2 = named2
    if not a2_dead:
        named1 = _named_against(named, ms, doc, iso3, _side_names(a2, sides.assoc2))
    if a1 is not None and a2 is not None and a1.name == a2.name and sub not in ("Armed clash",):
        # "20 Al-Shabaab militants were killed when the insurgents raided a military base": the attackers' own
        # dead are no target; what they attacked after the verb is
        a2 = next((m.m for m in ms if m.sent == 0 and trigger is not None and m.start > trigger
                   and m.m.kind in _ARMED and m.m.name != a1.name
                   and _ATTACKED_BEFORE.search(doc.text, max(main_s, m.start - 40), m.start)), None)
    if sub == "@regain" or sub == "@capture":
        state_taker = a1 is None and _STATE_TAKER.search(main[: cue.start()] if where == main and cue else main)
        if (a1 is not None and a1.kind == "state") or state_taker:
            sub = "Government regains territory"
        elif a1 is not None and a1.kind == "state":
            sub = "Government regains territory"
        else:
            sub = "Non-state actor overtakes territory"
        if a2 is not None and a2.kind not in _ARMED:  # territory is taken from an armed side, not a village
            others = [m.m for m in ms if m.m.kind in _ARMED and (a1 is None or m.m.name != a1.name)]
            a2 = others[0] if others else None
    if sub == "Arrests" and a1 is not None and a1.kind in _NONSTATE and not a1.generic:
        sub = "Abduction/forced disappearance"  # codebook: only state forces arrest; a group's detentions abduct
    if sub in ("@attack", "Attack"):
        sub, a1, a2 = _armed_target(doc.text, main_s, main, whole, sides, sub, a1, a2, iso3)
    if sub == "@attack":
        target = a2
        if target is None or target.kind in ("civilians", "party"):
            # "fighters attacked the militiamen", "... targeted bases manned by militias": an attack on an armed
            # side or its posts, told anywhere in the incident, is a battle (codebook); a village is civilians
            armed = _ATTACKED_ARMED.search(whole) is not None and _OFF_DUTY.search(whole) is None
            direct = armed and _ATTACKED_ARMED.search(main) is not None
            sub = "Armed clash" if direct or (armed and (target is None or _TWO_SIDED.search(whole))) else "Attack"
            if direct and target is not None:
                a2 = None  # "attacked militiamen near the town": the armed side, not the town, was the target
        else:
            sub = "Armed clash"
    if sub == "Armed clash" and (a2 is None or a2.kind == "civilians") and _OFF_DUTY.search(whole) is None:
        # a raid, an incursion or sniper fire that only hit civilians, with no fighting back, is one-sided
        if a2 is not None and not _TWO_SIDED.search(whole):
            sub = "Attack"
    elif sub == "Armed clash" and a2 is not None and a2.kind == "state" and _OFF_DUTY.search(whole):
        sub, a2 = "Attack", None  # an off-duty soldier or police officer is a civilian target
    if sub in ("Attack", "Sexual violence", "Abduction/forced disappearance"):
        if a2 is None or a2.kind not in ("civilians",):
            if a2 is not None and a2.kind in _ARMED and a2.kind != "party" and sub == "Attack":
                sub = "Armed clash"
            else:
                a2 = _generic("Civilians ({country})", iso3, 7, "civilians")
    attacker = None
    if sub in _ATTACK_SUBS_OF_STATES:
        attacker = next((iso for s, e in focus if (iso := acting_country(doc, s, e))), None)
    if attacker is not None and (a1 is None or a1.kind in ("civilians", "protesters")
                                 or (a1.generic and a1.kind == "state")):
        # "Russia's Oct. 11 missile attack on Kharkiv", "Ukraine's drone attack on Belgorod": the attacking
        # country's forces, not the unnamed "drone" of the country it struck
        if a1 is not None and a1.kind in ("civilians", "protesters") and a2 is None:
            a2 = a1
        forces = resolve(ActorMention(_STATE_FORCES, 1, "state", True, _STATE_FORCES), attacker)
        a1 = resolve(ActorMention(forces.name, 1, "state", False, forces.name, attacker), iso3)
    if sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
        prot = _generic("Protesters ({country})", iso3, 6, "protesters")
        force = a1 if a1 is not None and a1.kind in _ARMED else (a2 if a2 is not None and a2.kind in _ARMED else None)
        if force is None and sub != "Peaceful protest":
            # "Thousands marched in Khartoum. Security forces fired tear gas ...": the force of a later sentence
            force = next((m.m for m in ms if m.m.kind == "state"), None)
        if sub == "Excessive force against protesters" and force is not None:
            a1, a2 = force, prot
        else:
            a1 = prot
            a2 = force if sub != "Peaceful protest" else None
            if sub == "Protest with intervention" and a2 is None:
                a2 = _generic("Police Forces of {the_country}", iso3, 1, "state")
    elif sub in ("Violent demonstration", "Mob violence"):
        other = (
            a2 if a2 is not None and a2.kind != "rioters" else (a1 if a1 is not None and a1.kind != "rioters" else None)
        )
        a1 = _generic("Rioters ({country})", iso3, 5, "rioters")
        if sub == "Mob violence" and cues()["clash"].search(main) and _UNARMED_SIDES.search(main):
            other = _generic("Rioters ({country})", iso3, 5, "rioters")  # both groups of a communal clash riot
        if sub == "Mob violence" and (other is None or other.kind in ("protesters",)):
            other = _generic("Civilians ({country})", iso3, 7, "civilians")
        a2 = other
    elif a1 is None or a1.kind in ("civilians", "protesters"):
        if sub == "Air/drone strike" and not _AUTHOR_UNKNOWN.search(whole):
            a1 = _generic("Military Forces of {the_country}", iso3, 1, "state")
        elif sub == "Arrests" and a1 is not None:
            # "55 protesters were arrested": only state forces arrest (codebook), so the unnamed arrester is the police
            a1 = _generic("Police Forces of {the_country}", iso3, 1, "state")
        else:
            if a1 is not None and a2 is None:
                a2 = a1
            default = _UNIDENTIFIED
            if _FOUND.search(whole):  # a body found, nobody seen: the country's convention
                default = conv.get("no_perpetrator") or _UNIDENTIFIED
            a1 = named or _generic(default, iso3, 3, "unidentified")  # the same as the target: see the end
    by_convention = False
    if a1 is not None and a1.generic and a1.kind == "armed":
        a1 = named1 if named1 is not None else a1
    if a1 is not None and a1.generic and a1.kind in ("armed", "unidentified") and a1.template == _UNIDENTIFIED:
        # an unnamed perpetrator: the country's convention (gang-style violence, or ACLED's default side)
        if conv.get("gang") and cues()["gang_style"].search(whole):
            a1 = _conv_actor(conv["gang"], iso3)
        elif conv.get("unidentified_armed"):
            a1 = _conv_actor(conv["unidentified_armed"], iso3)
            by_convention = True
    if (
        sub == "Armed clash"
        and a2 is None
        and conv.get("clash_opponent")
        and a1 is not None
        and a1.name == fill(conv.get("unidentified_armed") or "", iso3)
    ):
        # neither side named: ACLED's convention for the country gives the other party too
        a2 = _conv_actor(conv["clash_opponent"], iso3)
    if by_convention and a1 is not None and conv.get("clash_opponent"):
        # unattributed fire near a place one party holds came from the other party
        holder = _holder(whole, iso3, (doc.published or dt.date.today()).isoformat())
        if holder is not None and holder == a1.name:
            other = _conv_actor(conv["clash_opponent"], iso3)
            a1, a2 = other, (a1 if a2 is not None and a2.name == other.name else a2)
    if (
        sub == "Armed clash"
        and conv.get("clash_state_first") == "1"
        and a1 is not None
        and a2 is not None
        and a2.kind == "state"
        and a1.kind != "state"
    ):
        a1, a2 = a2, a1
    elif (
        sub == "Armed clash"
        and conv.get("clash_unnamed_first") == "1"
        and a1 is not None
        and a2 is not None
        and a1.kind == "state"
        and a2.generic
        and a2.template == _UNIDENTIFIED
    ):
        # "police clashed with armed men": where the country's convention says so (Mexico), ACLED puts the unnamed
        # armed side first in a clash with state forces
        a1, a2 = a2, a1
    if (
        sub == "Armed clash"
        and a1 is not None
        and a2 is not None
        and a1.kind == a2.kind == "state"
        and iso3
        and a1.country_iso3 not in (None, iso3)
        and a2.country_iso3 == iso3
        and _MUTUAL.search(main)
    ):
        # "Indian and Pakistani troops exchanged fire" in Pakistan: in an exchange between two states' forces
        # ACLED puts the forces of the country the event is in first
        a1, a2 = a2, a1
    elif (
        sub == "Armed clash"
        and a1 is not None
        and sides.a1 is not None
        and a1 is sides.a1.m
        and a1.kind == "state"
        and iso3
        and a1.country_iso3 not in (None, iso3)
        and _MUTUAL.search(main)
        and _home_after(doc.text, sides.a1.start, sides.a1.end, iso3)
    ):
        # "military forces of India and Pakistan exchanged fire" in Pakistan: the elided home side comes first
        force_name = "Police Forces" if a1.name.startswith("Police Forces") else "Military Forces"
        a1, a2 = _generic(force_name + " of {the_country}", iso3, 1, "state"), a1
    if a2 is not None and a1 is not None and a2.name == a1.name and not _two_like_sides(sub, sides, a1, a2):
        # One actor on both sides: the side the text gave us is kept, and the other is the next side the incident
        # names; with none, the actor fought or hit nobody we can name (ACLED leaves actor2 blank)
        # the text's target stays when it is the dead or the side fought ("a battle with Daesh") and actor1 was
        # filled in; otherwise the text's initiator stays
        initiator_made_up = a2_dead or (sides.a1 is None and a2_fought)
        keep = sides.a2 if initiator_made_up else sides.a1
        next_side = _other_side(doc.text, focus, ms, a1.name, keep, want_agent=initiator_made_up)
        if next_side is None:
            a2 = None
        elif initiator_made_up:
            sides.a1, a1 = next_side, next_side.m
        else:
            sides.a2, a2 = next_side, next_side.m
    etype = _SUB_TO_TYPE.get(sub, "Strategic developments")
    if sides.a1 is not None and a1 is sides.a1.m:
        ev["actor1"] = [(sides.a1.start, sides.a1.end)]
    if sides.a2 is not None and a2 is sides.a2.m:
        ev["actor2"] = [(sides.a2.start, sides.a2.end)]
    # an ally is on one side only: never the other side's actor, nor an ally of both
    assoc1 = [m for m in sides.assoc1 if not m.m.generic and a1 is not None and m.m.name != a1.name
              and (a2 is None or m.m.name != a2.name)]
    side1 = {a1.name if a1 is not None else ""} | {m.m.name for m in assoc1}
    assoc2 = [m for m in sides.assoc2 if not m.m.generic and (a2 is None or m.m.name != a2.name)
              and m.m.name not in side1]
    if assoc1:
        ev["assoc_actor_1"] = [(m.start, m.end) for m in assoc1]
    if assoc2 and a2 is not None:
        ev["assoc_actor_2"] = [(m.start, m.end) for m in assoc2]
    if a1 is None:
        return None
    return Coding(
        event_type=etype,
        sub_event_type=sub,
        actor1=_fallback_name(a1.name),
        assoc_actor_1=_join([m.m.name for m in assoc1]),
        actor2=_fallback_name(a2.name) if a2 is not None else None,
        assoc_actor_2=_join([m.m.name for m in assoc2]) if a2 is not None else None,
        inter1=a1.inter,
        inter2=a2.inter if a2 is not None else None,
        evidence=ev,
    )


def _two_like_sides(sub: str, sides: _Sides, a1: ActorMention, a2: ActorMention) -> bool:
    """Whether one name may stand on both sides: rioters against rioters (a communal clash), or two unnamed
    groups the text tells apart ("gunmen clashed with rival gunmen"), as ACLED codes them; a named group that
    fought itself is a role mistake."""
    if sub in ("Mob violence", "Violent demonstration"):
        return True
    # not when the initiator was made up while the target is the text's own mention ("18 rebels were killed")
    made_up = sides.a2 is not None and a2 is sides.a2.m and (sides.a1 is None or sides.a1 is sides.a2)
    return sub == "Armed clash" and a1.generic and not made_up


def _other_side(text: str, focus: list[tuple[int, int]], ms: list[_M], name: str, keep: _M | None,
                want_agent: bool) -> _M | None:
    """The next-best mention for the side that came out the same as the other (`name`): an armed one with
    another name, not allied to the kept side's mention. For the initiator, one introduced by "by" first, then
    named groups that are no victims, then named victims; for the target, victims first."""
    cands = [m for m in ms if m.m.kind in _ARMED and m.m.name != name and "{" not in m.m.name
             and not (keep is not None and _allied(text, keep, m))]
    if not cands:
        return None

    def rank(m: _M) -> tuple[int, int]:
        s = focus[m.sent][0]
        if want_agent:
            return (0 if _is_agent(text, m, s) else 4 if m.m.generic else 2 if _is_victim(text, m, s) else 1, m.start)
        return (0 if _is_victim(text, m, s) else 1, m.start)

    best = min(cands, key=rank)
    # a role word that did nothing ("called for the deployment of the army") is no initiator
    return None if want_agent and rank(best)[0] == 4 else best


_ATTACKED_ARMED = cue(
    r"\b(?:attack(?:ed|ing|s)?|ambush(?:ed|ing)?|raid(?:ed|ing)?|assault(?:ed|ing)?|storm(?:ed|ing)|target(?:ed|ing)|"
    r"charg(?:ed|ing)|set upon) (?:the |a |an |their |its )?(?:(?:[\w-]+ ){0,3}[\w-]+['’]s )?"
    r"(?:(?!of\b|and\b|with\b|in\b|by\b)[\w'-]+ ){0,2}?"
    r"(?:militiamen|"
    r"militias|soldiers|troops|fighters|militants|insurgents|rebels|policemen|police officers|security forces|"
    r"(?:army|military) (?:base|post|positions?|patrol|convoy)|police (?:post|station|patrol|checkpoint)|"
    r"checkpoints?|barracks|outposts?|bases?)\b",
    re.I,
)
# "It is unclear who was behind the incident": an aircraft nobody owns is no state's air force by default
_AUTHOR_UNKNOWN = cue(r"\b(?:(?:unclear|unknown|not known|not clear) who|unidentified (?:aircraft|helicopters?|planes?|"
                      r"drones?|warplanes?))\b", re.I)
_STATE_TAKER = cue(
    r"\b(?:troops|soldiers|army|armed forces|government forces|government troops|security forces|military|"
    r"regime forces|pro-government forces|police|gendarmes?|national guard)\b",
    re.I,
)
_ATTACKED_BEFORE = re.compile(r"\b(?:raided|raiding|stormed|storming|attacked|attacking|overran|ambushed|targeted|"
                              r"targeting|struck|hit|assaulted|besieged)\b[^,.;:]*$", re.I)
_OFF_DUTY = cue(r"\boff[- ]duty\b", re.I)
def _home_after(text: str, start: int, end: int, iso3: str) -> bool:
    """The home country coordinated with a foreign state's forces, its noun elided: "military forces of India
    and Pakistan", "Burundian and Rwandan soldiers"."""
    home = countries().get(iso3)
    if home is None:
        return False
    names = {home.name, *home.demonyms}
    after = re.match(r"\s*(?:and|&)\s+(?:the\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)", text[end : end + 60])
    before = re.search(r"\b([A-Z][\w'-]+)\s+(?:and|&)\s+$", text[max(0, start - 40) : start])
    return bool(after and after.group(1) in names) or bool(before and before.group(1) in names)


_MUTUAL = cue(
    r"\b(?:exchang\w* (?:of )?(?:heavy |small[- ]arms |artillery |mortar )?(?:fire|gunfire|shots|shelling)|"
    r"clash(?:ed|es)? (?:between|with each other)|between [^.]{1,60}? and |both sides|clashed\b(?!\s+with))\b",
    re.I,
)
_TWO_SIDED = cue(
    r"\b(?:clash\w*|fighting|fought|exchang\w* (?:of )?(?:fire|gunfire|shots)|shoot-?outs?|gun ?battles?|"
    r"firefights?|both sides|repuls\w*|repell\w*|battles?|battled|returned fire|fired back|encounter(?:s|ed)?|"
    r"confront(?:ed|ation)|routed|armed clash|reacted with gunfire|responded with gunfire)\b",
    re.I,
)
_UNARMED_SIDES = cue(
    r"\b(?:(?:two|rival|opposing|several) (?:[\w-]+ )?(?:groups|communities|families|factions|villages|clans|parties|"
    r"sides|gangs of youths)|groups? of (?:people|villagers|residents|youths|students|workers|farmers|supporters)|"
    r"(?:villagers|residents|supporters|youths|students|workers|farmers|neighbou?rs|relatives) "
    r"(?:of (?:the )?[\w-]+ (?:[\w-]+ )?)?clashed)\b",
    re.I,
)
_WEAPONS_OR_FORCES = cue(
    r"\b(?:gun\w*|firearms?|rifles?|pistols?|shot|shoot\w*|bullets?|militants?|militias?|militiamen|soldiers|troops|"
    r"army|police|policemen|security forces|rebels?|insurgents?|jihadists?|armed|fighters|grenades?|explosives?|"
    r"mortars?|shell\w*|IEDs?|bombs?|rockets?|fire|forces|guards?|affiliated|Fulani|herders|bandits|cartels?)\b",
    re.I,
)
_SHOOTOUT = cue(
    r"\b(?:shoot-?outs?|exchanges? of (?:fire|gunfire|shots)|exchanged (?:fire|gunfire|shots)|shot back|"
    r"returned fire|returned the fire|fired back|gun ?battles?|firefights?|fire-fights?)\b",
    re.I,
)
# the victim is described as a criminal or gang member: ACLED codes a fight between armed actors
_CRIMINAL_VICTIM = cue(
    r"\b(?:victims?|man|men|woman|he|she|suspects?|both|they)\b[^.]{0,60}?\b(?:drug[- ]traffick\w*|drug[- ]deal\w*|"
    r"criminal records?|charges against|police records?|gang members?|members? of (?:a |the |rival )?gangs?|"
    r"alleged(?:ly)? (?:a )?members? (?:of|from))",
    re.I,
)
# "a police team ... was attacked by ...": the state mention before the passive is the target
_STATE_VICTIM = cue(
    r"\b(?:police|officers?|soldiers?|troops|agents?|guards?|policem[ae]n|security personnel|gendarmes?)\b[^.;]{0,80}?"
    r"\b(?:was|were) (?:\w+ ){0,2}?(?:attacked|shot|ambushed|fired (?:up)?on|targeted)\b",
    re.I,
)


def _armed_target(
    text: str, base: int, main: str, whole: str, sides: _Sides, sub: str,
    a1: ActorMention | None, a2: ActorMention | None, iso3: str | None,
) -> tuple[str, ActorMention | None, ActorMention | None]:
    """An attack whose target was armed is a Battle: state forces attacked in the passive, an exchange of
    fire, a victim described as a gang member or drug trafficker."""
    if a1 is not None and a1.kind == "state" and sides.a1 is not None and a1 is sides.a1.m:
        hit = _STATE_VICTIM.search(main)
        inside = hit is not None and sides.a1.start < hit.end() + base and sides.a1.end > hit.start() + base
        if inside and not _AGENT_STATE.search(main):
            return "Armed clash", _generic(_UNIDENTIFIED, iso3, 3, "unidentified"), a1
    if a2 is not None and a2.kind in _ARMED:
        return sub, a1, a2
    if _SHOOTOUT.search(whole):
        if a1 is not None and a1.kind == "state":
            gang = cues()["gang_style"].search(whole)
            return "Armed clash", a1, _generic("Unidentified Gang ({country})" if gang else _UNIDENTIFIED, iso3, 3,
                                               "gang" if gang else "unidentified")
        return "Armed clash", a1, a2
    if _CRIMINAL_VICTIM.search(whole):
        return "Armed clash", a1, _generic("Unidentified Gang ({country})", iso3, 3, "gang")
    return sub, a1, a2


_AGENT_STATE = cue(
    r"\b(?:by|at the hands of) (?:the )?(?:police|soldiers|troops|security forces|army|officers)\b", re.I
)


@lru_cache(maxsize=1)
def _territory() -> dict[str, tuple[Cue, list[tuple[str, str, str, str]]]]:
    """ISO3 -> (one regex over all front-line places, [(place lower-cased, holder template, from, until)])."""
    text = resources.files("conflictwatch.resources").joinpath("actors_territory.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    by_iso: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in rows:
        by_iso.setdefault(r["iso3"], []).extend(
            (p.lower(), r["held_by"], r["valid_from"] or "0000", r["valid_until"] or "9999")
            for p in r["places"].split("|") if p)
    out = {}
    for iso, places in by_iso.items():
        alts = "|".join(re.escape(p[0]) for p in sorted(places, key=lambda x: -len(x[0])))
        out[iso] = (cue(r"(?<![\w-])(?:" + alts + r")(?![\w-])", re.IGNORECASE), places)
    return out


def _holder(text: str, iso3: str | None, day: str) -> str | None:
    """The party holding, on `day` (YYYY-MM-DD), the first front-line place the text names.

    The lines are data (resources/actors_territory.csv) with the dates they held; outside them
    nobody is assumed to hold anything.
    """
    table = _territory().get(iso3 or "")
    if table is None:
        return None
    m = table[0].search(text)
    if m is None:
        return None
    place = m.group(0).lower()
    return next((fill(h, iso3) for p, h, start, until in table[1] if p == place and start <= day <= until), None)


_EITHER = re.compile(r"\s*(?:or|and/or|/)\s*$", re.I)


def _either_or(text: str, a1: _M, ms: list[_M]) -> _M | None:
    """The group named as an alternative perpetrator right after actor1 ("JNIM or ISGS")."""
    if a1.m.generic or a1.m.kind not in _NONSTATE:
        return None
    for m in ms:
        if m.start >= a1.end and m.sent == a1.sent:
            if (
                not m.m.generic
                and m.m.kind in _NONSTATE
                and m.m.name != a1.m.name
                and m.start - a1.end <= 10
                and _EITHER.match(text[a1.end : m.start])
            ):
                return m
            return None
    return None


@lru_cache(maxsize=256)
def _conv_actor(template: str, iso3: str | None) -> ActorMention:
    """A convention's actor name with its inter code and kind from the catalogue (3, unidentified if absent)."""
    name = fill(template, iso3)
    for sp in find_actors(name, iso3):
        if sp.start == 0 and sp.end == len(name) and not sp.value.generic:
            return resolve(sp.value, iso3)
        if sp.start == 0 and sp.value.name == name:
            return resolve(sp.value, iso3)
    return _generic(template, iso3, 3, "unidentified")


def _fallback_name(name: str) -> str:
    """A name whose country stayed unknown: drop the placeholder rather than emit braces."""
    return name.replace(" ({country})", "").replace(" of {the_country}", "").replace(" of {country}", "")


def _demonym_country(doc: Document, focus: list[tuple[int, int]]) -> str | None:
    """The country of the first national force/people named in the focus ("Iraqi police")."""
    for s, e in focus:
        for sp in find_actors(doc.text[s:e], None, offset=s):
            if sp.value.country_iso3 and not sp.value.generic:
                return sp.value.country_iso3
    return None
