"""The JSON API: events with filters and exports, review with an audit trail, article ingest.

Route handlers are plain `def`s: the store is synchronous SQLAlchemy, so FastAPI runs them in its
thread pool and a slow export never blocks other requests. All SQL goes through bound parameters
(filters reach `Store.events` or `queries.where_clauses`), so hostile filter values are only text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictwatch import __version__
from conflictwatch.export import ACLED_COLUMNS, EXTRA_COLUMNS, UCDP_COLUMNS, acled_row, geojson, ucdp_row
from conflictwatch.record import SUB_EVENT_TO_TYPE, EventRecord
from conflictwatch.serve import auth
from conflictwatch.serve.queries import (
    BadCursor,
    FacetCache,
    Filters,
    article_refs,
    iter_events,
    list_events,
    weekly,
)
from conflictwatch.serve.schemas import (
    DAY_PATTERN,
    ApproveIn,
    ArticleIn,
    ArticleOut,
    ErrorOut,
    EventDetail,
    EventPage,
    EventPatch,
    Facets,
    HistoryEntry,
    IngestResult,
    MergeIn,
    MergeResult,
    SortKey,
    SortOrder,
    SplitIn,
    SplitResult,
    WeeklyStat,
)
from conflictwatch.store import Store
from conflictwatch.store.repository import EDITABLE

MAX_BODY = 2 * 1024 * 1024
WEB_DIR = Path(__file__).with_name("web")
RECORD_FIELDS = frozenset(EventRecord.model_fields)
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 422)
}


# ---------------------------------------------------------------------------- body size


class BodyLimit:
    """Refuse request bodies over `limit` bytes with a JSON 413 before any handler sees them.

    Content-Length is checked up front; a chunked body is buffered up to the limit and replayed,
    so a client cannot get round the cap by leaving the length out."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                await _json_error(send, 400, "bad Content-Length")
                return
            if too_big:
                await _json_error(send, 413, f"request body over {self.limit} bytes")
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await _json_error(send, 413, f"request body over {self.limit} bytes")
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _json_error(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------------- parameters


def _day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name} must be a real YYYY-MM-DD date") from None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be four numbers: west,south,east,north") from None
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise HTTPException(422, "bbox must satisfy -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
    return (w, s, e, n)


def event_filters(
    since: str | None = Query(None, pattern=DAY_PATTERN, description="first event_date, YYYY-MM-DD"),
    until: str | None = Query(None, pattern=DAY_PATTERN, description="last event_date, YYYY-MM-DD"),
    country: str | None = Query(None, max_length=200,
                                description="country name or ISO3, any case; `unknown`: the events not yet placed"),
    admin1: str | None = Query(None, max_length=200),
    actor: str | None = Query(None, max_length=300, description="substring of actor1 or actor2, any case"),
    event_type: str | None = Query(None, max_length=100),
    sub_event_type: str | None = Query(None, max_length=100),
    bbox: str | None = Query(None, description="west,south,east,north in degrees"),
    min_fatalities: int | None = Query(None, ge=0),
    reviewed: bool | None = Query(None),
    q: str | None = Query(None, max_length=300, description="text in notes, place, actors, admin1, country"),
) -> Filters:
    """The filters shared by /events, the exports and /stats/weekly."""
    start, end = _day(since, "since"), _day(until, "until")
    return Filters(since=start, until=end, country=country or None, admin1=admin1 or None, actor=actor or None,
                   event_type=event_type or None, sub_event_type=sub_event_type or None, bbox=_bbox(bbox),
                   min_fatalities=min_fatalities, reviewed=reviewed, q=q or None)


def _utc(stamp: str) -> str:
    """ISO time with its offset: SQLite hands timestamps back naive, but they were written in UTC."""
    when = dt.datetime.fromisoformat(stamp)
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).isoformat()


def _store(request: Request) -> Store:
    return request.app.state.store


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, default=str), status_code=status,
                    media_type="application/json")


def _event_or_404(store: Store, event_id: str) -> dict[str, Any]:
    item = store.event(event_id)
    if item is None:
        raise HTTPException(404, f"no event {event_id!r}")
    item["articles"] = article_refs(store, list(item.get("article_ids") or []))
    return item


def _stream(lines: Iterable[str]) -> Iterator[bytes]:
    buf: list[str] = []
    size = 0
    for line in lines:
        buf.append(line)
        size += len(line)
        if size >= 64 * 1024:
            yield "".join(buf).encode()
            buf, size = [], 0
    if buf:
        yield "".join(buf).encode()


def _csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    yield out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        yield out.getvalue()


def _geojson_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for item in items:
        for feature in geojson([item])["features"]:
            yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "]}\n"


# ---------------------------------------------------------------------------- the app


def create_app(db_url: str | None = None, *, open_reads: bool = True) -> FastAPI:
    """The API over the store at `db_url` (default: $CONFLICTWATCH_DB or the user's SQLite file).

    Reads are open unless `open_reads=False` or CONFLICTWATCH_PRIVATE=1; writes always need a token.
    `app.state.pipeline` may be set to another extractor (tests do); by default the shared one is
    loaded on the first POST /articles."""
    if os.environ.get("CONFLICTWATCH_PRIVATE", "").strip().lower() in ("1", "true", "yes"):
        open_reads = False
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="conflictwatch",
        version=__version__,
        description="Conflict events coded from news reports (ACLED-style records), with review and audit trail.",
        responses=ERRORS,
    )
    app.state.store = Store(db_url)
    app.state.open_reads = open_reads
    app.state.pipeline = None
    app.state.facets = FacetCache()
    app.add_middleware(BodyLimit, limit=MAX_BODY)

    @app.exception_handler(BadCursor)
    def _bad_cursor(_request: Request, exc: BadCursor) -> JSONResponse:
        return JSONResponse({"detail": str(exc) or "bad cursor"}, status_code=400)

    read = [Depends(auth.reader)]

    # ------------------------------------------------------------------ events

    @app.get("/events", response_model=EventPage, dependencies=read, tags=["events"])
    def get_events(
        request: Request,
        f: Filters = Depends(event_filters),
        sort: SortKey = "event_date",
        order: SortOrder = "desc",
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = Query(None, max_length=2000, description="next_cursor of the previous page"),
    ) -> Response:
        """A page of events matching every given filter; follow `next_cursor` for the next page."""
        page = list_events(_store(request), f, sort, order == "desc", limit, cursor)
        return _json({"items": page.items, "next_cursor": page.next_cursor})

    @app.get("/events.csv", tags=["exports"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}}}, dependencies=read)
    def get_events_csv(request: Request, f: Filters = Depends(event_filters), sort: SortKey = "event_date",
                       order: SortOrder = "desc") -> StreamingResponse:
        """Every matching event as ACLED-named CSV columns (plus the fatality range and article ids)."""
        rows = (acled_row(r) for r in iter_events(_store(request), f, sort, order == "desc"))
        return StreamingResponse(_stream(_csv_lines(rows, ACLED_COLUMNS + EXTRA_COLUMNS)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/events.ucdp.csv", tags=["exports"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}}}, dependencies=read)
    def get_events_ucdp(request: Request, f: Filters = Depends(event_filters), sort: SortKey = "event_date",
                        order: SortOrder = "desc") -> StreamingResponse:
        """Every matching event as UCDP GED-style CSV (best/low/high fatalities)."""
        rows = (ucdp_row(r) for r in iter_events(_store(request), f, sort, order == "desc"))
        return StreamingResponse(_stream(_csv_lines(rows, UCDP_COLUMNS)), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="events.ucdp.csv"'})

    @app.get("/events.geojson", tags=["exports"], response_class=StreamingResponse,
             responses={200: {"content": {"application/geo+json": {}}}}, dependencies=read)
    def get_events_geojson(request: Request, f: Filters = Depends(event_filters), sort: SortKey = "event_date",
                           order: SortOrder = "desc") -> StreamingResponse:
        """Every matching event with coordinates as a GeoJSON FeatureCollection of Points."""
        items = iter_events(_store(request), f, sort, order == "desc")
        return StreamingResponse(_stream(_geojson_lines(items)), media_type="application/geo+json")

    @app.get("/stats/weekly", response_model=list[WeeklyStat], dependencies=read, tags=["stats"])
    def get_weekly(request: Request, f: Filters = Depends(event_filters)) -> Response:
        """Events and fatalities per week (starting Monday) and event type, for the timeline."""
        return _json(weekly(_store(request), f))

    @app.get("/facets", response_model=Facets, dependencies=read, tags=["stats"])
    def get_facets(request: Request) -> Response:
        """Distinct values for the filter drop-downs (cached for a minute; writes refresh it)."""
        return _json(request.app.state.facets.get(_store(request)))

    # ------------------------------------------------------------------ review (before /events/{id})

    @app.post("/events/merge", response_model=MergeResult, tags=["review"])
    def merge(request: Request, body: MergeIn, who: str = Depends(auth.writer)) -> Response:
        """Join events the merger kept apart; the join holds through later re-merging."""
        store = _store(request)
        ids = sorted(set(body.ids))
        if len(ids) < 2:
            raise HTTPException(422, "merge needs at least two distinct event ids")
        missing = [i for i in ids if store.event(i) is None]
        if missing:
            raise HTTPException(404, f"no event(s): {', '.join(missing)}")
        target = store.merge_events(ids, who=who, reason=body.reason)
        request.app.state.facets.clear()
        return _json({"event_id": target, "event": _event_or_404(store, target)})

    @app.get("/events/{event_id:path}/history", response_model=list[HistoryEntry], dependencies=read,
             tags=["review"])
    def get_history(request: Request, event_id: str) -> Response:
        """Every change made to the event, oldest first (also of events since merged away)."""
        store = _store(request)
        rows = store.history(event_id)
        if not rows and store.event(event_id) is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _json([{"who": r["who"], "when": _utc(r["at"]), "action": r["action"], "field": r["field"],
                       "before": r["before"], "after": r["after"], "reason": r["reason"]} for r in rows])

    @app.post("/events/{event_id:path}/approve", response_model=EventDetail, tags=["review"])
    def approve(request: Request, event_id: str, body: ApproveIn | None = None,
                who: str = Depends(auth.writer)) -> Response:
        """Mark the event as reviewed."""
        store = _store(request)
        try:
            store.approve(event_id, who=who, reason=(body.reason if body else None) or "approved")
        except KeyError:
            raise HTTPException(404, f"no event {event_id!r}") from None
        request.app.state.facets.clear()
        return _json(_event_or_404(store, event_id))

    @app.post("/events/{event_id:path}/split", response_model=SplitResult, tags=["review"])
    def split(request: Request, event_id: str, body: SplitIn, who: str = Depends(auth.writer)) -> Response:
        """Move some of the event's reports into an event of their own, kept apart from now on."""
        store = _store(request)
        event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        members = set(event["report_ids"])
        out = set(body.report_ids)
        if not out < members:
            raise HTTPException(422, "report_ids must be a non-empty proper subset of the event's report_ids")
        new_id = store.split_event(event_id, sorted(out), who=who, reason=body.reason)
        kept = store.event_of_report(sorted(members - out)[0]) or event_id
        request.app.state.facets.clear()
        return _json({"event_id": kept, "new_event_id": new_id})

    @app.get("/events/{event_id:path}", response_model=EventDetail, dependencies=read, tags=["events"])
    def get_event(request: Request, event_id: str) -> Response:
        """The event's record, review state, articles and the per-article reports it merged."""
        return _json(_event_or_404(_store(request), event_id))

    @app.patch("/events/{event_id:path}", response_model=EventDetail, tags=["review"])
    def patch_event(request: Request, event_id: str, body: EventPatch, who: str = Depends(auth.writer)) -> Response:
        """Correct fields; each corrected field is locked against re-extraction and audited."""
        unknown = sorted(set(body.changes) - RECORD_FIELDS)
        if unknown:
            raise HTTPException(422, f"unknown field(s): {', '.join(unknown)}")
        fixed = sorted(set(body.changes) - EDITABLE)
        if fixed:
            raise HTTPException(422, f"not editable: {', '.join(fixed)}")
        store = _store(request)
        current = store.event(event_id)
        if current is None:
            raise HTTPException(404, f"no event {event_id!r}")
        merged = {**{k: current.get(k) for k in RECORD_FIELDS}, **body.changes}
        if SUB_EVENT_TO_TYPE.get(merged.get("sub_event_type")) != merged.get("event_type"):
            raise HTTPException(422, f"sub_event_type {merged.get('sub_event_type')!r} is not a kind of "
                                     f"event_type {merged.get('event_type')!r}")
        try:
            store.update_event(event_id, body.changes, reason=body.reason, who=who)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None
        except KeyError:
            raise HTTPException(404, f"no event {event_id!r}") from None
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        request.app.state.facets.clear()
        return _json(_event_or_404(store, event_id))

    # ------------------------------------------------------------------ articles

    @app.get("/articles/{article_id:path}", response_model=ArticleOut, dependencies=read, tags=["articles"])
    def get_article(request: Request, article_id: str) -> Response:
        """An article's text and metadata."""
        row = _store(request).article(article_id)
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return _json({k: row.get(k) for k in ("id", "text", "title", "url", "outlet", "published")})

    @app.post("/articles", response_model=IngestResult, status_code=201, tags=["articles"])
    def post_article(request: Request, body: ArticleIn, who: str = Depends(auth.writer)) -> Response:
        """Code an article's incidents and store them (re-posting an id replaces that article)."""
        from conflictwatch.ingest.text import read_text

        article_id = body.id or "api-" + hashlib.sha256((body.url or body.text).encode()).hexdigest()[:16]
        article = read_text(body.text, article_id=article_id, published=_day(body.published, "published"),
                            outlet=body.outlet, title=body.title, url=body.url)
        if not article.text.strip():
            raise HTTPException(422, "no article text (empty or only boilerplate)")
        article.origin = f"api:{who}"
        records = _pipeline(request.app)(article)
        result = _store(request).add_article(article, records)
        request.app.state.facets.clear()
        return _json({"article_id": result.article_id, "event_ids": result.event_ids, "status": result.status,
                      "reports": result.reports}, status=201 if result.status == "added" else 200)

    # ------------------------------------------------------------------ dashboard (after the API)

    if WEB_DIR.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    else:
        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse("/docs")

    return app


def _pipeline(app: FastAPI) -> Callable[[Any], list[EventRecord]]:
    if app.state.pipeline is None:
        try:
            from conflictwatch.extract.pipeline import get_pipeline

            app.state.pipeline = get_pipeline()
        except ImportError as exc:  # a half-installed extractor should not take the read API down
            raise HTTPException(503, f"extractor unavailable: {exc}") from None
    return app.state.pipeline
