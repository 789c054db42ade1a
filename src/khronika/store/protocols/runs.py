"""Runs (one per ingest), the inputs that failed, and the state of polled feeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from khronika.records import IngestFailure


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
    kind: str  # a records.FailureKind word


class RunStore(Protocol):
    def start_run(self, command: str) -> int:
        """Record the start of a run; its id."""
        ...

    def finish_run(self, run_id: int, ingested: int, duplicates: int, failed: int) -> None: ...

    def record_failure(self, run_id: int | None, failure: IngestFailure) -> None: ...

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        """Recorded failures, newest first."""
        ...


class FeedStore(Protocol):
    def feed_state(self, url: str) -> FeedState:
        """The feed's saved state, or a fresh one for a feed never polled."""
        ...

    def save_feed_state(self, state: FeedState, ok: bool) -> None:
        """Replace the feed's state; a poll that went well (``ok``) is also the feed's
        last good poll, while a failed one keeps the time of the last good one."""
        ...


class StatsStore(Protocol):
    def stats(self) -> dict[str, Any]:
        """Counts over the store: articles, versions, exact copies, undated, by language,
        outlet, domain and date source, first and last day, runs, failures, feeds."""
        ...

    def integrity_problems(self) -> list[str]:
        """The faults the backend finds in its own storage (a damaged page or index):
        empty when it is sound, as it must be after any crash or kill."""
        ...
