"""Writing event records out: JSON, JSON lines, ACLED-style CSV, UCDP GED-style CSV, GeoJSON, a table.

The CSV uses ACLED's column names in ACLED's order so an analyst can load it wherever ACLED's
export loads (dates are ISO, not ACLED's "9-May-20"); our extra fields (the fatality range,
wounded, article ids) follow ACLED's columns so positional readers are not disturbed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, TextIO

from conflictwatch.record import EventRecord

ACLED_COLUMNS: tuple[str, ...] = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "timestamp", "iso3",
)
EXTRA_COLUMNS: tuple[str, ...] = ("fatalities_low", "fatalities_high", "wounded", "article_ids")

UCDP_COLUMNS: tuple[str, ...] = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_original",
    "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "country",
    "iso3", "date_prec", "date_start", "date_end", "best", "low", "high", "event_type",
    "sub_event_type", "notes",
)

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "ucdp", "geojson", "table")
PLACE_UNKNOWN = "place unknown"  # what the table shows for a record the text placed nowhere (country null)

RecordLike = EventRecord | Mapping[str, Any]


def _as_dict(record: RecordLike) -> dict[str, Any]:
    """Records from the extractor are models; records from the store are dicts: accept both."""
    if isinstance(record, EventRecord):
        return record.to_json_dict()
    return dict(record)


@lru_cache(maxsize=512)
def _iso_numeric(iso3: str) -> str:
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=iso3)
    except (ImportError, LookupError, KeyError):
        return ""
    return str(int(country.numeric)) if country is not None else ""


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's two-digit interaction code: the lower actor type first; a lone actor is N0."""
    if not inter1:
        return ""
    if not inter2:
        return str(inter1 * 10)
    low, high = sorted((inter1, inter2))
    return str(low * 10 + high)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def acled_row(record: RecordLike) -> dict[str, Any]:
    """One record as an ACLED export row (plus our extra columns)."""
    r = _as_dict(record)
    event_id = str(r.get("event_id") or "")
    date = r.get("event_date") or ""
    return {
        "data_id": "",
        "iso": _iso_numeric(r.get("iso3") or ""),
        "event_id_cnty": event_id,
        "event_id_no_cnty": "",
        "event_date": date,
        "year": date[:4],
        "time_precision": _blank(r.get("time_precision")),
        "event_type": _blank(r.get("event_type")),
        "sub_event_type": _blank(r.get("sub_event_type")),
        "actor1": _blank(r.get("actor1")),
        "assoc_actor_1": _blank(r.get("assoc_actor_1")),
        "inter1": _blank(r.get("inter1")),
        "actor2": _blank(r.get("actor2")),
        "assoc_actor_2": _blank(r.get("assoc_actor_2")),
        "inter2": r.get("inter2") if r.get("inter2") is not None else (0 if r.get("inter1") else ""),
        "interaction": _interaction(r.get("inter1"), r.get("inter2")),
        "region": "",
        "country": _blank(r.get("country")),
        "admin1": _blank(r.get("admin1")),
        "admin2": _blank(r.get("admin2")),
        "admin3": "",
        "location": _blank(r.get("location")),
        "latitude": _blank(r.get("latitude")),
        "longitude": _blank(r.get("longitude")),
        "geo_precision": _blank(r.get("geo_precision")),
        "source": "; ".join(r.get("sources") or []),
        "source_scale": "",
        "notes": r.get("notes") or "",
        "fatalities": int(r.get("fatalities") or 0),
        "timestamp": "",
        "iso3": _blank(r.get("iso3")),
        "fatalities_low": int(r.get("fatalities_low") or 0),
        "fatalities_high": int(r.get("fatalities_high") or 0),
        "wounded": _blank(r.get("wounded")),
        "article_ids": "; ".join(r.get("article_ids") or []),
    }


_UCDP_TYPE = {"Battles": 1, "Explosions/Remote violence": 1, "Violence against civilians": 3}


def ucdp_row(record: RecordLike) -> dict[str, Any]:
    """One record as a UCDP GED-style row (date_prec/where_prec reuse ACLED's 1-3 precision)."""
    r = _as_dict(record)
    date = r.get("event_date") or ""
    lat, lon = r.get("latitude"), r.get("longitude")
    place = ", ".join(p for p in (r.get("location"), r.get("admin2"), r.get("admin1"), r.get("country")) if p)
    return {
        "id": r.get("event_id") or "",
        "year": date[:4],
        "type_of_violence": _UCDP_TYPE.get(r.get("event_type") or "", ""),
        "side_a": _blank(r.get("actor1")),
        "side_b": _blank(r.get("actor2")),
        "source_article": "; ".join(r.get("article_ids") or []),
        "source_original": "; ".join(r.get("sources") or []),
        "where_prec": _blank(r.get("geo_precision")),
        "where_coordinates": place,
        "adm_1": _blank(r.get("admin1")),
        "adm_2": _blank(r.get("admin2")),
        "latitude": _blank(lat),
        "longitude": _blank(lon),
        "country": _blank(r.get("country")),
        "iso3": _blank(r.get("iso3")),
        "date_prec": _blank(r.get("time_precision")),
        "date_start": date,
        "date_end": date,
        "best": int(r.get("fatalities") or 0),
        "low": int(r.get("fatalities_low") or 0),
        "high": int(r.get("fatalities_high") or 0),
        "event_type": _blank(r.get("event_type")),
        "sub_event_type": _blank(r.get("sub_event_type")),
        "notes": r.get("notes") or "",
    }


def _write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def geojson(records: Iterable[RecordLike]) -> dict[str, Any]:
    """A FeatureCollection of Points; records without coordinates (those the text placed nowhere,
    among others) cannot be mapped and are skipped rather than given a null geometry."""
    features = []
    for record in records:
        r = _as_dict(record)
        lat, lon = r.get("latitude"), r.get("longitude")
        if lat is None or lon is None:
            continue
        features.append({
            "type": "Feature",
            "id": r.get("event_id"),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": r,
        })
    return {"type": "FeatureCollection", "features": features}


def _write_table(records: list[RecordLike], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in ("date", "type / sub-type", "actors", "place", "fatalities"):
        table.add_column(name, overflow="fold")
    for record in records:
        r = _as_dict(record)
        actors = r.get("actor1") or ""
        if r.get("actor2"):
            actors += f" vs {r['actor2']}"
        place = ", ".join(p for p in (r.get("location"), r.get("admin1"), r.get("country")) if p) or PLACE_UNKNOWN
        best, low, high = (int(r.get(k) or 0) for k in ("fatalities", "fatalities_low", "fatalities_high"))
        deaths = str(best) if low == high == best else f"{best} ({low}-{high})"
        kind = f"{r.get('event_type')} / {r.get('sub_event_type')}"
        table.add_row(r.get("event_date") or "", kind, actors, place, deaths)
    Console(file=out, width=160, force_terminal=False, color_system=None).print(table)


def write_records(records: Iterable[RecordLike], fmt: str, out: TextIO) -> None:
    """Write `records` to `out` in `fmt` (one of FORMATS)."""
    records = list(records)
    dicts = [_as_dict(r) for r in records]
    writers: dict[str, Callable[[], None]] = {
        "json": lambda: out.write(json.dumps(dicts, ensure_ascii=False, indent=1) + "\n"),
        "jsonl": lambda: out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in dicts),
        "csv": lambda: _write_csv((acled_row(r) for r in dicts), ACLED_COLUMNS + EXTRA_COLUMNS, out),
        "ucdp": lambda: _write_csv((ucdp_row(r) for r in dicts), UCDP_COLUMNS, out),
        "geojson": lambda: out.write(json.dumps(geojson(dicts), ensure_ascii=False) + "\n"),
        "table": lambda: _write_table(dicts, out),
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    writers[fmt]()
