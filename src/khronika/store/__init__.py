"""Stores: the protocol and its backends (SQLite is the embedded default)."""

from __future__ import annotations

from pathlib import Path

from khronika.store.base import ArticleFilter, FeedState, Store, StoredFailure
from khronika.store.sqlite.store import SQLiteStore


def open_store(target: Path | str) -> SQLiteStore:
    """Open (creating if needed) the store at ``target``: a SQLite file path."""
    return SQLiteStore(target)


__all__ = ["ArticleFilter", "FeedState", "SQLiteStore", "Store", "StoredFailure", "open_store"]
