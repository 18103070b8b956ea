"""Which database, how to connect to it, and bringing its schema up to date.

SQLite is the default (one analyst, one file); PostgreSQL serves shared deployments. The schema is
owned by the Alembic migrations shipped inside the package, so `Store(url)` upgrades any database
it opens without needing an alembic.ini.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection, Engine, create_engine, event

MIGRATIONS = Path(__file__).with_name("migrations")


def json_dumps(value: Any) -> str:
    """JSON text for the JSON columns: pydantic's Rust encoder, ~2.5x faster than `json.dumps` on
    records, which bulk ingest serialises once per report and event. Compact and UTF-8 rather than
    ASCII-escaped; NaN/Infinity written as `json.dumps` writes them, so every value reads back the same."""
    return to_json(value, inf_nan_mode="constants").decode()


def default_url() -> str:
    """The SQLite file in the user data dir ($CONFLICTWATCH_DATA overrides the dir)."""
    base = os.environ.get("CONFLICTWATCH_DATA") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "conflictwatch"
    )
    return f"sqlite:///{Path(base) / 'conflictwatch.sqlite'}"


def resolve_url(url: str | None = None, ini_url: str | None = None) -> str:
    """An explicit URL, else $CONFLICTWATCH_DB, else alembic.ini's, else the default SQLite file."""
    url = url or os.environ.get("CONFLICTWATCH_DB") or ini_url or default_url()
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
    return url


def make_engine(url: str) -> Engine:
    """An engine; for SQLite, create the file's directory and use WAL so readers don't block ingest."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=json_dumps)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI types
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # reads straight from the mapped file rather than a read() per page: filtered listing on a
            # large database walks many rows (SQLite caps this at its compiled maximum, 2 GB by default)
            cur.execute("PRAGMA mmap_size=2147418112")
            cur.execute("PRAGMA cache_size=-32768")  # 32 MB of page cache (default 2 MB): bulk ingest, indexes
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_dumps)


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for running migrations, committed when the block ends.

    SQLite needs two things here. Its driver opens a transaction only before a data change, so the
    schema changes would otherwise commit one by one and a failure could leave half a migration
    behind: the transaction is begun explicitly. And a batch migration rebuilds a table (copy, drop,
    rename) that other tables reference, which foreign-key enforcement refuses while they have rows:
    enforcement is off meanwhile (the pragma cannot change inside a transaction), the references are
    checked before the commit when the schema changed (the check reads every row: not on every open),
    and it is on again afterwards."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql("BEGIN")
                    schema = conn.exec_driver_sql("PRAGMA schema_version").scalar()
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA schema_version").scalar() != schema:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def upgrade(engine: Engine) -> None:
    """Run every pending migration (alembic upgrade head) on `engine`."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with migrating(engine) as conn:
        if conn.dialect.name == "postgresql":  # two processes opening one database: one migrates
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7262019)")
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
