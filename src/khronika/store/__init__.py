"""Stores: the protocols every caller is typed against (``store/protocols/``) and their
backends (SQLite, ``store/sqlite/``, is the embedded default)."""

from __future__ import annotations

from pathlib import Path

from khronika.store.protocols import (
    AddedArticle,
    ArticleFilter,
    FeedState,
    ReaderSpec,
    Store,
    StoredFailure,
    StoreReader,
)
from khronika.store.sqlite.store import SQLiteStore


def open_store(target: Path | str) -> SQLiteStore:
    """Open (creating if needed) the store at ``target``: a SQLite file path."""
    return SQLiteStore(target)


__all__ = [
    "AddedArticle",
    "ArticleFilter",
    "FeedState",
    "ReaderSpec",
    "SQLiteStore",
    "Store",
    "StoreReader",
    "StoredFailure",
    "open_store",
]
