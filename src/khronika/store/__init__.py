"""Stores: the protocols every caller is typed against (``store/protocols/``) and their
backends (SQLite, ``store/sqlite/``, is the embedded default)."""

from __future__ import annotations

from pathlib import Path

from khronika.store.protocols import (
    AddedArticle,
    ArticleFilter,
    ArticleVersion,
    FeedState,
    ReaderSpec,
    Store,
    StoredFailure,
    StoreReader,
)
from khronika.store.sqlite.store import SQLiteStore


def open_store(target: Path | str, create: bool = True) -> SQLiteStore:
    """Open the store at ``target``, a SQLite file path: created if needed, or
    (``create`` False) NotFoundError where there is none."""
    return SQLiteStore(target, create=create)


__all__ = [
    "AddedArticle",
    "ArticleFilter",
    "ArticleVersion",
    "FeedState",
    "ReaderSpec",
    "SQLiteStore",
    "Store",
    "StoreReader",
    "StoredFailure",
    "open_store",
]
