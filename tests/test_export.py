"""Exports: ACLED-named CSV, UCDP-style CSV, GeoJSON, JSON, JSON lines, the table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conflictwatch.export import ACLED_COLUMNS, write_records
from conflictwatch.record import Claim, EventRecord

ACLED_CSV = Path("/work/shared/datasets/acled-2020-05/acled.csv")


def _records() -> list[EventRecord]:
    a = EventRecord(
        event_id="SYR-1", event_date="2021-01-13", time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", actor1="Military Forces of Russia", actor2="Islamic State",
        inter1=8, inter2=2, country="Syria", iso3="SYR", admin1="Homs", location="Palmyra", latitude=34.56,
        longitude=38.28, geo_precision=1, fatalities=15, fatalities_low=13, fatalities_high=15,
        claims=[Claim(source="SANA", fatalities=13), Claim(source="SOHR", fatalities=15)],
        sources=["SOHR", "SANA"], notes='Strikes, "quoted", near Palmyra; 15 killed.', article_ids=["a1", "a2"],
    )
    b = a.model_copy(update={"event_id": "SYR-2", "latitude": None, "longitude": None, "fatalities": 0,
                             "fatalities_low": 0, "fatalities_high": 0, "actor2": None, "inter2": None})
    return [a, b]


def _out(fmt: str) -> str:
    buf = io.StringIO()
    write_records(_records(), fmt, buf)
    return buf.getvalue()


def test_csv_uses_acleds_columns_in_acleds_order() -> None:
    rows = list(csv.DictReader(io.StringIO(_out("csv"))))
    header = next(csv.reader(io.StringIO(_out("csv"))))
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    if ACLED_CSV.exists():
        with ACLED_CSV.open(newline="") as f:
            assert tuple(next(csv.reader(f))) == ACLED_COLUMNS
    first = rows[0]
    assert first["event_id_cnty"] == "SYR-1" and first["event_date"] == "2021-01-13" and first["year"] == "2021"
    assert int(first["fatalities"]) == 15
    assert first["source"] == "SOHR; SANA"
    assert first["notes"] == 'Strikes, "quoted", near Palmyra; 15 killed.'
    assert first["interaction"] == "28" and first["iso"] == "760"
    assert (first["fatalities_low"], first["fatalities_high"]) == ("13", "15")
    assert rows[1]["inter2"] == "0" and rows[1]["interaction"] == "80"


def test_ucdp_has_the_fatality_range() -> None:
    (row, _) = list(csv.DictReader(io.StringIO(_out("ucdp"))))
    assert (row["best"], row["low"], row["high"]) == ("15", "13", "15")
    assert row["side_a"] == "Military Forces of Russia" and row["side_b"] == "Islamic State"
    assert row["date_start"] == row["date_end"] == "2021-01-13"
    assert row["source_article"] == "a1; a2" and row["where_coordinates"] == "Palmyra, Homs, Syria"


def test_geojson_points_skip_records_without_coordinates() -> None:
    fc = json.loads(_out("geojson"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1
    feature = fc["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.28, 34.56]}
    assert feature["properties"]["fatalities_high"] == 15


def test_json_and_jsonl_round_trip() -> None:
    assert [EventRecord.model_validate(d) for d in json.loads(_out("json"))] == _records()
    lines = _out("jsonl").splitlines()
    assert [EventRecord.model_validate_json(x) for x in lines] == _records()


def test_table_shows_actors_and_range() -> None:
    text = _out("table")
    assert "Military Forces of Russia vs Islamic State" in text
    assert "15 (13-15)" in text and "Palmyra, Homs, Syria" in text


def test_store_dicts_are_accepted_and_unknown_format_rejected() -> None:
    buf = io.StringIO()
    write_records([{**_records()[0].to_json_dict(), "reviewed": True}], "csv", buf)
    assert "SYR-1" in buf.getvalue()
    with pytest.raises(ValueError):
        write_records(_records(), "xml", io.StringIO())
