"""The per-outlet line table (migration ``0009_outlet_lines``): which short lines each
stored page of an outlet held, as keys (``extract/site_lines.site_line_key``), so
that site-level cleaning can ask how many other pages of the outlet hold a line.

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence

from khronika.records import DroppedLine
from khronika.store.sqlite.migrations import json_column
from khronika.text import content_hash

_BATCH = 500  # keys per query: under SQLite's limit on bound parameters


def outlet_line_pages(
    db: sqlite3.Connection,
    outlet: str,
    keys: Collection[str],
    article_id: int | None = None,
    copies_hold: Collection[str] = (),
) -> dict[str, int]:
    """For each of ``keys`` held by another page of ``outlet`` (than ``article_id``),
    how many such pages hold it; a page holding half or more of ``copies_hold`` (the
    asking article's paragraphs) is a copy of it and not counted (one shared long
    line is no copy: outlets repeat long notices too)."""
    found: dict[str, int] = {}
    wanted, copies = list(keys), list(copies_hold)[:_BATCH]
    copy_marks = ",".join("?" * len(copies))
    copy_params = (outlet, *copies, (len(copies) + 1) // 2) if copies else ()
    without_copies = (
        f""" AND article_id NOT IN (SELECT article_id FROM outlet_lines WHERE outlet = ? AND line_key IN ({copy_marks})
              GROUP BY article_id HAVING COUNT(*) >= ?)"""
        if copies
        else ""
    )
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"""SELECT line_key, COUNT(*) FROM outlet_lines
                WHERE outlet = ? AND line_key IN ({marks}) AND article_id != ?{without_copies} GROUP BY line_key""",
            (outlet, *chunk, -1 if article_id is None else article_id, *copy_params),
        )
        found.update((str(key), int(count)) for key, count in rows)
    return found


def record_outlet_lines(db: sqlite3.Connection, article_id: int, outlet: str | None, keys: Collection[str]) -> None:
    """The article's lines, replacing what was kept of an earlier version (none without an outlet)."""
    db.execute("DELETE FROM outlet_lines WHERE article_id = ?", (article_id,))
    if outlet:
        db.executemany(
            "INSERT OR IGNORE INTO outlet_lines (outlet, line_key, article_id) VALUES (?, ?, ?)",
            ((outlet, key, article_id) for key in keys),
        )


class OutletLineTables:
    """The store's part that keeps the table (mixed into ``SQLiteStore``)."""

    _db: sqlite3.Connection

    def outlet_line_pages(
        self, outlet: str, keys: Collection[str], article_id: int | None = None, copies_hold: Collection[str] = ()
    ) -> dict[str, int]:
        return outlet_line_pages(self._db, outlet, keys, article_id, copies_hold)

    def record_outlet_lines(self, article_id: int, outlet: str | None, keys: Collection[str]) -> None:
        record_outlet_lines(self._db, article_id, outlet, keys)

    def update_clean_text(self, article_id: int, title: str | None, text: str, dropped: Sequence[DroppedLine]) -> None:
        """The current version's title, clean text and dropped lines, in place (no new version)."""
        digest, dropped_json = content_hash(text), json_column([{"text": d.text, "rule": d.rule} for d in dropped])
        row = self._db.execute("SELECT version FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        self._db.execute("UPDATE articles SET content_hash = ?, title = ? WHERE id = ?", (digest, title, article_id))
        self._db.execute(
            """UPDATE article_versions SET title = ?, text = ?, dropped = ?, content_hash = ?
               WHERE article_id = ? AND version = ?""",
            (title, text, dropped_json, digest, article_id, row[0]),
        )
