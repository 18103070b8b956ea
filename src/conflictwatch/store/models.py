"""The tables of the analyst's record.

Articles are what was read; reports are incidents as one article tells them (the extractor's
records, untouched); events are the merged incidents analysts review. Every analyst change goes
to `audit`; analyst merges and splits are kept as report-level constraints in `review_links` so
re-merging honours them. The migration in `migrations/versions` creates exactly these tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class _IncidentFields:
    """The record fields the filters and orderings use, copied out of the JSON to be indexed."""

    event_date: Mapped[dt.date] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(100))  # null: placed nowhere we know (migration 0003)
    iso3: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(100))
    sub_event_type: Mapped[str] = mapped_column(String(100))
    actor1: Mapped[str] = mapped_column(String(300))
    actor2: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text)
    fatalities: Mapped[int] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class ReportRow(_IncidentFields, Base):
    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_iso3_date", "iso3", "event_date"),)

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)


class EventRow(_IncidentFields, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_date", "event_date", "id"),
        Index("ix_events_country_date", "country", "event_date"),
        Index("ix_events_fatalities", "fatalities", "id"),
    )

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    fatalities_low: Mapped[int] = mapped_column(Integer)
    fatalities_high: Mapped[int] = mapped_column(Integer)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[dict[str, Any]] = mapped_column(JSON)  # field -> the analyst's value
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EventReportRow(Base):
    __tablename__ = "event_reports"

    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    source: Mapped[str] = mapped_column(String(300))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    wounded: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[list[Any]] = mapped_column(JSON)


class ReviewLinkRow(Base):
    """An analyst's must-link / cannot-link between two reports (from merge_events / split_event)."""

    __tablename__ = "review_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # "must" | "cannot"
    report_a: Mapped[str] = mapped_column(String(200), index=True)
    report_b: Mapped[str] = mapped_column(String(200), index=True)


class AuditRow(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(200), index=True)
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[Any] = mapped_column(JSON)
    after: Mapped[Any] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
