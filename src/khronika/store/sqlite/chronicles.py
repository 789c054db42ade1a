"""Kept chronicles in the SQLite store (table ``chronicles``, migration ``0010``).

The state of a chronicle's inputs is a digest of the rows it reads: the articles
(version, URL, outlet, language), their analyses (version, pipeline and ``revision``:
a random number the triggers of migration 0010 draw anew on every insert or update of
an analysis or its sheet, whichever statement makes it), their copy groups and the
chronicle corrections. Every lookup is by index: the cost grows with the articles
asked about, not with the store.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from khronika.store.protocols.chronicles import ChronicleScope
from khronika.store.protocols.decisions import CHRONICLE_KINDS
from khronika.store.sqlite.duplicates import copy_groups_of
from khronika.store.sqlite.migrations import json_column, now_iso

_CHUNK = 500  # ids per IN (...): under SQLite's limit on parameters


class ChronicleTables:
    """Kept chronicles; ``SQLiteStore`` sets the connection."""

    _db: sqlite3.Connection

    def chronicle_state(self, article_ids: Iterable[int]) -> str:
        ids = sorted(set(article_ids))
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(ids).encode())
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = self._db.execute(
                f"""SELECT a.id, a.version, a.url, a.outlet, a.lang, a.pipeline_version,
                           n.version, n.pipeline_version, n.revision
                    FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
                    WHERE a.id IN ({",".join("?" * len(chunk))}) ORDER BY a.id""",
                chunk,
            ).fetchall()
            digest.update(repr(rows).encode())
        digest.update(repr(sorted(copy_groups_of(self._db, ids).items())).encode())
        marks = ",".join("?" * len(CHRONICLE_KINDS))
        decisions = self._db.execute(
            f"SELECT id, kind, arguments FROM decisions WHERE kind IN ({marks}) ORDER BY id", CHRONICLE_KINDS
        ).fetchall()
        digest.update(repr(decisions).encode())
        return digest.hexdigest()

    def kept_chronicle(self, scope: ChronicleScope, scope_id: int, key: str) -> tuple[str, dict[str, Any]] | None:
        row = self._db.execute(
            "SELECT state, chronicle FROM chronicles WHERE scope = ? AND scope_id = ? AND key = ?",
            (scope, scope_id, key),
        ).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None

    def keep_chronicle(
        self, scope: ChronicleScope, scope_id: int, key: str, state: str, chronicle: dict[str, Any]
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO chronicles (scope, scope_id, key, state, chronicle, built_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (scope, scope_id, key, state, json_column(chronicle), now_iso()),
        )
