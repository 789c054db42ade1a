"""The embedded default store: one SQLite file in WAL mode.

Every article is written all or nothing (its row, its version, its analysis and
what ``on_stored`` adds, together): in a transaction of its own, or, during an
ingest, in a savepoint of a batch that commits a few articles at once
(``write_batch``, ``store/sqlite/batch.py``). So a process killed mid-ingest leaves a
consistent database, and running the same ingest again completes it: identity is
the URL, then the content hash.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from khronika import PIPELINE_VERSION
from khronika.analysis.serialize import analysis_json
from khronika.errors import NotFoundError, StoreError
from khronika.records import (
    AnalysedArticle,
    Article,
    DateSource,
    DroppedLine,
    IngestFailure,
    PublicationDate,
    RelatedLink,
    StoredArticle,
    StoreOutcome,
)
from khronika.store.base import ArticleFilter, FeedState, StoredFailure
from khronika.store.sqlite.batch import WriteBatch
from khronika.store.sqlite.decisions import list_decisions, record_decision
from khronika.store.sqlite.entities import find_entity, list_entities, store_entities
from khronika.store.sqlite.migrations import apply_migrations, json_column, now_iso
from khronika.store.sqlite.story_store import SQLiteStoryStore
from khronika.text import content_hash

_BUSY_TIMEOUT_MS = 30_000
# called inside add_article's transaction: (article id, article, analysis with stored entity ids)
OnStored = Callable[[int, Article, AnalysedArticle], None]
_ARTICLE_COLUMNS = """a.id, a.url, a.version, a.copy_of, a.pipeline_version, a.ingested_at, a.domain,
    v.title, v.text, v.lang, v.outlet, v.published, v.published_source, v.published_has_time,
    v.utc_offset, v.credits, v.related, v.dropped, v.http_headers, v.extra"""
_ARTICLE_SELECT = f"""SELECT {_ARTICLE_COLUMNS} FROM articles a
    JOIN article_versions v ON v.article_id = a.id AND v.version = a.version"""


def stored_with_text(connection: sqlite3.Connection, url: str, digest: str) -> bool:
    """True when ``url`` is stored with the text whose hash is ``digest``; takes any
    connection, so worker processes ask the same question on a read-only one."""
    row = connection.execute("SELECT content_hash FROM articles WHERE url = ?", (url,)).fetchone()
    return row is not None and row[0] == digest


class SQLiteStore:
    """A khronika database in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._batch: WriteBatch | None = None
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            apply_migrations(self._db)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a usable khronika database ({err})") from err

    def close(self) -> None:
        self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The one writer connection (for store helper modules such as store/sqlite/stories.py)."""
        return self._db

    @cached_property
    def stories(self) -> SQLiteStoryStore:
        """What the store keeps of stories and storylines (``store/protocols/stories.py``)."""
        return SQLiteStoryStore(self._db)

    # -- articles ---------------------------------------------------------------
    def is_stored(self, url: str, digest: str) -> bool:
        """True when this URL is stored with this very text (an ingest would add nothing)."""
        return stored_with_text(self._db, url, digest)

    @contextmanager
    def write_batch(self) -> Iterator[WriteBatch]:
        """Store the articles added inside it in batched commits, each article still
        all or nothing (``store/sqlite/batch.py``); its complete articles are committed when
        it ends, also when an error ends it."""
        if self._batch is not None:
            raise StoreError(f"{self.path}: a write batch is open already")
        batch = self._batch = WriteBatch(self._db)
        try:
            yield batch
        except BaseException as error:
            self._batch = None
            batch.finish(error)
            raise
        self._batch = None
        batch.finish(None)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of writes, all or nothing: a savepoint of the open write batch, or a
        transaction of its own (``BEGIN IMMEDIATE``); an error rolls it back and propagates."""
        if self._batch is not None:
            with self._batch.article():
                yield
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def add_article(
        self, article: Article, analysis: AnalysedArticle | None = None, on_stored: OnStored | None = None
    ) -> tuple[int, StoreOutcome]:
        """Store the article (and its analysis) all or nothing; ``on_stored`` runs
        inside its transaction with the analysis as stored (entity ids linked), so
        what it writes (a story assignment) commits or rolls back with the article."""
        digest = content_hash(article.text)
        now = now_iso()
        db = self._db
        with self.transaction():
            row = db.execute("SELECT id, version, content_hash FROM articles WHERE url = ?", (article.url,)).fetchone()
            if row is not None and row[2] == digest:
                return row[0], StoreOutcome.DUPLICATE
            if row is None:
                # the first article that ever held this text, in any of its versions
                original = db.execute(
                    """SELECT COALESCE(a.copy_of, a.id) FROM article_versions v JOIN articles a ON a.id = v.article_id
                       WHERE v.content_hash = ? ORDER BY a.id LIMIT 1""",
                    (digest,),
                ).fetchone()
                copy_of = original[0] if original else None
                cursor = db.execute(
                    """INSERT INTO articles (url, version, copy_of, content_hash, domain, title, lang, outlet,
                       published, published_day, published_source, pipeline_version, ingested_at, updated_at)
                       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (article.url, copy_of, digest, article.domain, *self._listing(article), PIPELINE_VERSION, now, now),
                )
                article_id, version = int(cursor.lastrowid or 0), 1
                outcome = StoreOutcome.COPY if copy_of else StoreOutcome.NEW
            else:
                article_id, version = row[0], row[1] + 1
                db.execute(
                    """UPDATE articles SET version = ?, content_hash = ?, title = ?, lang = ?, outlet = ?,
                       published = ?, published_day = ?, published_source = ?, pipeline_version = ?,
                       updated_at = ? WHERE id = ?""",
                    (version, digest, *self._listing(article), PIPELINE_VERSION, now, article_id),
                )
                outcome = StoreOutcome.NEW_VERSION
            self._insert_version(article_id, version, article, digest, now)
            if analysis is not None:
                analysis = self._save_analysis(article_id, version, analysis, now)
                if on_stored is not None:
                    on_stored(article_id, article, analysis)
        return article_id, outcome

    def _save_analysis(self, article_id: int, version: int, analysis: AnalysedArticle, now: str) -> AnalysedArticle:
        analysis = store_entities(self._db, article_id, analysis)
        data = {key: value for key, value in analysis_json(analysis).items() if key not in ("title", "text")}
        self._db.execute(
            "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
            (article_id, version, PIPELINE_VERSION, json_column(data), now),
        )
        return analysis

    def replace_analysis(self, article_id: int, analysis: AnalysedArticle) -> None:
        """Re-analysis of a stored article (``khronika reanalyze``), all or nothing."""
        version = self.article(article_id).version
        with self.transaction():
            self._save_analysis(article_id, version, analysis, now_iso())

    def analysis(self, article_id: int) -> dict[str, Any] | None:
        """The stored analysis (sentences, entities, times, …) of the article's
        current version, or None if it was stored without one."""
        row = self._db.execute("SELECT analysis FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def articles_to_analyse(self, only_older: bool) -> list[int]:
        """Ids of articles with no analysis, or (``only_older`` False) every article,
        or (True) those analysed by an older pipeline version."""
        if only_older:
            sql = """SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
                     WHERE n.article_id IS NULL OR n.pipeline_version != ? OR n.version != a.version ORDER BY a.id"""
            return [row[0] for row in self._db.execute(sql, (PIPELINE_VERSION,))]
        return [row[0] for row in self._db.execute("SELECT id FROM articles ORDER BY id")]

    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        return list_entities(self._db, limit)

    def entity(self, name: str) -> dict[str, Any] | None:
        return find_entity(self._db, name)

    @staticmethod
    def _listing(article: Article) -> tuple[Any, ...]:
        published = article.published
        return (article.title, article.lang, article.outlet, published.value, published.day, published.source.value)

    def _insert_version(self, article_id: int, version: int, article: Article, digest: str, now: str) -> None:
        published = article.published
        self._db.execute(
            """INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                version,
                article.input_name,
                article.title,
                article.text,
                digest,
                article.lang,
                article.outlet,
                published.value,
                published.source.value,
                int(published.has_time),
                published.utc_offset,
                json_column(list(article.credits)),
                json_column([{"title": link.title, "url": link.url} for link in article.related]),
                json_column([{"text": line.text, "rule": line.rule} for line in article.dropped]),
                json_column(article.http_headers),
                json_column(article.extra),
                PIPELINE_VERSION,
                now,
            ),
        )

    @staticmethod
    def _to_stored(row: tuple[Any, ...]) -> StoredArticle:
        (art_id, url, version, copy_of, pipeline, ingested_at, domain, title, text, lang, outlet, published, source,
         has_time, offset, credit_list, related, dropped, headers, extra) = row  # fmt: skip
        return StoredArticle(
            id=art_id,
            url=url,
            title=title,
            text=text,
            lang=lang,
            outlet=outlet,
            published=PublicationDate(published, DateSource(source), bool(has_time), offset),
            version=version,
            copy_of=copy_of,
            pipeline_version=pipeline,
            ingested_at=ingested_at,
            domain=domain,
            credits=tuple(json.loads(credit_list)),
            related=tuple(RelatedLink(item["title"], item["url"]) for item in json.loads(related)),
            dropped=tuple(DroppedLine(item["text"], item["rule"]) for item in json.loads(dropped)),
            http_headers=json.loads(headers),
            extra=json.loads(extra),
        )

    def article(self, article_id: int) -> StoredArticle:
        row = self._db.execute(f"{_ARTICLE_SELECT} WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id} in {self.path}")
        return self._to_stored(row)

    def article_id(self, url: str) -> int:
        row = self._db.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with URL {url} in {self.path}")
        return int(row[0])

    def has_article(self, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone() is not None

    def article_versions(self, article_id: int) -> list[tuple[int, str, str]]:
        """(version, stored_at, content_hash) of every stored version, oldest first."""
        rows = self._db.execute(
            "SELECT version, stored_at, content_hash FROM article_versions WHERE article_id = ? ORDER BY version",
            (article_id,),
        ).fetchall()
        return [(int(v), str(at), str(digest)) for v, at, digest in rows]

    def articles(self, where: ArticleFilter) -> list[StoredArticle]:
        clauses, params = [], []
        if where.lang:
            clauses.append("a.lang = ?")
            params.append(where.lang)
        if where.outlet:
            clauses.append("(a.outlet = ? OR a.domain = ?)")
            params.extend([where.outlet, where.outlet])
        if where.undated:
            clauses.append("a.published IS NULL")
        sql = _ARTICLE_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += " ORDER BY a.published_day IS NULL, a.published_day, a.id"
        if where.limit is not None:
            sql += f" LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
        return [self._to_stored(row) for row in self._db.execute(sql, params)]

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
            "INSERT INTO failures (run_id, input, reason, at) VALUES (?, ?, ?, ?)",
            (run_id, failure.input, failure.reason, now_iso()),
        )

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        sql = "SELECT run_id, input, reason, at FROM failures ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [StoredFailure(*row) for row in self._db.execute(sql)]

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
