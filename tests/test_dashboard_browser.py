"""End-to-end tests of the dashboard in headless Chromium (Selenium + Debian's chromedriver).

A live server (the real `create_app`, uvicorn in a thread on a free 127.0.0.1 port) serves a SQLite
database seeded with five wire-style articles coded by the pipeline (tests/browser/seed.py). The
tests click through the page as an analyst would. Screenshots of the main views go to
test-output/screenshots/. Skipped when selenium, chromium or chromedriver is missing
(`make browser-deps` installs the browser; `pip install -e '.[test]'` installs selenium).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("chromium / chromedriver not installed (make browser-deps)", allow_module_level=True)

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.seed import XSS, seed  # noqa: E402

LAUNCH_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]


# ---------------------------------------------------------------------------- server and browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _app(url: str):
    try:
        from conflictwatch.serve.api import create_app
    except ImportError:  # the API not there yet: the contract's stand-in
        from browser.fake_api import create_app
    return create_app(url)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    import uvicorn

    db_url = f"sqlite:///{tmp_path_factory.mktemp('dash') / 'dash.sqlite'}"
    store = seed(db_url, use_pipeline=True)
    token = store.create_token("browser-test")
    app = _app(db_url)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "token": token, "store": store}
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in LAUNCH_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_window_size(1280, 800)
    drv.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield drv
    drv.quit()


ALLOWED_SEVERE: list[str] = []


@pytest.fixture(autouse=True)
def no_console_errors(driver: webdriver.Chrome) -> Iterator[None]:
    """Every test ends with no SEVERE browser log entries, except the ones it expects."""
    driver.get_log("browser")  # drain
    ALLOWED_SEVERE.clear()
    yield
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
              and not any(a in e["message"] for a in ALLOWED_SEVERE)]
    assert not severe, f"console errors: {severe}"


_loads = iter(range(1, 10**6))


def open_page(driver: webdriver.Chrome, server: dict, fragment: str = "/") -> None:
    """A fresh page load (the query string changes every time, so it is never just a hash change)."""
    driver.get(f"{server['base']}/?load={next(_loads)}#{fragment}")
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def wait(driver: webdriver.Chrome, cond, timeout: float = 10):
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)).until(cond)


def api(server: dict, path: str):
    with urllib.request.urlopen(server["base"] + path, timeout=10) as res:
        return json.loads(res.read())


def all_events(server: dict, query: str = "") -> list[dict]:
    sep = "&" if query else ""
    return api(server, f"/events?limit=1000{sep}{query}")["items"]


def map_count(driver: webdriver.Chrome) -> int:
    """Events drawn on the map: single markers plus what each cluster holds."""
    return driver.execute_script(
        "const m = document.querySelectorAll('#map .marker').length;"
        "let c = 0; for (const g of document.querySelectorAll('#map .cluster')) c += Number(g.dataset.count);"
        "return m + c;")


def table_rows(driver: webdriver.Chrome) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('#events-table tbody tr[data-id]')]"
                                 ".map(r => r.dataset.id)")


def timeline_total(driver: webdriver.Chrome) -> int:
    return driver.execute_script("let n = 0; for (const b of document.querySelectorAll('#timeline .bar'))"
                                 " n += Number(b.dataset.value); return n;")


def shot(driver: webdriver.Chrome, name: str) -> None:
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def event_of_article(server: dict, article_id: str) -> dict:
    return next(e for e in all_events(server) if article_id in e["article_ids"])


def set_token(driver: webdriver.Chrome, value: str | None) -> None:
    if value:
        driver.execute_script("localStorage.setItem('conflictwatch.token', arguments[0])", value)
    else:
        driver.execute_script("localStorage.removeItem('conflictwatch.token')")


def edit_field(driver: webdriver.Chrome, field: str, value: str, reason: str) -> None:
    row = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f'#fields tr[data-field="{field}"]'))
    row.find_element(By.CSS_SELECTOR, "button.edit").click()
    form = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f'form.editor[data-field="{field}"]'))
    box = form.find_element(By.NAME, "value")
    box.clear()
    box.send_keys(value)
    form.find_element(By.NAME, "reason").send_keys(reason)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


# ---------------------------------------------------------------------------- tests


def test_map_table_and_timeline_show_every_event(driver, server):
    events = all_events(server)
    located = [e for e in events if e.get("latitude") is not None and e.get("longitude") is not None]
    assert len(events) >= 5
    open_page(driver, server)
    wait(driver, lambda d: map_count(d) == len(located))
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path.country")) > 100)  # outlines
    assert len(table_rows(driver)) == len(events)
    assert timeline_total(driver) == len(events)
    legend = driver.find_element(By.ID, "legend").text
    assert "Battles" in legend
    shot(driver, "01-overview")


def test_marker_opens_the_event(driver, server):
    open_page(driver, server)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path.country")) > 100)
    marker = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#map .marker"))
    event_id = marker.get_attribute("data-id")
    marker.click()
    wait(driver, lambda d: f"#/event/{event_id}" in d.current_url.replace("%2F", "/") or
         event_id in d.current_url)
    wait(driver, lambda d: event_id in d.find_element(By.ID, "view-event").text)


def test_a_filter_narrows_map_table_and_timeline_together(driver, server):
    iraq = all_events(server, "country=Iraq")
    assert 0 < len(iraq) < len(all_events(server))
    open_page(driver, server)
    wait(driver, lambda d: len(table_rows(d)) == len(all_events(server)))
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name=country]")).select_by_value("Iraq")
    wait(driver, lambda d: "country=Iraq" in d.current_url)
    wait(driver, lambda d: len(table_rows(d)) == len(iraq))
    assert sorted(table_rows(driver)) == sorted(e["event_id"] for e in iraq)
    assert map_count(driver) == len([e for e in iraq if e.get("latitude") is not None])
    assert timeline_total(driver) == len(iraq)
    assert "country=Iraq" in driver.find_element(By.ID, "export-csv").get_attribute("href")
    assert "country=Iraq" in driver.find_element(By.ID, "export-geojson").get_attribute("href")
    shot(driver, "02-filtered-iraq")

    # the view is in the URL: opening it afresh gives the same view
    shared = driver.current_url.split("#", 1)[1]
    open_page(driver, server, shared)
    wait(driver, lambda d: len(table_rows(d)) == len(iraq))
    assert driver.find_element(By.CSS_SELECTOR, "#filters select[name=country]").get_attribute("value") == "Iraq"

    # the CSV export with these filters holds the same events
    href = driver.find_element(By.ID, "export-csv").get_attribute("href")
    with urllib.request.urlopen(href, timeout=10) as res:
        lines = res.read().decode().strip().splitlines()
    assert len(lines) == len(iraq) + 1 and "event_id_cnty" in lines[0]


def admin1_groups(driver: webdriver.Chrome) -> list[dict]:
    """The admin1 border groups on the map: ISO3, unit count, path length and on-screen box."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#admin1 g.admin1')].map(g => {"
        "  const p = g.querySelector('path'); const r = p.getBoundingClientRect();"
        "  return {iso3: g.dataset.iso3, units: Number(g.dataset.units), d: (p.getAttribute('d') || '').length,"
        "          left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })")


def admin1_fetched(driver: webdriver.Chrome) -> list[str]:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('/geo/admin1/')).map(n => n.split('/geo/admin1/')[1])")


def test_admin1_borders_show_for_a_filtered_country(driver, server):
    index = api(server, "/geo/admin1/index.json")["countries"]
    iraq = all_events(server, "country=Iraq")
    iso3 = iraq[0]["iso3"]
    assert index[iso3]["name"] == "Iraq" and index[iso3]["units"] == 18
    for size, name in (((1280, 800), "11-admin1-iraq"), ((390, 844), "12-phone-admin1-iraq")):
        driver.set_window_size(*size)
        try:
            open_page(driver, server, "/?country=Iraq")
            wait(driver, lambda d: len(table_rows(d)) == len(iraq))
            group = wait(driver, lambda d: next((g for g in admin1_groups(d) if g["iso3"] == iso3), None))
            assert group["units"] == 18 and group["d"] > 1000
            box = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect();"
                                        "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}")
            # drawn over the map, where Iraq is (the map is fitted on its events)
            assert group["right"] > box["left"] and group["left"] < box["right"]
            assert group["bottom"] > box["top"] and group["top"] < box["bottom"]
            assert group["right"] - group["left"] > 50
            # loaded lazily: the index and a few countries' files, never the whole set
            fetched = admin1_fetched(driver)
            assert "index.json" in fetched and f"{iso3}.json" in fetched and len(fetched) <= 13
            assert driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
            shot(driver, name)
        finally:
            driver.set_window_size(1280, 800)

    # zoomed out far with the filter still set, Iraq's borders stay; the others go
    for _ in range(8):
        driver.find_element(By.CSS_SELECTOR, '[data-zoom="out"]').click()
    wait(driver, lambda d: [g["iso3"] for g in admin1_groups(d)] == [iso3])
    # with no filter, the world view draws none, and zooming in brings them back
    driver.find_element(By.ID, "filters-reset").click()
    wait(driver, lambda d: "country=" not in d.current_url and len(table_rows(d)) == len(all_events(server)))
    for _ in range(8):
        driver.find_element(By.CSS_SELECTOR, '[data-zoom="out"]').click()
    wait(driver, lambda d: not admin1_groups(d))
    for _ in range(10):
        driver.find_element(By.CSS_SELECTOR, '[data-zoom="in"]').click()
    wait(driver, lambda d: admin1_groups(d))


def test_min_fatalities_and_type_filters(driver, server):
    deadly = all_events(server, "min_fatalities=5")
    open_page(driver, server, "/?min_fatalities=5")
    wait(driver, lambda d: len(table_rows(d)) == len(deadly))
    assert map_count(driver) == len(deadly)
    Select(driver.find_element(By.CSS_SELECTOR, "#filters select[name=event_type]")).select_by_value("Battles")
    both = all_events(server, "min_fatalities=5&event_type=Battles")
    wait(driver, lambda d: "event_type=Battles" in d.current_url and len(table_rows(d)) == len(both))
    assert timeline_total(driver) == len(both)


def test_brushing_the_timeline_sets_the_dates(driver, server):
    open_page(driver, server)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .bar") and map_count(d) > 0)
    svg = driver.find_element(By.ID, "timeline")  # the chart is redrawn inside it, the svg stays
    width = svg.size["width"]
    # drag over the left half of the chart (its plot area starts 40px in)
    ActionChains(driver).move_to_element_with_offset(svg, int(-width / 2) + 45, 0).click_and_hold() \
        .move_by_offset(int(width / 2) - 50, 0).release().perform()
    wait(driver, lambda d: "since=" in d.current_url and "until=" in d.current_url)
    frag = driver.current_url.split("?", 2)[-1]
    params = dict(p.split("=", 1) for p in frag.split("&"))
    expected = all_events(server, f"since={params['since']}&until={params['until']}")
    wait(driver, lambda d: len(table_rows(d)) == len(expected))
    assert 0 < len(expected) < len(all_events(server))
    assert driver.find_element(By.CSS_SELECTOR, "#filters input[name=since]").get_attribute("value") == params["since"]
    assert driver.find_element(By.ID, "brush-clear").is_displayed()
    shot(driver, "03-brushed")
    driver.find_element(By.ID, "brush-clear").click()
    wait(driver, lambda d: "since=" not in d.current_url)


def test_event_page_highlights_each_fields_evidence(driver, server):
    event = event_of_article(server, "reuters-dez-0110")
    detail = api(server, f"/events/{event['event_id']}")
    article = api(server, "/articles/reuters-dez-0110")
    report = next(r for r in detail["reports"] if "reuters-dez-0110" in r["article_ids"])
    field = "fatalities" if report["evidence"].get("fatalities") else next(iter(report["evidence"]))
    start, end = report["evidence"][field][0]

    open_page(driver, server, f"/event/{event['event_id']}")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text mark"))
    text = driver.find_element(By.ID, "article-text").text
    assert "Islamic State" in text
    # every field of the record is listed
    shown = driver.execute_script(
        "return [...document.querySelectorAll('#fields tr[data-field]')].map(r => r.dataset.field)")
    for name in ("event_date", "event_type", "actor1", "country", "latitude", "fatalities", "notes", "sources"):
        assert name in shown
    assert not driver.find_elements(By.CSS_SELECTOR, "#article-text mark.hl")
    row = driver.find_element(By.CSS_SELECTOR, f'#fields tr[data-field="{field}"]')
    ActionChains(driver).move_to_element(row).perform()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text mark.hl"))
    lit = driver.execute_script(
        "return [...document.querySelectorAll('#article-text mark.hl')].map(m => m.textContent).join('')")
    assert lit == article["text"][start:end]
    # claims side by side, each with its source
    claims = driver.find_elements(By.CSS_SELECTOR, "#claims .claim")
    assert len(claims) == len(detail["claims"]) >= 1
    shot(driver, "04-event-evidence")
    # moving away clears the highlight
    ActionChains(driver).move_to_element(driver.find_element(By.ID, "history-title")).perform()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#article-text mark.hl"))


def test_markup_in_an_article_is_shown_as_text(driver, server):
    event = event_of_article(server, "ap-anbar-0204")
    open_page(driver, server, f"/event/{event['event_id']}")
    box = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#article-text"))
    wait(driver, lambda d: XSS in box.get_attribute("textContent"))
    assert "<b>bold</b>" in box.get_attribute("textContent")
    assert not box.find_elements(By.TAG_NAME, "script")
    assert not box.find_elements(By.TAG_NAME, "b")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    title = driver.find_element(By.CSS_SELECTOR, "#article h4").get_attribute("textContent")
    assert "<b>bold</b>" in title
    shot(driver, "05-article-markup-as-text")


def test_an_edit_without_a_token_is_refused(driver, server):
    ALLOWED_SEVERE.extend(["status of 401", "status of 403"])  # the refused requests themselves
    event = event_of_article(server, "reuters-borno-0129")
    before = api(server, f"/events/{event['event_id']}/history")
    open_page(driver, server)
    set_token(driver, None)
    open_page(driver, server, f"/event/{event['event_id']}")
    edit_field(driver, "location", "Nowhere", "no token")
    err = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "form.editor .error"))
    wait(driver, lambda d: "401" in err.text)
    shot(driver, "06-edit-refused")
    # a wrong token is refused too
    set_token(driver, "not-a-token")
    open_page(driver, server, f"/event/{event['event_id']}")
    edit_field(driver, "location", "Nowhere", "bad token")
    err = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "form.editor .error"))
    wait(driver, lambda d: "403" in err.text)
    set_token(driver, None)
    assert api(server, f"/events/{event['event_id']}/history") == before
    assert api(server, f"/events/{event['event_id']}")["location"] == event["location"]


def test_an_edit_with_a_token_shows_in_the_history(driver, server):
    event = event_of_article(server, "reuters-borno-0129")
    open_page(driver, server)
    set_token(driver, None)
    open_page(driver, server, f"/event/{event['event_id']}")
    # the token goes in through the page's own field and is kept in localStorage
    field = driver.find_element(By.ID, "token-input")
    field.clear()
    field.send_keys(server["token"])
    driver.find_element(By.CSS_SELECTOR, "#token-form button[type=submit]").click()
    assert driver.execute_script("return localStorage.getItem('conflictwatch.token')") == server["token"]
    wait(driver, lambda d: d.find_element(By.ID, "history-title"))
    edit_field(driver, "location", "Kautikari village", "the article names the village")
    wait(driver, lambda d: "Kautikari village" in d.find_element(By.ID, "history").text)
    text = driver.find_element(By.ID, "history").text
    assert "the article names the village" in text and "browser-test" in text and "update" in text
    row = driver.find_element(By.CSS_SELECTOR, '#fields tr[data-field="location"]')
    assert "Kautikari village" in row.text and "🔒" in row.text
    assert api(server, f"/events/{event['event_id']}")["location"] == "Kautikari village"
    assert driver.find_element(By.ID, "history").is_displayed()
    shot(driver, "07-edit-in-history")

    # the change of type: one choice sets event type and sub-event type together
    row = driver.find_element(By.CSS_SELECTOR, '#fields tr[data-field="sub_event_type"]')
    row.find_element(By.CSS_SELECTOR, "button.edit").click()
    form = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'form.editor[data-field="sub_event_type"]'))
    Select(form.find_element(By.NAME, "value")).select_by_value("Abduction/forced disappearance")
    form.find_element(By.NAME, "reason").send_keys("villagers were taken")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: "Abduction/forced disappearance" in d.find_element(By.ID, "history").text)
    detail = api(server, f"/events/{event['event_id']}")
    assert (detail["event_type"], detail["sub_event_type"]) == ("Violence against civilians",
                                                               "Abduction/forced disappearance")


def test_approve_merge_and_split(driver, server):
    a = event_of_article(server, "afp-hama-0121")
    b = event_of_article(server, "reuters-dez-0110")
    open_page(driver, server)
    set_token(driver, server["token"])
    open_page(driver, server, f"/event/{a['event_id']}")
    wait(driver, lambda d: d.find_element(By.ID, "approve")).click()
    wait(driver, lambda d: d.find_element(By.ID, "reviewed-badge").text == "Reviewed")
    wait(driver, lambda d: "approve" in d.find_element(By.ID, "history").text)
    assert api(server, f"/events/{a['event_id']}")["reviewed"] is True

    form = driver.find_element(By.ID, "merge-event-form")
    form.find_element(By.NAME, "other").send_keys(b["event_id"])
    form.find_element(By.NAME, "reason").send_keys("test merge")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#split-form input[name=report]")) == 2)
    wait(driver, lambda d: "merge" in d.find_element(By.ID, "history").text)
    merged_id = driver.execute_script("return decodeURIComponent(location.hash.split('/event/')[1].split('?')[0])")
    merged = api(server, f"/events/{merged_id}")
    assert len(merged["report_ids"]) == 2
    assert len(driver.find_elements(By.CSS_SELECTOR, "#article .tab")) == 2  # both articles, one tab each
    shot(driver, "08-merged")

    driver.find_elements(By.CSS_SELECTOR, "#split-form input[name=report]")[0].click()
    split = driver.find_element(By.ID, "split-form")
    split.find_element(By.NAME, "reason").send_keys("two incidents after all")
    split.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: "split" in d.find_element(By.ID, "history").text)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#split-form input[name=report]")) == 0)
    assert len(all_events(server)) == 5


def test_phone_width_has_no_horizontal_overflow(driver, server):
    driver.set_window_size(390, 844)
    try:
        open_page(driver, server)
        wait(driver, lambda d: map_count(d) > 0 and len(table_rows(d)) > 0)
        overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert driver.execute_script(overflow) <= 0
        assert driver.execute_script("return document.body.scrollWidth <= window.innerWidth")
        shot(driver, "09-phone-list")
        event = event_of_article(server, "reuters-dez-0110")
        open_page(driver, server, f"/event/{event['event_id']}")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text mark"))
        assert driver.execute_script(overflow) <= 0
        assert driver.execute_script("return document.body.scrollWidth <= window.innerWidth")
        shot(driver, "10-phone-event")
    finally:
        driver.set_window_size(1280, 800)


def test_keyboard_reaches_filters_markers_and_rows(driver, server):
    open_page(driver, server)
    wait(driver, lambda d: map_count(d) > 0)
    # markers are links, clusters are buttons, sort headers are buttons: all in the tab order
    assert all(m.get_attribute("href") for m in driver.find_elements(By.CSS_SELECTOR, "#map .marker"))
    assert all(c.get_attribute("tabindex") == "0" for c in driver.find_elements(By.CSS_SELECTOR, "#map .cluster"))
    sort = driver.find_element(By.CSS_SELECTOR, 'button.sort[data-key="fatalities"]')
    sort.send_keys("\n")
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'th[aria-sort="descending"] button[data-key="fatalities"]'))
    fats = driver.execute_script("return [...document.querySelectorAll('#events-table tbody tr')]"
                                 ".map(r => Number(r.querySelector('td.num').textContent))")
    assert fats == sorted(fats, reverse=True)


def test_an_unplaced_event_is_listed_as_place_unknown(driver, server):
    """An incident the text placed nowhere: in the table with "place unknown", off the map, findable
    with the country filter, and its page says so (never "null" or "undefined"). Runs last: it adds
    an event to the shared database."""
    from conflictwatch.document import Article
    from conflictwatch.record import EventRecord

    text = "Police seized nine pistols and 1,100 rounds of ammunition in a raid on Wednesday, a spokesman said."
    record = EventRecord(
        event_id="wire-raid-0121-1", event_date="2021-01-20", time_precision=1, event_type="Strategic developments",
        sub_event_type="Disrupted weapons use", actor1="Police Forces", inter1=1, sources=["Wire"],
        notes="", evidence={"actor1": [(0, 6)]}, article_ids=["wire-raid-0121"])
    server["store"].add_article(Article(id="wire-raid-0121", text=text, outlet="Wire"), [record])
    eid = server["store"].event_of_report(record.event_id)
    events = all_events(server)
    located = [e for e in events if e.get("latitude") is not None]

    open_page(driver, server)
    wait(driver, lambda d: len(table_rows(d)) == len(events))
    row = driver.find_element(By.CSS_SELECTOR, f'#events-table tbody tr[data-id="{eid}"]')
    assert "place unknown" in row.text
    table = driver.find_element(By.ID, "events-table").text
    assert "null" not in table and "undefined" not in table
    wait(driver, lambda d: map_count(d) == len(located))
    assert f"{len(events) - len(located)} not on the map" in driver.find_element(By.ID, "legend").text
    assert timeline_total(driver) == len(events)

    open_page(driver, server, "/?country=Iraq")  # every event here has coordinates: nothing to say
    wait(driver, lambda d: len(table_rows(d)) == len(all_events(server, "country=Iraq")))
    legend = driver.find_element(By.ID, "legend").text
    assert "not on the map" not in legend and "null" not in legend

    open_page(driver, server, "/?country=unknown")  # the filter value the country menu offers
    wait(driver, lambda d: table_rows(d) == [eid])
    assert driver.find_element(By.CSS_SELECTOR, "#filters select[name=country]").get_attribute("value") == "unknown"
    shot(driver, "13-place-unknown-list")

    open_page(driver, server, f"/event/{eid}")
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, '#fields tr[data-field="country"]'))
    assert "place unknown" in driver.find_element(By.CSS_SELECTOR, '#fields tr[data-field="country"]').text
    page = driver.find_element(By.ID, "view-event").text
    assert "undefined" not in page and "null" not in page
    assert "place unknown" in driver.find_element(By.ID, "event-title").text
    shot(driver, "14-place-unknown-event")
