"""Deleting an article by hand (``khronika delete``): every row kept of it goes, its URL
is remembered (``deleted_urls``, migration ``0007_deleted_urls``) so that an ingest of
it again is refused unless it is restored.

What goes: its versions, its analysis, its entity mentions, its story membership,
term bag and vector, its near-duplicate signature, bands and pairs, and its place in
its copy group (rebuilt from what remains). Exact copies of it (``copy_of``) stay:
the earliest becomes their original. The clusters' state (centroids, sizes, titles)
is the stories layer's to update (``stories/deletion.py``), before this runs.

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import sqlite3

from khronika.errors import NotFoundError
from khronika.store.sqlite.duplicates import rebuild_group
from khronika.store.sqlite.migrations import now_iso

# rows that name the article, deleted before the article itself (foreign keys are on)
_ARTICLE_ROWS = (
    "DELETE FROM duplicate_bands WHERE article_id = ?",  # no index on article_id alone: deletions are rare
    "DELETE FROM duplicate_signatures WHERE article_id = ?",
    "DELETE FROM duplicate_queue WHERE article_id = ?",
    "DELETE FROM copy_groups WHERE article_id = ?",
    "DELETE FROM story_articles WHERE article_id = ?",
    "DELETE FROM story_documents WHERE article_id = ?",
    "DELETE FROM story_vectors WHERE article_id = ?",
    "DELETE FROM entity_mentions WHERE article_id = ?",
    "DELETE FROM outlet_lines WHERE article_id = ?",
    "DELETE FROM analyses WHERE article_id = ?",
    "DELETE FROM article_versions WHERE article_id = ?",
)


def delete_article(db: sqlite3.Connection, article_id: int) -> str:
    """Delete every row kept of the article and remember its URL; return the URL."""
    row = db.execute("SELECT url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    url = str(row[0])
    group = db.execute("SELECT group_id FROM copy_groups WHERE article_id = ?", (article_id,)).fetchone()
    copies = [int(r[0]) for r in db.execute("SELECT id FROM articles WHERE copy_of = ? ORDER BY id", (article_id,))]
    if copies:  # the earliest copy becomes the original of the others
        db.execute("UPDATE articles SET copy_of = NULL WHERE id = ?", (copies[0],))
        db.execute("UPDATE articles SET copy_of = ? WHERE copy_of = ?", (copies[0], article_id))
    db.execute("DELETE FROM near_duplicates WHERE article_id = ? OR duplicate_of = ?", (article_id, article_id))
    for sql in _ARTICLE_ROWS:
        db.execute(sql, (article_id,))
    if group is not None:
        rebuild_group(db, int(group[0]))
    db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    db.execute(
        "INSERT INTO deleted_urls VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE SET article_id = excluded.article_id,"
        " deleted_at = excluded.deleted_at",
        (url, article_id, now_iso()),
    )
    return url


class DeletionTables:
    """Deleted articles (a part of ``SQLiteStore``): the functions above on its connection."""

    _db: sqlite3.Connection

    def delete_article(self, article_id: int) -> str:
        return delete_article(self._db, article_id)

    def deleted_urls(self) -> set[str]:
        return {str(row[0]) for row in self._db.execute("SELECT url FROM deleted_urls")}

    def restore_url(self, url: str) -> bool:
        return self._db.execute("DELETE FROM deleted_urls WHERE url = ?", (url,)).rowcount > 0
