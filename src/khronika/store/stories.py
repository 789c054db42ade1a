"""Stories in the SQLite store: assignments, the clusterer's state, each article's term bag.

Tables (migration ``0003_stories``):

- ``stories``: one row per story with its bounded centroid (top terms and entities
  with their summed weights, as ``stories/index.py`` keeps them), size, day span and
  the sequence number of its last update (to rebuild the index's postings in order);
- ``story_articles``: article -> story, one row per article (its primary key), so
  an assignment can never be made twice;
- ``story_documents``: the term bag the clusterer read for an article (lemmas of its
  content words, title lemmas apart, stored entity ids, day): ``recluster`` replays
  these and needs no re-analysis;
- ``story_term_frequencies`` and ``story_state``: document frequencies, the number of
  documents and their total length, which the clusterer's IDF and BM25 read.

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khronika.stories.index import Cluster

_STORY_TABLES = ("story_articles", "stories", "story_term_frequencies", "story_state")


@dataclass(frozen=True)
class TermBag:
    """What the clusterer reads of one article."""

    terms: dict[str, float]  # content-word lemma -> count, title words weighted up
    title_terms: tuple[str, ...] = ()  # the headline's content lemmas (to pick a story's title)
    entities: tuple[str, ...] = ()  # stored entity ids, one per mention
    day: str | None = None  # publication day, YYYY-MM-DD


@dataclass
class StoredState:
    documents: int = 0
    total_length: int = 0
    document_frequency: dict[str, int] = field(default_factory=dict)
    clusters: list[tuple[Cluster, int]] = field(default_factory=list)  # in id order, with updated_seq


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- term bags ---------------------------------------------------------------------


def save_bag(db: sqlite3.Connection, article_id: int, bag: TermBag) -> None:
    db.execute(
        "INSERT OR REPLACE INTO story_documents VALUES (?, ?, ?, ?, ?)",
        (article_id, _dumps(bag.terms), _dumps(list(bag.title_terms)), _dumps(list(bag.entities)), bag.day),
    )


def _bag(terms: str, title_terms: str, entities: str, day: str | None) -> TermBag:
    return TermBag(json.loads(terms), tuple(json.loads(title_terms)), tuple(json.loads(entities)), day)


def articles_in_publication_order(db: sqlite3.Connection) -> list[tuple[int, str | None, TermBag | None]]:
    """Every stored article, its title and its term bag (None where it has none), undated last."""
    rows = db.execute(
        """SELECT a.id, a.title, d.terms, d.title_terms, d.entities, d.day FROM articles a
           LEFT JOIN story_documents d ON d.article_id = a.id
           ORDER BY a.published_day IS NULL, a.published_day, a.id"""
    ).fetchall()
    return [(int(row[0]), row[1], _bag(*row[2:]) if row[2] is not None else None) for row in rows]


def stored_entity_ids(db: sqlite3.Connection, article_id: int) -> tuple[str, ...]:
    rows = db.execute("SELECT entity_id FROM entity_mentions WHERE article_id = ? ORDER BY start", (article_id,))
    return tuple(row[0] for row in rows)


# -- assignments and clusterer state --------------------------------------------------


def story_of(db: sqlite3.Connection, article_id: int) -> int | None:
    row = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None


def save_assignment(
    db: sqlite3.Connection,
    article_id: int,
    cluster: Cluster,
    terms: Iterable[str],
    title: str | None,
    documents: int,
    total_length: int,
) -> int:
    """Record the article's story (id = cluster id + 1), the story's centroid and the
    document frequencies of the ``terms`` the clusterer read; return the story id."""
    story_id = cluster.id + 1
    first = cluster.first_published.isoformat() if cluster.first_published else None
    last = cluster.last_published.isoformat() if cluster.last_published else None
    db.execute(
        """INSERT INTO stories (id, title, first_day, last_day, size, terms, entities, norm, entity_norm, updated_seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day,
           size = excluded.size, terms = excluded.terms, entities = excluded.entities, norm = excluded.norm,
           entity_norm = excluded.entity_norm, updated_seq = excluded.updated_seq""",
        (story_id, title, first, last, cluster.size, _dumps(cluster.terms), _dumps(cluster.entities),
         cluster.norm, cluster.entity_norm, documents),
    )  # fmt: skip
    db.execute("INSERT INTO story_articles VALUES (?, ?, ?)", (article_id, story_id, documents))
    db.executemany(
        """INSERT INTO story_term_frequencies VALUES (?, 1)
           ON CONFLICT(term) DO UPDATE SET documents = documents + 1""",
        [(term,) for term in terms],
    )
    db.executemany(
        "INSERT OR REPLACE INTO story_state VALUES (?, ?)",
        [("documents", str(documents)), ("total_length", str(total_length))],
    )
    return story_id


def load_state(db: sqlite3.Connection) -> StoredState:
    state = StoredState()
    values = dict(db.execute("SELECT key, value FROM story_state").fetchall())
    state.documents = int(values.get("documents", 0))
    state.total_length = int(values.get("total_length", 0))
    state.document_frequency = {
        term: int(count) for term, count in db.execute("SELECT term, documents FROM story_term_frequencies")
    }
    rows = db.execute(
        """SELECT id, size, terms, entities, first_day, last_day, norm, entity_norm, updated_seq
           FROM stories ORDER BY id"""
    )
    for story_id, size, terms, entities, first, last, norm, entity_norm, seq in rows:
        cluster = Cluster(
            int(story_id) - 1, int(size), json.loads(terms), json.loads(entities), None,
            _day(first), _day(last), float(norm), float(entity_norm),
        )  # fmt: skip
        state.clusters.append((cluster, int(seq)))
    return state


def clear_stories(db: sqlite3.Connection) -> None:
    """Forget every assignment and the clusterer's state (term bags stay)."""
    for table in _STORY_TABLES:
        db.execute(f"DELETE FROM {table}")  # fixed table names, never input


# -- reading -----------------------------------------------------------------------


def story_rows(db: sqlite3.Connection, story_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id, first_day, last_day, size, entities FROM stories"
    params: tuple[Any, ...] = ()
    if story_id is not None:
        sql += " WHERE id = ?"
        params = (story_id,)
    rows = db.execute(sql + " ORDER BY size DESC, last_day DESC, id", params).fetchall()
    return [
        {"id": int(row[0]), "first_day": row[1], "last_day": row[2], "articles": int(row[3]),
         "entity_weights": json.loads(row[4])}
        for row in rows
    ]  # fmt: skip


def member_rows(db: sqlite3.Connection, story_id: int) -> list[dict[str, Any]]:
    """A story's articles in date order, with their headline lemmas."""
    rows = db.execute(
        """SELECT a.id, a.title, a.lang, a.outlet, a.domain, a.published_day, a.url, d.title_terms
           FROM story_articles s JOIN articles a ON a.id = s.article_id
           LEFT JOIN story_documents d ON d.article_id = a.id
           WHERE s.story_id = ? ORDER BY a.published_day IS NULL, a.published_day, a.id""",
        (story_id,),
    ).fetchall()
    return [
        {"id": int(row[0]), "title": row[1], "lang": row[2], "outlet": row[3] or row[4], "published": row[5],
         "url": row[6], "title_terms": json.loads(row[7]) if row[7] else []}
        for row in rows
    ]  # fmt: skip


def story_centroid_terms(db: sqlite3.Connection, story_id: int) -> dict[str, float]:
    row = db.execute("SELECT terms FROM stories WHERE id = ?", (story_id,)).fetchone()
    return dict(json.loads(row[0])) if row else {}


def entity_names(db: sqlite3.Connection, entity_ids: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entity_id in entity_ids:
        row = db.execute("SELECT canonical FROM entities WHERE id = ?", (entity_id,)).fetchone()
        names[entity_id] = row[0] if row else entity_id
    return names
