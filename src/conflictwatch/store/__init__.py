"""The analyst's record: articles, the reports drawn from them, merged events, reviews.

`Store(url)` opens (and migrates) a SQLite or PostgreSQL database; see `repository.Store`.
"""

from conflictwatch.store.repository import AddResult, Page, Store

__all__ = ["AddResult", "Page", "Store"]
