"""Killed and wounded figures: numbers in words and digits, qualifiers, sums, subsets."""

import pytest

from conflictwatch.extract.casualties import find_casualties


def _figures(sentence: str) -> list[tuple[str, int | None, str, bool]]:
    return [(s.value.kind, s.value.count, s.value.qualifier, s.value.subset)
            for s in find_casualties(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants killed at least seven soldiers near the border.", [("killed", 7, "at_least", False)]),
        ("Twenty-one people were killed when the bus hit a mine.", [("killed", 21, "exact", False)]),
        ("More than 40 civilians died in the shelling.", [("killed", 40, "more_than", False)]),
        ("Up to 12 fighters were killed, a commander said.", [("killed", 12, "up_to", False)]),
        ("About 30 people were injured in the blast.", [("wounded", 30, "about", False)]),
        ("The raid left 14 people dead and 30 wounded.", [("killed", 14, "exact", False),
                                                           ("wounded", 30, "exact", False)]),
        ("Gunmen killed five people and wounded 12 others.", [("killed", 5, "exact", False),
                                                               ("wounded", 12, "exact", False)]),
        ("The death toll rose to 23 on Monday.", [("killed", 23, "exact", False)]),
        ("A 25-year-old man was shot dead at a checkpoint.", [("killed", 1, "exact", False)]),
        ("Dozens of people were killed in the raid.", [("killed", 12, "about", False)]),
        ("No casualties were reported.", [("killed", 0, "exact", False)]),
    ],
)
def test_figures(sentence, expected):
    assert _figures(sentence) == expected


def test_parts_are_summed():
    sentence = "The ambush resulted in the deaths of eight soldiers, four allied fighters and three civilians."
    assert _figures(sentence) == [("killed", 15, "exact", False)]
    assert _figures("Two soldiers and three civilians were killed.") == [("killed", 5, "exact", False)]


def test_subsets_are_marked_not_added():
    sentence = "Those killed include 11 militants from the Baqer Brigade, the monitor said."
    assert all(subset for *_, subset in _figures(sentence)) or _figures(sentence) == []
    figures = _figures("At least 19 fighters were killed, including 11 from the brigade.")
    assert figures[0] == ("killed", 19, "at_least", False)
    assert all(f[3] for f in figures[1:])


def test_vague_wounded_count_is_unknown():
    assert _figures("Gunmen wounded several other fighters.") == [("wounded", None, "about", False)]


def test_dates_and_ages_are_not_counts():
    sentence = "On 30 December, 2 soldiers were killed."
    blocked = [(3, 14)]
    found = find_casualties(sentence, 0, len(sentence), blocked)
    assert [(s.value.count) for s in found] == [2]


def test_a_year_is_not_a_count():
    sentence = "Two civilians were killed in the first deaths since the truce of September 2016 killed 2016 hopes."
    assert [f[1] for f in _figures(sentence)] == [2]


def test_parts_counted_in_digits_are_summed():
    # a part of two digits or more ("and 35") joins the sum as a single digit did; a noun phrase of two words
    # in either part does not break it
    assert _figures("Some 140 Taliban insurgents and 35 foreign fighters were killed overnight.") == [
        ("killed", 175, "about", False)]
    assert _figures("Eleven army troops and 27 militants were killed in the battle.") == [
        ("killed", 38, "exact", False)]


def test_a_second_figure_after_and_is_not_a_part():
    # "4 dead and 13 injured", "3 children and 43 others were injured": two figures, not one sum
    assert _figures("The shelling claimed 4 martyrs and 6 injured.") == [("wounded", 6, "exact", False)]
    assert _figures("The blast left 12 dead and 10 injured.") == [("killed", 12, "exact", False),
                                                                  ("wounded", 10, "exact", False)]
    figures = _figures("Five people were killed including 2 children and 7 others were injured in the blast.")
    assert ("wounded", 7, "exact", False) in figures
    assert all(count != 9 for _, count, *_ in figures)
