"""Runs, failures, feed states, decisions and counts of the SQLite store (a part of ``SQLiteStore``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from khronika import PIPELINE_VERSION
from khronika.records import IngestFailure, failure_kind
from khronika.store.protocols.runs import FeedState, StoredFailure
from khronika.store.sqlite.decisions import list_decisions, record_decision
from khronika.store.sqlite.migrations import now_iso


class RunTables:
    """The bookkeeping tables; ``SQLiteStore`` sets the connection and the path."""

    _db: sqlite3.Connection
    path: Path

    # -- decisions (hand corrections) ----------------------------------------------
    def record_decision(self, kind: str, arguments: dict[str, Any]) -> int:
        """Keep a correction made by hand (inside the caller's transaction, if any); its id."""
        return record_decision(self._db, kind, arguments)

    def decisions(self, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """The corrections made by hand (of these kinds), in the order they were made."""
        return list_decisions(self._db, kinds)

    # -- runs and failures --------------------------------------------------------
    def start_run(self, command: str) -> int:
        cursor = self._db.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, now_iso()))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, ingested: int, duplicates: int, failed: int) -> None:
        self._db.execute(
            "UPDATE runs SET finished_at = ?, ingested = ?, duplicates = ?, failed = ? WHERE id = ?",
            (now_iso(), ingested, duplicates, failed, run_id),
        )

    def record_failure(self, run_id: int | None, failure: IngestFailure) -> None:
        self._db.execute(
            "INSERT INTO failures (run_id, input, reason, at, kind) VALUES (?, ?, ?, ?, ?)",
            (run_id, failure.input, failure.reason, now_iso(), str(failure.kind)),
        )

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        sql = "SELECT run_id, input, reason, at, kind FROM failures ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [  # a row kept before kinds were: the kind its reason names, as on ingest
            StoredFailure(run, name, reason, at, kind or str(failure_kind(reason)))
            for run, name, reason, at, kind in self._db.execute(sql)
        ]

    # -- feeds ----------------------------------------------------------------------
    def feed_state(self, url: str) -> FeedState:
        row = self._db.execute(
            "SELECT url, etag, last_modified, errors, last_error FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return FeedState(*row) if row else FeedState(url)

    def save_feed_state(self, state: FeedState, ok: bool) -> None:
        now = now_iso()
        self._db.execute(
            """INSERT INTO feeds (url, etag, last_modified, last_polled_at, last_ok_at, errors, last_error)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
               last_polled_at = excluded.last_polled_at, last_ok_at = COALESCE(excluded.last_ok_at, last_ok_at),
               errors = excluded.errors, last_error = excluded.last_error""",
            (state.url, state.etag, state.last_modified, now, now if ok else None, state.errors, state.last_error),
        )

    # -- stats ----------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        rows = [str(row[0]) for row in self._db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def stats(self) -> dict[str, Any]:
        db = self._db

        def scalar(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0] or 0)

        def grouped(column: str) -> dict[str, int]:
            rows = db.execute(
                f"SELECT COALESCE({column}, '') AS k, COUNT(*) FROM articles GROUP BY k ORDER BY 2 DESC, 1"
            )
            return {str(key): int(count) for key, count in rows}

        return {
            "database": str(self.path),
            "articles": scalar("SELECT COUNT(*) FROM articles"),
            "versions": scalar("SELECT COUNT(*) FROM article_versions"),
            "exact_copies": scalar("SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL"),
            "undated": scalar("SELECT COUNT(*) FROM articles WHERE published IS NULL"),
            "by_lang": grouped("lang"),
            "by_outlet": grouped("outlet"),
            "by_domain": grouped("domain"),
            "by_date_source": grouped("published_source"),
            "first_day": db.execute("SELECT MIN(published_day) FROM articles").fetchone()[0],
            "last_day": db.execute("SELECT MAX(published_day) FROM articles").fetchone()[0],
            "runs": scalar("SELECT COUNT(*) FROM runs"),
            "failures": scalar("SELECT COUNT(*) FROM failures"),
            "feeds": scalar("SELECT COUNT(*) FROM feeds"),
            "pipeline_version": PIPELINE_VERSION,
        }
