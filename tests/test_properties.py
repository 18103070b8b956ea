"""Properties that hold for any text: extraction never raises, and all evidence points into the text."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pipeline_module = pytest.importorskip("conflictwatch.extract.pipeline")

WIRE_WORDS = [
    "Gunmen", "killed", "at", "least", "seven", "soldiers", "in", "Kano", "on", "Tuesday", ",", "police", "said", ".",
    "Islamic", "State", "claimed", "the", "attack", "near", "Deir", "Ezzor", "province", "since", "2011", "wounded",
    "12", "civilians", "last", "month", "December", "30", "(", "Jan", "9", ")", "according", "to", "SOHR", "\n",
    "dozens", "including", "11", "May", "protesters", "arrested", "airstrike", "Taliban", "Kabul", "“", "”",
]

wire_text = st.lists(st.sampled_from(WIRE_WORDS), max_size=80).map(" ".join)
any_text = st.text(max_size=400)


def _check(text: str) -> None:
    from conflictwatch.document import Article

    article = Article(id="prop", text=text, published=dt.date(2021, 1, 9))
    for record in pipeline_module.get_pipeline()(article):
        for spans in record.evidence.values():
            for start, end in spans:
                assert 0 <= start <= end <= len(text)
        for claim in record.claims:
            for start, end in claim.evidence:
                assert 0 <= start <= end <= len(text)
        assert record.fatalities_low <= record.fatalities <= record.fatalities_high


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_extract_never_raises_on_arbitrary_text(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wire_text)
def test_extract_never_raises_on_wire_like_text(text):
    _check(text)
