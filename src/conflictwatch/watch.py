"""Feed monitoring: poll RSS/Atom feeds, fetch each new entry's page, code it and store it.

What was already read is remembered in two small tables next to the articles (`watch_feeds`:
ETag / Last-Modified / failure count per feed; `watch_entries`: entry URL and text hash), so a
restarted watcher sends conditional requests and re-reads nothing. Duplicates are recognised by
URL and by text hash (wire copies under another URL). A failing feed is retried with exponential
backoff while the other feeds carry on; a feed whose entries could not all be read keeps its old
ETag, so the next poll sees those entries again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import typer

from conflictwatch.document import Article
from conflictwatch.record import EventRecord

log = logging.getLogger("conflictwatch.watch")



@lru_cache(maxsize=1)
def tables() -> tuple[Any, Any, Any]:
    """(metadata, watch_feeds, watch_entries); built on first use so the CLI need not import SQLAlchemy."""
    from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

    meta = MetaData()
    feeds = Table(
        "watch_feeds", meta,
        Column("url", String(1000), primary_key=True),
        Column("etag", Text),
        Column("last_modified", Text),
        Column("failures", Integer, nullable=False, default=0),
        Column("next_try", Float, nullable=False, default=0.0),  # epoch seconds
        Column("last_error", Text),
        Column("last_ok", Float),
    )
    entries = Table(
        "watch_entries", meta,
        Column("key", String(1000), primary_key=True),  # the entry's page URL (or its id when it has none)
        Column("feed_url", String(1000), nullable=False),
        Column("article_id", String(200)),
        Column("content_hash", String(64), index=True),
        Column("seen_at", Float, nullable=False),
    )
    return meta, feeds, entries

MAX_PAGE_BYTES = 5 * 1024 * 1024
USER_AGENT = "conflictwatch-watch/0.1 (+https://github.com/conflictwatch)"
Pipeline = Callable[[Article], Sequence[EventRecord]]


def parse_every(value: str) -> float:
    """'15m', '1h30m', '45s', '2d' or plain seconds -> seconds."""
    text = value.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ValueError(f"{value!r} is not a duration like 15m, 1h or 90s")
        seconds = sum(float(n) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError("the interval must be positive")
    return seconds


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class FeedError(Exception):
    """The feed could not be fetched or parsed this time."""


@dataclass
class FeedResult:
    url: str
    ok: bool
    not_modified: bool = False
    added: list[str] = field(default_factory=list)  # article ids stored
    skipped: int = 0  # entries already seen (by URL or text)
    failed: int = 0  # entries whose page and feed text were both unreadable
    error: str | None = None
    next_try: float = 0.0


class Watcher:
    """Polls a set of feeds into a store; every dependency (HTTP client, clock, extractor) injectable."""

    def __init__(
        self,
        store: Any,
        feeds: Sequence[str],
        *,
        every: float = 900.0,
        pipeline: Pipeline | None = None,
        client: Any = None,
        clock: Callable[[], float] = time.time,
        backoff_base: float = 60.0,
        backoff_max: float = 6 * 3600.0,
        timeout: float = 20.0,
    ) -> None:
        import httpx

        self.store = store
        self.feeds = list(dict.fromkeys(feeds))
        self.every = every
        self._pipeline = pipeline
        self.client = client or httpx.Client(follow_redirects=True, timeout=timeout,
                                             headers={"User-Agent": USER_AGENT})
        self.clock = clock
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        tables()[0].create_all(store.engine, checkfirst=True)

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from conflictwatch.extract.pipeline import get_pipeline

            self._pipeline = get_pipeline()
        return self._pipeline

    # ------------------------------------------------------------------ state

    def state(self, url: str) -> dict[str, Any]:
        from sqlalchemy import select

        _, FEEDS, _ = tables()
        with self.store.engine.connect() as conn:
            row = conn.execute(select(FEEDS).where(FEEDS.c.url == url)).first()
        if row is None:
            return {"url": url, "etag": None, "last_modified": None, "failures": 0, "next_try": 0.0,
                    "last_error": None, "last_ok": None}
        return dict(row._mapping)

    def _save(self, state: dict[str, Any]) -> None:
        from sqlalchemy import insert, select, update

        _, FEEDS, _ = tables()
        with self.store.engine.begin() as conn:
            exists = conn.execute(select(FEEDS.c.url).where(FEEDS.c.url == state["url"])).first()
            if exists:
                conn.execute(update(FEEDS).where(FEEDS.c.url == state["url"])
                             .values({k: v for k, v in state.items() if k != "url"}))
            else:
                conn.execute(insert(FEEDS).values(state))

    def _seen(self, key: str | None, digest: str | None) -> bool:
        from sqlalchemy import select

        ENTRIES = tables()[2]
        with self.store.engine.connect() as conn:
            if key and conn.execute(select(ENTRIES.c.key).where(ENTRIES.c.key == key)).first():
                return True
            return bool(digest and conn.execute(select(ENTRIES.c.key)
                                                .where(ENTRIES.c.content_hash == digest)).first())

    def _remember(self, key: str, feed_url: str, article_id: str | None, digest: str | None) -> None:
        from sqlalchemy import insert, select

        ENTRIES = tables()[2]
        with self.store.engine.begin() as conn:
            if not conn.execute(select(ENTRIES.c.key).where(ENTRIES.c.key == key)).first():
                conn.execute(insert(ENTRIES).values(key=key, feed_url=feed_url, article_id=article_id,
                                                    content_hash=digest, seen_at=self.clock()))

    # ------------------------------------------------------------------ polling

    def due(self) -> list[str]:
        now = self.clock()
        return [u for u in self.feeds if self.state(u)["next_try"] <= now]

    def poll_due(self) -> list[FeedResult]:
        return [self.poll(u) for u in self.due()]

    def poll_all(self) -> list[FeedResult]:
        return [self.poll(u) for u in self.feeds]

    def seconds_to_next(self) -> float:
        now = self.clock()
        return max(0.0, min((self.state(u)["next_try"] for u in self.feeds), default=now + self.every) - now)

    def poll(self, url: str) -> FeedResult:
        """One conditional fetch of a feed and the ingest of its unseen entries."""
        from conflictwatch.ingest.errors import InputError
        from conflictwatch.ingest.feeds import parse_feed

        state = self.state(url)
        headers = {}
        if state["etag"]:
            headers["If-None-Match"] = state["etag"]
        if state["last_modified"]:
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            response = self.client.get(url, headers=headers)
            if response.status_code == 304:
                return self._succeeded(state, FeedResult(url, ok=True, not_modified=True))
            if response.status_code >= 400:
                raise FeedError(f"HTTP {response.status_code}")
            feed = parse_feed(response.content, url)
        except Exception as exc:  # noqa: BLE001 - network, HTTP and parse errors all mean "try later"
            return self._failed(state, exc)
        result = FeedResult(url, ok=True)
        feed_title = feed.feed.get("title") or urlsplit(url).hostname
        for entry in feed.entries:
            try:
                self._entry(url, feed_title, entry, result)
            except InputError as exc:
                result.failed += 1
                log.warning("%s: %s", url, exc)
        if result.failed == 0:  # only then is it safe to be told "not modified" next time
            state["etag"] = response.headers.get("etag")
            state["last_modified"] = response.headers.get("last-modified")
        return self._succeeded(state, result)

    def _succeeded(self, state: dict[str, Any], result: FeedResult) -> FeedResult:
        now = self.clock()
        state.update(failures=0, next_try=now + self.every, last_error=None, last_ok=now)
        self._save(state)
        result.next_try = state["next_try"]
        return result

    def _failed(self, state: dict[str, Any], exc: Exception) -> FeedResult:
        failures = int(state["failures"] or 0) + 1
        delay = min(self.backoff_max, self.backoff_base * 2 ** (failures - 1))
        state.update(failures=failures, next_try=self.clock() + delay, last_error=f"{type(exc).__name__}: {exc}")
        self._save(state)
        log.warning("%s failed (%s); retry in %.0fs", state["url"], state["last_error"], delay)
        return FeedResult(state["url"], ok=False, error=state["last_error"], next_try=state["next_try"])

    def _entry(self, feed_url: str, feed_title: str | None, entry: Any, result: FeedResult) -> None:
        from conflictwatch.ingest.errors import InputError
        from conflictwatch.ingest.feeds import entry_id, entry_published, entry_text
        from conflictwatch.ingest.html import read_html
        from conflictwatch.ingest.text import read_text

        link = (entry.get("link") or "").strip() or None
        summary = entry_text(entry)
        key = link or (entry.get("id") or "").strip() or f"{feed_url}#{text_hash(summary)}"
        if self._seen(key, None):
            result.skipped += 1
            return
        article_id = entry_id(entry, urlsplit(feed_url).hostname or "feed", summary)
        published = entry_published(entry)
        title = entry.get("title") or None
        article: Article | None = None
        if link:
            html = self._page(link)
            if html is not None:
                article = read_html(html, article_id=article_id, published=published, outlet=feed_title, url=link)
                article.title = article.title or title
        if (article is None or not article.text.strip()) and summary:
            article = read_text(summary, article_id=article_id, published=published, outlet=feed_title,
                                title=title, url=link)
        if article is None or not article.text.strip():
            raise InputError(f"{feed_url}: {key}", "neither the page nor the feed entry has text")
        article.origin = f"{feed_url}: {key}"
        digest = text_hash(article.text)
        if self._seen(None, digest):  # the same story under another URL
            self._remember(key, feed_url, None, digest)
            result.skipped += 1
            return
        records = list(self.pipeline(article))
        self.store.add_article(article, records)
        self._remember(key, feed_url, article.id, digest)
        result.added.append(article.id)

    def _page(self, link: str) -> str | None:
        """The entry's page as text, or None when it cannot be had (the feed's own text is used then)."""
        try:
            with self.client.stream("GET", link) as response:
                if response.status_code >= 400:
                    log.warning("%s: HTTP %s", link, response.status_code)
                    return None
                kind = response.headers.get("content-type", "text/html")
                if "html" not in kind and "xml" not in kind and not kind.startswith("text/"):
                    return None
                data = b""
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > MAX_PAGE_BYTES:
                        log.warning("%s: page over %d bytes", link, MAX_PAGE_BYTES)
                        return None
                return data.decode(response.encoding or "utf-8", errors="replace")
        except Exception as exc:  # noqa: BLE001 - any fetch failure falls back to the feed text
            log.warning("%s: %s", link, exc)
            return None

    def run(self, once: bool = False, sleep: Callable[[float], None] = time.sleep) -> list[FeedResult]:
        """Poll until interrupted (or, with `once`, every feed exactly once)."""
        if once:
            return self.poll_all()
        while True:
            for result in self.poll_due():
                _report(result)
            sleep(max(1.0, self.seconds_to_next()))


def _report(result: FeedResult) -> None:
    when = dt.datetime.fromtimestamp(result.next_try).strftime("%H:%M:%S")
    if result.ok:
        what = "not modified" if result.not_modified else (
            f"{len(result.added)} new, {result.skipped} seen, {result.failed} unreadable")
        typer.echo(f"{result.url}: {what}; next poll {when}", err=True)
    else:
        typer.echo(f"{result.url}: failed ({result.error}); retry {when}", err=True)


def watch_command(
    feeds: list[str] = typer.Argument(..., help="RSS/Atom feed URLs."),
    every: str = typer.Option("15m", "--every", help="Polling interval: 15m, 1h, 90s ..."),
    db: str = typer.Option(None, "--db", help="Database URL or SQLite file path; default $CONFLICTWATCH_DB."),
    once: bool = typer.Option(False, "--once", help="Poll every feed once and exit (exit 1 if one failed)."),
) -> None:
    """Monitor news feeds: code and store each new entry's article."""
    from conflictwatch.serve import db_option_url
    from conflictwatch.store import Store

    try:
        interval = parse_every(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    with Store(db_option_url(db)) as store:
        watcher = Watcher(store, feeds, every=interval)
        try:
            results = watcher.run(once=once)
        except KeyboardInterrupt:
            return
    for result in results:
        _report(result)
    if any(not r.ok for r in results):
        raise typer.Exit(code=1)
