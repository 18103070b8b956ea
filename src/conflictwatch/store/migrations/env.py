"""Alembic environment for conflictwatch.

Two ways in: `Store(url)` passes an open connection in `config.attributes["connection"]`; a user
running `alembic upgrade head` from the repo root gives the database with `-x db=URL`, the
CONFLICTWATCH_DB variable, or `sqlalchemy.url` in alembic.ini (in that order), falling back to the
default SQLite file.
"""

from __future__ import annotations

from alembic import context

from conflictwatch.store.models import Base

config = context.config
if config.config_file_name and "connection" not in config.attributes:
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata


def _url() -> str:
    from conflictwatch.store.engine import resolve_url

    x = context.get_x_argument(as_dictionary=True)
    return resolve_url(x.get("db") or None, ini_url=config.get_main_option("sqlalchemy.url") or None)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    from conflictwatch.store.engine import make_engine, migrating

    engine = make_engine(_url())
    with migrating(engine) as conn:  # one transaction; on SQLite, foreign keys checked at its end
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
