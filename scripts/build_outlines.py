"""Build the dashboard's country outlines: src/conflictwatch/serve/web/geo/countries.json.

The data is Natural Earth's admin-0 countries (public domain) as packaged in TopoJSON by the npm
package `world-atlas` (ISC licence, kept beside the output as geo/LICENSE-world-atlas). The script
decodes the TopoJSON, simplifies every shared arc once (Douglas-Peucker, so neighbouring borders stay
identical), and writes one SVG path per country in an equirectangular plane (x = longitude,
y = -latitude, in degrees) that the dashboard draws as is. The output is committed; run this only to
rebuild it:

    python scripts/build_outlines.py                      # npm pack world-atlas@2 into a temp dir
    python scripts/build_outlines.py --topojson countries-50m.json --tolerance 0.03

Standard library only.
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


def fetch_package(resolution: str, workdir: Path) -> tuple[dict, str]:
    """`npm pack` the world-atlas package and read its countries TopoJSON and licence."""
    npm = shutil.which("npm")
    if not npm:
        sys.exit("npm is needed to fetch world-atlas (or pass --topojson FILE)")
    out = subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(workdir / out) as tar:
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resolution", choices=["110m", "50m"], default="50m")
    ap.add_argument("--tolerance", type=float, default=0.04, help="simplification in degrees")
    ap.add_argument("--topojson", type=Path, help="a countries TopoJSON already on disk (skips npm)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)

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
