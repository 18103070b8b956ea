"""Relative dates resolve against the publication date with ACLED's time precision."""

import datetime as dt

import pytest

from conflictwatch.extract.dates import find_dates, publication_date_from_text

SATURDAY = dt.date(2021, 1, 9)
THURSDAY = dt.date(2021, 2, 4)


def _dates(sentence: str, published: dt.date) -> list[tuple[str, dt.date | None, int, str]]:
    return [(sentence[s.start:s.end], s.value.date, s.value.precision, s.value.kind)
            for s in find_dates(sentence, 0, len(sentence), published)]


@pytest.mark.parametrize(
    ("sentence", "published", "expected_date", "precision"),
    [
        ("Gunmen killed five villagers on Saturday (Jan 9).", SATURDAY, dt.date(2021, 1, 9), 1),
        ("Militants stormed a checkpoint on Saturday.", SATURDAY, dt.date(2021, 1, 9), 1),
        ("The ambush late last Sunday killed four soldiers.", SATURDAY, dt.date(2021, 1, 3), 1),
        ("A car bomb exploded on Wednesday near the market.", THURSDAY, dt.date(2021, 2, 3), 1),
        ("Insurgents attacked the base yesterday.", THURSDAY, dt.date(2021, 2, 3), 1),
        ("Rockets hit the airport overnight.", THURSDAY, dt.date(2021, 2, 3), 1),
        ("Clashes erupted earlier this week in the north.", THURSDAY, dt.date(2021, 2, 2), 2),
        ("A drone strike last month killed a commander.", THURSDAY, dt.date(2021, 1, 15), 3),
        ("Troops retook the town in October.", dt.date(2021, 1, 20), dt.date(2020, 10, 15), 3),
        ("IS said it was behind a December 30 bus ambush.", dt.date(2021, 1, 9), dt.date(2020, 12, 30), 1),
        ("On 9 May 2020, protesters gathered in the square.", dt.date(2020, 5, 10), dt.date(2020, 5, 9), 1),
        ("The attack took place three days ago.", THURSDAY, dt.date(2021, 2, 1), 1),
        ("Gunmen stormed the village late Saturday.", THURSDAY, dt.date(2021, 1, 30), 1),
        ("Early Tuesday, militants shelled the town.", THURSDAY, dt.date(2021, 2, 2), 1),
        ("The convoy was ambushed the day before yesterday.", THURSDAY, dt.date(2021, 2, 2), 1),
        ("Troops retook the town in early February.", THURSDAY, dt.date(2021, 2, 4), 3),
    ],
)
def test_event_dates_resolve_against_publication(sentence, published, expected_date, precision):
    events = [d for d in _dates(sentence, published) if d[3] == "event"]
    assert events, f"no event date found in {sentence!r}"
    assert events[0][1] == expected_date
    assert events[0][2] == precision


def test_report_time_is_not_the_event_time():
    found = _dates("The Observatory reported on Wednesday that 19 were killed.", THURSDAY)
    assert [(d[1], d[3]) for d in found] == [(dt.date(2021, 2, 3), "report")]
    found = _dates("Last month, the group said it carried out the raid.", THURSDAY)
    assert found[0][3] == "report"
    found = _dates("On Wednesday, the army said militants had attacked the base.", THURSDAY)
    assert found[0][3] == "report"
    found = _dates("The death toll from the bombing rose to 17 on Wednesday, a hospital official said.", THURSDAY)
    assert found[0][3] == "report"  # the day the toll was revised, not the bombing's


def test_a_date_ending_the_incident_clause_is_the_event_date():
    sentence = "Gunmen killed six soldiers near Gao, Mali, on Wednesday, the army said."
    events = [d for d in _dates(sentence, THURSDAY) if d[3] == "event"]
    assert [(d[1], d[2]) for d in events] == [(dt.date(2021, 2, 3), 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 387,000 people have been killed since the war broke out in 2011.",
        "Fighting has killed 1,200 people so far this year.",
        "In recent months, attacks on convoys have multiplied.",
        "The militia has lost 300 fighters in the past month.",
        "Rights monitors documented 270 civilians killed by air strikes on the city during January.",
        "Infighting among rebel factions has killed over 350 fighters in less than a month.",
        "At least 90 people have been killed within the past two weeks, the monitor said.",
    ],
)
def test_aggregates_are_periods_or_history(sentence):
    kinds = {d[3] for d in _dates(sentence, THURSDAY)}
    assert kinds & {"period", "history"}
    assert "event" not in kinds


def test_lowercase_may_is_not_a_month():
    assert _dates("The toll may climb as rescuers search the rubble.", THURSDAY) == []


def test_future_dates_are_marked():
    kinds = [d[3] for d in _dates("Talks will resume next Monday in Doha.", THURSDAY)]
    assert kinds == ["future"]


def test_publication_date_from_a_date_line():
    text = "HEADLINE HERE\n\nWorld\n\nSat 09 January 2021:\n\nGunmen killed two people on Saturday."
    day, (start, end) = publication_date_from_text(text)
    assert day == dt.date(2021, 1, 9)
    assert "09 January 2021" in text[start:end]


def test_publication_date_from_an_updated_line():
    text = "Troops clashed with rebels on Wednesday.\nUpdated at 10:54 am on February 4, 2021\nComments"
    day, _ = publication_date_from_text(text)
    assert day == dt.date(2021, 2, 4)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("29-06-2016 Seven civilians killed in car bomb attack", dt.date(2016, 6, 29)),
        ("Published 28.04.2017 by the desk", dt.date(2017, 4, 28)),
        ("Posted 06/29/2016 by staff", dt.date(2016, 6, 29)),
    ],
)
def test_numeric_publication_dates(line, expected):
    day, _ = publication_date_from_text(line)
    assert day == expected


def test_a_day_of_fighting_in_24_hours_is_not_a_tally():
    # "killed in 24 hours" of one battle is that day's incident, as ACLED codes it
    kinds = {d[3] for d in _dates("At least 70 fighters were killed in 24 hours of clashes on Wednesday.", THURSDAY)}
    assert kinds == {"event"}


def test_the_date_a_period_starts_from_is_not_an_event():
    kinds = {d[3] for d in _dates("The group has held the town since 10 August 2014, the report said.", THURSDAY)}
    assert kinds == {"period"}
