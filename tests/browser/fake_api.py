"""A small stand-in for `conflictwatch.serve.api.create_app`, on the same `Store`.

The browser tests and front-end work use the real API when it imports; this keeps the dashboard
testable while it does not (and documents the contract the dashboard relies on). Run it by hand:

    python -m tests.browser.fake_api --db sqlite:///x.sqlite --port 8765
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from conflictwatch.store import Store

WEB = Path(__file__).resolve().parents[2] / "src" / "conflictwatch" / "serve" / "web"
FILTERS = ("since", "until", "country", "admin1", "actor", "event_type", "sub_event_type", "q")


def _filters(request: Request) -> dict[str, Any]:
    p = request.query_params
    out: dict[str, Any] = {k: p[k] for k in FILTERS if p.get(k)}
    if p.get("bbox"):
        out["bbox"] = tuple(float(x) for x in p["bbox"].split(","))
    if p.get("min_fatalities"):
        out["min_fatalities"] = int(p["min_fatalities"])
    if p.get("reviewed") in ("true", "false", "1", "0"):
        out["reviewed"] = p["reviewed"] in ("true", "1")
    return out


def _all(store: Store, filters: dict[str, Any]) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        page = store.events(**filters, limit=1000, cursor=cursor)
        items += page.items
        cursor = page.next_cursor
        if not cursor:
            return items


def create_app(db_url: str) -> FastAPI:
    store = Store(db_url)
    app = FastAPI(title="conflictwatch (fake)")

    def who(authorization: str | None) -> str:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, "a token is needed: Authorization: Bearer TOKEN")
        name = store.verify_token(authorization.split(None, 1)[1].strip())
        if not name:
            raise HTTPException(403, "unknown token")
        return name

    @app.get("/events")
    def events(request: Request, sort: str = "event_date", order: str = "desc", limit: int = 100,
               cursor: str | None = None) -> dict[str, Any]:
        try:
            page = store.events(**_filters(request), order_by=sort, descending=order != "asc",
                                limit=limit, cursor=cursor)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/events.csv")
    def events_csv(request: Request) -> Response:
        from conflictwatch.export import write_records
        buf = io.StringIO()
        write_records(_all(store, _filters(request)), "csv", buf)
        return Response(buf.getvalue(), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/events.geojson")
    def events_geojson(request: Request) -> JSONResponse:
        from conflictwatch.export import geojson
        return JSONResponse(geojson(_all(store, _filters(request))), media_type="application/geo+json")

    @app.get("/stats/weekly")
    def weekly(request: Request) -> list[dict[str, Any]]:
        acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for e in _all(store, _filters(request)):
            day = dt.date.fromisoformat(e["event_date"])
            week = (day - dt.timedelta(days=day.weekday())).isoformat()
            acc[(week, e["event_type"])][0] += 1
            acc[(week, e["event_type"])][1] += e.get("fatalities") or 0
        return [{"week": w, "event_type": t, "events": n, "fatalities": f} for (w, t), (n, f) in sorted(acc.items())]

    @app.get("/facets")
    def facets() -> dict[str, Any]:
        from conflictwatch.record import EVENT_TYPES
        items = _all(store, {})
        admin1: dict[str, set[str]] = defaultdict(set)
        for e in items:
            if e.get("admin1"):
                admin1[e["country"]].add(e["admin1"])
        return {
            "countries": sorted({e["country"] for e in items if e.get("country")}),
            "admin1": {c: sorted(v) for c, v in sorted(admin1.items())},
            "event_types": list(EVENT_TYPES),
            "sub_event_types": {k: list(v) for k, v in EVENT_TYPES.items()},
            "actors": sorted({a for e in items for a in (e.get("actor1"), e.get("actor2")) if a}),
            "total_events": len(items),
        }

    @app.get("/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        item = store.event(event_id)
        if item is None:
            raise HTTPException(404, "no such event")
        arts = []
        for aid in item.get("article_ids") or []:
            a = store.article(aid)
            if a:
                arts.append({k: a.get(k) for k in ("id", "title", "url", "outlet", "published")})
        item["articles"] = arts
        return item

    @app.get("/events/{event_id}/history")
    def history(event_id: str) -> list[dict[str, Any]]:
        return [{"who": h["who"], "when": h["at"], "action": h["action"], "field": h["field"],
                 "before": h["before"], "after": h["after"], "reason": h["reason"]} for h in store.history(event_id)]

    @app.get("/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        a = store.article(article_id)
        if a is None:
            raise HTTPException(404, "no such article")
        return {k: a.get(k) for k in ("id", "text", "title", "url", "outlet", "published")}

    @app.patch("/events/{event_id}")
    async def patch(event_id: str, request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
        name = who(authorization)
        body = await request.json()
        try:
            return store.update_event(event_id, body.get("changes") or {}, body.get("reason") or "", name)
        except KeyError as exc:
            raise HTTPException(404, "no such event") from exc
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.post("/events/merge")
    async def merge(request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
        name = who(authorization)
        body = await request.json()
        try:
            return {"event_id": store.merge_events(body.get("ids") or [], name, body.get("reason") or "")}
        except (KeyError, ValueError) as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.post("/events/{event_id}/approve")
    def approve(event_id: str, authorization: str | None = Header(None)) -> dict[str, Any]:
        name = who(authorization)
        try:
            store.approve(event_id, name)
        except KeyError as exc:
            raise HTTPException(404, "no such event") from exc
        return {"event_id": event_id, "reviewed": True}

    @app.post("/events/{event_id}/split")
    async def split(event_id: str, request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
        name = who(authorization)
        body = await request.json()
        try:
            return {"event_id": store.split_event(event_id, body.get("report_ids") or [], name,
                                                  body.get("reason") or "")}
        except (KeyError, ValueError) as exc:
            raise HTTPException(422, str(exc)) from exc

    app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    return app


if __name__ == "__main__":
    import argparse

    import uvicorn

    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    uvicorn.run(create_app(args.db), host="127.0.0.1", port=args.port, log_level="warning")
