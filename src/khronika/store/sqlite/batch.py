"""Group commits: many articles in one transaction, each article in its own savepoint.

Committing one article costs about as much as storing it: the WAL takes a copy of
every page the transaction changed, and nearly every article changes the same hot
pages (document frequencies, its story's and storyline's rows, the band index).
So an ingest stores its articles through a ``WriteBatch``
(``SQLiteStore.write_batch``):

1. The batch opens its transaction (``BEGIN IMMEDIATE``) with its first article and
   commits when told to (``commit``), after ``MAX_ARTICLES`` articles, and when it
   ends. The ingest tells it to commit before each wait, for the worker processes or
   for more input (``run/processes.prepare_all(before_wait=…)``): the write lock is never
   held while nothing is being written, and other readers see articles in groups of
   a few, a fraction of a second apart.
2. Each article (one unit of writes: ``SQLiteStore.transaction``, as the writer loop
   ``run/writer.py`` opens it) is written inside ``SAVEPOINT article``: an error while storing it
   rolls back that article alone (``ROLLBACK TO``), and when the error leaves the
   batch, the articles stored before it are committed, as if each had committed on
   its own. A half-written article is never committed: should the savepoint
   rollback fail, the whole transaction is rolled back.
3. A process killed mid-batch loses the batch's uncommitted articles, never part of
   one: the database is consistent, and running the same ingest again stores them
   (identity is the URL, then the content hash). Should SQLite roll the whole
   transaction back on its own (it does on some I/O and full-disk errors), the same
   holds: the error propagates, and a re-run completes the ingest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

MAX_ARTICLES = 64  # a batch that is never told to commit still commits this often


class WriteBatch:
    """The open group of articles on one writer connection (see the module docstring)."""

    def __init__(self, db: sqlite3.Connection, max_articles: int = MAX_ARTICLES) -> None:
        self._db = db
        self.max_articles = max_articles
        self.uncommitted = 0  # articles written since the last commit

    @contextmanager
    def article(self) -> Iterator[None]:
        """Write one article: all of it, or (on an error, which propagates) none of it."""
        db = self._db
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        db.execute("SAVEPOINT article")
        try:
            yield
        except BaseException:
            self._undo_article()
            raise
        db.execute("RELEASE article")
        self.uncommitted += 1
        if self.uncommitted >= self.max_articles:
            self.commit()

    def _undo_article(self) -> None:
        db = self._db
        if not db.in_transaction:
            self.uncommitted = 0  # SQLite rolled the whole transaction back itself
            return
        try:
            db.execute("ROLLBACK TO article")
            db.execute("RELEASE article")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            self.uncommitted = 0

    def commit(self) -> None:
        """Commit the articles written so far (nothing to do when none are)."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self.uncommitted = 0

    def finish(self, error: BaseException | None) -> None:
        """End the batch: commit its complete articles, also when ``error`` is ending it
        (a failure of the commit is then noted on ``error``, which goes on propagating)."""
        if error is None:
            self.commit()
            return
        try:
            self.commit()
        except sqlite3.Error as commit_error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            error.add_note(f"the batch's earlier articles were not committed either: {commit_error}")
