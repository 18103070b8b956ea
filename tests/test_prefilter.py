"""The speed-ups that skip work must skip only what cannot match: every shortcut is checked here
against the plain regex (or the unfiltered path) on wire-style sentences."""

from __future__ import annotations

import re

import pytest

from conflictwatch.extract import casualties, dates, sources
from conflictwatch.extract.cues import load_cues
from conflictwatch.extract.pipeline import extract
from conflictwatch.extract.prefilter import AnchoredSet, fold_case, stems

WIRE = [
    "Gunmen killed three soldiers and wounded two civilians near Gao, Mali, on Saturday, the army said.",
    "The five-year war has killed more than 380,000 people, according to the Syrian Observatory.",
    "A 9-year conflict has left hundreds of thousands dead; in total more than 5 million fled.",
    "Two days ago, a suicide bomber blew himself up at a checkpoint in Mogadishu, police said.",
    "The bodies of three men were found in a ditch on Tuesday, a local official told AFP.",
    "One policeman was killed and four others were injured when a roadside bomb went off.",
    "Earlier in the day, the previous day's attack was claimed by al-Shabaab, it said in a statement.",
    "Last night, militants stormed a village, and a day earlier an army patrol was ambushed.",
    "Since 2011 the conflict has claimed at least 10,000 lives, the UN says.",
    "No one was hurt, the ministry said; the toll from last week's blast rose to 12.",
    "In the past three months, over the last year, so far this year: 40 deaths, the monitor reported.",
    "Police say a man was shot dead in Kano; another was stabbed to death a week earlier.",
    "“Four people died,” Reuters quoted a doctor as saying; the death toll stands at 4.",
    "Troops killed 14 militants, per the statement; 3 soldiers were also killed.",
    "They sayeth nothing — reporters per se; the state-run outlet stated otherwise.",
    "ſaid İnsurgents ın the north: KILLED 5 (five) people, the mılitary SAID.",
]


def _windows(text: str) -> list[tuple[int, int]]:
    """Every (start, end) at word edges, and some cutting into words."""
    cuts = sorted({0, len(text)} | {m.start() for m in re.finditer(r"\b", text)} | set(range(0, len(text), 7)))
    return [(a, b) for i, a in enumerate(cuts) for b in cuts[i:]]


@pytest.mark.parametrize("name", ["trigger", "refer_back", "new_incident", "habitual", "aggregate"])
def test_incident_cues_find_what_the_regex_finds(name: str) -> None:
    cue = load_cues("incident_cues.txt")[name]
    plain = re.compile(cue.pattern, cue.flags)
    for text in WIRE:
        for start, end in _windows(text)[::5]:
            got, want = cue.search(text, start, end), plain.search(text, start, end)
            assert (got and got.span()) == (want and want.span()), (name, text[start:end])


def test_aggregate_cue_is_prefiltered_on_digits() -> None:
    """"A 9-year conflict": a digit is a stem, so the aggregate cue no longer scans every position."""
    cue = load_cues("incident_cues.txt")["aggregate"]
    found = stems(cue.pattern, cue.flags)
    assert found is not None and "9" in found and "hundreds" in found
    assert cue.search(WIRE[2]) is not None


def test_reporting_hint_answered_from_one_pass() -> None:
    assert stems(sources._REPORTING.pattern, sources._REPORTING.flags)  # prefiltered, not a plain search
    for text in WIRE:
        for start, end in _windows(text):
            assert bool(sources._REPORTING.search(text, start, end)) == bool(
                sources._REPORTING_HINT.search(text, start, end)), text[start:end]


def _plain_anchors(aset: AnchoredSet, lowered: str, anchors: dict[str, set[str]]) -> dict[str, set[int]]:
    """The old definition: an anchor occurrence whose previous character is not a word character."""
    found: dict[str, set[int]] = {key: set() for key in aset.patterns}
    for key, words in anchors.items():
        for word in words:
            for m in re.finditer(re.escape(word), lowered):
                p = m.start()
                if p == 0 or not (lowered[p - 1].isalnum() or lowered[p - 1] == "_"):
                    found[key].add(p)
    return found


def test_anchored_positions_cover_every_word_initial_anchor() -> None:
    anchors = {"day": {"last night", "yesterday"}, "num": {"a", "3", "in"}, "dash": {"al-", "u.n."}}
    pattern = re.compile("x")
    aset = AnchoredSet({key: (pattern, words) for key, words in anchors.items()})
    for text in [*WIRE, "al-Qaeda_a (3) in-3 a,a _a U.N. last-night IN", "İn a İ"]:
        lowered = fold_case(text)
        got = aset.positions(lowered)
        for key, want in _plain_anchors(aset, lowered, anchors).items():
            assert want <= set(got[key]), (key, text)
            assert got[key] == sorted(set(got[key]))


@pytest.mark.parametrize("kind", ["day_word", "week_word", "month_word", "last_year", "period", "ago"])
def test_date_phrase_anchors_are_where_matches_start(kind: str) -> None:
    """Every match of a date pattern starts at one of its (whole-phrase) anchors."""
    pattern = dict(dates._PATTERNS)[kind]
    texts = [*WIRE, "Over the weekend and earlier this week, late last month and this month: the previous "
             "year, a year ago, every year, each year, per year, annually, to date, in recent weeks, "
             "in the first half of, in second quarter of, between 2014 and 2016, 3 weeks before, "
             "several months earlier, a few days ago, this evening, earlier today, tonight."]
    for text in texts:
        positions = dates.date_positions(text)
        for m in pattern.finditer(text):
            start = m.start()
            while text[start].isspace():
                start += 1
            found = list(dates._anchored().finditer(kind, text, positions, 0, len(text)))
            assert any(f.start() <= start < f.end() for f in found), (kind, m.group())


def test_date_finding_unchanged_without_the_ago_shortcut() -> None:
    for text in WIRE:
        published = dates.dt.date(2021, 1, 9)
        positions = dates.date_positions(text)
        unfiltered = dict(positions, odd_case=[1])
        got = dates.find_dates(text, 0, len(text), published, positions)
        want = dates.find_dates(text, 0, len(text), published, unfiltered)
        assert [(s.start, s.end, s.value) for s in got] == [(s.start, s.end, s.value) for s in want]


def test_casualty_shortcuts_drop_nothing() -> None:
    """Count-led patterns need their casualty word after the count, body finds their 'found': the
    same figures come out with and without those shortcuts."""
    for text in WIRE:
        scanned = casualties.casualty_positions(text)
        lowered, positions = scanned
        unfiltered = (lowered, dict(positions, odd_case=[1]))
        got = casualties.find_casualties(text, 0, len(text), None, scanned)
        want = casualties.find_casualties(text, 0, len(text), None, unfiltered)
        assert [(s.start, s.end, s.value) for s in got] == [(s.start, s.end, s.value) for s in want]
    figures = [s.value.count for s in casualties.find_casualties(WIRE[4], 0, len(WIRE[4]))]
    assert figures == [3]


@pytest.mark.parametrize(("text", "day", "killed"), [
    (WIRE[0], "2021-01-09", 3),
    (WIRE[3], "2021-01-07", 0),
    ("One policeman was killed and four others were injured when a roadside bomb went off in Kandahar, "
     "Afghanistan, on Friday.", "2021-01-08", 1),
    ("Troops killed 14 militants in Borno state, Nigeria, on Monday, the army said; 3 soldiers were also killed.",
     "2021-01-04", 17),
    ("The bodies of three men were found in a ditch in Tillaberi, Niger, on Tuesday, a local official told AFP.",
     "2021-01-05", 3),
])
def test_articles_with_an_incident_still_yield_a_record(text: str, day: str, killed: int) -> None:
    """The skipped work never costs an incident: date (incl. "two days ago"), toll and record survive."""
    records = extract(text, published="2021-01-09")
    assert records
    assert (records[0].event_date, records[0].fatalities) == (day, killed)


def test_date_hints_answered_from_one_pass() -> None:
    """Digit / month / weekday hints per sentence, from one pass per article, overlaps included."""
    for text in [*WIRE, "SATUESATHU satue sathu on Sun", "MarDec JanFeb 12", "satuesatue", "١٢ digits"]:
        positions = dates.date_positions(text)
        for start, end in _windows(text)[::3]:
            for name, hint in dates._HINTS.items():
                assert dates._present(name, text, start, end, {}, positions) == bool(
                    hint.search(text, start, end)), (name, text[start:end])


def test_strict_cues_answer_like_the_regex_even_with_case_oddities() -> None:
    """Responsibility and unclaimed cues: prefiltered, yet exactly the regex's matches, also in a
    text with a dotless i or long s that IGNORECASE folds and lower() does not."""
    from conflictwatch.extract import event_types, incidents

    texts = [*WIRE, "IS ſaid it was behind the attack; no group has claımed the blast.",
             "Al-Shabaab claimed responsibility. The attack was not immediately claimed, it has not been claimed."]
    for text in texts:
        for start, end in _windows(text)[::4]:
            got = [m.span() for m in incidents._RESPONSIBILITY_CUE.finditer(text, start, end)]
            assert got == [m.span() for m in incidents._RESPONSIBILITY.finditer(text, start, end)]
            a = event_types._UNCLAIMED_CUE.search(text, start, end)
            b = event_types._UNCLAIMED.search(text, start, end)
            assert (a and a.span()) == (b and b.span())


def test_spaced_text_makes_exactly_the_non_word_characters_spaces() -> None:
    from conflictwatch.extract.prefilter import _spaced

    for text in [*WIRE, "a_b-c.d", "“Quote” — dash…", "İstanbul ١٢ ² ½ é ß", ""]:
        assert _spaced(text) == re.sub(r"\W", " ", text)
        assert _spaced(text) == re.sub(r"\W", " ", text)  # the second answer comes from the cache
