"""Copy groups in the SQLite store: exact copies and near-duplicates of one text.

An exact copy (the same text at another URL) is marked at insert with
``articles.copy_of`` = the first article that held the text. Near-duplicates
(``stories/duplicates.py``: MinHash + LSH) live in the tables of migration
``0004_duplicates``, which are independent of stories (``recluster`` keeps them):

- ``duplicate_signatures``: an article's MinHash signature (little-endian uint32s)
  and its number of distinct shingles;
- ``duplicate_bands``: LSH band key -> article, keyed on (band key, article), so
  finding candidates is an index lookup whatever the store holds;
- ``near_duplicates``: found pairs (newer id, older id) with the estimated Jaccard;
- ``copy_groups``: article -> group id (the smallest article id of its group), for
  every article in a group of two or more: exact copies and near-duplicates joined
  (kept up to date as pairs are added, rebuilt for one group when a new version of
  an article drops its pairs);
- ``duplicate_queue``: articles waiting for a signature. Triggers queue every new
  article and every new text version; the ingest hook signs its own article at once
  and a bounded batch of the queue (articles stored before the migration, or
  stored without analysis) on each call.

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def _root(parent: dict[int, int], item: int) -> int:
    while parent.get(item, item) != item:
        item = parent[item]
    return item


def _union(parent: dict[int, int], first: int, second: int) -> None:
    parent.setdefault(first, first)
    parent.setdefault(second, second)
    a, b = _root(parent, first), _root(parent, second)
    if a != b:
        parent[max(a, b)] = min(a, b)  # the smallest id roots its group


def _marks(count: int) -> str:
    return ",".join("?" * count)


# -- reading groups ---------------------------------------------------------------


def copy_group_map(db: sqlite3.Connection) -> dict[int, int]:
    """Article id -> copy group id (the smallest article id in its group), for every
    article in a group of two or more; articles in no group are absent."""
    parent: dict[int, int] = {}
    for article_id, group_id in db.execute("SELECT article_id, group_id FROM copy_groups"):
        _union(parent, int(article_id), int(group_id))
    # exact copies not signed yet (stored without analysis, or still queued)
    for article_id, copy_of in db.execute("SELECT id, copy_of FROM articles WHERE copy_of IS NOT NULL"):
        _union(parent, int(article_id), int(copy_of))
    return {item: _root(parent, item) for item in parent}


def copy_groups_of(db: sqlite3.Connection, article_ids: Iterable[int]) -> dict[int, int]:
    """Article id -> its copy group id for these articles (an article in no group maps
    to itself), by index lookups: the cost grows with the ids asked, not the store."""
    ids = sorted(set(article_ids))
    groups = {article_id: article_id for article_id in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = _marks(len(chunk))
        for article_id, copy_of in db.execute(
            f"SELECT id, copy_of FROM articles WHERE id IN ({marks}) AND copy_of IS NOT NULL", chunk
        ):
            groups[int(article_id)] = min(groups[int(article_id)], int(copy_of))
        for article_id, group_id in db.execute(
            f"SELECT article_id, group_id FROM copy_groups WHERE article_id IN ({marks})", chunk
        ):
            groups[int(article_id)] = min(groups[int(article_id)], int(group_id))
    # an exact copy's original may itself be grouped under a smaller id
    for article_id, group in list(groups.items()):
        if group != article_id:
            row = db.execute("SELECT group_id FROM copy_groups WHERE article_id = ?", (group,)).fetchone()
            if row is not None:
                groups[article_id] = min(group, int(row[0]))
    return groups


def copies_of(db: sqlite3.Connection, article_id: int) -> list[int]:
    """The other articles in ``article_id``'s copy group, in id order (empty if none)."""
    members = {article_id}
    frontier = {article_id}
    while frontier:  # copy groups are small: follow the links until nothing new
        found: set[int] = set()
        for item in frontier:
            row = db.execute("SELECT group_id FROM copy_groups WHERE article_id = ?", (item,)).fetchone()
            if row is not None:
                found.update(
                    int(r[0]) for r in db.execute("SELECT article_id FROM copy_groups WHERE group_id = ?", row)
                )
            found.update(int(r[0]) for r in db.execute("SELECT id FROM articles WHERE copy_of = ?", (item,)))
            found.update(
                int(r[0])
                for r in db.execute("SELECT copy_of FROM articles WHERE id = ? AND copy_of IS NOT NULL", (item,))
            )
        frontier = found - members
        members |= found
    return sorted(members - {article_id})


def near_duplicate_links(db: sqlite3.Connection, article_id: int) -> list[tuple[int, float]]:
    """The articles found to be near-duplicates of this one, with the estimated Jaccard."""
    rows = db.execute(
        """SELECT duplicate_of, similarity FROM near_duplicates WHERE article_id = ?
           UNION ALL SELECT article_id, similarity FROM near_duplicates WHERE duplicate_of = ? ORDER BY 1""",
        (article_id, article_id),
    )
    return [(int(other), float(similarity)) for other, similarity in rows]


# -- signatures and the LSH index ----------------------------------------------------


def signature_row(db: sqlite3.Connection, article_id: int) -> tuple[bytes, int] | None:
    row = db.execute(
        "SELECT signature, shingles FROM duplicate_signatures WHERE article_id = ?", (article_id,)
    ).fetchone()
    return (bytes(row[0]), int(row[1])) if row else None


def signatures(db: sqlite3.Connection, article_ids: list[int]) -> list[tuple[int, bytes, int]]:
    if not article_ids:
        return []
    rows = db.execute(
        f"SELECT article_id, signature, shingles FROM duplicate_signatures WHERE article_id IN ({_marks(len(article_ids))})"
        " ORDER BY article_id",
        article_ids,
    )
    return [(int(article_id), bytes(blob), int(shingles)) for article_id, blob, shingles in rows]


def band_candidates(db: sqlite3.Connection, keys: list[int], exclude: int, limit: int) -> list[int]:
    """Articles sharing at least one band key, those sharing the most first."""
    rows = db.execute(
        f"""SELECT article_id FROM duplicate_bands WHERE band_key IN ({_marks(len(keys))}) AND article_id != ?
            GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT ?""",
        (*keys, exclude, limit),
    )
    return [int(row[0]) for row in rows]


def save_signature(db: sqlite3.Connection, article_id: int, signature: bytes, shingles: int, keys: list[int]) -> None:
    db.execute("INSERT OR REPLACE INTO duplicate_signatures VALUES (?, ?, ?)", (article_id, signature, shingles))
    db.executemany("INSERT OR IGNORE INTO duplicate_bands VALUES (?, ?)", [(key, article_id) for key in keys])


def forget_signature(db: sqlite3.Connection, article_id: int, keys: list[int]) -> None:
    """Drop an article's signature, its bands and near-duplicate pairs (a new version
    replaces them), and rebuild the copy group it leaves."""
    db.executemany("DELETE FROM duplicate_bands WHERE band_key = ? AND article_id = ?", [(k, article_id) for k in keys])
    db.execute("DELETE FROM duplicate_signatures WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM near_duplicates WHERE article_id = ? OR duplicate_of = ?", (article_id, article_id))
    row = db.execute("SELECT group_id FROM copy_groups WHERE article_id = ?", (article_id,)).fetchone()
    if row is not None:
        rebuild_group(db, int(row[0]))


def articles_sharing_entities(
    db: sqlite3.Connection, article_id: int, max_entities: int, per_entity: int
) -> dict[int, int]:
    """Other article -> how many of this article's ``max_entities`` most mentioned
    entities it mentions, among the newest ``per_entity`` mentions of each (an inverted
    lookup on ``entity_mentions``: bounded however many articles mention an entity)."""
    entities = [
        row[0]
        for row in db.execute(
            """SELECT entity_id FROM entity_mentions WHERE article_id = ?
               GROUP BY entity_id ORDER BY COUNT(*) DESC, entity_id LIMIT ?""",
            (article_id, max_entities),
        )
    ]
    if not entities:
        return {}
    # one statement: each entity's newest mentions (a backward walk of its index), counted per article
    newest = " UNION ALL ".join(
        "SELECT * FROM (SELECT article_id, entity_id FROM entity_mentions WHERE entity_id = ? ORDER BY rowid DESC LIMIT ?)"
        for _ in entities
    )
    rows = db.execute(
        f"SELECT article_id, COUNT(DISTINCT entity_id) FROM ({newest}) WHERE article_id != ? GROUP BY article_id",
        (*(value for entity_id in entities for value in (entity_id, per_entity)), article_id),
    )
    return {int(other): int(count) for other, count in rows}


def provenance_rows(
    db: sqlite3.Connection, article_ids: list[int]
) -> dict[int, tuple[str | None, str | None, str | None, str | None]]:
    """Article id -> (outlet, domain, publication day, language)."""
    found = {}
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        rows = db.execute(
            f"SELECT id, outlet, domain, published_day, lang FROM articles WHERE id IN ({_marks(len(chunk))})", chunk
        )
        found.update({int(row[0]): (row[1], row[2], row[3], row[4]) for row in rows})
    return found


# -- the queue -------------------------------------------------------------------------


def queued(db: sqlite3.Connection, limit: int | None = None) -> list[int]:
    rows = db.execute("SELECT article_id FROM duplicate_queue ORDER BY article_id LIMIT ?", (limit or -1,))
    return [int(row[0]) for row in rows]


def dequeue(db: sqlite3.Connection, article_id: int) -> None:
    db.execute("DELETE FROM duplicate_queue WHERE article_id = ?", (article_id,))


def current_text(db: sqlite3.Connection, article_id: int) -> str:
    """The stored text of the article's current version ('' if it is gone)."""
    row = db.execute(
        """SELECT v.text FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = a.version
           WHERE a.id = ?""",
        (article_id,),
    ).fetchone()
    return str(row[0]) if row else ""


# -- groups ----------------------------------------------------------------------------


def _group_of(db: sqlite3.Connection, article_id: int) -> int | None:
    row = db.execute("SELECT group_id FROM copy_groups WHERE article_id = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None


def link_copies(db: sqlite3.Connection, article_id: int, matches: list[tuple[int, float]]) -> None:
    """Record the article's near-duplicate pairs and merge it, them and its exact
    original (``copy_of``) into one copy group."""
    db.executemany(
        "INSERT OR REPLACE INTO near_duplicates VALUES (?, ?, ?)",
        [(max(article_id, other), min(article_id, other), similarity) for other, similarity in matches],
    )
    nodes = {article_id, *(other for other, _ in matches)}
    row = db.execute("SELECT copy_of FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is not None and row[0] is not None:
        nodes.add(int(row[0]))
    if len(nodes) < 2:
        return
    groups = {node: _group_of(db, node) for node in nodes}
    target = min([*nodes, *(group for group in groups.values() if group is not None)])
    for old in {group for group in groups.values() if group is not None and group != target}:
        db.execute("UPDATE copy_groups SET group_id = ? WHERE group_id = ?", (target, old))
    db.executemany(
        "INSERT OR REPLACE INTO copy_groups VALUES (?, ?)",
        [(node, target) for node, group in groups.items() if group is None or group == target],
    )


def rebuild_group(db: sqlite3.Connection, group_id: int) -> None:
    """Recompute one group's components from its remaining pairs and exact copies."""
    members = [int(row[0]) for row in db.execute("SELECT article_id FROM copy_groups WHERE group_id = ?", (group_id,))]
    db.execute("DELETE FROM copy_groups WHERE group_id = ?", (group_id,))
    marks = _marks(len(members))
    parent: dict[int, int] = {}
    pairs = db.execute(
        f"SELECT article_id, duplicate_of FROM near_duplicates WHERE article_id IN ({marks}) AND duplicate_of IN ({marks})",
        (*members, *members),
    ).fetchall()
    pairs += db.execute(
        f"SELECT id, copy_of FROM articles WHERE id IN ({marks}) AND copy_of IN ({marks})", (*members, *members)
    ).fetchall()
    for first, second in pairs:
        _union(parent, int(first), int(second))
    db.executemany("INSERT INTO copy_groups VALUES (?, ?)", [(item, _root(parent, item)) for item in parent])


class DuplicateTables:
    """The copy-group tables (a part of ``SQLiteStore``): the functions above on its connection."""

    _db: sqlite3.Connection

    def copy_group_map(self) -> dict[int, int]:
        return copy_group_map(self._db)

    def copy_groups_of(self, article_ids: Iterable[int]) -> dict[int, int]:
        return copy_groups_of(self._db, article_ids)

    def copies_of(self, article_id: int) -> list[int]:
        return copies_of(self._db, article_id)

    def near_duplicate_links(self, article_id: int) -> list[tuple[int, float]]:
        return near_duplicate_links(self._db, article_id)

    def signature_row(self, article_id: int) -> tuple[bytes, int] | None:
        return signature_row(self._db, article_id)

    def signatures(self, article_ids: list[int]) -> list[tuple[int, bytes, int]]:
        return signatures(self._db, article_ids)

    def band_candidates(self, keys: list[int], exclude: int, limit: int) -> list[int]:
        return band_candidates(self._db, keys, exclude, limit)

    def save_signature(self, article_id: int, signature: bytes, shingles: int, keys: list[int]) -> None:
        save_signature(self._db, article_id, signature, shingles, keys)

    def forget_signature(self, article_id: int, keys: list[int]) -> None:
        forget_signature(self._db, article_id, keys)

    def articles_sharing_entities(self, article_id: int, max_entities: int, per_entity: int) -> dict[int, int]:
        return articles_sharing_entities(self._db, article_id, max_entities, per_entity)

    def provenance_rows(
        self, article_ids: list[int]
    ) -> dict[int, tuple[str | None, str | None, str | None, str | None]]:
        return provenance_rows(self._db, article_ids)

    def queued(self, limit: int | None = None) -> list[int]:
        return queued(self._db, limit)

    def dequeue(self, article_id: int) -> None:
        dequeue(self._db, article_id)

    def current_text(self, article_id: int) -> str:
        return current_text(self._db, article_id)

    def link_copies(self, article_id: int, matches: list[tuple[int, float]]) -> None:
        link_copies(self._db, article_id, matches)
