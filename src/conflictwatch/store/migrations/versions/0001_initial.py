"""Initial schema: articles, reports, events, links, claims, review links, audit, api tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _incident_columns() -> list[sa.Column]:
    return [
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("time_precision", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(100), nullable=False),
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("admin1", sa.String(200)),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("sub_event_type", sa.String(100), nullable=False),
        sa.Column("actor1", sa.String(300), nullable=False),
        sa.Column("actor2", sa.String(300)),
        sa.Column("location", sa.String(300)),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("record", sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published", sa.Date()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), nullable=False),
        *_incident_columns(),
    )
    op.create_index("ix_reports_article_id", "reports", ["article_id"])
    op.create_index("ix_reports_iso3_date", "reports", ["iso3", "event_date"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(200), primary_key=True),
        *_incident_columns(),
        sa.Column("fatalities_low", sa.Integer(), nullable=False),
        sa.Column("fatalities_high", sa.Integer(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_events_date", "events", ["event_date", "id"])
    op.create_index("ix_events_country_date", "events", ["country", "event_date"])
    op.create_index("ix_events_fatalities", "events", ["fatalities", "id"])
    op.create_table(
        "event_reports",
        sa.Column("report_id", sa.String(200), sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("event_id", sa.String(200), sa.ForeignKey("events.id"), nullable=False),
    )
    op.create_index("ix_event_reports_event_id", "event_reports", ["event_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.String(200), sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("wounded", sa.Integer()),
        sa.Column("qualifier", sa.String(20)),
        sa.Column("evidence", sa.JSON(), nullable=False),
    )
    op.create_index("ix_claims_report_id", "claims", ["report_id"])
    op.create_table(
        "review_links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("report_a", sa.String(200), nullable=False),
        sa.Column("report_b", sa.String(200), nullable=False),
    )
    op.create_index("ix_review_links_report_a", "review_links", ["report_a"])
    op.create_index("ix_review_links_report_b", "review_links", ["report_b"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("field", sa.String(100)),
        sa.Column("before", sa.JSON()),
        sa.Column("after", sa.JSON()),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_event_id", "audit", ["event_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("api_tokens", "audit", "review_links", "claims", "event_reports", "events", "reports",
                  "articles"):
        op.drop_table(table)
