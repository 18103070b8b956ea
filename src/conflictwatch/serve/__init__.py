"""The HTTP side: the JSON API (`create_app`), its tokens, and the `serve` / `token` commands.

Importing this package stays cheap (no FastAPI until an app is built), because the CLI imports it
for every command.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "db_option_url", "serve_command", "token_app"]


def create_app(db_url: str | None = None, *, open_reads: bool = True) -> FastAPI:
    """The FastAPI app over the store at `db_url`; see `conflictwatch.serve.api.create_app`."""
    from conflictwatch.serve.api import create_app as _create

    return _create(db_url, open_reads=open_reads)


def db_option_url(value: str | None) -> str | None:
    """`--db` takes a database URL or a path to a SQLite file."""
    if not value:
        return None
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


DB_HELP = "Database URL (sqlite:///file, postgresql://...) or SQLite file path; default $CONFLICTWATCH_DB."


def serve_command(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    private: bool = typer.Option(False, "--private", help="Require a token for reads (or CONFLICTWATCH_PRIVATE=1)."),
) -> None:
    """Serve the JSON API (OpenAPI at /docs) and the dashboard."""
    import uvicorn

    open_reads = not private and os.environ.get("CONFLICTWATCH_PRIVATE", "") not in ("1", "true", "yes")
    app = create_app(db_option_url(db), open_reads=open_reads)
    uvicorn.run(app, host=host, port=port, log_level="info")


token_app = typer.Typer(no_args_is_help=True, help="API tokens for the review (write) routes.")


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="Who the token is for; shown as `who` in the audit trail."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Create a token and print it once (only its sha256 is stored)."""
    from sqlalchemy.exc import IntegrityError

    from conflictwatch.store import Store

    with Store(db_option_url(db)) as store:
        try:
            token = store.create_token(name)
        except IntegrityError:
            typer.echo(f"error: a token named {name!r} already exists", err=True)
            raise typer.Exit(code=1) from None
    typer.echo(token)


@token_app.command("revoke")
def token_revoke(
    name: str = typer.Argument(..., help="The token's name."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Revoke a token by name."""
    from conflictwatch.store import Store

    with Store(db_option_url(db)) as store:
        if not store.revoke_token(name):
            typer.echo(f"error: no token named {name!r}", err=True)
            raise typer.Exit(code=1)
    typer.echo(f"revoked {name}")
