"""The `conflictwatch` command line.

Each command is a thin shell over a module that does the work (ingest, extract, store, export,
evaluate, serve, batch), so everything here is also reachable from Python.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from conflictwatch.document import Article
from conflictwatch.evaluate import eval_app
from conflictwatch.ingest.errors import InputError
from conflictwatch.record import EventRecord
from conflictwatch.serve import serve_command, token_app
from conflictwatch.watch import watch_command

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Code conflict incidents from news reports, with the evidence for every field.")
app.add_typer(eval_app, name="eval")
app.add_typer(token_app, name="token")
app.command("serve")(serve_command)
app.command("watch")(watch_command)
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """conflictwatch: code conflict incidents from news reports, with evidence for every field."""


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"
    csv = "csv"


def _parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=option) from None


def read_inputs(
    paths: list[str], published: dt.date | None, outlet: str | None, failures: list[InputError]
) -> Iterator[Article]:
    """Articles from every path; a bad input is reported on stderr and counted, the rest go on."""
    from conflictwatch.ingest.readers import read_path

    for path in paths or ["-"]:
        try:
            for item in read_path(path, published=published, outlet=outlet):
                if isinstance(item, InputError):
                    failures.append(item)
                    err_console.print(f"[red]error[/red] {item}", highlight=False, markup=True)
                else:
                    yield item
        except InputError as exc:
            failures.append(exc)
            err_console.print(f"[red]error[/red] {exc}", highlight=False)


def _with_progress(articles: Iterable[Article]) -> Iterator[Article]:
    if not sys.stderr.isatty():
        yield from articles
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("extracting"), BarColumn(), TextColumn("{task.completed} articles"),
        TimeElapsedColumn(), console=err_console, transient=True,
    ) as progress:
        task = progress.add_task("extract", total=None)
        for article in articles:
            yield article
            progress.advance(task)


@app.command()
def extract(
    paths: list[str] = typer.Argument(None, help="Files (.txt, .html, .jsonl, .xml/.rss/.atom) or - for stdin."),
    published: str = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
    outlet: str = typer.Option(None, "--outlet", help="Outlet name for every input."),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="Output format."),
) -> None:
    """Code the incidents in articles and print them (no database)."""
    from conflictwatch.export import write_records
    from conflictwatch.extract.pipeline import get_pipeline

    pipeline = get_pipeline()
    failures: list[InputError] = []
    articles = _with_progress(read_inputs(paths, _parse_day(published, "--published"), outlet, failures))
    if fmt is OutputFormat.jsonl:
        out = sys.stdout
        for article in articles:
            for record in pipeline(article):
                out.write(json.dumps(record.to_json_dict(), ensure_ascii=False) + "\n")
            out.flush()
    else:
        records: list[EventRecord] = [r for a in articles for r in pipeline(a)]
        write_records(records, fmt.value, sys.stdout)
    if failures:
        err_console.print(f"[red]{len(failures)} input(s) failed[/red]")
        raise typer.Exit(code=1)


class EventsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    geojson = "geojson"
    ucdp = "ucdp"


@app.command()
def ingest(
    paths: list[str] = typer.Argument(None, help="Files (.txt, .html, .jsonl, .xml/.rss/.atom) or - for stdin."),
    db: str = typer.Option(None, "--db", help="Database URL (default: $CONFLICTWATCH_DB or the user's SQLite file)."),
    published: str = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
    outlet: str = typer.Option(None, "--outlet", help="Outlet name for every input."),
) -> None:
    """Code articles and store them, merging their reports into events."""
    from collections import Counter

    from conflictwatch.extract.pipeline import get_pipeline
    from conflictwatch.store import Store

    pipeline = get_pipeline()
    failures: list[InputError] = []
    articles = _with_progress(read_inputs(paths, _parse_day(published, "--published"), outlet, failures))
    with Store(db) as store:
        results = store.add_articles((a, pipeline(a)) for a in articles)
        statuses = Counter(r.status for r in results)
        events = {e for r in results for e in r.event_ids}
        err_console.print(
            f"{len(results)} article(s): {statuses['added']} added, {statuses['replaced']} replaced, "
            f"{statuses['unchanged']} unchanged; {sum(r.reports for r in results)} report(s) "
            f"in {len(events)} event(s); database {store.url}", highlight=False)
    if failures:
        err_console.print(f"[red]{len(failures)} input(s) failed[/red]")
        raise typer.Exit(code=1)


@app.command()
def events(
    db: str = typer.Option(None, "--db", help="Database URL (default: $CONFLICTWATCH_DB or the user's SQLite file)."),
    fmt: EventsFormat = typer.Option(EventsFormat.table, "--format", help="Output format."),
    since: str = typer.Option(None, "--since", help="First event date YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last event date YYYY-MM-DD."),
    country: str = typer.Option(None, "--country", help="Country name or ISO3; 'unknown' for events not yet placed."),
    event_type: str = typer.Option(None, "--type", help="ACLED event type, e.g. Battles."),
    limit: int = typer.Option(0, "--limit", help="At most this many events (0: all)."),
) -> None:
    """Print the merged events in the store."""
    from conflictwatch.export import write_records
    from conflictwatch.store import Store

    items: list[dict] = []
    cursor = None
    with Store(db) as store:
        while True:
            page = store.events(since=_parse_day(since, "--since"), until=_parse_day(until, "--until"),
                                country=country, event_type=event_type, limit=1000, cursor=cursor)
            items += page.items
            cursor = page.next_cursor
            if cursor is None or (limit and len(items) >= limit):
                break
    write_records(items[:limit] if limit else items, fmt.value, sys.stdout)


from conflictwatch.extract.gazetteer import data_dir, gazetteer_add, get_gazetteer  # noqa: E402

gazetteer_app = typer.Typer(no_args_is_help=True, help="Manage the place gazetteer.")


@gazetteer_app.command("add")
def _add_command(
    countries: list[str] = typer.Argument(..., help="ISO2 country codes, e.g. SY IQ."),
    from_path: Path = typer.Option(None, "--from", help="A local GeoNames dump (.zip or .txt)."),
) -> None:
    """Add every village of these countries from GeoNames' per-country dumps (CC BY 4.0)."""
    if from_path is not None and len(countries) != 1:
        raise typer.BadParameter("--from imports one country at a time")
    for cc, n in gazetteer_add(countries, source=from_path).items():
        typer.echo(f"{cc}: {n} places added to {data_dir() / 'gazetteer'}")


@gazetteer_app.command("lookup")
def _lookup_command(name: str) -> None:
    """Show the places a name can refer to."""
    gaz = get_gazetteer()
    for p in gaz.search(name)[:20]:
        typer.echo(f"{p.name}\t{p.kind_name}\t{p.cc}\t{p.admin1}\t{p.lat:.4f},{p.lon:.4f}\tpop {p.population}")


app.add_typer(gazetteer_app, name="gazetteer")

from conflictwatch.batch import batch_command  # noqa: E402

app.command(name="batch")(batch_command)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
