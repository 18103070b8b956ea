"""Actor mentions -> ACLED-style actor names.

The catalogue is data (`resources/actors.csv`): one row per actor with its aliases, ACLED inter
code and kind. Rows whose `country_iso3` is `*` are templates expanded for every country from
pycountry plus `resources/actors_demonyms.csv`, so "Syrian army", "Iraqi police" and "Nigerian
troops" resolve without a row per country. Rows marked `generic` are role words ("soldiers",
"gunmen", "civilians") whose name depends on the country of the incident: their `{country}`
placeholder is filled from the article's country and can be re-filled later with the incident's.

Matching uses two Aho-Corasick automatons built once per process: one over lower-cased text for
ordinary aliases, one case-sensitive for acronyms ("IS" must not match "is").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import ahocorasick
import pycountry

from conflictwatch.document import Document, Span

LAYER = "actor"


@dataclass
class ActorMention:
    """Value of a Span in doc.spans['actor']."""

    name: str  # canonical ACLED-style name, country placeholder filled when known
    inter: int
    kind: str  # state, rebel, militia, identity, civilians, protesters, rioters, unidentified, armed, ...
    generic: bool  # role words ("soldiers", "gunmen") whose name depends on the country
    template: str = ""  # the name with its "{country}" placeholder, for re-filling
    country_iso3: str | None = None  # whose forces these are, when the name says so
    scope: frozenset[str] = field(default_factory=frozenset)  # countries where the alias applies


@dataclass(frozen=True)
class _Entry:
    template: str
    inter: int
    kind: str
    generic: bool
    country_iso3: str | None
    scope: frozenset[str]
    expanded: bool = False  # made from a per-country template row ("{demonym} army")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str  # ACLED style: "Syria", "Democratic Republic of Congo"
    the_name: str  # "the Philippines" where ACLED writes "Military Forces of the Philippines"
    demonyms: tuple[str, ...]


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files("conflictwatch.resources").joinpath(filename).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """ISO3 -> country with its ACLED-style name and demonyms (pycountry + our demonym table)."""
    table = {r["iso3"]: r for r in _read_csv("actors_demonyms.csv")}
    out: dict[str, Country] = {}
    for c in pycountry.countries:
        row = table.get(c.alpha_3, {})
        name = row.get("name") or getattr(c, "common_name", None) or c.name
        demonyms = tuple(d for d in (row.get("demonyms") or "").split("|") if d)
        the = f"the {name}" if row.get("the") else name
        out[c.alpha_3] = Country(c.alpha_3, name, the, demonyms)
    for iso3, row in table.items():  # codes pycountry lacks (Kosovo)
        if iso3 not in out:
            name = row["name"]
            the = f"the {name}" if row.get("the") else name
            out[iso3] = Country(iso3, name, the, tuple(d for d in row["demonyms"].split("|") if d))
    return out


@lru_cache(maxsize=4096)
def country_by_name(name: str) -> str | None:
    """ISO3 for a country name as the place resolver or ACLED spells it."""
    key = name.strip().lower()
    for c in countries().values():
        if c.name.lower() == key:
            return c.iso3
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def fill(template: str, iso3: str | None) -> str:
    """Fill a name's country placeholder; unchanged when the country is unknown."""
    if "{" not in template or not iso3:
        return template
    c = countries().get(iso3)
    if c is None:
        return template
    return template.replace("{the_country}", c.the_name).replace("{country}", c.name)


# The Arabic article in a transliterated name: "Jaish al-Islam", "Jaish al Islam", "Jeish el-Islam".
_ARTICLE = re.compile(r"(?<![^\W\d_])([Aa]l|[Ee]l)[- ](?=\w)")


def _article_variants(alias: str) -> list[str]:
    """The alias with every spelling of the Arabic article ("al-", "al ", "el-", "el "): news writes
    one group's name each of those ways, and one catalogue row should match them all."""
    if _ARTICLE.search(alias) is None:
        return [alias]
    forms = [alias]
    for article in ("al", "el"):
        for sep in ("-", " "):
            form = _ARTICLE.sub(article + sep, alias)
            if form not in forms:
                forms.append(form)
    return forms


def _is_acronym(alias: str) -> bool:
    """Matched with its case: "IS", and mixed-case initials ("LeT", "JeM") that lower-cased are words ("let")."""
    letters = [ch for ch in alias if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    return bool(letters) and " " not in alias and (capitals == len(letters) or (len(alias) <= 5 and capitals >= 2))


class _Catalogue:
    """The expanded catalogue and its two automatons."""

    def __init__(self) -> None:
        self.lower = ahocorasick.Automaton()
        self.exact = ahocorasick.Automaton()
        table: dict[tuple[bool, str], list[_Entry]] = {}
        for row in _read_csv("actors.csv"):
            inter = int(row["inter"])
            kind = row["kind"].strip()
            generic = row.get("generic", "").strip() == "1"
            scope = frozenset(s for s in (row.get("scope") or "").split("|") if s)
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            iso = row["country_iso3"].strip()
            if iso == "*" and not generic:
                for c in countries().values():
                    entry = _Entry(fill(row["name"], c.iso3), inter, kind, False, c.iso3, scope, expanded=True)
                    for alias in aliases:
                        if "{demonym}" in alias:
                            for dem in c.demonyms:
                                self._put(table, alias.replace("{demonym}", dem), entry)
                        else:
                            self._put(table, fill(alias, c.iso3), entry)
            else:
                country = None if iso in ("", "*") else iso
                entry = _Entry(row["name"], inter, kind, generic, country, scope)
                for alias in aliases:
                    self._put(table, alias, entry)
        for (exact, key), entries in table.items():
            (self.exact if exact else self.lower).add_word(key, (len(key), tuple(entries)))
        self.lower.make_automaton()
        self.exact.make_automaton()

    @staticmethod
    def _put(table: dict[tuple[bool, str], list[_Entry]], alias: str, entry: _Entry) -> None:
        exact = _is_acronym(alias)
        for form in [alias] if exact else _article_variants(alias):
            key = (exact, form if exact else form.lower())
            entries = table.setdefault(key, [])
            if entry not in entries:
                entries.append(entry)


@lru_cache(maxsize=1)
def catalogue() -> _Catalogue:
    return _Catalogue()


def _choose(entries: tuple[_Entry, ...], iso3: str | None) -> _Entry:
    """Among entries sharing an alias, prefer one in scope / of the article's country."""
    best = entries[0]
    best_score = -1
    for e in entries:
        score = 0
        if not e.generic:
            score += 1
        if iso3 and (e.country_iso3 == iso3 or iso3 in e.scope):
            score += 2
        if iso3 and iso3 in e.scope:
            score += 1  # a row written for this country ("Afghan special forces") beats the per-country template
        if e.scope and iso3 and iso3 not in e.scope:
            score -= 3
        if not e.expanded and not e.generic:
            score += 1  # a row naming one force ("Libyan National Army") beats the per-country template
        if score > best_score:
            best, best_score = e, score
    return best


_MODIFIER = re.compile(r"(?:linked|affiliated|allied|aligned|inspired|style|like|type)\b")
_JOIN = re.compile(r"^[\s-]{1,2}$")
_POSSESSIVE = re.compile(r"^['\u2019]s\s+$")
_ABSORB_KINDS = {"armed", "unidentified", "state"}


# "a bus carrying soldiers", "a vehicle transporting police officers": the target is who it carried.
_CARRIERS = frozenset({"bus", "vehicle", "car"})
_CARRYING = re.compile(r"\s+(?:that\s+was\s+|which\s+was\s+)?(?:carrying|transporting|ferrying|full of|loaded with)"
                       r"\s+(?:[\w'-]+\s+){0,3}?$", re.IGNORECASE)
_ARMED_KINDS = frozenset({"state", "rebel", "militia", "identity", "armed", "political", "external"})


def _carries_armed(text: str, merged: list[tuple[int, int, _Entry]], k: int) -> bool:
    start, end, entry = merged[k]
    if entry.kind != "civilians" or text[start:end].lower() not in _CARRIERS or k + 1 >= len(merged):
        return False
    nstart, _, following = merged[k + 1]
    return following.kind in _ARMED_KINDS and bool(_CARRYING.match(text[end:nstart]))


# "Al Qaeda's Sahel affiliate JNIM", "Islamic State's West Africa branch ISWAP": the group that acts is
# the one named last; the first only says whose affiliate it is.
_AFFILIATE_BETWEEN = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,3}?(?:affiliate|branch|franchise|offshoot|wing|"
                                r"arm|province|ally)\s*,?\s*(?:the\s+)?$", re.IGNORECASE)


def _names_its_affiliate(text: str, merged: list[tuple[int, int, _Entry]], k: int) -> bool:
    start, end, entry = merged[k]
    if entry.generic or k + 1 >= len(merged):
        return False
    nstart, _, following = merged[k + 1]
    return not following.generic and bool(_AFFILIATE_BETWEEN.match(text[end:nstart]))


def find_actors(text: str, iso3: str | None = None, offset: int = 0) -> list[Span]:
    """All catalogue actors in `text` as spans (longest match wins, no overlaps)."""
    cat = catalogue()
    lowered = text.lower()
    found: list[tuple[int, int, tuple[_Entry, ...]]] = []
    for automaton, source in ((cat.lower, lowered), (cat.exact, text)):
        if len(automaton) == 0:
            continue
        for end, (length, entries) in automaton.iter(source):
            start = end - length + 1
            if start > 0 and text[start - 1].isalnum():  # inlined: this loop is hot
                continue
            if end + 1 < len(text) and text[end + 1].isalnum():
                continue
            if start >= 5 and lowered[start - 5 : start] == "anti-":  # "anti-Houthi forces" are not Houthis
                continue
            if end + 2 < len(text) and text[end + 1] == "-" and _MODIFIER.match(lowered, end + 2):
                continue  # "al-Qaeda-linked JNIM", "a vigilante-style attack": a modifier, not the actor
            found.append((start, end + 1, entries))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[tuple[int, int, _Entry]] = []
    last_end = -1
    for start, end, entries in found:
        if start < last_end:
            continue
        entry = _choose(entries, iso3)
        if entry.scope and iso3 and iso3 not in entry.scope:
            generic = [e for e in entries if not e.scope]
            if not generic:
                continue
            entry = _choose(tuple(generic), iso3)
        chosen.append((start, end, entry))
        last_end = end
    merged: list[tuple[int, int, _Entry]] = []
    for start, end, entry in chosen:
        if merged:
            pstart, pend, pentry = merged[-1]
            # "IS gunmen", "Taliban fighters", "Houthi militants": the role word belongs to the group.
            if (
                not pentry.generic
                and pentry.kind not in ("civilians", "protesters", "rioters")
                and entry.generic
                and entry.kind in _ABSORB_KINDS
                and _JOIN.match(text[pend:start])
            ):
                merged[-1] = (pstart, end, pentry)
                continue
            # "the regime's Air Force Intelligence", "Syria's 4th Division": the unit the possessive names
            if (
                pentry.generic
                and pentry.kind == "state"
                and not entry.generic
                and entry.kind == "state"
                and _POSSESSIVE.match(text[pend:start])
            ):
                merged[-1] = (pstart, end, entry)
                continue
            # "militia fighters", "army soldiers": one mention, not two.
            if pentry.generic and entry.generic and pentry.template == entry.template and _JOIN.match(text[pend:start]):
                merged[-1] = (pstart, end, pentry)
                continue
        merged.append((start, end, entry))
    spans = []
    for k, (start, end, e) in enumerate(merged):
        if _carries_armed(text, merged, k) or _names_its_affiliate(text, merged, k):
            continue
        country = e.country_iso3 if e.country_iso3 else (iso3 if e.generic else None)
        inter = e.inter
        mention = ActorMention(
            name=fill(e.template, country),
            inter=inter,
            kind=e.kind,
            generic=e.generic,
            template=e.template,
            country_iso3=e.country_iso3,
            scope=e.scope,
        )
        spans.append(Span(start + offset, end + offset, "ACTOR", mention))
    return spans


class ActorTagger:
    """Pipeline component: annotates doc.spans['actor'] with ActorMention values."""

    name = "actors"

    def __call__(self, doc: Document) -> Document:
        doc.spans[LAYER] = _whose_men(doc, find_actors(doc.text, doc.country_hint))
        return doc


_OWN_BEFORE = re.compile(r"\b(?:its|their)\s+(?:own\s+)?$", re.IGNORECASE)


def _whose_men(doc: Document, spans: list[Span]) -> list[Span]:
    """"The Turkish military said four of its soldiers were killed": the role word after "its"/"their" is the
    men of the actor the sentence named before it, not the country's army by default."""
    out: list[Span] = []
    for span in spans:
        mention: ActorMention = span.value
        if mention.generic and _OWN_BEFORE.search(doc.text, max(0, span.start - 12), span.start):
            sentence_start = doc.sentences[doc.sentence_index(span.start)][0]
            owner = next((o for o in reversed(out) if o.start >= sentence_start and not o.value.generic
                          and o.value.kind == mention.kind), None)
            if owner is not None:
                span = Span(span.start, span.end, span.label, owner.value)
        out.append(span)
    return out


# (whose forces, where) -> the named operation ACLED codes them as there
_OPERATIONS = {
    ("SAU", "YEM"): "Operation Restoring Hope",
    ("USA", "AFG"): "NATO: North Atlantic Treaty Organization",  # US forces in Afghanistan: the NATO mission
}


def resolve(mention: ActorMention, iso3: str | None) -> ActorMention:
    """The mention with its country-dependent name filled for `iso3` (the incident's country).

    State forces acting outside their own country get ACLED's inter 8 (external forces).
    """
    name = mention.name
    country = mention.country_iso3
    if mention.generic and iso3:
        name = fill(mention.template, iso3)
        country = iso3 if mention.kind == "state" else None
    inter = mention.inter
    operation = _OPERATIONS.get((country or "", iso3 or "")) if mention.kind == "state" else None
    if operation and name.startswith("Military Forces of"):
        # a coalition's forces abroad are coded as its operation ("Saudi forces" in Yemen)
        return ActorMention(operation, 8, "external", False, operation, country, mention.scope)
    if mention.kind == "state" and iso3 and country and country != iso3 and inter == 1:
        inter = 8
    if mention.kind == "state" and iso3 and country == iso3 and inter == 8:
        inter = 1
    return ActorMention(name, inter, mention.kind, mention.generic, mention.template, country, mention.scope)
