"""The gazetteer: every place name we know, reduced to spelling-proof keys.

News transliterates Arabic, Pashto or Somali names a dozen ways (Deir Ezzor, Deir ez-Zor, Dayr az
Zawr, Deir al-Zour), so names are compared through a key that drops what varies between
transliterations: articles (al-, el-, ash-, ...), doubled letters, the h of kh/sh/gh/th, q/k,
and every vowel run collapses to one "a". The key is computed per token and concatenated, so the
text side can key a token once and reuse it for every n-gram it belongs to.

The shipped index (``resources/gazetteer.pkl.gz``) is built by ``resources/build_gazetteer.py``
from GeoNames (CC BY 4.0) data that installs from PyPI; ``conflictwatch gazetteer add SY`` adds a
country's full GeoNames dump (villages) from the user data directory.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import pickle
import re
import unicodedata
import urllib.request
import zipfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.fuzz import ratio as _ratio

INDEX_VERSION = 1
RESOURCES = "conflictwatch.resources"
INDEX_NAME = "gazetteer.pkl.gz"
SETTLEMENTS_NAME = "settlements.csv.gz"
GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/{cc}.zip"

# Feature kinds. Precision is what an incident placed *in* such a feature gets (ACLED scale).
KINDS = ("city", "admin1", "country", "region", "area")
KIND_CITY, KIND_ADMIN1, KIND_COUNTRY, KIND_REGION, KIND_AREA = range(5)
# regions.csv kinds -> gazetteer kind. Settlements are precise; natural features are "near";
# deserts, border zones and historical regions only say "somewhere in this wide area".
CURATED_KIND = {
    "village": KIND_CITY, "town": KIND_CITY, "city": KIND_CITY, "camp": KIND_CITY,
    "crossing": KIND_CITY, "base": KIND_CITY, "airport": KIND_CITY, "neighbourhood": KIND_CITY,
    "valley": KIND_AREA, "forest": KIND_AREA, "mountain": KIND_AREA, "lake": KIND_AREA,
    "island": KIND_AREA, "area": KIND_AREA, "oasis": KIND_AREA, "district": KIND_AREA,
    "field": KIND_AREA, "frontline": KIND_AREA,
    "desert": KIND_REGION, "region": KIND_REGION, "border": KIND_REGION, "province": KIND_REGION,
}

# ---------------------------------------------------------------------------------------------
# Keys

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼʿʾ`](?!s\b)[^\W\d_]+)*")
_ARTICLES = frozenset(
    "al el il ul ad ed ar er as es ash esh at et az ez an en adh ath uz us ud ur ut".split()
)
# Articles that are also English words: only an article when hyphenated to the next word.
_ENGLISH_ARTICLES = frozenset({"as", "at", "an", "en", "us", "ad"})
_APOSTROPHES = str.maketrans("", "", "'’ʼʿʾ`‘")
_ASSIMILATED = re.compile(r"^[ae](t|d|r|s|z|n)(?=\1[a-z]{2})")  # Ezzor -> zor (ez-Zor)
_H_AFTER_CONS = re.compile(r"([kgsctdzp])h")
_H_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])h(?![aeiouy])")
_C_HARD = re.compile(r"c(?![eiy])")
_Y_VOWEL = re.compile(r"(?<=.)y")
_W_VOWEL = re.compile(r"(?<=[aeiou])w(?![aeiou])")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")


_TA_MARBUTA = re.compile(r"(?<=[aei])h$")


@lru_cache(maxsize=262_144)
def fold(text: str) -> str:
    """ASCII-fold: strip accents and apostrophes (ʿayn, hamza), lowercase (cached: words recur)."""
    if text.isascii():
        return text.translate(_APOSTROPHES).lower()
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=262_144)
def is_article(token: str) -> bool:
    return fold(token) in _ARTICLES


@lru_cache(maxsize=200_000)
def token_key(token: str, first: bool = True) -> str:
    """Skeleton of one word; equal for the usual transliteration variants of the same word."""
    t = fold(token)
    t = "".join(c for c in t if "a" <= c <= "z")
    if not t:
        return ""
    if not first:
        t = _ASSIMILATED.sub("", t)
    t = t.replace("ph", "f").replace("dj", "j").replace("ck", "k").replace("q", "k")
    t = _H_AFTER_CONS.sub(r"\1", t)
    t = _H_AFTER_VOWEL.sub("", t)
    t = _C_HARD.sub("k", t)
    t = _Y_VOWEL.sub("i", t)
    t = _W_VOWEL.sub("", t)
    t = _DOUBLE.sub(r"\1", t)
    t = _VOWELS.sub("a", t)
    return t


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def name_key(name: str) -> str:
    """Key of a whole name, as the gazetteer stores it (articles dropped, tokens keyed)."""
    toks = [t for _, _, t in tokens(name)]
    parts: list[str] = []
    for i, tok in enumerate(toks):
        if i < len(toks) - 1 and fold(tok) in _ARTICLES:
            continue
        parts.append(token_key(tok, first=not parts))
    return "".join(parts)


def bare(name: str) -> str:
    """Letters of a name without its articles: equal only for the same spelling (exactness)."""
    toks = [t for _, _, t in tokens(name)]
    kept = [t for i, t in enumerate(toks) if not (i < len(toks) - 1 and fold(t) in _ARTICLES)]
    return "".join(c for c in fold("".join(kept)) if "a" <= c <= "z")


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin script (news we read is in English)."""
    return all(not c.isalpha() or ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in name)


# ---------------------------------------------------------------------------------------------
# Index


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    pid: int
    name: str
    kind: int
    cc: str          # ISO2
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]


class Gazetteer:
    """Columns of places plus key -> place ids; cheap to load, cheap to query."""

    def __init__(self, data: dict) -> None:
        self.names: list[str] = data["names"]
        self.kinds: bytes | bytearray = data["kinds"]
        self.ccs: list[str] = data["ccs"]
        self.admin1_of: array = data["admin1_of"]  # index into admin1_names, -1 none
        self.admin2: list[str] = data["admin2"]
        self.lats: array = data["lats"]
        self.lons: array = data["lons"]
        self.pops: array = data["pops"]
        self.admin1_names: list[str] = data["admin1_names"]
        self.admin1_codes: dict[tuple[str, str], int] = data["admin1_codes"]
        self.admin1_place: dict[int, int] = data["admin1_place"]  # admin1 index -> place id
        self.countries: dict[str, tuple[str, str, int]] = data["countries"]  # iso2 -> name, iso3, pid
        self.keys: dict[str, int | tuple[int, ...]] = data["keys"]
        self.demonyms: dict[str, str] = data.get("demonyms", {})  # folded -> iso2 ("syrian" -> SY)
        self.capitals: dict[str, int] = data.get("capitals", {})  # iso2 -> the capital town's place id
        # the capitals and the first-level units spelled like them (Moscow the federal city)
        self.capital_places: frozenset[int] = frozenset(self.capitals.values()) | data.get("capital_units", frozenset())
        self.exact: dict[int, frozenset[str]] = data.get("exact", {})  # non-town pid -> bare names
        # town pid -> "|"-joined bare spellings unlike its main name (for spelling similarity)
        self.spellings: dict[int, str] = data.get("spellings", {})
        # (admin1 index, name key) -> (district name, lat, lon): second-level units the build knows
        self.admin2_points: dict[tuple[int, str], tuple[str, float, float]] = data.get("admin2_points", {})
        # spellings with symbols the word scan cannot see ("J&K"): text -> place id (see overrides)
        self.symbol_names: dict[str, int] = {}
        # settlements known from a national register only by their province (see add_settlements):
        # they carry the province's point, so they can place an incident in it, never more precisely
        self.unplaced: set[int] = set()
        self.near_point: set[int] = set()  # unplaced settlements with their municipality's point
        self._places: dict[int, Place] = {}
        self._bare: dict[int, str] = {}
        self._iso3 = {v[1]: k for k, v in self.countries.items()}

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, key: str) -> tuple[int, ...]:
        hit = self.keys.get(key)
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def is_exact(self, pid: int, bare_name: str) -> bool:
        """Is `bare_name` (see `bare`) one of the place's own spellings, not just a key match?"""
        names = self.exact.get(pid)
        if names is not None:
            return bare_name in names
        own = self._bare.get(pid)
        if own is None:
            own = self._bare[pid] = bare(self.names[pid])
        return own == bare_name

    def similarity(self, pid: int, bare_name: str) -> float:
        """0-100: how close `bare_name` is to the nearest of the place's own spellings.

        The key matches loosely on purpose (vowels collapse); this tells a transliteration variant
        ("Quamishli" ~ "Qamishli", 94) from a different name that keys alike ("Raqqa" ~ "Riga", 44).
        """
        names = self.exact.get(pid)
        if names is not None:
            if bare_name in names:
                return 100.0
            return max((_ratio(bare_name, n) for n in names), default=0.0)
        own = self._bare.get(pid)
        if own is None:
            own = self._bare[pid] = bare(self.names[pid])
        if own == bare_name:
            return 100.0
        best = _ratio(bare_name, own)
        if best < 96 and _TA_MARBUTA.sub("", own) == _TA_MARBUTA.sub("", bare_name):
            best = 96.0  # "Rutba" / "Rutbah", "Nasiriya" / "Nasiriyah": one Arabic ending, two spellings
        extra = self.spellings.get(pid)
        if extra and best < 95:
            # an alternate name (often another language's) is close evidence, never an exact match:
            # "Calamba" is one of Columbus's alternate names, but Calamba is in the Philippines
            for n in extra.split("|"):
                best = max(best, min(95.0, _ratio(bare_name, n)))
        return best

    def has_key(self, key: str) -> bool:
        return key in self.keys

    def place(self, pid: int) -> Place:
        p = self._places.get(pid)
        if p is None:
            a1 = self.admin1_of[pid]
            p = Place(
                pid, self.names[pid], self.kinds[pid], self.ccs[pid],
                self.admin1_names[a1] if a1 >= 0 else None, self.admin2[pid] or None,
                self.lats[pid], self.lons[pid], self.pops[pid],
            )
            self._places[pid] = p
        return p

    def search(self, name: str) -> list[Place]:
        """Places whose key equals the key of `name`, most populous first."""
        return sorted((self.place(i) for i in self.lookup(name_key(name))), key=lambda p: -p.population)

    def country(self, iso2: str) -> tuple[str, str] | None:
        c = self.countries.get(iso2)
        return (c[0], c[1]) if c else None

    def iso2_of(self, iso3: str | None) -> str | None:
        return self._iso3.get(iso3) if iso3 else None

    def admin1_point(self, cc: str, admin1: str) -> Place | None:
        for idx, name in enumerate(self.admin1_names):  # rare call; admin1 lists are short
            if name == admin1 and self.ccs[self.admin1_place.get(idx, 0)] == cc:
                return self.place(self.admin1_place[idx])
        return None

    def add_settlements(self, rows: Iterable[tuple]) -> int:
        """Append register-only settlements (name, iso2, admin1 name[, lat, lon]): a village the index
        lacks, marked `unplaced`, at the given point (its municipality's main town: `near_point`) or
        else at its province's point. Rows naming a unit the index lacks are skipped."""
        units: dict[tuple[str, str], tuple[int, int]] = {}
        for idx, pid in self.admin1_place.items():
            units.setdefault((self.ccs[pid], self.admin1_names[idx]), (idx, pid))
        if not isinstance(self.kinds, bytearray):
            self.kinds = bytearray(self.kinds)
        added = 0
        for row in rows:
            name, cc, admin1 = row[0], row[1], row[2]
            unit = units.get((cc, admin1))
            key = name_key(name)
            if unit is None or len(key) < 3:
                continue
            idx, upid = unit
            pid = len(self.names)
            self.names.append(name)
            self.kinds.append(KIND_CITY)
            self.ccs.append(cc)
            self.admin1_of.append(idx)
            self.admin2.append("")
            if len(row) > 4 and row[3] and row[4]:
                self.lats.append(float(row[3]))
                self.lons.append(float(row[4]))
                self.near_point.add(pid)
            else:
                self.lats.append(self.lats[upid])
                self.lons.append(self.lons[upid])
            self.pops.append(0)
            self.unplaced.add(pid)
            merged = self.lookup(key) + (pid,)
            self.keys[key] = merged[0] if len(merged) == 1 else merged
            added += 1
        return added

    def extend(self, extra: dict) -> None:
        """Append places from a country dump (see `read_geonames_dump`)."""
        offset = len(self.names)
        self.names.extend(extra["names"])
        self.kinds = bytearray(self.kinds) + bytes(extra["kinds"])
        self.ccs.extend(extra["ccs"])
        for cc, code in extra["admin1_code"]:
            self.admin1_of.append(self.admin1_codes.get((cc, code), -1))
        self.admin2.extend(extra["admin2"])
        self.lats.extend(extra["lats"])
        self.lons.extend(extra["lons"])
        self.pops.extend(extra["pops"])
        for key, ids in extra["keys"].items():
            new = tuple(offset + i for i in ids)
            old = self.lookup(key)
            merged = old + new
            self.keys[key] = merged[0] if len(merged) == 1 else merged


def data_dir() -> Path:
    """Where user-added gazetteer data lives: $CONFLICTWATCH_DATA, else the platform data dir."""
    env = os.environ.get("CONFLICTWATCH_DATA")
    if env:
        return Path(env)
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("conflictwatch"))
    except ImportError:  # pragma: no cover
        return Path.home() / ".local" / "share" / "conflictwatch"


def index_path() -> Path:
    return Path(str(resources.files(RESOURCES).joinpath(INDEX_NAME)))


def load_index(path: Path | None = None) -> dict:
    with gzip.open(path or index_path(), "rb") as fh:
        data = pickle.load(fh)
    if data.get("version") != INDEX_VERSION:
        raise RuntimeError("gazetteer index is stale: run python -m conflictwatch.resources.build_gazetteer")
    return data


_GAZETTEER: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: shipped index plus every country added to the data dir."""
    global _GAZETTEER
    if _GAZETTEER is None:
        gaz = Gazetteer(load_index())
        apply_admin1_overrides(gaz)
        gaz.add_settlements(_settlement_rows())
        extra_dir = data_dir() / "gazetteer"
        if extra_dir.is_dir():
            for path in sorted(extra_dir.glob("*.pkl.gz")):
                with gzip.open(path, "rb") as fh:
                    gaz.extend(pickle.load(fh))
        _GAZETTEER = gaz
    return _GAZETTEER


def _settlement_rows() -> list[tuple[str, str, str, str, str]]:
    """The shipped settlement register (resources/settlements.csv.gz, see build_settlements.py)."""
    path = resources.files(RESOURCES).joinpath(SETTLEMENTS_NAME)
    if not path.is_file():
        return []
    with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [(r["name"], r["cc"], r["admin1"], r.get("lat") or "", r.get("lon") or "") for r in rows]


def _override_rows() -> list[dict[str, str]]:
    text = resources.files(RESOURCES).joinpath("admin1_overrides.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


def apply_admin1_overrides(gaz: Gazetteer, rows: list[dict[str, str]] | None = None) -> int:
    """Apply ``admin1_overrides.csv`` to a loaded index, so renamed units and new spellings need no
    rebuild: the unit takes the row's name (its old name stays a spelling unless drop_old), its
    aliases become keys and exact spellings, lat/lon re-pin its point. Rows whose (cc, code) the
    index lacks are skipped. Returns the number of units changed."""
    changed = 0
    for r in rows if rows is not None else _override_rows():
        idx = gaz.admin1_codes.get((r["cc"].strip(), r["code"].strip()))
        name = (r.get("name") or "").strip()
        pid = gaz.admin1_place.get(idx, -1) if idx is not None else -1
        if idx is None or pid < 0 or not name:
            continue
        old = gaz.admin1_names[idx]
        spellings = [name, *(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip())]
        if old != name and not (r.get("drop_old") or "").strip():
            spellings.append(old)
        # keys are (re)registered every time: the build skips short all-capitals spellings ("AJK")
        own = gaz.exact.get(pid, frozenset()) | {bare(n) for n in spellings}
        if old != name and (r.get("drop_old") or "").strip():
            # a stale name that belongs to a neighbour ("Lagunes" for Abidjan) stops naming this unit
            own -= {bare(old)} - {bare(n) for n in spellings}
            old_key = name_key(old)
            if old_key not in {name_key(n) for n in spellings}:
                rest = tuple(i for i in gaz.lookup(old_key) if i != pid)
                if rest:
                    gaz.keys[old_key] = rest[0] if len(rest) == 1 else rest
                else:
                    gaz.keys.pop(old_key, None)
        gaz.exact[pid] = own
        if old != name:
            changed += 1
            gaz.admin1_names[idx] = name
            gaz.names[pid] = name
        if (r.get("lat") or "").strip() and (r.get("lon") or "").strip():
            gaz.lats[pid], gaz.lons[pid] = float(r["lat"]), float(r["lon"])
        for n in spellings:
            if re.search(r"[^\w\s'’-]", n):
                gaz.symbol_names[n] = pid
            key = name_key(n)
            if not key or not is_latin(n):
                continue
            have = gaz.lookup(key)
            if pid not in have:
                merged = have + (pid,)
                gaz.keys[key] = merged[0] if len(merged) == 1 else merged
    gaz._places.clear()  # every place of a renamed unit carries its admin1 name
    gaz._bare.clear()
    return changed


def reset_gazetteer() -> None:
    """Forget the loaded gazetteer (after `gazetteer_add`), so the next use reloads it."""
    global _GAZETTEER
    _GAZETTEER = None


# ---------------------------------------------------------------------------------------------
# GeoNames country dumps (villages)

# Feature classes worth keeping from a full dump: populated places, and named areas/terrain that
# incidents are reported in (deserts, valleys, mountains, forests, oases, wadis).
_DUMP_CODES_T_L_V = {"DSRT", "VAL", "VALS", "MT", "MTS", "HLL", "RGN", "AREA", "OAS", "WAD", "FRST", "PLN"}


def _dump_rows(path: Path) -> Iterator[list[str]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            member = next(n for n in zf.namelist() if n.endswith(".txt") and not n.startswith("readme"))
            with zf.open(member) as raw:
                yield from csv.reader(io.TextIOWrapper(raw, "utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        with open(path, encoding="utf-8", newline="") as fh:
            yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_geonames_dump(path: Path) -> dict:
    """Places of a GeoNames per-country dump (tab-separated, 19 columns) as an index extension."""
    admin2_names: dict[tuple[str, str, str], str] = {}
    rows: list[list[str]] = []
    for row in _dump_rows(path):
        if len(row) < 15:
            continue
        fclass, fcode = row[6], row[7]
        if fclass == "A" and fcode == "ADM2":
            admin2_names[(row[8], row[10], row[11])] = row[2] or row[1]
        elif fclass == "P" or (fclass in "TLV" and fcode in _DUMP_CODES_T_L_V):
            rows.append(row)
    out: dict = {"names": [], "kinds": bytearray(), "ccs": [], "admin1_code": [], "admin2": [],
                 "lats": array("f"), "lons": array("f"), "pops": array("i"), "keys": {}}
    keys: dict[str, list[int]] = {}
    for row in rows:
        pid = len(out["names"])
        cc = row[8]
        out["names"].append(row[1])
        out["kinds"].append(KIND_CITY if row[6] == "P" else KIND_AREA)
        out["ccs"].append(cc)
        out["admin1_code"].append((cc, row[10]))
        out["admin2"].append(admin2_names.get((cc, row[10], row[11]), ""))
        out["lats"].append(float(row[4]))
        out["lons"].append(float(row[5]))
        out["pops"].append(int(row[14] or 0))
        names = {row[1], row[2], *(n for n in row[3].split(",") if n)}
        for name in names:
            if not is_latin(name) or len(name) < 3 or (name.isupper() and len(name) <= 4):
                continue
            key = name_key(name)
            if len(key) >= 3 and pid not in keys.setdefault(key, []):
                keys[key].append(pid)
    out["keys"] = keys
    return out


def gazetteer_add(
    countries: Iterable[str], source: str | Path | None = None, base_url: str = GEONAMES_DUMP_URL
) -> dict[str, int]:
    """Download (or import from `source`) GeoNames country dumps into the user data dir.

    Returns the number of places added per country. The files are converted once to the same
    compact form as the shipped index, so loading stays fast.
    """
    target = data_dir() / "gazetteer"
    target.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for cc in countries:
        cc = cc.upper()
        if source is not None:
            path = Path(source)
        else:
            path = target / f"{cc}.zip"
            with urllib.request.urlopen(base_url.format(cc=cc), timeout=120) as resp, open(path, "wb") as fh:
                while chunk := resp.read(1 << 20):
                    fh.write(chunk)
        extra = read_geonames_dump(path)
        with gzip.open(target / f"{cc}.pkl.gz", "wb") as fh:
            pickle.dump(extra, fh, protocol=pickle.HIGHEST_PROTOCOL)
        counts[cc] = len(extra["names"])
    reset_gazetteer()
    return counts
