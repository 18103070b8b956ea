"""Toponyms -> places: find place mentions in an article and resolve where an incident happened.

Tagging is dictionary lookup, not NER: capitalised word n-grams are keyed with the gazetteer's
spelling-proof key (see gazetteer.py) and looked up in a hash table, so a 300-word article costs
a few hundred dict probes. Everything hard is in disambiguation, which is done once per
document: a name's candidates are scored by kind (country > province > curated region > town),
population, exact spelling, the countries the article talks about (country names, demonyms,
provinces), the provinces it names, and nearness to its other places. `resolve` then only picks
among the already-resolved mentions inside an incident's sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from conflictwatch.document import Document, Span
from conflictwatch.extract.dates import wire_datelines
from conflictwatch.extract.gazetteer import (
    _ARTICLES,
    KIND_ADMIN1,
    KIND_AREA,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_REGION,
    RESOURCES,
    Gazetteer,
    Place,
    fold,
    get_gazetteer,
    is_article,
    token_key,
)
from conflictwatch.extract.sources import source_acronyms

LAYER = "place"
_ARTICLE_FORMS = frozenset(a for w in _ARTICLES for a in (w, w.capitalize(), w.upper()))
_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ](?!s\b)[^\W\d_]+)*")
_MAX_TOKENS = 6
# Lower-case words allowed inside a multi-word name ("Deir ez-Zor", "Ciudad de Mexico").
_CONNECTORS = frozenset("al el ez ad ar as ash at az an en ed es er de del la le les du des da do dos "
                        "das di y e of i und ul il ibn bin abu au aux sur lès".split())
# Capitalised function words that start sentences: not part of a person's or outfit's name.
_FUNCTION = frozenset("the in at on of near from by for and a an to as with after before during since "
                      "while when where this that these those its his her their our".split())
# Capitalised words that may sit next to a place name without making it part of a person's or an
# organisation's name ("Kabul Province", "Northern Kaduna", "Idlib City").
_PLACE_WORDS = frozenset("""province governorate state region district county city town village
municipality prefecture department division oblast valley desert mountains mountain plain plains
airport airbase airfield camp road highway bridge square market base crossing border area zone countryside
river lake forest island islands peninsula north south east west northern southern eastern western
central upper lower greater rural new old
lga township tehsil taluka raion rayon commune subdistrict sub-district locality
khutir khutor selo selyshche smt posyolok poselok stanitsa""".split())
_COMPASS = re.compile(
    r"\b(north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west|far)\s+$",
    re.IGNORECASE,
)
# "near X", "outskirts of X", "road between X and Y", "10 km north of X", "rural X": X +- a bit.
_NEAR_BEFORE = re.compile(
    r"\b(near|nearby|outside|outskirts of|vicinity of|surroundings of|environs of|close to|"
    r"between|(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west)(?:ern)? of|countryside of|suburbs? of|"
    r"periphery of|edge of|rural|area of|around|surrounding|outlying|"
    r"(?:km|kms|kilometres|kilometers|miles)\s+(?:away\s+)?from)\s+(?:the\s+)?"
    r"(?:(?:town|city|village|district|area)\s+of\s+)?$",
    re.IGNORECASE,
)
_AND_BEFORE = re.compile(r"\bbetween\s+\S+(?:\s+\S+){0,3}\s+and\s+$", re.IGNORECASE)
_NEAR_AFTER = re.compile(r"^['’]?s?\s*(countryside|outskirts|suburbs?|environs|surroundings|vicinity|"
                         r"periphery|rural areas?|area)\b", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\b(in|at|inside|into|on|of)\s+(?:the\s+)?(?:(?:town|city|village|hamlet|"
                        r"locality|neighbou?rhood|district|settlement|camp)\s+of\s+)?$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^['’]?s?\s*(province|governorate|state|region|oblast|prefecture|department|"
                         r"county|muhafaza)\b", re.IGNORECASE)
# "Dandume LGA", "Kyauktaw Township", "Utmah district": a second-level unit named after its seat town.
_DISTRICT_AFTER = re.compile(r"^['’]?s?\s*(district|LGA|township|tehsil|taluka|raion|rayon|sub-?district|"
                             r"locality|municipality|commune)\b", re.IGNORECASE)
_WIDE_AFTER = re.compile(r"^['’]?s?\s*(desert|badia|steppe|plains?|mountains|hills)\b", re.IGNORECASE)
# "Iran-backed", "UK-based", "Saudi-led": a country as an attribute of an actor, not a place.
_ATTRIBUTIVE = re.compile(r"-(?:backed|based|led|allied|controlled|held|born|made|run|funded|sponsored|"
                          r"aligned|affiliated|linked|registered|flagged)\b"
                          r"| (?:backed|led|allied|funded|sponsored|aligned|affiliated)\b", re.IGNORECASE)
# Places that are not where the incident happened: where the wounded were taken, where people fled,
# where an outfit is based ("taken to hospital in Baquba", "fled to Goma", "a Kabul-based group").
_SECONDARY_BEFORE = re.compile(
    r"\b(?:(?:hospitals?|clinics?|medical (?:centre|center|facility)|morgue)\s+(?:in|at|of)|"
    r"(?:taken|rushed|evacuated|transferred|transported|airlifted|flown|brought|moved|relocated|fled|fleeing|"
    r"displaced|escaped|sent|referred|returned|headed)\s+(?:back\s+)?to|"
    r"(?:fled|fleeing|escaped|cross|crossed|crossing)\s+into|"
    r"(?:based|headquartered|stationed|exiled|born|trained)\s+in)\s+(?:the\s+)?"
    r"(?:(?:nearby\s+)?(?:town|city|village|capital|hospital)\s+(?:of|in)\s+)?$",
    re.IGNORECASE,
)
# "Saudi forces", "Turkish warplanes": a country naming an actor, not the incident's place.
# "in the same area", "in that province": the place named before, at the province's level.
_SAME_AREA = re.compile(r"\b(?:the\s+same|that|this|the\s+surrounding|nearby)\s+(?:area|region|province|state|"
                        r"district|county|locality)\b", re.IGNORECASE)
_ACTOR_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:military|armed|air|security|army|border|special|government|state|backed|led|"
    r"allied|coalition|naval)\s+)?(?:forces?|troops|army|military|soldiers|jets|aircraft|aircrafts|warplanes|"
    r"planes|drones?|air\s*strikes?|airstrikes?|navy|police|militants|government|regime|coalition|officials|"
    r"guards|artillery|authorities|special forces|gendarmes?|gendarmerie|militias?|missiles?|rockets?|shells|"
    r"shelling|bombers?|helicopters?|gunships?|tanks?|warships?|strikes?|bombardment|bombing|occupiers|invaders)\b",
    re.IGNORECASE,
)
# Text between a place and the unit that contains it: "Yasne, Donetsk", "Goniri (Gujba LGA, Borno)",
# "Qarainah in al-Hasakeh", "Zap region of Dahuk".
_CONTAINER_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?:area|district|village|town|city|region|camp|front|neighbou?rhood|subdistrict|"
    r"sub-district|locality|municipality|LGA|county|commune|department|territory|township|tehsil|"
    r"province|governorate|state))?"
    r"(?:\s*,\s*|\s*\(\s*|\s*\([^()\n]{1,40},\s*|\s+(?:in|of)\s+(?:the\s+)?)$",
    re.IGNORECASE,  # "Kyauktaw Township, Rakhine State", "Gujba District (Yobe)"
)
_TOWN_AFTER = re.compile(r"\s+(?:[Cc]ity|town|village)\b")  # "Daraa City": the city, not its province
_STREET_AFTER = re.compile(r"\s+(?:street|avenue|boulevard|lane)\b", re.IGNORECASE)
# The last word of every "before" context pattern above (see _read_context).
_BEFORE_TRIGGERS = frozenset("""near nearby outside of between rural around surrounding outlying to and in at inside
into on from
far central north south east west northern southern eastern western northeast northwest southeast southwest
north-east north-west south-east south-west north-eastern north-western south-eastern south-western
northeastern northwestern southeastern southwestern""".split())
# A run of capitalised words and the lower-case connectors between them ("Deir ez-Zor", "al-Bab",
# "Ciudad de Mexico"): the only stretches of text where a place name can start. Found by one regex
# pass, so the rest of the article's words cost no Python work at all.
# Capitals of the Latin scripts news uses, plus their lower case (a short class keeps the scan fast;
# `_find_in_run` checks the case of every word anyway). A lower-case article starting a name
# ("al-Bab") is picked up from the run that follows its hyphen.
_UPPER = "A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF"
_TOK_TAIL = r"(?:['’ʼ](?!s\b)[^\W\d_]+)*"
_TOK_END = r"(?![^\W\d_]|['’ʼ](?!s\b)[^\W\d_])"
_CAP_TOK = rf"[{_UPPER}][^\W\d_]*{_TOK_TAIL}"
_RUN = re.compile(
    rf"[{_UPPER}](?<![^\W\d_].)(?<![^\W\d_]['’ʼ].)[^\W\d_]*{_TOK_TAIL}"
    rf"(?:(?: - | |-\u200b|-)(?:{_CAP_TOK}|(?:{'|'.join(sorted(_CONNECTORS, key=len, reverse=True))}){_TOK_END}))*"
)
_SENTENCE_OPENERS = frozenset(("", ".", "!", "?", '"', "“"))
# The words that gate the context patterns (see _read_context).
# "Russia's Oct. 11 missile attack", "Moscow's offensive", "Russia's Aerospace Forces": the country or capital acts,
# it is not the place.
_ACT_OF_AFTER = re.compile(r"^['’]s\s+(?:[\w.-]+\s+){0,3}?(?:attacks?|offensive|invasion|war|bombardment|assault|"
                           r"aggression|(?:air)?strikes?|shelling|(?:armed\s+|aerospace\s+|air\s+|special\s+)?forces|"
                           r"army|military|troops|air\s+force|warplanes|jets|navy)\b", re.IGNORECASE)
# "Kiev claimed", "Moscow denied", "Washington warned": a capital speaking is its government, not a place.
# ("the blast in Homs has claimed 40 lives": a toll, not a statement)
_SPEAKS_AFTER = re.compile(r"^\s+(?:has\s+|had\s+|also\s+)?(?:said|says|claim(?:ed|s)(?!\s+(?:the\s+)?(?:lives?|\d))|"
                           r"denied|denies|accused|accuses|warned|announced|insisted|responded|blamed|blames|condemned|"
                           r"condemns)\b")
_ANY_AFTER = re.compile("|".join(f"(?:{r.pattern.lstrip('^')})" for r in (
    _NEAR_AFTER, _UNIT_AFTER, _TOWN_AFTER, _WIDE_AFTER, _DISTRICT_AFTER, _ACTOR_AFTER, _ACT_OF_AFTER)),
    re.IGNORECASE)
_PRO = frozenset(("-pro", " pro", "(pro", "anti"))
_AFTER_FIRST = frozenset(" \t\n\r\xa0'’")
_OPENING = "(\"'“‘"
_NEAR_WORDS = frozenset("near nearby outside between rural around surrounding outlying".split())
_NEAR_OF_PREV = frozenset("""outskirts vicinity surroundings environs countryside suburb suburbs periphery edge area
town city village district north south east west northeast northwest southeast southwest north-east north-west
south-east south-west northern southern eastern western northeastern northwestern southeastern southwestern
north-eastern north-western south-eastern south-western""".split())
_IN_WORDS = frozenset("in at inside into on of".split())
_DISTANCE_WORDS = frozenset("km kms kilometres kilometers miles away".split())  # "15 km (away) from X"
_UNIT_OF_PREV = frozenset("province governorate state region".split())
_TOWN_OF_PREV = frozenset("town city village hamlet locality settlement".split())
_COMPASS_WORDS = frozenset("""far central north south east west northern southern eastern western northeast northwest
southeast southwest north-east north-west south-east south-west northeastern northwestern southeastern southwestern
north-eastern north-western south-eastern south-western""".split())
_SECONDARY_WORDS = frozenset("in at of to into".split())
_SECONDARY_PREV = frozenset("""hospital hospitals clinic clinics centre center facility morgue taken rushed evacuated
transferred transported airlifted flown brought moved relocated fled fleeing displaced escaped sent referred returned
headed back based headquartered stationed exiled born trained town city village capital
cross crossed crossing""".split())
# "the Islamic State of Iraq and the Levant", "... in Iraq and Syria": a group's name, not the story's country
_GROUP_NAME_BEFORE = re.compile(r"\bIslamic\s+State\s+(?:of|in)\s+(?:Iraq\s+and\s+(?:the\s+)?)?$", re.IGNORECASE)
# "Jabhat Fatah al-Sham (banned in Russia)": a wire's legal note, which says nothing of where anything happened
_BANNED_PREV = frozenset("banned outlawed prohibited proscribed illegal".split())
# "a native of Kazakhstan", "citizens of Turkey": where people come from, not where anything happened
_ORIGIN_OF_PREV = frozenset("native natives citizen citizens national nationals".split())
# "IED", "NGO", and mixed-case initials ("JaS", "LoC"): two capitals in a word of at most five letters
_ACRONYM = re.compile(r"^(?=[A-Za-z]{2,5}$)[A-Z][a-z]?[A-Z][A-Za-z]*$")
_UNIT_WORD = "~unit"
_PARAGRAPH = re.compile(r"\n[ \t\xa0]*\n")
# Words by which a sentence turns to another incident: it does not happen where the paragraph is set.
_ANOTHER_INCIDENT = re.compile(r"\b(?:earlier|separately|meanwhile|elsewhere|another|previous(?:ly)?|"
                               r"last (?:week|month|year)|the day before)\b", re.IGNORECASE)
_ROMANCE_LINKS = frozenset("de del la las los da do dos das di della".split())
# Arabic articles inside a longer name written with spaces: "Ahrar al Sharqiyah", "Jaysh al Islam"
_ARABIC_LINKS = frozenset("al el ad ar as ash at az an ad-".split())
_ROMANCE_UNITS = frozenset("estado ciudad municipio provincia departamento distrito region cidade".split())
# "ERBIL, Kurdistan Region —", "BEIRUT (Reuters) -", "KABUL, May 3 (AP) —" at the start of a line.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z'’.-]*(?:[ -][A-Za-z'’.-]+){0,3})"
    r"(?P<rest>,[^\n—–(]{1,40}?)?\s*(?P<agency>\([A-Za-z .&/-]{1,30}\))?\s*(?:—|–|--|-)\s",
    re.MULTILINE,
)

# Country votes: a Counter of float weights (typing's Counter is int-valued, so it is typed loosely).
Votes = Any


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words that never make a place on their own (data file, extend it freely)."""
    text = resources.files(RESOURCES).joinpath("place_stopwords.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(fold(w) for w in line.split("#", 1)[0].split())
    return frozenset(words)


@lru_cache(maxsize=1)
def country_cues() -> dict[str, str]:
    """Folded word -> ISO2 of the one country it ties a text to (armed groups, local terms)."""
    import csv

    text = resources.files(RESOURCES).joinpath("country_cues.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {fold(r["word"]): r["iso2"] for r in rows}


@lru_cache(maxsize=1)
def cue_units() -> dict[str, tuple[str, ...]]:
    """Folded cue word -> the first-level units its group or mission works in (country_cues.csv)."""
    import csv

    text = resources.files(RESOURCES).joinpath("country_cues.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {fold(r["word"]): tuple(u.strip() for u in r["admin1"].split("|") if u.strip())
            for r in rows if (r.get("admin1") or "").strip()}


@dataclass(slots=True)
class PlaceMention:
    """One place name in the text with its candidates and what the words around it say."""

    start: int
    end: int
    text: str
    candidates: tuple[int, ...]
    country_iso2: str | None = None    # for demonyms: the country they point at
    dateline: bool = False
    near: bool = False                 # "near X", "X countryside" -> precision 2
    located: bool = False              # "in X", "the town of X"
    unit: bool = False                 # "X province", "the province of X" -> the admin1
    wide: bool = False                 # "X desert": the wide area around X -> precision 3
    district: bool = False             # "X district", "X LGA": the district around its seat X -> precision 2
    compass: bool = False              # "eastern X"
    container: bool = False            # the "Y" of "X, Y" -> the unit containing X
    town: bool = False                 # "the town of X", "village of X"
    attributive: bool = False          # "Iran-backed": context only, never the incident place
    actor: bool = False                # "Saudi forces": a country naming an actor
    secondary: bool = False            # "taken to hospital in X", "fled to X", "based in X"
    cue: bool = False                  # an armed group / local term of one country ("Houthi", "LGA")
    capital: bool = False              # "the Syrian capital": the country's capital, not spelled out
    parent: int | None = None          # index of the mention that contains this one ("X, Y", "X (Z, Y)")
    place: int | None = None           # chosen candidate, None when rejected
    score: float = 0.0
    sim: float = 0.0                   # spelling similarity of the text to the chosen place (0-100)
    alternatives: list[int] = field(default_factory=list)

    @property
    def is_demonym(self) -> bool:
        return self.country_iso2 is not None and not self.candidates


@dataclass
class PlaceResolution:
    country: str | None     # English short name, "Syria"; None when nothing in the text places it
    iso3: str | None        # "SYR"
    admin1: str | None
    admin2: str | None
    location: str | None    # most precise named place; None when only admin1/region/country known
    latitude: float | None
    longitude: float | None
    geo_precision: int | None  # 1 town itself; 2 near a town / part of district; 3 province or wider region
    evidence: dict[str, list[tuple[int, int]]]   # keys among "country","admin1","location"
    spelled: bool = True    # the location evidence spells the place's name (not "the Syrian capital")


def unplaced() -> PlaceResolution:
    """The place of an incident the text does not locate: every field unknown, for the analyst to fill."""
    return PlaceResolution(None, None, None, None, None, None, None, None, {})


# (score, place, exact spelling, spelling similarity 0-100)
Cand = tuple[float, Place, bool, float]
_BARRED = -100.0
# Country votes that count as the text's own word for a country (a demonym, a province, a city),
# not just the weak votes villages' namesakes give their countries.
_CORROBORATED = 0.5
_NEAR_KM = 60.0
# A spelling at least this close to a town's own is a transliteration variant, not a loose match.
_LOOSE_SIM = 93.0
# Below this a spelling only keys like the town's ("Miango" ~ Mangu): weak evidence (see _base).
_WEAK_SIM = 80.0
  # link "bonus" of a candidate the text's own hierarchy rules out
_KIND_SCORE = {KIND_CITY: 0.0, KIND_COUNTRY: 6.0, KIND_ADMIN1: 4.0, KIND_REGION: 4.0, KIND_AREA: 4.0}


def _km(a: Place, b: Place) -> float:
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


@lru_cache(maxsize=65_536)
def _bare(text: str) -> str:
    """Letters of a name without articles, for 'is this the exact spelling' checks."""
    toks = _TOKEN.findall(text)
    kept = [t for i, t in enumerate(toks) if not (i < len(toks) - 1 and is_article(t))]
    return "".join(c for c in fold("".join(kept)) if c.isalpha())


class PlaceTagger:
    """Pipeline component: tags place mentions, datelines and the article's country."""

    name = "places"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or get_gazetteer()
        self.stop = stopwords()
        self.cues = country_cues()
        self.units = cue_units()
        self._a1_twin: dict[int, int | None] = {}
        self._base_cache: dict[tuple, list[Cand]] = {}
        self._rest_cache: dict[int, tuple[list[Cand], dict[str, list[Cand]]]] = {}
        self._run_cache: dict[tuple[str, bool], tuple] = {}
        self._acronyms: dict[str, bool] = {}
        self._source_acronyms = source_acronyms()
        self._a2_units = frozenset(idx for idx, _ in self.gaz.admin2_points)
        # "Syrias Hama province", "Aleppo Syrias largest city": a country's possessive whose apostrophe the
        # text lost is no word of a longer name around the place beside it
        self._possessives = {fold(name) + "s": pid for name, _, pid in self.gaz.countries.values() if " " not in name}
        # Unit spellings with symbols ("J&K"), which the word scan splits: one regex pass finds them.
        sym = sorted(self.gaz.symbol_names, key=len, reverse=True)
        self._symbols = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sym)) + r")(?!\w)") if sym else None

    # ----------------------------------------------------------------------------- tagging

    def __call__(self, doc: Document) -> Document:
        """Annotate doc.spans['place'], mark datelines, set doc.country_hint."""
        text = doc.text
        datelines = self._datelines(text)
        mentions = self._find(text)
        if self._symbols is not None and "&" in text:
            mentions = self._add_symbols(text, mentions)
        kept = []
        for m in mentions:
            m.dateline = bool(datelines) and any(a <= m.start < b for a, b in datelines)
            self._read_context(text, m)
            if not m.dateline and not m.cue and _ACRONYM.match(m.text) and not self._acronym_ok(m):
                continue  # "IED", "TMF", "NGO": acronyms key like towns
            kept.append(m)
        mentions = kept
        self._link(text, mentions)
        self._disambiguate(mentions)
        for m in mentions:
            if (m.is_demonym and (capital := _CAPITAL_AFTER.match(text, m.end))
                    and not _SELF_STYLED_BEFORE.search(text, max(0, m.start - 30), m.start)):
                self._read_as_capital(text, m, capital.end())
        doc.spans[LAYER] = [Span(m.start, m.end, "PLACE", value=m) for m in mentions]
        capitals = self.gaz.capital_places
        bare_capitals = [m for m in mentions if m.place in capitals and not _where(m)]
        if bare_capitals:
            # "Washington accused Moscow", "a truce brokered by Moscow": a foreign capital named without
            # "in" stands for its government, not for where the story (set by its other places) happens
            named = {id(m) for m in bare_capitals}
            setting = self._country_votes([m for m in mentions if id(m) not in named]).most_common(1)
            for m in bare_capitals:
                if setting and self.gaz.place(m.place).cc != setting[0][0]:  # type: ignore[arg-type]
                    m.attributive = True
        hint = self._country_votes(mentions).most_common(1)
        doc.country_hint = self.gaz.countries[hint[0][0]][1] if hint and hint[0][0] in self.gaz.countries else None
        return doc

    def _datelines(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for m in _DATELINE.finditer(text):
            place = m.group("place")
            first = place.split()[0]
            caps = first.isupper() and len(first) >= 3
            short = m.group("rest") is not None and len(place.split()) <= 3
            if caps or m.group("agency") or short:
                spans.append((m.start("place"), m.end()))
        # wire datelines with a date ("MOSCOW, October 11. /TASS/.", "KABUL, Aug 23 (Reuters) -")
        spans += [span for span in wire_datelines(text) if not any(a <= span[0] < b for a, b in spans)]
        return spans

    def _find(self, text: str) -> list[PlaceMention]:
        """Place-name mentions: one regex pass finds the runs of capitalised words (and their
        connectors), and only those few runs get Python work; what a run holds is cached by its text."""
        cache = self._run_cache
        out: list[PlaceMention] = []
        for r in _RUN.finditer(text):
            rs, run = r.start(), r.group()
            if rs > 2 and text[rs - 1] == "-":  # "al-Bab": the article before the hyphen starts the name
                k = rs - 1
                while k > 0 and text[k - 1].isalpha():
                    k -= 1
                if text[k:rs - 1] in _ARTICLE_FORMS and not (k > 0 and text[k - 1] in "'’ʼ"):
                    rs, run = k, text[k:r.end()]
            initial = text[max(0, rs - 2):rs].strip() in _SENTENCE_OPENERS
            found = cache.get((run, initial))
            if found is None:
                found = self._find_in_run(run, initial)
                if len(cache) > 100_000:
                    cache.clear()
                cache[(run, initial)] = found
            for a, b, hits, demonym in found:
                start, end = rs + a, rs + b
                mtext = text[start:end]
                # "Iran-backed", "pro-Turkey", "anti-Houthi": context for an actor, not the place
                attributive = text[end:end + 1] in ("-", " ") and bool(_ATTRIBUTIVE.match(text, end)) or (
                    start > 4 and text[start - 1] == "-" and text[start - 5:start - 1].lower() in _PRO)
                if demonym == _UNIT_WORD:
                    # a common word that is also a unit's name: the unit only as the container of a
                    # place named before it ("Balaka (Balaka, Southern)", "Kabarole, Western")
                    if text[max(0, start - 2):start].rstrip()[-1:] not in (",", "("):
                        continue
                    out.append(PlaceMention(start, end, mtext, hits))
                elif demonym and demonym[-1] == "!":  # an armed group's or a local term's country
                    out.append(PlaceMention(start, end, mtext, (), country_iso2=demonym[:-1], actor=True, cue=True))
                elif demonym and not (hits and _UNIT_AFTER.match(text[end:end + 30]) and self._has_unit(hits, mtext)):
                    out.append(PlaceMention(start, end, mtext, (), country_iso2=demonym, attributive=attributive))
                else:
                    out.append(PlaceMention(start, end, mtext, hits, attributive=attributive))
        return out

    def _find_in_run(self, run: str, initial: bool) -> tuple[tuple[int, int, tuple[int, ...], str | None], ...]:
        """Longest gazetteer names in one run of capitalised words, left to right (offsets into the run).

        `initial`: the run starts a sentence (its first word may be capitalised only for that)."""
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(run)]
        gaz, stop, cues = self.gaz, self.stop, self.cues
        out: list[tuple[int, int, tuple[int, ...], str | None]] = []
        n = len(toks)
        resume = 0
        for i in range(n):
            if i < resume:
                continue
            s0, e0, t0 = toks[i]
            if not t0[0].isupper() and t0 not in _ARTICLE_FORMS:
                continue
            art0 = is_article(t0)
            f0 = fold(t0)
            cue_cc = cues.get(f0) or (cues.get(f0[:-1]) if f0[-1:] == "s" else None)
            if cue_cc is not None and t0[0].isupper():
                out.append((s0, e0, (), cue_cc + "!"))
                continue
            if art0 and i + 1 < n and fold(toks[i + 1][2]) in cues:
                continue  # "Al Shabaab": the group, not a place keyed like it
            if not t0[0].isupper() and not (art0 and i + 1 < n and run[e0:toks[i + 1][0]] == "-"):
                continue
            owner = self._possessives.get(f0)
            if owner is not None:  # "Syrias Deir Ezzor": a possessive without its apostrophe, then a run of its own
                out.append((s0, e0, (owner,), None))
                if i + 1 < n:
                    rest = toks[i + 1][0]
                    tail = self._find_in_run(run[rest:], False)
                    out.extend((a + rest, b + rest, hits, dem) for a, b, hits, dem in tail)
                break
            best: tuple[int, tuple[int, ...], str | None] | None = None
            parts: list[str] = []
            for j in range(i, min(n, i + _MAX_TOKENS)):
                sj, ej, tj = toks[j]
                if j > i:
                    gap = run[toks[j - 1][1]:sj]
                    if gap not in (" ", "-", " - ", "-\u200b") or ("\n" in gap):
                        break
                    if not tj[0].isupper() and fold(tj) not in _CONNECTORS:
                        break
                    if fold(tj) in cues:  # "Bassa LGA": the cue word is a mention of its own
                        break
                    if tj in self._source_acronyms:  # "in southern Syria SANA reported": the source
                        break
                if is_article(tj) and (j + 1 == n or run[ej:toks[j + 1][0]] in ("-", " ")):
                    continue  # an article joins the next word's key (a run never ends in a name's article)
                parts.append(token_key(tj, not parts))
                if not tj[0].isupper():
                    continue
                key = "".join(parts)
                demonym = gaz.demonyms.get(fold(tj)) if j == i else None
                hits = gaz.lookup(key)  # a demonym's namesakes serve only "Somali region" (see _find)
                if j > i and tj == "City" and not any(gaz.is_exact(pid, _bare(run[s0:e])) for pid in hits
                                                      for e in (ej, toks[j - 1][1])):
                    continue  # "Daraa City" is Daraa, not a namesake keyed like it; "Gaza City" is Gaza
                if hits or demonym:
                    best = (j, hits, demonym)
            if best is None:
                continue
            j, hits, demonym = best
            if j > i and f0 in _FUNCTION and f0 != "the" and not any(
                    gaz.is_exact(pid, _bare(run[s0:toks[j][1]])) for pid in hits):
                continue  # "In Tonala" is not Antonelli; a name that starts so ("In Salah") is spelled exactly
            resume = j + 1
            start = s0
            if art0 and t0.lower() in ("at", "as", "an", "en", "us", "ad") and run[e0:e0 + 1] != "-" and i + 1 < n:
                start = toks[i + 1][0]  # "At Kabul airport": "At" is English
            end = toks[j][1]
            words = [w for w in _TOKEN.findall(run[start:end]) if not is_article(w)]
            if len(words) == 1 and fold(words[0]) in stop and not demonym:
                if initial and i == 0 or j + 1 < n or not self._has_unit(hits, run[start:end]):
                    continue  # "Northern Iraq", "Southern Resistance": an adjective, not the unit
                demonym = _UNIT_WORD  # "Southern": a unit only where a unit is expected (see _find)
            if demonym or not self._inside_other_name(run, toks, i, j, initial):
                out.append((start, end, hits, demonym))
        return tuple(out)

    def _read_as_capital(self, text: str, m: PlaceMention, end: int) -> None:
        """"the Syrian capital": the capital city of the demonym's country, as if the text said "in Damascus"."""
        pid = self.gaz.capitals.get(m.country_iso2 or "")
        if pid is None:
            return
        m.end = end
        m.text, m.candidates, m.country_iso2, m.place, m.sim = text[m.start:m.end], (pid,), None, pid, 100.0
        m.located, m.capital = not m.actor, True

    def _has_unit(self, hits: tuple[int, ...], mtext: str) -> bool:
        """Is one of `hits` a first-level unit spelled exactly `mtext` ("Somali" region, Ethiopia)?"""
        b = _bare(mtext)
        return any(self.gaz.kinds[pid] == KIND_ADMIN1 and self.gaz.is_exact(pid, b) for pid in hits)

    def _add_symbols(self, text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Mentions of unit spellings with symbols ("J&K", "Jammu & Kashmir"), replacing the words inside."""
        found = [PlaceMention(x.start(), x.end(), x.group(), (self.gaz.symbol_names[x.group()],))
                 for x in self._symbols.finditer(text)]  # type: ignore[union-attr]
        if not found:
            return mentions
        kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in found)]
        return sorted(kept + found, key=lambda m: m.start)

    def _acronym_ok(self, m: PlaceMention) -> bool:
        """An all-capitals short word is a place only as a country's or unit's own abbreviation (UK, DRC).

        A two-letter unit abbreviation ("KP", "GB") counts only where a unit is expected: "X, KP"."""
        if m.is_demonym or m.text in self._source_acronyms:
            return False
        ok = self._acronyms.get(m.text)
        if ok is None:
            b = _bare(m.text)
            gaz = self.gaz
            ok = any(gaz.kinds[pid] == KIND_COUNTRY and gaz.is_exact(pid, b) for pid in m.candidates)
            if not ok and any(gaz.kinds[pid] == KIND_ADMIN1 and gaz.is_exact(pid, b) for pid in m.candidates):
                ok = None if len(b) <= 2 else True
            self._acronyms[m.text] = ok  # type: ignore[assignment]
        if ok is None:
            return m.container or m.unit
        return ok

    def _inside_other_name(self, text: str, toks: list, i: int, j: int, initial: bool) -> bool:
        """True when the match is one word of a longer capitalised name (a person, an outfit)."""
        def name_word(k: int) -> bool:
            w = toks[k][2]
            f = fold(w)
            return w[0].isupper() and f not in _PLACE_WORDS and f not in _FUNCTION \
                and not self.gaz.demonyms.get(f) and not is_article(w) and f not in self._possessives
        # "Colonia Paseo de la Canada", "Universidad de Antioquia": the tail of a longer Spanish or
        # Portuguese name, not Canada (a place's own "de" names, like "Ciudad de Mexico", match whole)
        k = i - 1
        while k >= 0 and toks[k][2] in _ROMANCE_LINKS | _ARABIC_LINKS and text[toks[k][1]:toks[k + 1][0]] == " ":
            k -= 1
        if 0 <= k < i - 1 and text[toks[k][1]:toks[k + 1][0]] == " " and name_word(k) \
                and fold(toks[k][2]) not in _ROMANCE_UNITS:
            return True
        if i > 0 and text[toks[i - 1][1]:toks[i][0]] == " " and name_word(i - 1):
            prev = toks[i - 1][2]
            # a sentence-initial capital before it is just the start of the sentence
            opener = initial if i == 1 else text[max(0, toks[i - 1][0] - 2):toks[i - 1][0]].strip() in _SENTENCE_OPENERS
            if not (opener and fold(prev) in self.stop):
                return True
        k = j + 1
        while k < len(toks) and toks[k][2] in _ARABIC_LINKS and text[toks[k - 1][1]:toks[k][0]] == " ":
            k += 1
        if j + 1 < k < len(toks) and text[toks[k - 1][1]:toks[k][0]] == " " and name_word(k):
            return True  # "Ahrar al Sharqiyah", "Hammam al Turkman": the head of a longer name
        if j + 1 < len(toks) and text[toks[j][1]:toks[j + 1][0]] == " " and name_word(j + 1) \
                and not self._unit_starts(toks, j + 1):
            nxt = fold(toks[j + 1][2])
            return nxt not in self.stop or nxt in ("people", "brigade", "brigades", "militia", "army",
                                                  "front", "forces", "news", "agency", "university", "corps",
                                                  "battalion", "regiment", "division", "movement", "party",
                                                  "council", "committee", "court", "courts", "tribe", "clan")
        return False

    def _unit_starts(self, toks: list, k: int) -> bool:
        """Do the words from `k` on spell a province or country exactly ("Tijuana Baja California")?"""
        gaz = self.gaz
        parts: list[str] = []
        for i in range(k, min(k + 3, len(toks))):
            parts.append(token_key(toks[i][2], not parts))
            b = _bare(" ".join(t[2] for t in toks[k:i + 1]))
            for pid in gaz.lookup("".join(parts)):
                if gaz.kinds[pid] in (KIND_ADMIN1, KIND_COUNTRY) and gaz.is_exact(pid, b):
                    return True
        return False

    def _read_context(self, text: str, m: PlaceMention) -> None:
        before = text[max(0, m.start - 60):m.start]
        after = text[m.end:m.end + 30]
        tail = before.rstrip()
        m.container = tail.endswith(",") or tail.endswith("(")
        if after[:1] in _AFTER_FIRST and _ANY_AFTER.match(after):  # most names are followed by none of these
            m.near = bool(_NEAR_AFTER.match(after))
            m.unit = bool(_UNIT_AFTER.match(after))
            m.town = bool(_TOWN_AFTER.match(after))
            m.wide = bool(_WIDE_AFTER.match(after))
            m.district = bool(_DISTRICT_AFTER.match(after))
            m.actor = m.actor or bool(_ACTOR_AFTER.match(after) or _ACT_OF_AFTER.match(after))
        if after[:1] == " " and _STREET_AFTER.match(after):
            m.secondary = True  # "Bab street of Manbij city": a street named after a place, inside another
        if _SPEAKS_AFTER.match(after) and not m.is_demonym:
            m.attributive = True  # context for the country, never the incident's place
        if len(tail) == len(before):
            return
        # Every "before" pattern ends in one of a few words ("in", "of", "near", "northern", ...),
        # most of them in a given word before that ("outskirts of", "taken to"): look at those two
        # words and only run a pattern (a slow backward-anchored search) when they allow it.
        sp = tail.rfind(" ")
        raw = last = tail[sp + 1:].lstrip(_OPENING).lower()
        if last == "the":
            tail = tail[:-3].rstrip()
            sp = tail.rfind(" ")
            last = tail[sp + 1:].lstrip(_OPENING).lower()
        if last not in _BEFORE_TRIGGERS:
            return
        prev = tail[:sp].rstrip() if sp > 0 else ""
        prev = prev[max(prev.rfind(" "), prev.rfind("/")) + 1:].lstrip(_OPENING).lower()
        if last in _NEAR_WORDS or (last == "of" and prev in _NEAR_OF_PREV) or (last == "to" and prev == "close") \
                or (last == "from" and prev in _DISTANCE_WORDS):
            m.near = m.near or bool(_NEAR_BEFORE.search(before))
        elif last == "and":
            m.near = m.near or bool(_AND_BEFORE.search(before))
        m.located = last in _IN_WORDS
        if raw == "of":
            m.unit = m.unit or prev in _UNIT_OF_PREV
            m.town = m.town or prev in _TOWN_OF_PREV
        if raw == last and last in _COMPASS_WORDS:
            m.compass = bool(_COMPASS.search(before))
        if last in _SECONDARY_WORDS and prev in _SECONDARY_PREV:
            m.secondary = bool(_SECONDARY_BEFORE.search(before))
        if (last == "in" and prev in _BANNED_PREV) or (last == "of" and prev in _ORIGIN_OF_PREV) \
                or (prev in ("state", "and") and _GROUP_NAME_BEFORE.search(before)):
            m.attributive = True

    @staticmethod
    def _link(text: str, mentions: list[PlaceMention]) -> None:
        """Mark the unit named right after a place as its container ("X, A1", "X (A2, A1)", "X in A1")."""
        for k, a in enumerate(mentions):
            for j in range(k + 1, min(k + 4, len(mentions))):
                b = mentions[j]
                if b.start - a.end > 48:
                    break
                if _CONTAINER_GAP.match(text, a.end, b.start):
                    a.parent = j  # the farthest: "X (A2, A1)" -> A1

    # ----------------------------------------------------------------------------- scoring

    def _base(self, candidates: tuple[int, ...], bare: str) -> list[Cand]:
        """Context-free score of every candidate, best first (cached: names recur across articles)."""
        ck = (candidates, bare)
        hit = self._base_cache.get(ck)
        if hit is not None:
            return hit
        out = []
        gaz = self.gaz
        short = len(bare) <= 5
        for pid in candidates:
            p = gaz.place(pid)
            s = _KIND_SCORE[p.kind]
            if p.kind == KIND_CITY:
                s += 0.6 * math.log10(p.population + 1)
                if pid in gaz.exact:
                    s += 2.5  # a curated settlement (regions.csv): somebody put it there on purpose
            elif p.kind in (KIND_AREA, KIND_REGION) and pid not in gaz.exact:
                # a hill or wadi from a country dump (`gazetteer add`), not a curated region: no more
                # prominent than a hamlet, so a bare "Kano" stays the Nigerian city of millions
                s = 1.0
            sim = gaz.similarity(pid, bare)
            exact = sim >= 100.0
            # The key collapses vowels: a name that only keys alike ("Raqqa" ~ "Riga") is weak evidence.
            if exact:
                s += 1.5
            elif sim < 80:
                s -= (80 - sim) / 6 + (1.5 if short else 0.0)
            out.append((s, p, exact, sim))
        out.sort(key=lambda t: -t[0])
        if len(self._base_cache) > 50_000:
            self._base_cache.clear()
        self._base_cache[ck] = out
        return out

    def _rest_by_cc(self, base: list[Cand]) -> dict[str, list[Cand]]:
        """The candidates after the best dozen, by country (cached with the base list)."""
        key = id(base)
        hit = self._rest_cache.get(key)
        if hit is not None and hit[0] is base:
            return hit[1]
        rest: dict[str, list[Cand]] = {}
        for t in base[12:]:
            rest.setdefault(t[1].cc, []).append(t)
        if len(self._rest_cache) > 50_000:
            self._rest_cache.clear()
        self._rest_cache[key] = (base, rest)
        return rest

    @staticmethod
    def _cue_bonus(m: PlaceMention, p: Place) -> float:
        s = 0.0
        if (m.unit or m.wide or m.compass) and p.kind in (KIND_ADMIN1, KIND_COUNTRY):
            s += 4.0
        elif m.container and p.kind in (KIND_ADMIN1, KIND_COUNTRY):
            s += 1.5
        if m.town and p.kind == KIND_CITY:
            s += 3.0
        return s

    def _country_votes(self, mentions: list[PlaceMention]) -> Votes:
        votes: Votes = Counter()
        for m in mentions:
            w = 0.2 if m.dateline or m.attributive else 1.0
            if m.is_demonym:
                votes[m.country_iso2] += (1.0 if m.actor else 2.0) * w  # "Russian jets" name who, not where
            elif m.place is not None:
                p = self.gaz.place(m.place)
                if p.kind == KIND_COUNTRY and not _where(m):
                    w *= 1 / 3  # "Russia said", "talks with Turkey": a country named, not a setting
                votes[p.cc] += w * {KIND_COUNTRY: 3.0, KIND_ADMIN1: 2.0}.get(p.kind, 1.0)
        return votes

    def _link_bonus(self, mentions: list[PlaceMention], bases: list[list[Cand]]) -> list[dict[int, float]]:
        """Bonuses from "X, A1" / "X (A2, A1)" pairs: candidates of X inside a candidate unit of A1, and
        candidate units of A1 that hold a candidate of X, support each other."""
        bonus: list[dict[int, float]] = [{} for _ in mentions]
        for k, m in enumerate(mentions):
            if m.parent is None or not bases[k] or not bases[m.parent]:
                continue
            up = m.parent
            units: dict[tuple[str, str | None], int] = {}
            ccs: set[str] = set()
            firm: set[str] = set()  # countries where the container is exactly a first-level unit
            loose: set[str] = set()  # ... or might be a country or a wide region there
            for _, q, qe, sim in bases[up]:
                if sim < 80:
                    continue
                if q.kind == KIND_ADMIN1:
                    units.setdefault((q.cc, q.admin1), q.pid)
                    ccs.add(q.cc)
                elif q.kind in (KIND_REGION, KIND_AREA) and q.admin1:  # a district, a valley: inside a unit
                    units.setdefault((q.cc, q.admin1), -1)
                    ccs.add(q.cc)
                elif q.kind in (KIND_COUNTRY, KIND_REGION, KIND_AREA):
                    ccs.add(q.cc)
                    loose.add(q.cc)
                elif q.kind == KIND_CITY and q.admin1:  # an admin2 named after its main town
                    units.setdefault((q.cc, q.admin1), -1)
                if qe and q.kind in (KIND_ADMIN1, KIND_AREA, KIND_REGION) and q.admin1:
                    firm.add(q.cc)
            firm -= loose
            if not ccs and not units:
                continue
            ccs |= {cc for cc, _ in units}
            held: set[tuple[str, str | None]] = set()
            edge: list[Place] | None = None
            for _, p, exact, sim in bases[k]:
                key = (p.cc, p.admin1)
                if p.kind == KIND_COUNTRY:
                    continue
                if p.cc not in ccs and (not exact or p.kind == KIND_ADMIN1):
                    # "Kinda in Idleb" is not Kindia, Guinea; "Karak in Dar'a" is not Jordan's Karak
                    bonus[k][p.pid] = _BARRED
                    continue
                if p.kind != KIND_ADMIN1 and key in units:
                    bonus[k][p.pid] = max(bonus[k].get(p.pid, 0.0), 5.0 if units[key] >= 0 else 2.5)
                    if sim >= 85:
                        held.add(key)
                elif p.cc in firm and p.kind == KIND_CITY:
                    # "Cawayan, Masbate": the Cawayan of another province is not it; an unknown
                    # village falls back to the unit or district that contains it
                    if exact and not m.district and edge is None:
                        # no candidate of X inside the named unit: its exact namesake just across the
                        # unit's edge is it ("Gujba (Borno)": Gujba lies in Yobe, next to Borno)
                        inside = any(qs >= 85 and q.kind == KIND_CITY and (q.cc, q.admin1) in units
                                     for _, q, _, qs in bases[k])
                        edge = [] if inside else [self.gaz.place(pid) for pid in units.values() if pid >= 0]
                    if not (exact and not m.district and self._on_edge(p, edge or [])):
                        bonus[k][p.pid] = _BARRED
                elif p.cc in ccs:
                    bonus[k][p.pid] = max(bonus[k].get(p.pid, 0.0), 2.0)
            firm_held = {cc for cc, a1 in held if units[(cc, a1)] >= 0}
            if firm_held:
                # X has a namesake inside a unit A1 names exactly ("El Callao, Bolivar state"): X's
                # namesakes in other countries (Peru's Callao) are not it
                for _, p, _, _ in bases[k]:
                    if p.cc not in firm_held:
                        bonus[k][p.pid] = _BARRED
            for key in held:
                pid = units[key]
                if pid >= 0:
                    bonus[up][pid] = max(bonus[up].get(pid, 0.0), 4.0)
        return bonus

    def _disambiguate(self, mentions: list[PlaceMention]) -> None:
        # A name repeated with the same cues is scored once per article ("Syria" five times): every
        # step below depends on the mention only through its candidates, spelling and cue flags,
        # except for the "X, A1" link bonuses (mentions with those are scored on their own).
        sigs: list[tuple | None] = []
        # Pass 1: context-free scores, and country context from names, demonyms and provinces.
        bases: list[list[Cand]] = []
        for m in mentions:
            bare = "" if m.is_demonym else _bare(m.text)
            bases.append([] if m.is_demonym else self._base(m.candidates, bare))
            cue = _where(m) or m.parent is not None
            sigs.append((m.candidates, bare, m.unit or m.wide or m.compass, m.container, m.town, cue))
        links = self._link_bonus(mentions, bases)
        # one name, one place per article: "El Callao, Bolivar state ... in El Callao" - the bare repeat
        # keeps what the first mention's unit said of it
        said = {m.candidates: lb for m, lb in zip(mentions, links, strict=True)
                if lb and m.candidates and m.parent is not None and not m.container}
        if said:
            links = [lb or (said.get(m.candidates, lb) if m.parent is None and not m.container else lb)
                     for m, lb in zip(mentions, links, strict=True)]
        for k, lb in enumerate(links):
            if lb:
                sigs[k] = None
        votes: Votes = Counter()
        actor_votes: Votes = Counter()
        demonyms_seen: set[str] = set()
        tops: dict[tuple, Cand] = {}
        for m, base, lb, sig in zip(mentions, bases, links, sigs, strict=True):
            w = 0.2 if m.dateline or m.attributive else 1.0
            if m.is_demonym:
                # "Turkish forces" shelled a Syrian village: an actor's country is weaker context;
                # a nationality said again ("the Palestinian attacker") adds little
                again = 0.25 if m.country_iso2 in demonyms_seen else 1.0
                demonyms_seen.add(m.country_iso2)  # type: ignore[arg-type]
                votes[m.country_iso2] += (1.0 if m.actor and not m.cue else 2.0) * w * again
                if m.actor and not m.cue:
                    actor_votes[m.country_iso2] += w
                continue
            plain = not lb and not (m.unit or m.wide or m.compass or m.container or m.town)
            top = base[0] if plain else tops.get(sig) if sig is not None else None  # base is sorted
            if top is None:
                # a namesake the text's "X, A1" puts inside A1 counts even outside the dozen best
                # ("El Callao, Bolivar state": not Peru's Callao)
                pool = base[:12] + [t for t in base[12:] if lb.get(t[1].pid, 0.0) > 0] if lb else base[:12]
                top = max(pool, key=lambda t: t[0] + self._cue_bonus(m, t[1]) + lb.get(t[1].pid, 0.0))
                if sig is not None:
                    tops[sig] = top
            s, p, exact, sim = top
            if sim < 80 and lb.get(p.pid, 0.0) <= 0:
                continue
            if p.kind in (KIND_COUNTRY, KIND_ADMIN1) and exact:
                # A unit or country whose exact name is also a unit elsewhere (Plateau: Benin and
                # Nigeria; Niger state and Niger; Al Jawf: Yemen and Saudi Arabia) splits its vote,
                # so the article's other cues decide between them.
                peers = {q.cc for _, q, e, _ in base[:12] if e and q.kind in (KIND_COUNTRY, KIND_ADMIN1)}
                if len(peers) > 1:
                    share = (3.0 if p.kind == KIND_COUNTRY else 1.5) * w / len(peers)
                    for cc in peers:
                        votes[cc] += share
                    continue
            if p.kind == KIND_COUNTRY:
                votes[p.cc] += 3 * w
            elif p.kind in (KIND_ADMIN1, KIND_REGION, KIND_AREA) and (exact or lb.get(p.pid, 0.0) > 0):
                votes[p.cc] += 1.5 * w
            elif p.kind == KIND_CITY and p.population >= 100_000 and exact:
                votes[p.cc] += 0.7 * w
            else:  # a weak signal from every country the name could be in (villages)
                for cc in {q.cc for _, q, _, qs in base[:8] if qs >= 85}:
                    votes[cc] += 0.1 * w
        lead = max(votes.values(), default=0.0)
        strong = {cc for cc, v in votes.items() if v >= 0.5 * lead} if lead else set()
        # What the text says of places, without the countries of its actors ("Turkish forces shelled
        # ... in Tell Abiad"): an actor's country does not make another country's places unlikely.
        place_votes = votes - actor_votes if actor_votes else votes
        # Pass 2: only plausible candidates (best few anywhere, all in the article's countries).
        shortlists: list[list[Cand]] = []
        memo: dict[tuple, list[Cand]] = {}
        for m, base, lb, sig in zip(mentions, bases, links, sigs, strict=True):
            hit = memo.get(sig) if sig is not None else None
            if hit is not None:
                shortlists.append(hit)
                continue
            if len(base) <= 12:
                short = base
            else:
                rest = self._rest_by_cc(base)
                short = base[:12] + [t for cc in strong for t in rest.get(cc, ())]
                if lb:
                    short += [t for t in base[12:] if t[1].pid in lb and t[1].cc not in strong]
            if lb or m.unit or m.wide or m.compass or m.container or m.town:
                short = [(s + self._cue_bonus(m, p) + lb.get(p.pid, 0.0), p, e, sim) for s, p, e, sim in short]
            if not (m.unit or m.wide or m.compass or m.container):
                short = _city_over_its_province(short)
            shortlists.append(short)
            if sig is not None:
                memo[sig] = short
        a1_named: set[tuple[str, str]] = set()
        for m, base, short in zip(mentions, bases, shortlists, strict=True):
            if short and not m.dateline:
                # an unmodified shortlist is the sorted base list's head plus a tail that scores lower
                top = short[0] if short[0] is base[0] else max(short, key=lambda t: t[0])
                if top[1].kind == KIND_ADMIN1 and (top[2] or top[3] >= 88):
                    a1_named.add((top[1].cc, top[1].admin1 or ""))
            elif m.cue and self.units:
                f = fold(m.text)
                for unit in self.units.get(f) or self.units.get(f[:-1], ()):
                    a1_named.add((m.country_iso2 or "", unit))
        named_pts = self._unit_points(a1_named)

        # Pass 2: each mention's acceptable candidates with their scores in the article's context.
        scored: list[list[tuple[float, Place, float]]] = []
        memo2: dict[tuple, list[tuple[float, Place, float]]] = {}
        for m, short, sig in zip(mentions, shortlists, sigs, strict=True):
            sc = memo2.get(sig) if sig is not None else None
            if sc is None:
                sc = self._prescore(m, short, votes, lead, a1_named, named_pts, place_votes)
                if sig is not None:
                    memo2[sig] = sc
            scored.append(sc)
            m.alternatives = [t[1].pid for t in short[:5]]
        picks = [self._choose(sc, ()) for sc in scored]
        # Pass 3: nearness to the other places picked.
        unplaced = self.gaz.unplaced
        anchors = list({t[1].pid: t[1] for t, m in zip(picks, mentions, strict=True)
                        if t is not None and t[1].kind in (KIND_CITY, KIND_AREA) and not m.dateline
                        and t[1].pid not in unplaced}.values())
        for m, short, sc, best in zip(mentions, shortlists, scored, picks, strict=True):
            if best is not None and self._uncorroborated(best, votes, a1_named, ()):
                # A loose spelling of a small town that nothing in the text corroborates (no word for
                # its country, no province, no other place near it) is a namesake, not the place.
                own = {t[1].pid for t in sc}
                others = [a for a in anchors if a.pid not in own]
                sc = [t for t in sc if not self._uncorroborated(t, votes, a1_named, others)]
                best = self._choose(sc, ())
            if anchors and len(short) > 1:
                others = [a for a in anchors if best is None or a.pid != best[1].pid]
                best = self._choose(sc, others)
            if best is not None and best[1].pid in unplaced and any(
                    t[1].kind == KIND_CITY and t[1].admin1 != best[1].admin1 and t[0] >= best[0] - 1.0 for t in sc):
                best = None  # a register village named like others in other provinces: no telling which
            if best is None:
                m.place = None
            else:
                m.score, m.place, m.sim = best[0], best[1].pid, best[2]

    def _unit_points(self, a1_named: set[tuple[str, str]]) -> dict[str, list[Place]]:
        """Country -> the points of the first-level units the article names (or its cues imply)."""
        table = _admin1_lookup(self.gaz)
        out: dict[str, list[Place]] = {}
        for key in a1_named:
            u = table.get(key)
            if u is not None:
                out.setdefault(u.cc, []).append(u)
        return out

    def _prescore(self, m: PlaceMention, short: list[Cand], votes: Votes, lead: float,
                  a1_named: set[tuple[str, str]], named_pts: dict[str, list[Place]],
                  place_votes: Votes) -> list[tuple[float, Place, float]]:
        """The acceptable candidates of a mention, scored with the article's countries and provinces."""
        place_lead = max(place_votes.values(), default=0.0)
        out = []
        for s, p, exact, sim in short:
            v = votes.get(p.cc, 0.0)
            if s < _BARRED / 2 or not self._acceptable(m, p, place_votes.get(p.cc, 0.0), place_lead, exact, sim):
                continue
            if p.cc in named_pts and not m.dateline and (p.cc, p.admin1 or "") not in a1_named and (
                    p.kind == KIND_CITY and (not exact or p.pid in self.gaz.unplaced
                                             or _far_from_units(p, named_pts[p.cc]))
                    or p.kind == KIND_ADMIN1 and sim < 88):
                # Outside every province the story names: a loose spelling match is not corroborated,
                # and an exact namesake far away is another village of the same name.
                continue
            if lead > 0:
                s += 4.0 * v / lead
                if v == 0 and lead >= 1.5 and p.kind != KIND_COUNTRY:
                    s -= 3.0
            if p.kind != KIND_ADMIN1 and (p.cc, p.admin1 or "") in a1_named:
                s += 2.0
            out.append((s, p, sim))
        return out

    @staticmethod
    def _uncorroborated(t: tuple[float, Place, float], votes: Votes, a1_named: set[tuple[str, str]],
                        anchors: list[Place] | tuple) -> bool:
        """A small town matched by a loose spelling only (or a hamlet matched exactly: a clan, a family
        name) that nothing else in the text backs: no word for its country, no province of its, no
        other place in its province or near it."""
        p = t[1]
        if p.kind != KIND_CITY:
            return False
        if t[2] >= 100.0:
            if not 0 < p.population < 2_000:  # 0: GeoNames does not know, often a district seat
                return False
        elif p.population >= 50_000 or t[2] >= _LOOSE_SIM:
            return False
        if votes.get(p.cc, 0.0) >= _CORROBORATED or (p.cc, p.admin1 or "") in a1_named:
            return False
        return not any(_km(p, a) <= _NEAR_KM or (a.cc, a.admin1) == (p.cc, p.admin1) for a in anchors)

    def _choose(self, scored: list[tuple[float, Place, float]], anchors: tuple | list,
                ) -> tuple[float, Place, float] | None:
        """The best candidate, with a bonus for nearness to the article's other places (`anchors`)."""
        if not scored:
            return None
        if not anchors:
            return max(scored, key=lambda t: t[0])
        # Nearness moves a score by at most +1.5 / -1.0: candidates further behind cannot win.
        floor = max(t[0] for t in scored) - 2.5 - 1e-9
        best: tuple[float, Place, float] | None = None
        for s, p, sim in scored:
            if s < floor:
                continue
            if p.kind in (KIND_CITY, KIND_AREA) and p.pid not in self.gaz.unplaced:
                d = min(_km(p, a) for a in anchors)
                if d < 60:
                    s += 1.5
                elif d > 800:
                    s -= 1.0
            if best is None or s > best[0]:
                best = (s, p, sim)
        return best

    @staticmethod
    def _acceptable(m: PlaceMention, p: Place, votes: float, lead: float, exact: bool, sim: float) -> bool:
        """Can this mention be this place at all? Guards against words, people and far-off hamlets."""
        if p.kind == KIND_COUNTRY:
            return exact
        cue = _where(m) or m.parent is not None
        town = p.kind == KIND_CITY
        close = exact or sim >= 88
        if lead > 0 and votes >= 0.5 * lead:  # in a country the article is about
            if sim < 70 and not exact:
                return False
            return close or cue or not town or p.population >= 50_000
        if lead == 0:  # the text names no country at all: spelling must be (nearly) exact
            return close and (cue or not town or p.population >= 20_000)
        # a country nothing else in the text points at: only its own big places, spelled exactly
        return exact and (p.kind == KIND_ADMIN1 or p.population >= 100_000)

    # ----------------------------------------------------------------------------- resolution

    def resolve(self, doc: Document, focus: list[tuple[int, int]]) -> PlaceResolution | None:
        """Pick the place of the incident described by the `focus` ranges (main one first)."""
        if LAYER not in doc.spans:
            self(doc)
        gaz = self.gaz
        mentions: list[PlaceMention] = [s.value for s in doc.spans.get(LAYER, [])]
        inside: list[tuple[int, PlaceMention]] = []
        for rank, (a, b) in enumerate(focus):
            for m in mentions:
                if a <= m.start < b and not m.dateline and (m.place is not None or m.is_demonym) \
                        and not (m.attributive and not m.is_demonym):
                    inside.append((rank, m))
        # Where the wounded were taken, where people fled to, where an outfit is based: not the
        # incident's place, unless the text names nothing else.
        primary = [(r, m) for r, m in inside if not m.secondary]
        home = self.gaz.iso2_of(doc.country_hint) if doc.country_hint else None
        if primary:
            inside = primary
        elif home and all(self._country_of(m) != home for _, m in inside):
            inside = []  # "hundreds fled into Turkey" is all it names: the incident is where the story is set
        if not inside:
            return self._fallback(doc, mentions, focus)
        rank_of = {id(m): r for r, m in inside}

        countries: list[PlaceMention] = []
        units: list[tuple[PlaceMention, Place]] = []
        spots: list[tuple[PlaceMention, Place]] = []
        for _, m in inside:
            if m.is_demonym:
                countries.append(m)
                continue
            p = gaz.place(m.place)  # type: ignore[arg-type]
            if p.kind == KIND_COUNTRY:
                countries.append(m)
            elif p.kind == KIND_ADMIN1:
                units.append((m, p))
            else:
                spots.append((m, p))

        # A town named like its province ("Deir Ezzor") is the province when the text says so,
        # or when a more precise place lies inside it.
        for m, p in list(spots):
            twin = self._admin1_twin(p)
            if twin is None:
                continue
            inner = [q for mm, q in spots if q.pid != p.pid and q.admin1 == p.admin1 and q.cc == p.cc]
            if m.unit or m.compass or m.wide or m.container or inner:
                spots.remove((m, p))
                units.append((m, twin))

        # The incident's country: the one most of the focus's places agree on (first wins ties).
        # "Saudi forces", "Turkish warplanes" name an actor: they count for little against a place.
        cvotes: Votes = Counter()
        said: set[str] = set()
        for k, m in enumerate(countries):
            w = 0.9 if m.is_demonym else 3.0  # a nationality ("Russian Embassy") weighs less than a named place
            if m.actor or m.attributive:  # "Saudi-led": the sponsor of an actor, not the place
                w = 0.5
            elif not m.is_demonym and home and not _where(m) and self._country_of(m) != home:
                w = 0.5  # "warplanes of either Russia or Syria struck": a country named, not where it happened
            elif m.is_demonym:
                # "an Israeli woman stabbed by a Palestinian ... the Palestinian": a nationality said
                # twice is no more a place than said once
                if m.country_iso2 in said:
                    w = 0.0
                said.add(m.country_iso2)  # type: ignore[arg-type]
            cvotes[self._country_of(m)] += w - 0.01 * k
        for k, (_, p) in enumerate(units):
            cvotes[p.cc] += 2.0 - 0.01 * k
        for k, (_, p) in enumerate(spots):
            cvotes[p.cc] += 1.0 - 0.01 * k
        cc = cvotes.most_common(1)[0][0]
        units = [(m, p) for m, p in units if p.cc == cc]
        spots = [(m, p) for m, p in spots if p.cc == cc]
        countries = [m for m in countries if self._country_of(m) == cc] or countries
        # The unit: the main sentence's first, else the first anywhere.
        units.sort(key=lambda mp: rank_of[id(mp[0])] > 0)
        # Several units named ("clashes in Ghor and Balkh provinces", "X (A2, Lahij) and Y (B2, Ad Dali)"):
        # the first that holds one of the main sentence's precise places, else the first.
        if len(units) > 1 and spots:
            held = {(p.cc, p.admin1) for m, p in spots if rank_of[id(m)] == 0}
            units.sort(key=lambda mp: (rank_of[id(mp[0])] > 0, (mp[1].cc, mp[1].admin1) not in held))
        firm = [(rank_of[id(m)], m.start, p) for m, p in spots if p.admin1
                and m.sim >= 90 and (m.located or m.near or m.compass or m.town)]
        if units and firm:
            # "a bomb hit a convoy outside Aleppo. The dead were from two villages in Idlib province": a
            # province that holds none of the places the first placed sentence names (in/at/near/the town
            # of X, spelled nearly right), and is named after them, is not the incident's ("attacks on
            # Aleppo and in Quneitra province" likewise): those places set it
            lead, first, _ = min(firm, key=lambda t: (t[0], t[1]))
            lead_held = {(p.cc, p.admin1) for r, _, p in firm if r == lead}
            # a unit that sentence puts a place in ("X (Poonch district, J&K)", "Y in Hama countryside",
            # "near X district of Diyala province" though X is no place we know) stays
            a, b = focus[lead]
            containers = {id(mentions[x.parent]) for x in mentions if x.parent is not None and a <= x.start < b}
            units = [(m, p) for m, p in units if (rank_of[id(m)], m.start) < (lead, first)
                     or (p.cc, p.admin1) in lead_held or m.container or id(m) in containers]
        unit_m, unit = units[0] if units else (None, None)
        if unit is not None:
            # a town the text puts in the unit, though it lies just outside (see _link_bonus): the town
            spots = [(m, p) for m, p in spots if p.admin1 == unit.admin1] or [
                (m, p) for m, p in spots if m.parent is not None and mentions[m.parent] is unit_m
                and m.sim >= 100 and not m.district and self._on_edge(p, [unit])]

        if spots:
            # The main sentence's "in/at/near X" first; a later sentence's place only refines a lead
            # that names no more than a unit, a region or the country.
            spots.sort(key=lambda mp: (rank_of[id(mp[0])] > 0 and mp[1].kind == KIND_REGION,
                                       rank_of[id(mp[0])] > 0,
                                       not mp[0].located and not mp[0].near, mp[1].kind != KIND_CITY,
                                       mp[1].pid in gaz.unplaced))
            lead_spots = [mp for mp in spots if rank_of[id(mp[0])] == 0]
            if lead_spots and lead_spots[0][1].kind != KIND_REGION:
                spots = lead_spots
            m, p = spots[0]
            seat = None
            if m.sim < _WEAK_SIM and m.parent is not None:
                # "Miango (Bassa LGA, Plateau)" read loosely as another town: the district seat the text
                # names exactly, between the village and its province, is surer ground
                up = mentions[m.parent]
                seat = next(((q_m, q) for q_m, q in spots if q_m.sim >= 100 and q.kind in (KIND_CITY, KIND_AREA)
                             and q_m.start > m.end and (q_m is up or q_m.container and q_m.parent == m.parent)),
                            None)
                if seat is not None:
                    m, p = seat
            ev = {"location": [(m.start, m.end)]}
            if p.pid in gaz.near_point:
                # a register village at its municipality's main town: near there, not at a point of its own
                prec, loc = 2, p.name
            elif p.kind == KIND_REGION or (m.wide and p.kind == KIND_CITY) or p.pid in gaz.unplaced:
                # a register village known only by its province: the incident is in that province
                prec, loc = 3, None
                if p.kind == KIND_CITY:
                    a1p = self._admin1_point(p)
                    if a1p is not None:
                        p = a1p
            elif p.kind == KIND_AREA or m.near or m.compass or m.district or seat is not None:
                prec, loc = 2, p.name
            else:
                prec, loc = 1, p.name
            res = self._make(p, prec, loc, ev)
            if res is not None and m.capital:
                res.spelled = False
        elif unit is not None:
            ev = {"admin1": [(unit_m.start, unit_m.end)]}  # type: ignore[union-attr]
            district = self._district(doc.text, focus, unit, unit_m)  # type: ignore[arg-type]
            if district is not None:
                # "in the east of Utmah district (Dhamar)": no village we know, but the district we do
                name, lat, lon, span = district
                c = gaz.country(unit.cc)
                res = PlaceResolution(c[0], c[1], unit.admin1, name, name, lat, lon, 2,  # type: ignore[index]
                                      {**ev, "location": [span]}) if c else None
            else:
                res = self._make(unit, 3, None, ev)
        else:
            if home and not any(_where(m) and not m.is_demonym for m in countries):
                # Only nationalities and countries named in passing ("Russian jets killed 34"): the
                # incident happened where the story is set, not in the attackers' country.
                return self._fallback(doc, mentions, focus)
            cm = countries[0]
            res = self._country_resolution(cc, {"country": [(cm.start, cm.end)]})
        if res is None:
            return None
        if unit is not None and "admin1" not in res.evidence and res.admin1 == unit.admin1:
            res.evidence["admin1"] = [(unit_m.start, unit_m.end)]  # type: ignore[union-attr]
        for m in countries:
            if self._country_of(m) == gaz.iso2_of(res.iso3):
                res.evidence.setdefault("country", []).append((m.start, m.end))
                break
        return res

    @staticmethod
    def _on_edge(p: Place, units: list[Place]) -> bool:
        """Might town `p` be the place a text puts in one of `units`, just across the unit's edge? Only a
        village or small town (a writer does not misplace a city) near the unit's point."""
        return p.kind == KIND_CITY and p.population < _EDGE_POP and any(
            u.cc == p.cc and _km(p, u) <= _EDGE_KM for u in units)

    def _district(self, text: str, focus: list[tuple[int, int]], unit: Place,
                  unit_m: PlaceMention) -> tuple[str, float, float, tuple[int, int]] | None:
        """A second-level unit of `unit` that the focus names ("Utmah district (Dhamar)", "(Utmah, Dhamar)"),
        from the gazetteer's district table: its name, point and the span naming it. Read only when the
        incident has no place more precise than the unit, so the scan costs nothing elsewhere."""
        idx = self.gaz.admin1_of[unit.pid]
        if idx not in self._a2_units:  # most units have no district data: nothing to scan for
            return None
        table = self.gaz.admin2_points
        own = self._key(unit.name)
        for a, b in focus:
            for r in _RUN.finditer(text, a, b):
                if r.start() < unit_m.end and unit_m.start < r.end():
                    continue  # the unit's own name ("Marib" is also Marib district)
                toks = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(r.group())]
                for i in range(len(toks)):
                    parts: list[str] = []
                    for j in range(i, min(len(toks), i + 4)):
                        tj = toks[j][2]
                        if j + 1 < len(toks) and is_article(tj):
                            continue
                        parts.append(token_key(tj, not parts))
                        key = "".join(parts)
                        hit = table.get((idx, key)) if key != own and tj[0].isupper() else None
                        if hit is not None and fold(tj) not in self.stop:
                            return hit[0], hit[1], hit[2], (r.start() + toks[i][0], r.start() + toks[j][1])
        return None

    def _admin1_twin(self, p: Place) -> Place | None:
        """The admin1 unit that bears the same name as town `p` (Deir ez-Zor, Hama, Idlib)."""
        if p.pid in self._a1_twin:
            twin = self._a1_twin[p.pid]
            return self.gaz.place(twin) if twin is not None else None
        found = None
        if p.kind == KIND_CITY and p.admin1:
            a1 = self._admin1_point(p)
            if a1 is not None and a1.pid in self.gaz.lookup(self._key(p.name)) or (
                a1 is not None and self._key(a1.name) == self._key(p.name)
            ):
                found = a1
        self._a1_twin[p.pid] = found.pid if found is not None else None
        return found

    @staticmethod
    def _key(name: str) -> str:
        from conflictwatch.extract.gazetteer import name_key

        return name_key(name)

    def province_only(self, res: PlaceResolution) -> PlaceResolution:
        """`res` cut to its province: no town, the province's point, precision 3."""
        unit = _admin1_lookup(self.gaz).get((self.gaz.iso2_of(res.iso3) or "", res.admin1 or ""))
        lat, lon = (round(unit.lat, 4), round(unit.lon, 4)) if unit is not None else (res.latitude, res.longitude)
        ev = {k: v for k, v in res.evidence.items() if k != "location"}
        return PlaceResolution(res.country, res.iso3, res.admin1, None, None, lat, lon, 3, ev)

    def _admin1_point(self, p: Place) -> Place | None:
        if p.admin1 is None:
            return None
        return _admin1_lookup(self.gaz).get((p.cc, p.admin1))

    def _country_of(self, m: PlaceMention) -> str:
        if m.is_demonym:
            return m.country_iso2  # type: ignore[return-value]
        return self.gaz.place(m.place).cc  # type: ignore[arg-type]

    def _make(self, p: Place, prec: int, loc: str | None, ev: dict) -> PlaceResolution | None:
        c = self.gaz.country(p.cc)
        if c is None:
            return None
        return PlaceResolution(
            country=c[0], iso3=c[1], admin1=p.admin1, admin2=p.admin2 if prec < 3 else None,
            location=loc, latitude=round(p.lat, 4), longitude=round(p.lon, 4), geo_precision=prec,
            evidence=ev,
        )

    def _country_resolution(self, iso2: str, ev: dict) -> PlaceResolution | None:
        c = self.gaz.countries.get(iso2)
        if c is None:
            return None
        p = self.gaz.place(c[2])
        return PlaceResolution(c[0], c[1], None, None, None, round(p.lat, 4), round(p.lon, 4), 3, ev)

    def _fallback(self, doc: Document, mentions: list[PlaceMention],
                  focus: list[tuple[int, int]]) -> PlaceResolution | None:
        """No place in the incident's sentences: "in the same area" points back at the province of the
        place named before it; else the province of the paragraph's setting (the place its earlier
        sentences name: "In Niteroi, Rio de Janeiro, police raided X. A shoot-out broke out."), else the
        country the story is in; precision 3 always. Another paragraph's place may be another
        incident's, so it is inherited only when the text points back at it."""
        same = next((m for a, b in focus if (m := _SAME_AREA.search(doc.text, a, b))), None)
        if same is not None:
            earlier = [m for m in mentions if m.start < focus[0][0] and not m.dateline and m.place is not None
                       and not m.attributive and not m.secondary]
            if earlier:
                prior = self.resolve(doc, [doc.sentences[doc.sentence_index(earlier[-1].start)]])
                if prior is not None and prior.admin1:
                    unit = _admin1_lookup(self.gaz).get((self.gaz.iso2_of(prior.iso3) or "", prior.admin1))
                    lat, lon = (round(unit.lat, 4), round(unit.lon, 4)) if unit else (prior.latitude, prior.longitude)
                    ev = {k: v for k, v in prior.evidence.items() if k in ("country", "admin1")}
                    ev["admin1"] = [*ev.get("admin1", []), same.span()]
                    return PlaceResolution(prior.country, prior.iso3, prior.admin1, None, None, lat, lon, 3, ev)
        iso2 = self.gaz.iso2_of(doc.country_hint) if doc.country_hint else None
        start = focus[0][0] if focus else len(doc.text)
        before = [m for m in mentions if m.start < start and not m.dateline and (m.place is not None or m.is_demonym)]
        if iso2 is None:
            if not before:
                return None
            iso2 = self._country_of(before[-1])
        breaks = list(_PARAGRAPH.finditer(doc.text, 0, start))
        para = breaks[-1].end() if breaks else 0
        other = focus and _ANOTHER_INCIDENT.search(doc.text, focus[0][0], focus[0][1])
        if not other and any(m.start >= para and not m.is_demonym and not m.secondary for m in before):
            setting = self.resolve(doc, [(para, start)])
            if setting is not None and setting.admin1 and self.gaz.iso2_of(setting.iso3) == iso2:
                unit = _admin1_lookup(self.gaz).get((iso2, setting.admin1))
                if unit is not None:
                    # the setting's province, not its town: the town's own words lie outside the incident
                    return self._make(unit, 3, None, {})
        return self._country_resolution(iso2, {})


_CAPITAL_AFTER = re.compile(r"\s+capital\b(?!\s+(?:city\s+)?of\b)")
# "the group's de facto Syrian capital", "its self-declared Iraqi capital": a group's seat, not the state's
_SELF_STYLED_BEFORE = re.compile(r"(?:de\s+facto|self-\w+|so-called|former|its|their|\w+'s|\w+s')\s+$", re.I)


def _where(m: PlaceMention) -> bool:
    """Do the words around the mention make it the place of something ("in X", "X province", "near X")?"""
    return m.located or m.near or m.unit or m.container or m.compass or m.wide or m.town


def acting_country(doc: Document, start: int, end: int) -> str | None:
    """ISO3 of a country that text[start:end] names as the author of an attack ("Russia's Oct. 11 missile
    attack"), from the place layer: the mention the place tagger already read as an actor, not a place."""
    gaz = get_gazetteer()
    for span in doc.spans.get(LAYER, []):
        m: PlaceMention = span.value
        if start <= m.start < end and m.place is not None and _ACT_OF_AFTER.match(doc.text[m.end:m.end + 60]):
            p = gaz.place(m.place)
            if p.kind == KIND_COUNTRY and p.cc in gaz.countries:
                return gaz.countries[p.cc][1]
    return None


_A1_CACHE: dict[int, dict[tuple[str, str], Place]] = {}


def _city_over_its_province(short: list[Cand]) -> list[Cand]:
    """A city that is a unit of its own ("Kyiv": Kiev City) beats the province around it that bears its
    name (Kiev oblast) when nothing marks the name as a province ("Kyiv region", "X, Kyiv")."""
    cities = {p.cc: p.admin1 for _, p, e, _ in short if e and p.kind == KIND_CITY and p.population >= 100_000}
    if not cities or not any(p.kind == KIND_ADMIN1 for _, p, _, _ in short):
        return short
    return [(s - 2.0 if p.kind == KIND_ADMIN1 and e and p.cc in cities and cities[p.cc] != p.admin1 else s, p, e, sim)
            for s, p, e, sim in short]
# A town outside every province the story names, and this far from all of them, is a namesake, not
# the place (unless it is a big city spelled exactly: "Kabul" stays Kabul in a story about Ghor).
_UNIT_REACH_KM = 200.0
# An exact namesake this near a named unit's point may lie just across its edge (see _link_bonus).
_EDGE_KM = 150.0
_EDGE_POP = 20_000


def _far_from_units(p: Place, units: list[Place]) -> bool:
    if p.population >= 50_000:
        return False
    return all(_km(p, u) > _UNIT_REACH_KM for u in units)



def _admin1_lookup(gaz: Gazetteer) -> dict[tuple[str, str], Place]:
    """(iso2, admin1 name) -> the admin1 place, built once per gazetteer."""
    table = _A1_CACHE.get(id(gaz))
    if table is None:
        table = {}
        for idx, pid in gaz.admin1_place.items():
            p = gaz.place(pid)
            table.setdefault((p.cc, gaz.admin1_names[idx]), p)
        _A1_CACHE[id(gaz)] = table
    return table
