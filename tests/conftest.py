"""Shared fixtures: `db_url` runs a test on SQLite (a temp file) and on PostgreSQL.

The PostgreSQL param uses one uniquely named database per test session (dropped afterwards) and a
fresh schema per test; it skips cleanly when 127.0.0.1:5432 is unreachable.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

PG_HOST = os.environ.get("CONFLICTWATCH_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("CONFLICTWATCH_TEST_PG_PORT", "5432"))
PG_ADMIN_DB = os.environ.get("CONFLICTWATCH_TEST_PG_DB", "test")


def _pg_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=0.5):
            pass
        import psycopg

        with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=PG_ADMIN_DB, connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        return False


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway database for this session; dropped at the end."""
    if not _pg_reachable():
        if os.environ.get("CONFLICTWATCH_REQUIRE_POSTGRES"):  # set by .ci/run: there, a skip would hide a gap
            pytest.fail(f"PostgreSQL required but not reachable at {PG_HOST}:{PG_PORT}")
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"cw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=PG_ADMIN_DB, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield name

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=PG_ADMIN_DB, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'conflictwatch.sqlite'}"
        return
    database = request.getfixturevalue("pg_database")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=database, autocommit=True) as c:
        c.execute(f'CREATE SCHEMA "{schema}"')
    yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{database}?options=-csearch_path%3D{schema}"
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname=database, autocommit=True) as c:
        c.execute(f'DROP SCHEMA "{schema}" CASCADE')
