"""Hand corrections kept as decisions (table ``decisions``, migration ``0005_storylines``).

A decision is a kind (``story merge``, ``story move``, ``entity merge``, ``entity
split``), its arguments as JSON and the time it was made. Story decisions name
article ids, never story ids (``recluster`` renumbers stories): the clustering
replays them on every placement (``stories/corrections.py``). Entity decisions are
also written as what entity linking must obey from then on (``entity_redirects``,
``entity_name_pins``; ``store/sqlite/entity_corrections.py``).

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from khronika.store.protocols.decisions import ENTITY_MERGE as ENTITY_MERGE  # the kinds, re-exported
from khronika.store.protocols.decisions import ENTITY_SPLIT as ENTITY_SPLIT
from khronika.store.protocols.decisions import STORY_KINDS as STORY_KINDS
from khronika.store.protocols.decisions import STORY_MERGE as STORY_MERGE
from khronika.store.protocols.decisions import STORY_MOVE as STORY_MOVE
from khronika.store.sqlite.migrations import json_column, now_iso


def record_decision(db: sqlite3.Connection, kind: str, arguments: dict[str, Any]) -> int:
    cursor = db.execute(
        "INSERT INTO decisions (kind, arguments, created_at) VALUES (?, ?, ?)",
        (kind, json_column(arguments), now_iso()),
    )
    return int(cursor.lastrowid or 0)


def list_decisions(db: sqlite3.Connection, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Decisions in the order they were made."""
    sql = "SELECT id, kind, arguments, created_at FROM decisions"
    params: tuple[str, ...] = ()
    if kinds is not None:
        sql += f" WHERE kind IN ({', '.join('?' for _ in kinds)})"
        params = kinds
    return [
        {"id": int(row[0]), "kind": row[1], "arguments": json.loads(row[2]), "created_at": row[3]}
        for row in db.execute(sql + " ORDER BY id", params)
    ]
