"""Cut an annotated article into incidents, and code each one as an `EventRecord`.

An article tells a main incident and often recounts others ("The ambush late last Sunday ...",
"Last month, IS said it was behind a December 30 bus ambush ..."). Reading sentence by sentence:
- background is skipped: aggregates and history ("since 2011", "in recent months", "in 2014"),
  habitual statements ("sleeper cells continue to launch attacks");
- a sentence with its own event date that differs from the current incident's, or a cue such as
  "in a separate attack", opens a new incident;
- other reporting sentences continue the current incident (they add claims, places, actors).
Each incident is then placed (places.py), typed with its actors (event_types.py) and given its
casualty claims with who said them, and the low / best / high range.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlparse

from conflictwatch.document import Document, Span
from conflictwatch.extract.casualties import CasualtyMention
from conflictwatch.extract.cues import load_cues
from conflictwatch.extract.dates import SPECIFICITY, DateMention
from conflictwatch.extract.event_types import affiliation_or_hedge
from conflictwatch.extract.places import unplaced
from conflictwatch.extract.prefilter import Cue
from conflictwatch.extract.sources import credibility
from conflictwatch.record import Claim, EventRecord

AGGREGATE_SIZE = 1000
_HEDGE_ORDER = {"exact": 0, "about": 1, "up_to": 1, "at_least": 2, "more_than": 2}
_RESPONSIBILITY = re.compile(
    r"\b(?:claimed responsibility|claims? of responsibility|took responsibility|claimed (?:the|an|a|this|that) "
    r"(?:\w+\s+)?(?:attack|ambush|bombing|assault|killing|operation|blast|raid)|said (?:it|they) (?:was|were|had been) "
    r"behind|said (?:it|they) (?:had )?carried out|claimed (?:it|they) (?:was|were|had been) behind)\b",
    re.IGNORECASE)
_GOES_ON_TO_SAY = re.compile(
    r"(?:\s+for\s+[^,.;]{1,60}?)?,?\s+and\s+(?:also\s+)?(?:said|says|added|reported|put|claimed)\b", re.IGNORECASE)
_RESPONSIBILITY_CUE = Cue(_RESPONSIBILITY.pattern, re.IGNORECASE, strict=True)  # tried only at its stems


# A present-perfect count of this many dead right after a sentence counting "since" long ago goes on with the
# tally ("ISIS has executed around 367 people in the town"); a dozen killed is more likely today's news.
_TALLY_SIZE = 50
_PERFECT_KILL = re.compile(r"\b(?:has|have)\s+(?:(?:also|now|so far|reportedly)\s+)?(?:been\s+)?"
                           r"(?:killed|executed|slain|murdered|massacred)\b", re.IGNORECASE)
# "the deadliest attack since 2019", "the largest death toll in a single day since it intervened": a
# comparison that dates a record, not a tally over that period.
_COMPARISON_BEFORE = re.compile(
    r"\b(?:deadliest|worst|bloodiest|largest|biggest|highest|heaviest|most\s+\w+|first)\b[^.;]{0,80}$", re.IGNORECASE)


@dataclass
class SentenceReading:
    """What the incident builder needs to know about one sentence."""

    index: int
    start: int
    end: int
    dates: list[Span]
    casualties: list[Span]
    sources: list[Span]
    trigger: bool
    refers_back: bool
    new_incident_cue: bool
    background: bool
    aggregate_zones: list[tuple[int, int]]
    # the date months or years back that alone makes the sentence background (no tally, war or habit)
    dated_back: Span | None = None

    @property
    def event_date(self) -> Span | None:
        """The most specific event date of the sentence (the first among equals)."""
        events = [s for s in self.dates if s.value.kind == "event" and s.value.date is not None]
        return min(events, key=lambda s: (SPECIFICITY.get(s.value.pattern, 5), s.start), default=None)

    @property
    def report_date(self) -> Span | None:
        for span in self.dates:
            if span.value.kind == "report" and span.value.date is not None:
                return span
        return None


@dataclass
class IncidentDraft:
    sentences: list[SentenceReading] = field(default_factory=list)
    date: Span | None = None

    @property
    def focus(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences]


def read_sentences(doc: Document) -> list[SentenceReading]:
    cues = load_cues("incident_cues.txt")
    by_sentence: dict[str, dict[int, list[Span]]] = {}
    for layer in ("date", "casualty", "source"):
        grouped: dict[int, list[Span]] = {}
        for span in doc.layer(layer):
            grouped.setdefault(doc.sentence_index(span.start), []).append(span)
        by_sentence[layer] = grouped
    readings = []
    long_tally = False  # the sentence before counts from long ago ("since August 2014", "since 2011")
    for index, (start, end) in enumerate(doc.sentences):
        dates = by_sentence["date"].get(index, [])
        casualties = by_sentence["casualty"].get(index, [])
        has_event_date = any(d.value.kind == "event" and d.value.date is not None for d in dates)
        zones = [d.bounds for d in dates if d.value.kind in ("period", "history")
                 and not _COMPARISON_BEFORE.search(doc.text, max(start, d.start - 90), d.start)]
        day_dated = any(d.value.kind == "event" and d.value.precision == 1 for d in dates)
        if not day_dated:
            # a toll in the thousands with no day to it is a tally, not one incident
            zones += [c.bounds for c in casualties if (c.value.count or 0) >= AGGREGATE_SIZE]
        habitual = bool(cues["habitual"].search(doc.text, start, end))
        aggregate = bool(cues["aggregate"].search(doc.text, start, end))
        if aggregate and day_dated and not any((c.value.count or 0) >= AGGREGATE_SIZE for c in casualties):
            # "Two suicide bombers killed eight people on Saturday in Maiduguri, the heart of a seven-year-old
            # insurgency": a war named beside a dated incident, with no war-sized toll, is the incident's setting
            aggregate = False
        background = (bool(zones) and not has_event_date or (habitual and not casualties and not has_event_date)
                      or aggregate)
        if (not dates and long_tally and _PERFECT_KILL.search(doc.text, start, end)
                and any((c.value.count or 0) >= _TALLY_SIZE for c in casualties)):
            background = True  # "... since August 2014. ISIS has executed around 367 people in the town"
        long_tally = any(_counts_since_long_ago(doc, d) for d in dates)
        history = {d.bounds: d for d in dates if d.value.kind == "history" and d.value.date is not None}
        dated_back = None
        if background and zones and not (aggregate or habitual) and all(z in history for z in zones):
            dated_back = min(history.values(), key=lambda s: (SPECIFICITY.get(s.value.pattern, 5), s.start))
        readings.append(SentenceReading(
            index=index, start=start, end=end, dates=dates, casualties=casualties,
            sources=by_sentence["source"].get(index, []),
            trigger=_has_trigger(cues["trigger"], doc.text, start, end),
            refers_back=bool(cues["refer_back"].search(doc.text, start, end)),
            new_incident_cue=bool(cues["new_incident"].search(doc.text, start, end)),
            background=background, aggregate_zones=zones, dated_back=dated_back,
        ))
    return readings


def _counts_since_long_ago(doc: Document, date: Span) -> bool:
    """"since 10 August 2014", "since 2011", "since the war began": a period counted from two months back or
    more, or from a start the text does not date ("since Sunday", "since March" are recent)."""
    mention: DateMention = date.value
    if mention.kind != "period" or not doc.text[date.start:date.end].lower().startswith("since"):
        return False
    if mention.date is not None:
        return (doc.published - mention.date).days >= 60  # type: ignore[operator]
    return mention.pattern == "period"


_NEGATION_BEFORE = re.compile(r"\b(?:no|not|without|never|nor|denied|any)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _has_trigger(cues: Cue, text: str, start: int, end: int) -> bool:
    """A trigger word that is not negated ("made no arrests", "without casualties")."""
    return any(not _NEGATION_BEFORE.search(text, max(start, m.start() - 20), m.start())
               for m in cues.finditer(text, start, end))


def _is_headline(doc: Document, reading: SentenceReading) -> bool:
    """A title line: first lines without final punctuation, or set in capitals."""
    if reading.index > 2 or reading.end - reading.start > 200:
        return False
    text = doc.text[reading.start:reading.end]
    letters = [c for c in text if c.isalpha()]
    shouting = letters and sum(c.isupper() for c in letters) / len(letters) > 0.7
    return bool(shouting or (text[-1:] not in ".!?”\"'" and len(text.split()) < 20 and "\n" in
                             doc.text[reading.end:reading.end + 2]))


def _is_title(doc: Document, draft: IncidentDraft) -> bool:
    """A draft that is only the article's title, repeated as the text's first sentence ("Sun 05 Jul 2015
    Strike kills 12 in Syria. At least 12 people ...")."""
    title = (doc.article.title or "").strip().rstrip(".!?").casefold()
    first = draft.sentences[0]
    return (len(draft.sentences) == 1 and first.index == 0 and len(title) >= 12
            and title in doc.text[first.start:first.end].casefold())


def _title_only(doc: Document, draft: IncidentDraft) -> bool:
    """A title draft whose sentence is the title and at most a dateline ("Sun 10 Jul 2016"), not the title
    run on into its lead for want of a full stop."""
    first = draft.sentences[0]
    return first.end - first.start <= len((doc.article.title or "").strip()) + 40


def segment(doc: Document, readings: list[SentenceReading]) -> list[IncidentDraft]:
    """Group the sentences into incidents (see the module docstring)."""
    drafts: list[IncidentDraft] = []
    current: IncidentDraft | None = None
    last_index = -10
    for reading in readings:
        if reading.background or (_is_headline(doc, reading) and len(readings) > 1):
            continue  # a text that is one headline and nothing else is its own report
        live_claims = [c for c in reading.casualties if not _in_zone(c, reading.aggregate_zones)]
        if not (reading.trigger or live_claims):
            if current is not None and reading.refers_back and reading.index == last_index + 1:
                # "The victim had charges for drug trafficking.": what the next sentence says of the same incident
                current.sentences.append(reading)
                last_index = reading.index
            continue
        event_date = reading.event_date
        if current is None:
            if not (live_claims or event_date or reading.trigger):
                continue
            current = IncidentDraft([reading], event_date)
            drafts.append(current)
            last_index = reading.index
            continue
        differs = (event_date is not None and current.date is not None
                   and event_date.value.date != current.date.value.date
                   and (event_date.value.precision == 1 or bool(live_claims)))
        if differs or (reading.new_incident_cue and (live_claims or event_date)):
            current = IncidentDraft([reading], event_date)
            drafts.append(current)
            last_index = reading.index
            continue
        close = reading.index - last_index <= 3
        adjacent = reading.index - last_index <= 2 and reading.trigger and not reading.new_incident_cue
        day_dated = event_date is not None and event_date.value.precision == 1
        if live_claims or reading.refers_back or adjacent or (close and day_dated):
            current.sentences.append(reading)
            if current.date is None and day_dated and (live_claims or reading.refers_back or close):
                current.date = event_date
            last_index = reading.index
    if not drafts:
        lead = _dated_before(doc, readings)
        if lead is not None:
            drafts.append(lead)
    return drafts


def _dated_before(doc: Document, readings: list[SentenceReading]) -> IncidentDraft | None:
    """A report whose only incident is dated months or years back ("Chlorine munitions were dropped on the
    city in October, the watchdog said on Monday"; "forces used sulfur mustard in a March 2018 attack"): in a
    longer story such a date marks background, but when nothing else is reported it is the news, and the
    lead is coded with that month as its date. Tallies ("since 2011", a toll in the thousands, a war's toll)
    and habits stay background (`SentenceReading.dated_back`)."""
    lead = next((r for r in readings if not (_is_headline(doc, r) and len(readings) > 1)), None)
    if lead is None or not lead.trigger or lead.dated_back is None:
        return None
    return IncidentDraft([lead], lead.dated_back)


def _in_zone(span: Span, zones: list[tuple[int, int]]) -> bool:
    return any(abs(span.start - zs) < 80 or abs(span.start - ze) < 80 for zs, ze in zones)


# --- claims ------------------------------------------------------------------------------------


@dataclass
class _RawClaim:
    source: str | None
    kind: str
    credibility: int
    mention: CasualtyMention
    span: tuple[int, int]


# Where one speaker's clause ends and another's may begin: "X said 20 were killed; Y said four",
# "X said it killed 20, while Y said four died".
_SPEECH = re.compile(r"\b(?:said|says|claimed|claims|reported|told|added|according to)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:while|whereas|but)\b|\.\s|\s(?:while|whereas)\s", re.IGNORECASE)


def _figure_source(doc: Document, reading: SentenceReading, figure: Span, exclude: set[str]) -> Span | None:
    """The speaker of one figure: a source in the figure's own clause, else the sentence's first."""
    candidates = [s for s in reading.sources if s.value.name and s.value.name not in exclude]
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    text = doc.text
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, reading.start, reading.end)]
    lo = max((b for b in breaks if b < figure.start), default=reading.start)
    hi = min((b for b in breaks if b >= figure.end), default=reading.end)
    own = [s for s in candidates if lo <= s.start and s.end <= hi]
    if not own:
        # a clause with a speaker of its own that we could not name is not the other clause's speaker
        return None if _SPEECH.search(text, lo, hi) else candidates[0]
    return own[0]  # the clause's subject comes first: "X, in a statement, put the toll at 19"


def _responsibility_claims(doc: Document, reading: SentenceReading) -> list[tuple[str, tuple[int, int]]]:
    text = doc.text
    found = []
    for match in _RESPONSIBILITY_CUE.finditer(text, reading.start, reading.end):
        actors = [a for a in doc.layer("actor") if reading.start <= a.start < match.start()
                  and not affiliation_or_hedge(doc, a)]
        if actors:
            actor = actors[-1]
            found.append((actor.value.name, (actor.start, match.end())))
    return found


def collect_claims(doc: Document, draft: IncidentDraft, outlet: str) -> tuple[list[Claim], list[_RawClaim]]:
    """Every figure of the incident with its source; duplicates folded, unattributed ones to the outlet."""
    raw: list[_RawClaim] = []
    responsibility: list[tuple[str, tuple[int, int]]] = []
    for reading in draft.sentences:
        claimed = _responsibility_claims(doc, reading)
        responsibility.extend(claimed)
        # "IS claimed the attack" names no toll; "... claimed responsibility and said 12 were killed" does
        silent = {name for name, bounds in claimed if not _GOES_ON_TO_SAY.match(doc.text, bounds[1], reading.end)}
        for span in reading.casualties:
            mention: CasualtyMention = span.value
            if mention.subset or mention.count is None or _in_zone(span, reading.aggregate_zones):
                continue
            source = _figure_source(doc, reading, span, silent)
            name = source.value.name if source else None
            cred = credibility(source.value.kind) if source else credibility("outlet")
            raw.append(_RawClaim(name, mention.kind, cred, mention, span.bounds))
    claims = _fold(raw, outlet)
    for name, bounds in responsibility:
        if not any(c.source == name for c in claims):
            claims.append(Claim(source=name, fatalities=None, wounded=None, qualifier=None, evidence=[bounds]))
    return claims, raw


def _combine_additions(killed: list[_RawClaim]) -> list[_RawClaim]:
    """"Two other policemen were also killed" adds to the figure before it from the same source."""
    out: list[_RawClaim] = []
    for item in killed:
        previous = next((o for o in reversed(out) if _same_source(o.source, item.source)), None)
        if item.mention.additive and previous is not None and previous.mention.count is not None:
            total = previous.mention.count + (item.mention.count or 0)
            previous.mention = replace(previous.mention, count=total)
            previous.span = (previous.span[0], max(previous.span[1], item.span[1]))
            continue
        out.append(item)
    return out


def _same_source(earlier: str | None, later: str | None) -> bool:
    """"The interior ministry said ... the ministry said": a later short name is the same speaker;
    an unattributed addition continues whatever figure came before it."""
    if later is None or earlier == later:
        return True
    if earlier is None:
        return False
    return earlier.lower().endswith(later.lower()) and len(later.split()) < len(earlier.split())


def _fold(raw: list[_RawClaim], outlet: str) -> list[Claim]:
    killed = _combine_additions([r for r in raw if r.kind == "killed"])
    if any(r.mention.authoritative for r in killed):
        # A coder's own statement ("Fatalities coded as 10") settles the unattributed figure.
        killed = [r for r in killed if r.mention.authoritative or r.source is not None]
    wounded = [r for r in raw if r.kind == "wounded"]
    attributed = [r for r in killed if r.source]
    folded: dict[tuple[str, int], Claim] = {}
    order: list[tuple[str, int]] = []
    for item in killed:
        source = item.source
        if source is None:
            same = [a for a in attributed if a.mention.count == item.mention.count]
            source = (same[0].source or outlet) if same else outlet
        key = (source, item.mention.count or 0)
        if key in folded:
            claim = folded[key]
            if _HEDGE_ORDER.get(item.mention.qualifier, 0) > _HEDGE_ORDER.get(claim.qualifier or "exact", 0):
                claim.qualifier = item.mention.qualifier
            claim.evidence.append(item.span)
        else:
            folded[key] = Claim(source=source, fatalities=item.mention.count, qualifier=item.mention.qualifier,
                                evidence=[item.span])
            order.append(key)
    claims = _highest_per_source(_same_speaker([folded[k] for k in order]))
    for item in wounded:
        source = item.source or outlet
        target = next((c for c in claims if c.source == source), None)
        if target is None:
            target = Claim(source=source, fatalities=None, qualifier=None, evidence=[])
            claims.append(target)
        if target.wounded is None or (item.mention.count or 0) > target.wounded:
            target.wounded = item.mention.count
        target.evidence.append(item.span)
    return claims


def _same_speaker(claims: list[Claim]) -> list[Claim]:
    """"A regional governor" and "Governor X" giving the same figure are one speaker, one claim."""
    kept: list[Claim] = []
    for claim in claims:
        head = claim.source.split()[-1].lower() if claim.source else ""
        twin = next((k for k in kept if k.fatalities == claim.fatalities and k.source
                     and k.source.split()[-1].lower() == head), None)
        if twin is None:
            kept.append(claim)
            continue
        if _HEDGE_ORDER.get(claim.qualifier or "exact", 0) > _HEDGE_ORDER.get(twin.qualifier or "exact", 0):
            twin.qualifier = claim.qualifier
        twin.evidence.extend(claim.evidence)
    return kept


def _highest_per_source(claims: list[Claim]) -> list[Claim]:
    """A source that gives several tolls for one incident is updating it: keep its highest."""
    kept: dict[str, Claim] = {}
    for claim in claims:
        other = kept.get(claim.source)
        if other is None:
            kept[claim.source] = claim
        elif (claim.qualifier != "about" or other.qualifier == "about") and (
                (claim.fatalities or 0) > (other.fatalities or 0) or (other.qualifier == "about" != claim.qualifier)):
            claim.evidence = other.evidence + claim.evidence
            kept[claim.source] = claim
        else:
            other.evidence.extend(claim.evidence)
    return list(kept.values())


def fatality_range(claims: list[Claim], kinds: dict[str, int],
                   revised: frozenset[int] = frozenset()) -> tuple[int, int, int, Claim | None]:
    """(best, low, high, the claim best came from): best from the most credible source.

    A revised total ("bringing the toll to four") that is the highest figure is newer news than
    the first count, not a rival claim, so it is best unless a party's own propaganda gave it.
    """
    figures = [c for c in claims if c.fatalities is not None]
    if not figures:
        return 0, 0, 0, None
    values = [c.fatalities or 0 for c in figures]
    newest = [c for c in figures if c.fatalities in revised and c.fatalities == max(values)
              and kinds.get(c.source, 2) > credibility("party")]
    best_claim = newest[0] if newest else max(figures, key=lambda c: (kinds.get(c.source, 2), c.fatalities or 0))
    return best_claim.fatalities or 0, min(values), max(values), best_claim


# --- records -----------------------------------------------------------------------------------


def outlet_name(doc: Document) -> str:
    """The outlet: given, else the URL's host, else the article id without a trailing date."""
    article = doc.article
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlparse(article.url).hostname or ""
        parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "edition")]
        if parts:
            return parts[0]
    stem = re.sub(r"[-_ ]?\d{4}[-_]?\d{2}[-_]?\d{2}.*$", "", article.id)
    return stem or article.id


def event_id(article_id: str, draft: IncidentDraft, event_date: str) -> str:
    anchor = draft.sentences[0].start
    digest = hashlib.sha1(f"{article_id}|{anchor}|{event_date}".encode()).hexdigest()
    return digest[:16]


_VERB_BY_SUB_TYPE = {
    "Armed clash": "clashed with",
    "Attack": "attacked",
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "threw a grenade at",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "sexually assaulted",
    "Arrests": "arrested",
    "Looting/property destruction": "looted or destroyed property of",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Chemical weapon": "used chemical weapons against",
    "Disrupted weapons use": "seized or defused weapons or explosives of",
    "Agreement": "negotiated or reached an agreement with",
    "Headquarters or base established": "established a base",
    "Non-violent transfer of territory": "took over territory from",
    "Change to group/activity": "changed their activity or positions",
}
# verbs that take no second actor as their object: one named is mentioned after them ("..., involving X")
_NO_OBJECT = frozenset({"established a base", "changed their activity or positions"})


def write_notes(record: dict) -> str:
    """A one-sentence summary in ACLED's style."""
    day = dt.date.fromisoformat(record["event_date"])
    when = f"On {day.day} {day:%B %Y}" if record["time_precision"] == 1 else (
        f"Around {day.day} {day:%B %Y}" if record["time_precision"] == 2 else f"In {day:%B %Y}")
    place_parts = [p for p in (record.get("location"), record.get("admin1"), record.get("country")) if p]
    where = f" in {', '.join(dict.fromkeys(place_parts))}" if place_parts else ""
    actor2 = record.get("actor2")
    sub = record["sub_event_type"]
    if sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters",
               "Violent demonstration", "Mob violence"):
        body = f"{record['actor1']} demonstrated" + (f" ({sub.lower()})" if sub != "Peaceful protest" else "")
    else:
        verb = _VERB_BY_SUB_TYPE.get(sub, "were involved in an event with" if actor2 else "were active")
        if not actor2 and verb.rsplit(" ", 1)[-1] in ("on", "against", "at", "from", "with", "of"):
            verb = verb.rsplit(" ", 1)[0]  # "took territory from" with nobody named: "took territory"
        if not actor2:
            body = f"{record['actor1']} {verb}"
        elif verb in _NO_OBJECT:
            body = f"{record['actor1']} {verb}, involving {actor2},"
        else:
            body = f"{record['actor1']} {verb} {actor2}"
    toll = record["fatalities"]
    tail = f", killing {toll}" if toll else ""
    return f"{when}, {body}{where}{tail}."


class IncidentBuilder:
    """Pipeline component: turns the annotated document into `doc.incidents` (EventRecords)."""

    name = "incidents"

    def __init__(self, places=None, coder=None) -> None:
        self.places = places
        self.coder = coder

    def __call__(self, doc: Document) -> Document:
        readings = read_sentences(doc)
        drafts = segment(doc, readings)
        outlet = outlet_name(doc)
        records: list[EventRecord] = []
        first_named_actor1: str | None = None
        striker: EventRecord | None = None  # the first air strike whose author the text names
        title: EventRecord | None = None  # the record of a title line, until its lead is coded
        for k, draft in enumerate(drafts):
            after = drafts[k + 1] if k == 0 and len(drafts) > 1 else None
            if after is not None and after.sentences[0].index > draft.sentences[-1].index + 2:
                after = None
            # "Strike kills 12 in Syria. At least 12 people were killed in an air strike on Saraqeb ...": a
            # title names the incident its lead reports, and the lead often names the place the title leaves
            # out; a lead that names no province ("in northern Syria") likewise takes the next sentence's
            place_focus = draft.focus + after.focus if after is not None and _is_title(doc, draft) else None
            spare = after.focus if after is not None and place_focus is None \
                and not after.sentences[0].new_incident_cue else None
            record = self._code(doc, draft, outlet, first_named_actor1, place_focus, spare)
            if record is None:
                continue
            if k == 1 and title is not None and records and records[-1] is title:
                records[-1] = record = _absorb_title(title, record)
            title = record if place_focus is not None and _title_only(doc, draft) else None
            named_group = record.inter1 in (2, 3, 4) and not record.actor1.startswith("Unidentified")
            if first_named_actor1 is None and named_group:
                first_named_actor1 = record.actor1
            if record.sub_event_type == "Air/drone strike":
                if record.evidence.get("actor1"):
                    striker = striker or record
                elif striker is not None and record.iso3 == striker.iso3 and striker.actor1 != record.actor2:
                    # "Israeli strikes killed 12 in Rafah. On Friday, a strike on a house in Khan Younis
                    # killed seven": the story's air force, not the country's own by default
                    author = {"actor1": striker.actor1, "inter1": striker.inter1,
                              "assoc_actor_1": striker.assoc_actor_1}
                    notes = write_notes(record.to_json_dict() | author)
                    record = record.model_copy(update={**author, "notes": notes})
            records.append(record)
        doc.incidents = _drop_duplicates(records)
        return doc

    def _code(self, doc: Document, draft: IncidentDraft, outlet: str, article_actor1: str | None,
              place_focus: list[tuple[int, int]] | None = None,
              spare: list[tuple[int, int]] | None = None) -> EventRecord | None:
        assert doc.published is not None
        evidence: dict[str, list[tuple[int, int]]] = {}
        event_date, precision, date_evidence = _incident_date(doc, draft)
        if event_date > doc.published + dt.timedelta(days=1):
            return None
        if date_evidence:
            evidence["event_date"] = [date_evidence]
            evidence["time_precision"] = [date_evidence]
        place_focus = place_focus or draft.focus
        place = self.places.resolve(doc, place_focus) if self.places else None
        if place is None:
            # Nothing in the text places it (no town, province, country or demonym the gazetteer knows):
            # the incident is still reported, with its place left for the analyst rather than dropped.
            place = unplaced()
        elif spare and place.admin1 is None:
            wider = self.places.resolve(doc, place_focus + spare)  # type: ignore[union-attr]
            if wider is not None and wider.admin1 and wider.iso3 == place.iso3:
                # the next sentence's town may be a neighbouring incident's: its province only
                place, place_focus = self.places.province_only(wider), place_focus + spare  # type: ignore[union-attr]
        place = _confine_place(place, place_focus)
        if place.location and place.evidence.get("location") and place.spelled:
            # The place as the article spells it ("Deir al-Zour", not "Dayr az Zawr"): what a reader checks.
            start, end = place.evidence["location"][0]
            place.location = doc.text[start:end]
        coding = self.coder(doc, draft.focus, place.iso3, place.country) if self.coder else None
        if coding is None:
            return None
        actor1 = coding.actor1
        claims, raw = collect_claims(doc, draft, outlet)
        # never the target's own name: an actor is on one side of an incident only
        claimants = [c.source for c in claims
                     if c.fatalities is None and c.wounded is None and c.source != coding.actor2]
        if actor1.startswith("Unidentified") and claimants:
            actor1 = claimants[0]  # a group that claims the attack is coded as its author
        elif (actor1.startswith("Unidentified") and article_actor1 and draft.sentences[0].refers_back
              and not coding.evidence.get("actor1") and article_actor1 != coding.actor2):
            actor1 = article_actor1  # "The ambush late last Sunday ..." with nobody named: the article's attacker
        kinds = {r.source: r.credibility for r in raw if r.source}
        kinds[outlet] = credibility("outlet")
        revised = frozenset(r.mention.count for r in raw if r.mention.update and r.mention.count is not None)
        best, low, high, best_claim = fatality_range(claims, kinds, revised)
        wounded_values = [c.wounded for c in claims if c.wounded is not None]
        wounded = (best_claim.wounded if best_claim and best_claim.wounded is not None
                   else (max(wounded_values) if wounded_values else None))
        evidence.update({k: list(v) for k, v in coding.evidence.items() if v})
        evidence.update({k: list(v) for k, v in place.evidence.items() if v})
        if best_claim:
            evidence["fatalities"] = list(best_claim.evidence)
        killed_spans = [c.evidence for c in claims if c.fatalities is not None]
        if killed_spans:
            evidence["fatalities_low"] = [s for spans in killed_spans for s in spans]
            evidence["fatalities_high"] = evidence["fatalities_low"]
        wounded_spans = [r.span for r in raw if r.kind == "wounded"]
        if wounded_spans:
            evidence["wounded"] = wounded_spans
        sources = list(dict.fromkeys([outlet] + [c.source for c in claims]))
        data = {
            "event_date": event_date.isoformat(), "time_precision": precision,
            "event_type": coding.event_type, "sub_event_type": coding.sub_event_type,
            "actor1": actor1, "assoc_actor_1": coding.assoc_actor_1, "actor2": coding.actor2,
            "assoc_actor_2": coding.assoc_actor_2, "inter1": coding.inter1, "inter2": coding.inter2,
            "country": place.country, "iso3": place.iso3, "admin1": place.admin1, "admin2": place.admin2,
            "location": place.location, "latitude": place.latitude, "longitude": place.longitude,
            "geo_precision": place.geo_precision, "fatalities": best, "fatalities_low": low,
            "fatalities_high": high, "wounded": wounded,
        }
        data["notes"] = write_notes(data)
        data["event_id"] = event_id(doc.id, draft, data["event_date"])
        return EventRecord(**data, claims=claims, sources=sources, evidence=evidence, article_ids=[doc.id])


def _incident_date(doc: Document, draft: IncidentDraft) -> tuple[dt.date, int, tuple[int, int] | None]:
    """The incident's own date; else the day it was reported (week precision); else publication."""
    assert doc.published is not None
    if draft.date is not None:
        mention: DateMention = draft.date.value
        assert mention.date is not None
        return mention.date, mention.precision, draft.date.bounds
    for reading in draft.sentences:
        report = reading.report_date
        if report is not None and report.value.date is not None:
            return report.value.date, 2, report.bounds
    return doc.published, 2, doc.published_evidence


def _confine_place(place, focus: list[tuple[int, int]]):
    """Keep a named place only if its evidence lies in the incident's own sentences."""
    def inside(spans: list[tuple[int, int]]) -> bool:
        return any(fs <= s < fe for s, _ in spans for fs, fe in focus)

    evidence = place.evidence
    if place.location and evidence.get("location") and not inside(evidence["location"]):
        place.location = None
        place.geo_precision = 3
        place.latitude = place.longitude = None
    if place.admin1 and evidence.get("admin1") and not inside(evidence["admin1"]) and place.location is None:
        place.admin1 = None
        place.admin2 = None
        place.latitude = place.longitude = None
        place.geo_precision = 3
    return place


def _absorb_title(title: EventRecord, lead: EventRecord) -> EventRecord:
    """The lead's record of the incident its title announces ("29 rebels dead in fighting for Aleppo road.
    At least 29 rebels were killed in clashes overnight ..."): one incident, told with the lead's date, sides
    and type; the title adds its claims of the same toll and, where the lead names no province, its place."""
    told = {(c.source, c.fatalities, c.wounded) for c in lead.claims}
    extra = [c for c in title.claims
             if (c.source, c.fatalities, c.wounded) not in told and c.fatalities in (None, lead.fatalities)]
    update: dict[str, object] = {"claims": lead.claims + extra,
                                 "sources": list(dict.fromkeys(lead.sources + title.sources))}
    if lead.admin1 is None and title.admin1 and title.iso3 == lead.iso3:
        fields = ("admin1", "admin2", "location", "latitude", "longitude", "geo_precision")
        update |= {f: getattr(title, f) for f in fields}
        update["evidence"] = lead.evidence | {f: title.evidence[f] for f in fields if f in title.evidence}
    record = lead.model_copy(update=update)
    return record.model_copy(update={"notes": write_notes(record.to_json_dict())}) if "admin1" in update else record


def _drop_duplicates(records: list[EventRecord]) -> list[EventRecord]:
    """Two drafts that came out identical (same date, type, place, actors) are one incident; so are two with
    the same toll where one has only a vaguer date (a caption retelling "26 killed" under "last month")."""
    kept: list[EventRecord] = []
    for record in records:
        same = (record.event_date, record.sub_event_type, record.admin1, record.location, record.actor1, record.actor2)
        twin = next((k for k in kept if (k.event_date, k.sub_event_type, k.admin1, k.location, k.actor1, k.actor2)
                     == same or _retold(k, record)), None)
        if twin is None:
            kept.append(record)
            continue
        if record.time_precision < twin.time_precision:  # the retelling came first: keep the dated telling
            kept[kept.index(twin)], record, twin = record, twin, record
        twin.claims.extend(c for c in record.claims if c not in twin.claims)
    return kept


def _retold(a: EventRecord, b: EventRecord) -> bool:
    """The same toll of the same kind of event in the same province told twice, once with a day and once with
    only a week or a month (the vaguer telling may name the sides less well, or no town)."""
    return (a.time_precision != b.time_precision and bool(a.fatalities) and a.fatalities == b.fatalities
            and (a.sub_event_type, a.admin1, a.country) == (b.sub_event_type, b.admin1, b.country)
            and (a.location == b.location or None in (a.location, b.location)))
