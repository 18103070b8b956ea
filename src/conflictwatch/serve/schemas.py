"""Request and response models of the JSON API.

Request bodies forbid unknown keys, so a typo ("fatalites") is a 422 instead of a silent no-op.
Response models are declared for the OpenAPI page; the handlers return plain JSON built from the
store's dicts (validating a thousand records per page would cost more than the query itself).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from conflictwatch.record import EventRecord

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
SortKey = Literal["event_date", "fatalities", "country"]
SortOrder = Literal["asc", "desc"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ requests


class ArticleIn(_Strict):
    """An article to code and store; without an id, one is derived from its URL or text."""

    id: str | None = Field(default=None, min_length=1, max_length=200)
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, pattern=DAY_PATTERN, description="YYYY-MM-DD")


class EventPatch(_Strict):
    """An analyst's correction: record fields and their new values, and why."""

    changes: dict[str, Any] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=2000)


class ApproveIn(_Strict):
    reason: str | None = Field(default=None, max_length=2000)


class MergeIn(_Strict):
    ids: list[str] = Field(min_length=2, max_length=100)
    reason: str = Field(min_length=1, max_length=2000)


class SplitIn(_Strict):
    report_ids: list[str] = Field(min_length=1, max_length=1000)
    reason: str = Field(min_length=1, max_length=2000)


# ------------------------------------------------------------------ responses


class EventOut(EventRecord):
    """A stored event: the record plus its review state."""

    reviewed: bool = False
    locked_fields: list[str] = Field(default_factory=list)


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None = None


class ArticleRef(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


class EventDetail(EventOut):
    """An event with the articles behind it and the per-article reports it merged."""

    articles: list[ArticleRef] = Field(default_factory=list)
    report_ids: list[str] = Field(default_factory=list)
    reports: list[dict[str, Any]] = Field(default_factory=list)


class HistoryEntry(BaseModel):
    who: str
    when: str
    action: str
    field: str | None = None
    before: Any = None
    after: Any = None
    reason: str


class WeeklyStat(BaseModel):
    week: str = Field(description="the Monday starting the week, YYYY-MM-DD")
    event_type: str
    events: int
    fatalities: int


class Facets(BaseModel):
    countries: list[str]
    unplaced_events: int = Field(0, description="events whose place is unknown (country null): `country=unknown`")
    admin1: dict[str, list[str]]
    event_types: list[str]
    sub_event_types: dict[str, list[str]]
    actors: list[str] = Field(description="the most frequent actors (either side), most frequent first")
    total_events: int


class ArticleOut(BaseModel):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


class IngestResult(BaseModel):
    article_id: str
    event_ids: list[str]
    status: str = Field(description='"added", "replaced" or "unchanged"')
    reports: int


class MergeResult(BaseModel):
    event_id: str
    event: EventDetail


class SplitResult(BaseModel):
    event_id: str = Field(description="the event that kept the remaining reports")
    new_event_id: str = Field(description="the event the given reports now form")


class ErrorOut(BaseModel):
    detail: Any
