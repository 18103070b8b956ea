"""The gazetteer: spelling-proof keys, the shipped index, and adding a country dump."""

from __future__ import annotations

import functools
import http.server
import io
import threading
import zipfile
from pathlib import Path

import pytest

from conflictwatch.extract import gazetteer as gz

FIXTURE = Path(__file__).parent / "fixtures" / "geonames_SY_sample.txt"


@pytest.mark.parametrize(
    "variants",
    [
        ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"],
        ["Al-Shola", "Ash Shula", "Ash Shūlah"],
        ["Raqqa", "Ar-Raqqah", "al-Raqqa"],
        ["Ras al-Ain", "Ra's al 'Ayn"],
        ["Qamishli", "Al Qamishli", "Kamishli"],
    ],
)
def test_spelling_variants_share_a_key(variants: list[str]) -> None:
    assert len({gz.name_key(v) for v in variants}) == 1


def test_different_places_keep_different_keys() -> None:
    assert gz.name_key("Homs") != gz.name_key("Hama")
    assert gz.name_key("Idlib") != gz.name_key("Aleppo")


def test_shipped_index_has_admin1_countries_and_curated_regions() -> None:
    gaz = gz.get_gazetteer()
    kinds = {(p.kind_name, p.cc, p.admin1) for p in gaz.search("Deir Ezzor")}
    assert ("admin1", "SY", "Deir ez-Zor") in kinds
    assert ("city", "SY", "Deir ez-Zor") in kinds
    assert any(p.kind_name == "country" and p.cc == "SY" for p in gaz.search("Syria"))
    assert any(p.admin1 == "Hama" and p.kind_name == "region" for p in gaz.search("Hama desert"))
    assert any(p.admin1 == "Ituri" for p in gaz.search("Ituri"))  # renamed since 2016 (Orientale)
    assert gaz.country("CD") == ("Democratic Republic of Congo", "COD")


def test_read_dump_keeps_villages_and_terrain() -> None:
    extra = gz.read_geonames_dump(FIXTURE)
    assert extra["names"] == ["Ash Shulah", "Qaryat Tall Zuhur"]  # wadi (H class) dropped
    assert gz.name_key("Al-Shola") in extra["keys"]


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{{cc}}.zip"


def test_gazetteer_add_downloads_and_extends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = tmp_path / "www"
    served.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "GeoNames sample")
        zf.writestr("SY.txt", FIXTURE.read_text(encoding="utf-8"))
    (served / "SY.zip").write_bytes(buf.getvalue())
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path / "data"))
    server, url = _serve(served)
    try:
        counts = gz.gazetteer_add(["sy"], base_url=url)
    finally:
        server.shutdown()
        gz.reset_gazetteer()
    assert counts == {"SY": 2}
    assert (tmp_path / "data" / "gazetteer" / "SY.pkl.gz").exists()
    try:
        gaz = gz.get_gazetteer()
        hits = [p for p in gaz.search("Tell Zuhour") if p.cc == "SY"]
        assert hits and hits[0].admin1 == "Deir ez-Zor"
    finally:
        monkeypatch.delenv("CONFLICTWATCH_DATA")
        gz.reset_gazetteer()


def test_gazetteer_add_from_local_txt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    try:
        assert gz.gazetteer_add(["SY"], source=FIXTURE) == {"SY": 2}
    finally:
        gz.reset_gazetteer()


def test_admin1_overrides_apply_at_load() -> None:
    g = gz.get_gazetteer()
    abidjan = [p for p in g.search("Abidjan") if p.cc == "CI" and p.kind == gz.KIND_CITY][0]
    assert abidjan.admin1 == "Abidjan"  # the 2016 data says "Lagunes"
    assert any(p.kind == gz.KIND_ADMIN1 and p.name == "Azad Jammu and Kashmir" for p in g.search("AJK"))
    assert g.symbol_names.get("J&K") is not None


def test_admin1_override_rows_rename_and_drop_old() -> None:
    g = gz.Gazetteer(gz.load_index())
    idx = g.admin1_codes[("CI", "93")]
    pid = g.admin1_place[idx]
    # the unit under its stale 2016 name, as an index built before the override row would have it
    gz.apply_admin1_overrides(g, [{"cc": "CI", "code": "93", "name": "Lagunes", "aliases": "", "drop_old": "1",
                                   "lat": "", "lon": ""}])
    assert pid in g.lookup(gz.name_key("Lagunes"))
    assert gz.apply_admin1_overrides(g, [{"cc": "CI", "code": "93", "name": "Abidjan", "aliases": "",
                                          "drop_old": "1", "lat": "", "lon": ""}]) == 1
    assert g.admin1_names[idx] == "Abidjan" and g.place(pid).name == "Abidjan"
    assert pid in g.lookup(gz.name_key("Abidjan")) and pid not in g.lookup(gz.name_key("Lagunes"))


def test_register_settlements_are_placed_only_in_their_province() -> None:
    g = gz.Gazetteer(gz.load_index())
    before = len(g)
    assert g.add_settlements([("Zzyzxivka", "UA", "Donetsk"), ("Zzyzxivka", "UA", "No Such Oblast")]) == 1
    pid = before
    p = g.place(pid)
    assert (p.name, p.cc, p.admin1, p.population) == ("Zzyzxivka", "UA", "Donetsk", 0)
    assert pid in g.unplaced and pid in g.lookup(gz.name_key("Zzyzxivka"))
    unit = g.admin1_point("UA", "Donetsk")
    assert (p.lat, p.lon) == (unit.lat, unit.lon)  # the province's point, never a made-up one
    assert pid not in g.near_point
    assert g.add_settlements([("Zzyzxove", "UA", "Donetsk", "48.10", "37.80")]) == 1
    q = g.place(len(g) - 1)
    assert (round(q.lat, 2), round(q.lon, 2)) == (48.1, 37.8) and q.pid in g.near_point  # its municipality's town


def test_shipped_register_knows_frontline_villages() -> None:
    g = gz.get_gazetteer()
    hits = [g.place(pid) for pid in g.lookup(gz.name_key("Verkhnoshyrokivske"))]
    assert [(p.admin1, p.pid in g.unplaced) for p in hits] == [("Donetsk", True)]


def test_ukrainian_romanisation() -> None:
    from conflictwatch.resources.build_settlements import romanise_uk

    assert romanise_uk("Верхньошироківське") == "Verkhnoshyrokivske"
    assert romanise_uk("Згурівка") == "Zghurivka"  # зг is zgh, not zh
    assert romanise_uk("Юр’ївка") == "Yurivka"  # initial ю is yu; ї after the apostrophe is i
    assert romanise_uk("Щастя") == "Shchastia"
