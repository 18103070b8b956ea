"""Feed monitoring against feeds and pages served from 127.0.0.1 (nothing reaches the internet):
new entries are fetched and stored once, a restart re-reads nothing, copies under another URL are
skipped, and a failing feed backs off exponentially while the others go on."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conflictwatch.document import Article
from conflictwatch.record import EventRecord
from conflictwatch.store import Store
from conflictwatch.watch import Watcher, parse_every
from tests.test_merge import RECORDS

PAGE = """<html><head><title>{title}</title></head><body>
<nav>Home | World | Sport | Subscribe</nav>
<article><h1>{title}</h1><p>{body}</p>
<p>The attack was the deadliest in the province this year, local officials said on Sunday.</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>"""


class Site:
    """Routes path -> (status, headers, body); every request is logged with its headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.log.append((self.path, dict(self.headers)))
                status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                etag = headers.get("ETag")
                if status == 200 and etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, title: str, body: str) -> str:
        self.routes[path] = (200, {"Content-Type": "text/html; charset=utf-8"},
                             PAGE.format(title=title, body=body).encode())
        return self.base + path

    def feed(self, path: str, entries: list[tuple[str, str, str]], etag: str | None = "v1") -> str:
        """An RSS feed of (title, link, summary) entries, with an ETag and Last-Modified."""
        items = "".join(
            f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>Sun, 10 Jan 2021 09:00:00 +0300</pubDate><description>{s}</description></item>"
            for t, link, s in entries)
        xml = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
               f"<link>{self.base}</link>{items}</channel></rss>").encode()
        headers = {"Content-Type": "application/rss+xml", "Last-Modified": formatdate(usegmt=True)}
        if etag:
            headers["ETag"] = f'"{etag}"'
        self.routes[path] = (200, headers, xml)
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def fake_pipeline(article: Article) -> list[EventRecord]:
    """One report per article (ids unique per article), so each stored article makes an event."""
    rid = hashlib.sha1(article.id.encode()).hexdigest()[:10]
    return [RECORDS[0].model_copy(update={"event_id": f"r-{rid}", "article_ids": [article.id]})]


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:  # noqa: ANN001
    s = Store(f"sqlite:///{tmp_path / 'watch.sqlite'}")
    yield s
    s.close()


def _watcher(store: Store, feeds: list[str], clock: Clock | None = None, **kw: Any) -> Watcher:
    return Watcher(store, feeds, every=900, pipeline=fake_pipeline, clock=clock or Clock(), timeout=5, **kw)


def test_new_entries_are_stored_once_and_a_restart_reads_nothing(site: Site, store: Store) -> None:
    a = site.page("/news/a", "Clash in Hama", "Islamic State fighters attacked an army post near Hama, killing five.")
    b = site.page("/news/b", "Strike in Idlib", "Air strikes hit a market in Idlib city, killing nine civilians.")
    feed = site.feed("/rss", [("Clash in Hama", a, "short summary A"), ("Strike in Idlib", b, "short summary B")])

    (result,) = _watcher(store, [feed]).poll_all()
    assert result.ok and sorted(result.added) == sorted([a, b]) and result.skipped == 0
    art = store.article(a)
    assert art is not None and "killing five" in art["text"] and "Subscribe" not in art["text"]
    assert art["title"] == "Clash in Hama" and art["url"] == a and art["outlet"] == "Example News"
    assert art["published"] == "2021-01-10"  # the feed's local date, not UTC
    assert store.counts()["articles"] == 2 and store.counts()["events"] >= 1

    # a restarted watcher (a new object on the same database) asks conditionally and reads nothing
    before = len(site.log)
    (again,) = _watcher(store, [feed]).poll_all()
    assert again.ok and again.not_modified and again.added == []
    assert site.log[before:][0][1].get("If-None-Match") == '"v1"'
    assert site.log[before:][0][1].get("If-Modified-Since")
    assert len(site.log) == before + 1  # the feed only, no page

    # the feed changes: only the new entry's page is fetched
    c = site.page("/news/c", "Protest in Basra", "Hundreds protested power cuts in Basra on Saturday.")
    site.feed("/rss", [("Protest in Basra", c, "C"), ("Clash in Hama", a, "A"), ("Strike in Idlib", b, "B")],
              etag="v2")
    (third,) = _watcher(store, [feed]).poll_all()
    assert third.added == [c] and third.skipped == 2
    assert len(site.hits("/news/a")) == len(site.hits("/news/b")) == len(site.hits("/news/c")) == 1
    assert store.counts()["articles"] == 3


def test_the_same_story_under_another_url_is_skipped(site: Site, store: Store) -> None:
    body = "Gunmen abducted twelve travellers on the Kaduna-Abuja highway late on Friday, police said."
    a = site.page("/wire/1", "Abduction on highway", body)
    b = site.page("/mirror/1", "Abduction on highway", body)
    feed = site.feed("/rss", [("Abduction", a, "x1"), ("Abduction (copy)", b, "x2")])
    (result,) = _watcher(store, [feed]).poll_all()
    assert result.added == [a] and result.skipped == 1
    assert store.counts()["articles"] == 1


def test_a_failing_feed_backs_off_exponentially_while_others_go_on(site: Site, store: Store) -> None:
    good_page = site.page("/ok/1", "Clash", "Taliban fighters attacked a checkpoint in Kunduz, killing six police.")
    good = site.feed("/good.rss", [("Clash", good_page, "s")])
    bad = site.base + "/broken.rss"
    site.routes["/broken.rss"] = (500, {}, b"oops")
    dead = "http://127.0.0.1:9/nothing-listens-here.rss"
    clock = Clock()
    w = _watcher(store, [bad, good, dead], clock, backoff_base=10, backoff_max=35)

    results = {r.url: r for r in w.poll_due()}
    assert results[good].ok and results[good].added == [good_page]
    assert not results[bad].ok and "500" in results[bad].error
    assert not results[dead].ok
    assert w.state(bad)["failures"] == 1 and w.state(bad)["next_try"] == clock.now + 10
    assert w.state(good)["next_try"] == clock.now + 900

    clock.now += 5
    assert w.due() == []  # nobody is due: the bad feeds wait 10 s, the good one 900 s
    clock.now += 5
    assert sorted(w.due()) == sorted([bad, dead])
    w.poll_due()
    assert w.state(bad)["failures"] == 2 and w.state(bad)["next_try"] == clock.now + 20
    clock.now += 20
    w.poll_due()
    assert w.state(bad)["next_try"] == clock.now + 35  # 40 capped at backoff_max
    assert len(site.hits("/good.rss")) == 1  # the good feed was not polled early

    site.feed("/broken.rss", [])  # the feed recovers
    clock.now += 35
    (recovered,) = [r for r in w.poll_due() if r.url == bad]
    assert recovered.ok and w.state(bad)["failures"] == 0 and w.state(bad)["next_try"] == clock.now + 900
    assert w.state(bad)["last_error"] is None


def test_an_unreadable_page_falls_back_to_the_feed_text_or_is_retried(site: Site, store: Store) -> None:
    gone = site.base + "/gone"  # 404
    later = site.base + "/later"  # 404 now, served on the next poll
    feed = site.feed("/rss", [
        ("Shelling", gone, "Shelling killed three civilians in Marib on Saturday, a medic said."),
        ("Raid", later, ""),
    ])
    w = _watcher(store, [feed])
    (first,) = w.poll_all()
    assert first.added == [gone] and first.failed == 1
    assert "killed three civilians" in store.article(gone)["text"]
    assert w.state(feed)["etag"] is None  # not "seen": the next poll must not be told 304

    site.page("/later", "Raid", "Security forces arrested fourteen suspects in a dawn raid in Mosul.")
    (second,) = w.poll_all()
    assert second.added == [later] and second.skipped == 1 and second.failed == 0
    assert "fourteen suspects" in store.article(later)["text"]
    assert w.state(feed)["etag"] == '"v1"'


def test_parse_every() -> None:
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400 and parse_every("45") == 45
    assert parse_every("2d") == 172800 and parse_every("90s") == 90
    for bad in ("", "soon", "15x", "0", "m15"):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_watch_command_once(site: Site, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    import conflictwatch.extract.pipeline as pipeline
    from conflictwatch.cli import app as cli

    monkeypatch.setattr(pipeline, "get_pipeline", lambda: fake_pipeline)
    page = site.page("/n/1", "Clash", "Al-Shabaab fighters attacked a base near Mogadishu, killing four soldiers.")
    feed = site.feed("/rss", [("Clash", page, "s")])
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    result = runner.invoke(cli, ["watch", feed, "--once", "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    result = runner.invoke(cli, ["watch", feed, "--once", "--db", db, "--every", "1h"])
    assert result.exit_code == 0 and "not modified" in result.output
    result = runner.invoke(cli, ["watch", site.base + "/missing.rss", feed, "--once", "--db", db])
    assert result.exit_code == 1 and "failed" in result.output
    assert runner.invoke(cli, ["watch", feed, "--once", "--every", "soon", "--db", db]).exit_code == 2
    with Store(f"sqlite:///{db}") as store:
        assert store.counts()["articles"] == 1
