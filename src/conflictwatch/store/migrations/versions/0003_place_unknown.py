"""Country and ISO3 may be unknown: an incident the text does not place is stored with both null.

The extractor keeps such incidents (for an analyst to place) instead of dropping them, so
`reports.country/iso3` and `events.country/iso3` become nullable (geo_precision lives only in the
record JSON). PostgreSQL drops the NOT NULL in place. SQLite cannot, so batch mode rebuilds each
table (copy, drop, rename; `engine.migrating` turns foreign-key enforcement off meanwhile). The
rebuild loses what SQLAlchemy cannot reflect or what hangs on the old table, all from 0002: the
expression index on lower(admin1), the FTS triggers, and the rowids the FTS index points at. The
triggers and that index are dropped first and made again afterwards, and the FTS index is rebuilt.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("reports", "events")
COLUMNS = (("country", sa.String(100)), ("iso3", sa.String(3)))
# as 0002 made them (frozen here: a migration must not change when a later one does)
FTS_COLUMNS = ("notes", "location", "actor1", "actor2", "admin1", "country")
TRIGGERS = ("events_fts_ai", "events_fts_ad", "events_fts_au")


def _set_nullable(nullable: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.drop_index("ix_events_admin1_date", "events")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for name, type_ in COLUMNS:
                batch.alter_column(name, existing_type=type_, nullable=nullable)
    if sqlite:
        op.create_index("ix_events_admin1_date", "events", [sa.text("lower(admin1)"), "event_date", "id"])
        cols = ", ".join(FTS_COLUMNS)
        new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
        old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
        op.execute(f"CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN "
                   f"INSERT INTO events_fts(rowid, {cols}) VALUES (new.rowid, {new}); END")
        op.execute(f"CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN "
                   f"INSERT INTO events_fts(events_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END")
        op.execute(f"CREATE TRIGGER events_fts_au AFTER UPDATE OF {cols} ON events BEGIN "
                   f"INSERT INTO events_fts(events_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
                   f"INSERT INTO events_fts(rowid, {cols}) VALUES (new.rowid, {new}); END")
        op.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")  # the copied rows have new rowids


def upgrade() -> None:
    _set_nullable(True)


def downgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        n = bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE country IS NULL OR iso3 IS NULL")).scalar()
        if n:
            raise RuntimeError(f"{n} {table} have no country or ISO3: place or delete them before downgrading")
    _set_nullable(False)
