"""The Store protocol: what every backend (SQLite now, PostgreSQL later) offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from khronika.records import Article, IngestFailure, StoredArticle, StoreOutcome


@dataclass(frozen=True)
class ArticleFilter:
    lang: str | None = None
    outlet: str | None = None
    undated: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    errors: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class StoredFailure:
    run_id: int | None
    input: str
    reason: str
    at: str


class Store(Protocol):
    def add_article(self, article: Article) -> tuple[int, StoreOutcome]: ...
    def article(self, article_id: int) -> StoredArticle: ...
    def has_article(self, url: str) -> bool: ...
    def articles(self, where: ArticleFilter) -> list[StoredArticle]: ...
    def start_run(self, command: str) -> int: ...
    def finish_run(self, run_id: int, ingested: int, duplicates: int, failed: int) -> None: ...
    def record_failure(self, run_id: int | None, failure: IngestFailure) -> None: ...
    def failures(self, limit: int | None = None) -> list[StoredFailure]: ...
    def feed_state(self, url: str) -> FeedState: ...
    def save_feed_state(self, state: FeedState, ok: bool) -> None: ...
    def stats(self) -> dict[str, Any]: ...
    def close(self) -> None: ...
