"""The store protocols: the only contract callers see. SQLite implements them now
(``store/sqlite/``), PostgreSQL next; ``tests/contract/`` is the suite every
implementation passes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from khronika.store.protocols.articles import (
    AddedArticle,
    ArticleFilter,
    ArticleStore,
    ArticleVersion,
    ReaderSpec,
    StoredCheck,
    StoreReader,
)
from khronika.store.protocols.chronicles import ChronicleScope, ChronicleStore
from khronika.store.protocols.decisions import DecisionStore
from khronika.store.protocols.duplicates import CopyGroupReader, DuplicateStore
from khronika.store.protocols.entities import EntityStore
from khronika.store.protocols.runs import FeedState, FeedStore, RunStore, StatsStore, StoredFailure
from khronika.store.protocols.stories import StoryStore


class Batch(Protocol):
    def commit(self) -> None:
        """Make the complete units so far durable (the writer calls it before it waits)."""
        ...


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """One unit of writes, all or nothing: inside an open batch, undone alone on an
        error (the batch's earlier units stay); else a transaction of its own. An
        error rolls it back and propagates."""
        ...

    def write_batch(self) -> AbstractContextManager[Batch]:
        """Units written inside it are made durable a few at a time, each still all or
        nothing; the complete ones are kept when it ends, also when an error ends it.
        One batch at a time: StoreError if one is open."""
        ...


class Store(
    ArticleStore,
    EntityStore,
    DuplicateStore,
    DecisionStore,
    ChronicleStore,
    RunStore,
    FeedStore,
    StatsStore,
    UnitOfWork,
    Protocol,
):
    """Everything a khronika store offers."""

    @property
    def stories(self) -> StoryStore:
        """What the store keeps of stories and storylines (``store/protocols/stories.py``)."""
        ...

    @property
    def location(self) -> str:
        """Where the store is, for messages (a file path, a database URL)."""
        ...

    def close(self) -> None: ...


__all__ = [
    "AddedArticle",
    "ArticleFilter",
    "ArticleStore",
    "ArticleVersion",
    "Batch",
    "ChronicleScope",
    "ChronicleStore",
    "CopyGroupReader",
    "DecisionStore",
    "DuplicateStore",
    "EntityStore",
    "FeedState",
    "FeedStore",
    "ReaderSpec",
    "RunStore",
    "StatsStore",
    "Store",
    "StoreReader",
    "StoredCheck",
    "StoredFailure",
    "StoryStore",
    "UnitOfWork",
]
