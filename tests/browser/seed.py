"""A small seeded database for the dashboard: five wire-style articles in three countries.

Each article is coded by the real pipeline when it runs and yields records; otherwise (pipeline not
importable yet, or nothing coded) by the hand-coded records below, whose evidence spans are found in
the text, so the event page always has spans to highlight. One article carries
`<script>window.__pwned=1</script>` and `<b>bold</b>` in its text: the page must show them as text.

    python -m tests.browser.seed sqlite:///dash.sqlite     # then serve it
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from conflictwatch.document import Article
from conflictwatch.record import EventRecord
from conflictwatch.store import Store

XSS = "<script>window.__pwned=1</script>"

ARTICLES: list[dict[str, Any]] = [
    {
        "id": "reuters-dez-0110",
        "outlet": "Reuters",
        "title": "Islamic State kills seven pro-government fighters in eastern Syria",
        "published": dt.date(2021, 1, 10),
        "text": (
            "BEIRUT (Reuters) - Islamic State militants attacked a position of the National Defence Forces "
            "near Al-Shola in Deir ez-Zor province on Saturday, killing seven fighters, the Syrian Observatory "
            "for Human Rights said. State news agency SANA said five soldiers were killed in the ambush."
        ),
        "record": {
            "event_date": "2021-01-09", "time_precision": 1, "event_type": "Battles",
            "sub_event_type": "Armed clash", "actor1": "Islamic State", "actor2": "NDF: National Defence Forces",
            "inter1": 2, "inter2": 3, "country": "Syria", "iso3": "SYR", "admin1": "Deir ez-Zor",
            "location": "Al-Shola", "latitude": 35.25, "longitude": 40.17, "geo_precision": 2,
            "fatalities": 7, "fatalities_low": 5, "fatalities_high": 7,
            "claims": [("Syrian Observatory for Human Rights", 7, "killing seven fighters"),
                       ("SANA", 5, "five soldiers were killed")],
            "notes": "On 9 January 2021, IS militants attacked NDF members near Al-Shola, Deir ez-Zor, killing 7.",
            "ev": {"event_date": "on Saturday", "actor1": "Islamic State militants",
                   "actor2": "National Defence Forces", "location": "Al-Shola", "admin1": "Deir ez-Zor",
                   "event_type": "attacked", "fatalities": "killing seven fighters", "country": "Deir ez-Zor"},
        },
    },
    {
        "id": "afp-hama-0121",
        "outlet": "AFP",
        "title": "Air strikes kill three in Hama countryside",
        "published": dt.date(2021, 1, 21),
        "text": (
            "DAMASCUS (AFP) - Russian air strikes on the village of Kafr Nabudah in Hama province killed three "
            "civilians on Wednesday, a war monitor said."
        ),
        "record": {
            "event_date": "2021-01-20", "time_precision": 1, "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia",
            "actor2": "Civilians (Syria)", "inter1": 8, "inter2": 7, "country": "Syria", "iso3": "SYR",
            "admin1": "Hama", "location": "Kafr Nabudah", "latitude": 35.42, "longitude": 36.52,
            "geo_precision": 1, "fatalities": 3, "fatalities_low": 3, "fatalities_high": 3,
            "claims": [("war monitor", 3, "killed three civilians")],
            "notes": "On 20 January 2021, Russian air strikes hit Kafr Nabudah, Hama, killing 3 civilians.",
            "ev": {"event_date": "on Wednesday", "actor1": "Russian air strikes", "location": "Kafr Nabudah",
                   "admin1": "Hama", "fatalities": "killed three civilians", "actor2": "civilians"},
        },
    },
    {
        "id": "ap-anbar-0204",
        "outlet": "AP",
        "title": "Roadside bomb kills two Iraqi soldiers <b>bold</b>",
        "published": dt.date(2021, 2, 4),
        "text": (
            "BAGHDAD (AP) - A roadside bomb struck an army patrol near Ramadi in Anbar province on Wednesday, "
            "killing two soldiers, Iraqi security officials said. A caption on the page read <b>bold</b> and "
            f"the page also carried {XSS} which must never run."
        ),
        "record": {
            "event_date": "2021-02-03", "time_precision": 1, "event_type": "Explosions/Remote violence",
            "sub_event_type": "Remote explosive/landmine/IED", "actor1": "Unidentified Armed Group (Iraq)",
            "actor2": "Military Forces of Iraq", "inter1": 3, "inter2": 1, "country": "Iraq", "iso3": "IRQ",
            "admin1": "Anbar", "location": "Ramadi", "latitude": 33.42, "longitude": 43.30, "geo_precision": 2,
            "fatalities": 2, "fatalities_low": 2, "fatalities_high": 2,
            "claims": [("Iraqi security officials", 2, "killing two soldiers")],
            "notes": "On 3 February 2021, an IED struck an Iraqi army patrol near Ramadi, Anbar, killing 2.",
            "ev": {"event_date": "on Wednesday", "sub_event_type": "roadside bomb", "location": "Ramadi",
                   "admin1": "Anbar", "fatalities": "killing two soldiers", "actor2": "army patrol"},
        },
    },
    {
        "id": "rudaw-baghdad-0215",
        "outlet": "Rudaw",
        "title": "Hundreds protest power cuts in Baghdad",
        "published": dt.date(2021, 2, 15),
        "text": (
            "BAGHDAD (Rudaw) - Hundreds of protesters gathered in Tahrir Square in Baghdad on Monday to demand "
            "an end to power cuts. No injuries were reported."
        ),
        "record": {
            "event_date": "2021-02-15", "time_precision": 1, "event_type": "Protests",
            "sub_event_type": "Peaceful protest", "actor1": "Protesters (Iraq)", "inter1": 6,
            "country": "Iraq", "iso3": "IRQ", "admin1": "Baghdad", "location": "Baghdad",
            "latitude": 33.34, "longitude": 44.40, "geo_precision": 1,
            "fatalities": 0, "fatalities_low": 0, "fatalities_high": 0, "claims": [],
            "notes": "On 15 February 2021, hundreds protested power cuts in Tahrir Square, Baghdad.",
            "ev": {"event_date": "on Monday", "actor1": "protesters", "location": "Baghdad",
                   "event_type": "protesters gathered"},
        },
    },
    {
        "id": "reuters-borno-0129",
        "outlet": "Reuters",
        "title": "Gunmen kill 12 villagers in northeast Nigeria",
        "published": dt.date(2021, 1, 29),
        "text": (
            "MAIDUGURI, Nigeria (Reuters) - Boko Haram gunmen killed at least 12 villagers in an attack on "
            "Kautikari in Borno state on Thursday, a local official said."
        ),
        "record": {
            "event_date": "2021-01-28", "time_precision": 1, "event_type": "Violence against civilians",
            "sub_event_type": "Attack", "actor1": "Boko Haram - Jamatu Ahli as-Sunna lid-Dawati wal-Jihad",
            "actor2": "Civilians (Nigeria)", "inter1": 2, "inter2": 7, "country": "Nigeria", "iso3": "NGA",
            "admin1": "Borno", "location": "Kautikari", "latitude": 10.93, "longitude": 12.80,
            "geo_precision": 1, "fatalities": 12, "fatalities_low": 12, "fatalities_high": 12,
            "claims": [("local official", 12, "killed at least 12 villagers")],
            "notes": "On 28 January 2021, Boko Haram gunmen attacked Kautikari, Borno, killing 12 villagers.",
            "ev": {"event_date": "on Thursday", "actor1": "Boko Haram gunmen", "location": "Kautikari",
                   "admin1": "Borno", "fatalities": "killed at least 12 villagers", "actor2": "villagers"},
        },
    },
]


def _span(text: str, phrase: str) -> list[tuple[int, int]]:
    start = text.find(phrase)
    return [(start, start + len(phrase))] if start >= 0 else []


def hand_coded(article: Article, spec: dict[str, Any]) -> EventRecord:
    """The record an analyst would code for this article, with spans found in its text."""
    text = article.text
    data = {k: v for k, v in spec.items() if k not in ("ev", "claims")}
    data["evidence"] = {field: _span(text, phrase) for field, phrase in spec["ev"].items() if phrase in text}
    data["claims"] = [{"source": src, "fatalities": n, "wounded": None, "qualifier": "exact",
                       "evidence": _span(text, phrase)} for src, n, phrase in spec["claims"]]
    data["sources"] = sorted({article.outlet or ""} | {c[0] for c in spec["claims"]} - {""})
    data["article_ids"] = [article.id]
    data["event_id"] = f"{article.id}-1"
    return EventRecord.model_validate(data)


def code(article: Article, spec: dict[str, Any], use_pipeline: bool) -> list[EventRecord]:
    if use_pipeline:
        try:
            from conflictwatch.extract.pipeline import get_pipeline

            records = [r for r in get_pipeline()(article) if r.latitude is not None]
            if records:
                return records
        except Exception:  # noqa: BLE001 - the pipeline is optional here; fall back to hand coding
            pass
    return [hand_coded(article, spec["record"])]


def seed(url: str, use_pipeline: bool = False) -> Store:
    """Fill the database at `url` and return the open store."""
    store = Store(url)
    for spec in ARTICLES:
        article = Article(id=spec["id"], text=spec["text"], title=spec["title"], outlet=spec["outlet"],
                          published=spec["published"], url=f"https://example.org/{spec['id']}")
        store.add_article(article, code(article, spec, use_pipeline))
    return store


if __name__ == "__main__":
    seed(sys.argv[1], use_pipeline="--pipeline" in sys.argv).close()
    print(f"seeded {sys.argv[1]}")
