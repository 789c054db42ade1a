"""Named schema migrations, applied in order and recorded in ``migrations``.

A migration, once released, is never edited: add a new one instead.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL,
            copy_of INTEGER REFERENCES articles(id),
            content_hash TEXT NOT NULL,
            title TEXT,
            lang TEXT NOT NULL,
            outlet TEXT,
            domain TEXT,
            published TEXT,
            published_day TEXT,
            published_source TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_lang ON articles(lang);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_domain ON articles(domain);
        CREATE INDEX articles_published_day ON articles(published_day);
        CREATE TABLE article_versions (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            input_name TEXT NOT NULL,
            title TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            lang TEXT NOT NULL,
            outlet TEXT,
            published TEXT,
            published_source TEXT NOT NULL,
            published_has_time INTEGER NOT NULL,
            utc_offset TEXT,
            credits TEXT NOT NULL,
            related TEXT NOT NULL,
            dropped TEXT NOT NULL,
            http_headers TEXT NOT NULL,
            extra TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            stored_at TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        );
        CREATE INDEX article_versions_content_hash ON article_versions(content_hash);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            ingested INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            input TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_polled_at TEXT,
            last_ok_at TEXT,
            errors INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        """,
    ),
    (
        "0002_analysis_and_entities",
        """
        CREATE TABLE analyses (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            version INTEGER NOT NULL,
            pipeline_version TEXT NOT NULL,
            analysis TEXT NOT NULL,
            analysed_at TEXT NOT NULL
        );
        CREATE INDEX analyses_pipeline_version ON analyses(pipeline_version);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            canonical TEXT NOT NULL,
            lang TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE entity_aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            alias TEXT NOT NULL,
            lang TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias, lang, kind)
        );
        CREATE INDEX entity_aliases_key ON entity_aliases(key);
        CREATE TABLE entity_mentions (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            entity_id TEXT NOT NULL REFERENCES entities(id),
            field TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
        CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
        """,
    ),
    (
        # stories: the online clusterer's state (bounded centroids, document frequencies),
        # each article's term bag (so a recluster needs no re-analysis) and its story
        "0003_stories",
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT,
            first_day TEXT,
            last_day TEXT,
            size INTEGER NOT NULL,
            terms TEXT NOT NULL,
            entities TEXT NOT NULL,
            norm REAL NOT NULL,
            entity_norm REAL NOT NULL,
            updated_seq INTEGER NOT NULL
        );
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            story_id INTEGER NOT NULL REFERENCES stories(id),
            seq INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE TABLE story_documents (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            terms TEXT NOT NULL,
            title_terms TEXT NOT NULL,
            entities TEXT NOT NULL,
            day TEXT
        );
        CREATE TABLE story_term_frequencies (
            term TEXT PRIMARY KEY,
            documents INTEGER NOT NULL
        );
        CREATE TABLE story_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    ),
    (
        # near-duplicate and syndicated copies (store/sqlite/duplicates.py): MinHash signatures,
        # the LSH band index, found pairs, copy groups, and the queue of articles to sign
        # (every article stored so far is queued: signed lazily on later ingests)
        "0004_duplicates",
        """
        CREATE TABLE duplicate_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            signature BLOB NOT NULL,
            shingles INTEGER NOT NULL
        );
        CREATE TABLE duplicate_bands (
            band_key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE near_duplicates (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            duplicate_of INTEGER NOT NULL REFERENCES articles(id),
            similarity REAL NOT NULL,
            PRIMARY KEY (article_id, duplicate_of)
        );
        CREATE INDEX near_duplicates_duplicate_of ON near_duplicates(duplicate_of);
        CREATE TABLE copy_groups (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            group_id INTEGER NOT NULL
        );
        CREATE INDEX copy_groups_group ON copy_groups(group_id);
        CREATE TABLE duplicate_queue (
            article_id INTEGER PRIMARY KEY
        );
        INSERT INTO duplicate_queue SELECT id FROM articles;
        CREATE TRIGGER duplicate_queue_new_article AFTER INSERT ON articles
        BEGIN
            INSERT OR IGNORE INTO duplicate_queue VALUES (NEW.id);
        END;
        CREATE TRIGGER duplicate_queue_new_text AFTER UPDATE OF content_hash ON articles
        WHEN NEW.content_hash != OLD.content_hash
        BEGIN
            INSERT OR IGNORE INTO duplicate_queue VALUES (NEW.id);
        END;
        """,
    ),
    (
        # storylines: a second clustering level with its own state (store/sqlite/stories.py), each
        # story's storyline; hand corrections kept as decisions (store/sqlite/decisions.py), and
        # what later entity links must obey: merged-away ids and names split off by hand.
        # ``storylines`` repeats the columns of 0003's ``stories`` on purpose: a released
        # migration is frozen text, never built from parts that a later edit could change
        "0005_storylines",
        """
        CREATE TABLE storylines (
            id INTEGER PRIMARY KEY,
            title TEXT,
            first_day TEXT,
            last_day TEXT,
            size INTEGER NOT NULL,
            terms TEXT NOT NULL,
            entities TEXT NOT NULL,
            norm REAL NOT NULL,
            entity_norm REAL NOT NULL,
            updated_seq INTEGER NOT NULL
        );
        ALTER TABLE stories ADD COLUMN storyline_id INTEGER REFERENCES storylines(id);
        CREATE INDEX stories_storyline ON stories(storyline_id);
        CREATE TABLE storyline_term_frequencies (
            term TEXT PRIMARY KEY,
            documents INTEGER NOT NULL
        );
        CREATE TABLE storyline_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            arguments TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE entity_redirects (
            entity_id TEXT PRIMARY KEY,
            target_id TEXT NOT NULL
        );
        CREATE TABLE entity_name_pins (
            key TEXT NOT NULL,
            type TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (key, type)
        );
        """,
    ),
    (
        # sentence embeddings for story clustering (store/sqlite/stories.py), kept only where a
        # stories config names a backend: each article's centred vector (float32) under
        # the backend that made it, each cluster's summed vector (float64), and each
        # backend's running centre, so that a new process goes on where the last stopped
        "0006_story_vectors",
        """
        CREATE TABLE story_vectors (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            backend TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        CREATE TABLE story_embedding_centres (
            backend TEXT PRIMARY KEY,
            total BLOB NOT NULL,
            count REAL NOT NULL
        );
        ALTER TABLE stories ADD COLUMN vector BLOB;
        ALTER TABLE storylines ADD COLUMN vector BLOB;
        """,
    ),
    (
        # articles deleted by hand (store/sqlite/deletion.py): the URL stays here so that an
        # ingest of it again is refused unless --restore is given; each failure's kind
        # (records.FailureKind; NULL in rows kept before: read from the reason)
        "0007_deletions_failure_kinds",
        """
        CREATE TABLE deleted_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL,
            deleted_at TEXT NOT NULL
        );
        ALTER TABLE failures ADD COLUMN kind TEXT;
        """,
    ),
    (
        # beside each analysis, what chronicles read of its tokens (stories/chronicle_sheet.py):
        # NULL where none was made (rows from before; ``chronicle`` makes it on first use)
        "0008_chronicle_sheets",
        """
        ALTER TABLE analyses ADD COLUMN chronicle_sheet TEXT;
        """,
    ),
    (
        # site-level cleaning (extract/site_lines.py, store/sqlite/outlet_lines.py): which
        # short lines (a key of each) every stored page of an outlet held; empty for
        # articles stored before (``reanalyze`` fills it)
        "0009_outlet_lines",
        """
        CREATE TABLE outlet_lines (
            outlet TEXT NOT NULL,
            line_key TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (outlet, line_key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX outlet_lines_article ON outlet_lines(article_id);
        """,
    ),
    (
        # kept chronicles (store/sqlite/chronicles.py): each analysis gets a new random
        # revision whenever it is written or rewritten (by any statement: the triggers),
        # so the state a chronicle was built from can be told from the state now; and
        # each story's or storyline's chronicle, with the state it was built from. The
        # exact copies of an article by index (``copies_of``, which a chronicle asks of
        # each article, scanned every article without one)
        "0010_kept_chronicles",
        """
        CREATE INDEX articles_copy_of ON articles(copy_of);
        ALTER TABLE analyses ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        CREATE TRIGGER analyses_revision_on_insert AFTER INSERT ON analyses BEGIN
            UPDATE analyses SET revision = random() WHERE article_id = NEW.article_id;
        END;
        CREATE TRIGGER analyses_revision_on_update
        AFTER UPDATE OF article_id, version, pipeline_version, analysis, chronicle_sheet ON analyses BEGIN
            UPDATE analyses SET revision = random() WHERE article_id = NEW.article_id;
        END;
        CREATE TABLE chronicles (
            scope TEXT NOT NULL,
            scope_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            state TEXT NOT NULL,
            chronicle TEXT NOT NULL,
            built_at TEXT NOT NULL,
            PRIMARY KEY (scope, scope_id, key)
        );
        """,
    ),
]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # built once: the writer encodes per article


def json_column(value: Any) -> str:
    """The text a JSON column of the store holds: keys sorted, non-ASCII as written."""
    return _JSON.encode(value)


def apply_migrations(connection: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks; return their names."""
    connection.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in connection.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        # executescript commits first; the migration and its record then commit together
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{sql}\nINSERT INTO migrations VALUES ('{name}', '{now_iso()}');\nCOMMIT;"
            )
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
