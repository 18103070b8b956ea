"""Indexes for filtered event listing: one (filter, event_date, id) index per equality filter, a
partial index for reviewed events, a lat/lon index for bbox, and substring search for `q`/`actor`.

Every filter of `Store.events` can then start from an index that also gives the date order, so a
page of 100 never sorts or scans the table. Substring search (`q`, `actor`) keeps its semantics
("the text contains this string, case-insensitively"):

- SQLite: an FTS5 table with the trigram tokenizer over the searched columns (external content:
  the text stays in `events` only), kept in sync by triggers. A phrase of trigrams is a substring.
- PostgreSQL: pg_trgm GIN indexes over the lower-cased searched text, which serve `LIKE '%...%'`.
  Skipped (the filters still work, unindexed) when the pg_trgm extension is not available.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The searched columns, in the order `Store` queries them (FTS column order matters to its queries).
TEXT_COLUMNS = ("notes", "location", "actor1", "actor2", "admin1", "country")
# PostgreSQL: the expressions the trigram indexes are built on; repository.py emits the same text.
PG_Q_EXPR = " || chr(10) || ".join(f"coalesce(lower({c}), '')" for c in TEXT_COLUMNS)
PG_ACTOR_EXPR = "coalesce(lower(actor1), '') || chr(10) || coalesce(lower(actor2), '')"

INDEXES = [
    ("ix_events_iso3_date", ["iso3", "event_date", "id"]),
    ("ix_events_type_date", ["event_type", "event_date", "id", "fatalities"]),
    ("ix_events_sub_type_date", ["sub_event_type", "event_date", "id"]),
    ("ix_events_lat_lon", ["latitude", "longitude"]),
    ("ix_events_iso3_fatalities", ["iso3", "fatalities", "id"]),
    ("ix_events_country_id", ["country", "id"]),
]


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    for name, cols in INDEXES:
        op.create_index(name, "events", cols)
    op.create_index("ix_events_admin1_date", "events", [sa.text("lower(admin1)"), "event_date", "id"])
    # partial: the reviewed events are few; SQLite matches the predicate textually ("reviewed = 1")
    op.create_index("ix_events_reviewed_date", "events", ["event_date", "id"],
                    sqlite_where=sa.text("reviewed = 1"), postgresql_where=sa.text("reviewed"))
    if dialect == "sqlite":
        cols = ", ".join(TEXT_COLUMNS)
        op.execute(f"CREATE VIRTUAL TABLE events_fts USING fts5({cols}, content='events', content_rowid='rowid', "
                   "tokenize='trigram')")
        new = ", ".join(f"new.{c}" for c in TEXT_COLUMNS)
        old = ", ".join(f"old.{c}" for c in TEXT_COLUMNS)
        op.execute(f"CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN "
                   f"INSERT INTO events_fts(rowid, {cols}) VALUES (new.rowid, {new}); END")
        op.execute(f"CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN "
                   f"INSERT INTO events_fts(events_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END")
        op.execute(f"CREATE TRIGGER events_fts_au AFTER UPDATE OF {cols} ON events BEGIN "
                   f"INSERT INTO events_fts(events_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
                   f"INSERT INTO events_fts(rowid, {cols}) VALUES (new.rowid, {new}); END")
        op.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        schema = _pg_trgm_schema(bind)
        if schema is not None:
            ops = f'"{schema}".gin_trgm_ops'
            op.execute(f"CREATE INDEX ix_events_q_trgm ON events USING gin (({PG_Q_EXPR}) {ops})")
            op.execute(f"CREATE INDEX ix_events_actor_trgm ON events USING gin (({PG_ACTOR_EXPR}) {ops})")


def _pg_trgm_schema(bind: sa.Connection) -> str | None:
    """The schema pg_trgm lives in (installing it into public if it is available), else None."""
    found = bind.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = "
                                 "e.extnamespace WHERE e.extname = 'pg_trgm'")).scalar()
    if found:
        return found
    if not bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar():
        return None
    try:
        with bind.begin_nested():  # a missing privilege must not abort the migration
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    except sa.exc.DBAPIError:
        return None
    return bind.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = "
                                "e.extnamespace WHERE e.extname = 'pg_trgm'")).scalar()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("events_fts_ai", "events_fts_ad", "events_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS events_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_q_trgm")
        op.execute("DROP INDEX IF EXISTS ix_events_actor_trgm")
    op.drop_index("ix_events_reviewed_date", "events")
    op.drop_index("ix_events_admin1_date", "events")
    for name, _ in reversed(INDEXES):
        op.drop_index(name, "events")
