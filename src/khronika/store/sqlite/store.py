"""The embedded default store: one SQLite file in WAL mode.

Every unit of writes (``transaction``: during an ingest, one article with its
analysis, entities, near-duplicates and story, as the writer loop ``run/writer.py``
writes them) is all or nothing: a transaction of its own, or a savepoint of a batch
that commits a few articles at once (``write_batch``, ``store/sqlite/batch.py``). So
a process killed mid-ingest leaves a consistent database, and running the same
ingest again completes it: identity is the URL, then the content hash.

``SQLiteStore`` implements every store protocol (``store/protocols/``); its parts
live beside it: ``entities.py``, ``duplicates.py``, ``runs.py`` (runs, failures,
feeds, decisions, stats), ``deletion.py`` (articles deleted by hand), ``chronicles.py``
(kept chronicles), ``reader.py`` (the workers' read-only view).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from khronika import PIPELINE_VERSION
from khronika.errors import NotFoundError, StoreError
from khronika.records import (
    AnalysedArticle,
    Article,
    DateSource,
    DroppedLine,
    PublicationDate,
    RelatedLink,
    StoredArticle,
    StoreOutcome,
)
from khronika.records_json import stored_analysis_json
from khronika.store.protocols.articles import AddedArticle, ArticleFilter, ArticleVersion
from khronika.store.sqlite.batch import WriteBatch
from khronika.store.sqlite.chronicles import ChronicleTables
from khronika.store.sqlite.deletion import DeletionTables
from khronika.store.sqlite.duplicates import DuplicateTables
from khronika.store.sqlite.entities import EntityTables
from khronika.store.sqlite.migrations import apply_migrations, json_column, now_iso
from khronika.store.sqlite.outlet_lines import OutletLineTables
from khronika.store.sqlite.reader import SQLiteReaderSpec, stored_with_text
from khronika.store.sqlite.runs import RunTables
from khronika.store.sqlite.story_store import SQLiteStoryStore
from khronika.text import content_hash

_BUSY_TIMEOUT_MS = 30_000
_ARTICLE_COLUMNS = """a.id, a.url, a.version, a.copy_of, a.pipeline_version, a.ingested_at, a.domain,
    v.title, v.text, v.lang, v.outlet, v.published, v.published_source, v.published_has_time,
    v.utc_offset, v.credits, v.related, v.dropped, v.http_headers, v.extra"""
_ARTICLE_SELECT = f"""SELECT {_ARTICLE_COLUMNS} FROM articles a
    JOIN article_versions v ON v.article_id = a.id AND v.version = a.version"""


class SQLiteStore(EntityTables, DuplicateTables, RunTables, DeletionTables, ChronicleTables, OutletLineTables):
    """A khronika database in one SQLite file."""

    def __init__(self, path: Path | str, create: bool = True) -> None:
        """Open the file at ``path``; a missing file is created, or (``create`` False)
        NotFoundError, and nothing is written."""
        self.path = Path(path)
        if not create and not self.path.exists():
            raise NotFoundError(f"no khronika database at {self.path} (ingest creates one)")
        self._batch: WriteBatch | None = None
        self._units = 0  # units of writes open (``transaction``): more than one are nested
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
    def location(self) -> str:
        return str(self.path)

    def reader_spec(self) -> SQLiteReaderSpec:
        return SQLiteReaderSpec(str(self.path))

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
        transaction of its own (``BEGIN IMMEDIATE``); an error rolls it back and propagates.
        A unit inside an open one (``add_article`` inside the writer loop's unit) is a
        part of it: a savepoint, undone alone when it fails, kept only with the outer."""
        if self._units or (self._batch is None and self._db.in_transaction):
            with self._savepoint():
                yield
            return
        self._units += 1
        try:
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
        finally:
            self._units -= 1

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        db = self._db
        name = f"unit_{self._units}"
        self._units += 1
        db.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if db.in_transaction:
                db.execute(f"ROLLBACK TO {name}")
                db.execute(f"RELEASE {name}")
            raise
        finally:
            self._units -= 1
        db.execute(f"RELEASE {name}")

    def add_article(self, article: Article) -> AddedArticle:
        """Store the article, all or nothing: a new article (or an exact copy of one), a
        new version of the one at its URL, or nothing when that one holds this text."""
        digest = content_hash(article.text)
        now = now_iso()
        db = self._db
        with self.transaction():
            row = db.execute("SELECT id, version, content_hash FROM articles WHERE url = ?", (article.url,)).fetchone()
            if row is not None and row[2] == digest:
                return AddedArticle(row[0], StoreOutcome.DUPLICATE, row[1])
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
        return AddedArticle(article_id, outcome, version)

    def save_analysis(
        self, article_id: int, analysis: AnalysedArticle, chronicle_sheet: dict[str, Any] | None = None
    ) -> None:
        """Keep the analysis (entity ids as linked) of the article's current version."""
        row = self._db.execute("SELECT version FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id} in {self.path}")
        sheet = json_column(chronicle_sheet) if chronicle_sheet is not None else None
        self._db.execute(
            "INSERT OR REPLACE INTO analyses (article_id, version, pipeline_version, analysis, analysed_at,"
            " chronicle_sheet) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, row[0], PIPELINE_VERSION, json_column(stored_analysis_json(analysis)), now_iso(), sheet),
        )

    def chronicle_sheet(self, article_id: int) -> dict[str, Any] | None:
        row = self._db.execute("SELECT chronicle_sheet FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def save_chronicle_sheet(self, article_id: int, chronicle_sheet: dict[str, Any]) -> None:
        self._db.execute(
            "UPDATE analyses SET chronicle_sheet = ? WHERE article_id = ?", (json_column(chronicle_sheet), article_id)
        )

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

    def article_versions(self, article_id: int) -> list[ArticleVersion]:
        """Every stored version of the article, oldest first (none for an unknown id)."""
        rows = self._db.execute(
            """SELECT version, stored_at, content_hash, title FROM article_versions
               WHERE article_id = ? ORDER BY version""",
            (article_id,),
        ).fetchall()
        return [ArticleVersion(int(v), str(at), str(digest), title) for v, at, digest, title in rows]

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
