"""A read-only view of a SQLite store for worker processes, opened from a picklable spec."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from khronika.errors import StoreError
from khronika.store.sqlite.outlet_lines import outlet_line_pages

_READ_TIMEOUT_S = 30


def stored_with_text(connection: sqlite3.Connection, url: str, digest: str) -> bool:
    """True when ``url`` is stored with the text whose hash is ``digest``."""
    row = connection.execute("SELECT content_hash FROM articles WHERE url = ?", (url,)).fetchone()
    return row is not None and row[0] == digest


class SQLiteReader:
    """Its own read-only connection (the writer's WAL lets it read while the writer writes)."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_READ_TIMEOUT_S)
        except sqlite3.Error as err:
            raise StoreError(f"{path}: cannot be read ({err})") from err

    def is_stored(self, url: str, digest: str) -> bool:
        return stored_with_text(self._db, url, digest)

    def outlet_line_pages(
        self, outlet: str, keys: Collection[str], article_id: int | None = None, copies_hold: Collection[str] = ()
    ) -> dict[str, int]:
        return outlet_line_pages(self._db, outlet, keys, article_id, copies_hold)

    def article_count(self) -> int:
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.Error as err:  # not a khronika database (yet: its writer may be creating it)
            raise StoreError(f"{self.path}: cannot be read ({err})") from err

    def close(self) -> None:
        self._db.close()


@dataclass(frozen=True)
class SQLiteReaderSpec:
    """The database file's path: all a worker needs, on this machine, to read the store."""

    path: str

    def open_reader(self) -> SQLiteReader:
        return SQLiteReader(self.path)
