"""conflictwatch: codes conflict incidents from news reports into ACLED-style event records.

Data flows one way: ingest (read articles) -> extract (pipeline of components) -> merge (reports
into events) -> store (SQLite / PostgreSQL) -> serve (JSON API, dashboard, exports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from conflictwatch.extract.pipeline import extract as extract
    from conflictwatch.store import Store as Store


def __getattr__(name: str) -> Any:
    # Lazy, so that `import conflictwatch` stays cheap for the CLI's start-up.
    if name == "extract":
        from conflictwatch.extract.pipeline import extract

        return extract
    if name == "Store":
        from conflictwatch.store import Store

        return Store
    raise AttributeError(name)
