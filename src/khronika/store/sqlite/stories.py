"""Stories and storylines in the SQLite store: assignments, each level's clusterer
state, each article's term bag.

Tables (migrations ``0003_stories``, ``0005_storylines``):

- ``stories`` and ``storylines``: one row per cluster with its bounded centroid (top
  terms and entities with their summed weights, as ``stories/index.py`` keeps them),
  size, day span and the sequence number of its last update (to rebuild the index's
  postings in order); a story also names its storyline (``stories.storyline_id``),
  and a cluster emptied by a hand merge keeps its row with size 0 (ids stay 0…n-1
  for the clusterer) and is shown nowhere;
- ``story_articles``: article -> story, one row per article (its primary key), so
  an assignment can never be made twice; an article's storyline is its story's;
- ``story_documents``: the term bag the clusterers read for an article (lemmas of its
  content words, title lemmas apart, stored entity ids, day): ``recluster`` replays
  these and needs no re-analysis;
- ``story_term_frequencies``/``story_state`` and their ``storyline_`` twins: each
  level's document frequencies, number of documents and their total length, which
  its clusterer's IDF and BM25 read (``LevelTables`` names one level's tables);
- where a stories config names an embedding backend (migration ``0006_story_vectors``):
  ``story_vectors`` (each article's centred vector, float32, with the backend that made
  it: ``recluster`` re-embeds nothing), ``stories.vector``/``storylines.vector`` (each
  cluster's summed vector, float64, so restored clusters keep it) and
  ``story_embedding_centres`` (each backend's running centre, ``RunningCentre``).

Every function here runs inside the caller's transaction, if any.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from khronika.store.protocols.stories import ClusterLevel, ClusterRecord, LevelState, TermBag
from khronika.store.sqlite.migrations import json_column

__all__ = [
    "LEVELS",
    "STORYLINE_LEVEL",
    "STORY_LEVEL",
    "LevelTables",
    "TermBag",
    "article_vector",
    "articles_in_publication_order",
    "assign_story",
    "clear_stories",
    "count_document",
    "embedding_centre",
    "load_state",
    "save_article_vector",
    "save_bag",
    "save_cluster",
    "save_embedding_centre",
    "set_storyline",
    "set_title",
    "stored_bag",
    "stored_bags",
    "stored_entity_ids",
    "story_members",
    "story_of",
    "storyline_members",
    "storyline_of",
]  # fmt: skip

_STORY_TABLES = (
    "story_articles", "stories", "story_term_frequencies", "story_state",
    "storylines", "storyline_term_frequencies", "storyline_state",
)  # fmt: skip


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- term bags ---------------------------------------------------------------------


def save_bag(db: sqlite3.Connection, article_id: int, bag: TermBag) -> None:
    db.execute(
        "INSERT OR REPLACE INTO story_documents VALUES (?, ?, ?, ?, ?)",
        (
            article_id,
            json_column(bag.terms),
            json_column(list(bag.title_terms)),
            json_column(list(bag.entities)),
            bag.day,
        ),
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


@dataclass(frozen=True)
class LevelTables:
    """Where one clustering level keeps its clusters and its clusterer's counts."""

    clusters: str
    frequencies: str
    state: str


STORY_LEVEL = LevelTables("stories", "story_term_frequencies", "story_state")
STORYLINE_LEVEL = LevelTables("storylines", "storyline_term_frequencies", "storyline_state")
LEVELS: dict[ClusterLevel, LevelTables] = {"story": STORY_LEVEL, "storyline": STORYLINE_LEVEL}


def story_of(db: sqlite3.Connection, article_id: int) -> int | None:
    row = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return int(row[0]) if row else None


def storyline_of(db: sqlite3.Connection, story_id: int) -> int | None:
    """The storyline a story belongs to (None for an unknown or emptied story)."""
    row = db.execute("SELECT storyline_id FROM stories WHERE id = ?", (story_id,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def save_cluster(db: sqlite3.Connection, level: LevelTables, cluster: ClusterRecord, title: str | None) -> int:
    """Write one cluster's state (row id = cluster id + 1; a known row keeps its title); return that id."""
    row_id = cluster.id + 1
    first = cluster.first_day.isoformat() if cluster.first_day else None
    last = cluster.last_day.isoformat() if cluster.last_day else None
    vector = array("d", cluster.vector).tobytes() if cluster.vector is not None else None
    db.execute(
        f"""INSERT INTO {level.clusters} (id, title, first_day, last_day, size, terms, entities, norm, entity_norm,
           updated_seq, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day,
           size = excluded.size, terms = excluded.terms, entities = excluded.entities, norm = excluded.norm,
           entity_norm = excluded.entity_norm, updated_seq = excluded.updated_seq, vector = excluded.vector""",
        (row_id, title, first, last, cluster.size, json_column(cluster.terms), json_column(cluster.entities),
         cluster.norm, cluster.entity_norm, cluster.updated_seq, vector),
    )  # fmt: skip
    return row_id


def _floats(blob: bytes, typecode: str) -> list[float]:
    values = array(typecode)
    values.frombytes(blob)
    return list(values)


def save_article_vector(db: sqlite3.Connection, article_id: int, backend: str, vector: Sequence[float]) -> None:
    """An article's centred embedding, as float32 (the caller rounds it so before use)."""
    db.execute(
        "INSERT OR REPLACE INTO story_vectors VALUES (?, ?, ?)", (article_id, backend, array("f", vector).tobytes())
    )


def article_vector(db: sqlite3.Connection, article_id: int, backend: str) -> list[float] | None:
    """The article's stored vector, if ``backend`` made it."""
    row = db.execute(
        "SELECT vector FROM story_vectors WHERE article_id = ? AND backend = ?", (article_id, backend)
    ).fetchone()
    return _floats(row[0], "f") if row else None


def embedding_centre(db: sqlite3.Connection, backend: str) -> tuple[list[float], float] | None:
    """A backend's running centre as saved: the summed raw vectors and their count."""
    row = db.execute("SELECT total, count FROM story_embedding_centres WHERE backend = ?", (backend,)).fetchone()
    return (_floats(row[0], "d"), float(row[1])) if row else None


def save_embedding_centre(db: sqlite3.Connection, backend: str, total: Sequence[float], count: float) -> None:
    db.execute(
        "INSERT OR REPLACE INTO story_embedding_centres VALUES (?, ?, ?)",
        (backend, array("d", total).tobytes(), count),
    )


def count_document(
    db: sqlite3.Connection, level: LevelTables, terms: Iterable[str], documents: int, total_length: int
) -> None:
    """One more document: the document frequencies of its ``terms`` and the level's totals."""
    db.executemany(
        f"""INSERT INTO {level.frequencies} VALUES (?, 1)
           ON CONFLICT(term) DO UPDATE SET documents = documents + 1""",
        [(term,) for term in terms],
    )
    db.executemany(
        f"INSERT OR REPLACE INTO {level.state} VALUES (?, ?)",
        [("documents", str(documents)), ("total_length", str(total_length))],
    )


def assign_story(db: sqlite3.Connection, article_id: int, story_id: int, seq: int) -> None:
    db.execute(
        "INSERT INTO story_articles VALUES (?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
        (article_id, story_id, seq),
    )


def set_storyline(db: sqlite3.Connection, story_id: int, storyline_id: int | None) -> None:
    db.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (storyline_id, story_id))


def set_title(db: sqlite3.Connection, level: LevelTables, row_id: int, title: str | None) -> None:
    db.execute(f"UPDATE {level.clusters} SET title = ? WHERE id = ?", (title, row_id))  # fixed table names


def load_state(db: sqlite3.Connection, level: LevelTables = STORY_LEVEL) -> LevelState:
    state = LevelState()
    values = dict(db.execute(f"SELECT key, value FROM {level.state}").fetchall())
    state.documents = int(values.get("documents", 0))
    state.total_length = int(values.get("total_length", 0))
    state.document_frequency = {
        term: int(count) for term, count in db.execute(f"SELECT term, documents FROM {level.frequencies}")
    }
    rows = db.execute(
        f"""SELECT id, size, terms, entities, first_day, last_day, norm, entity_norm, updated_seq, vector
           FROM {level.clusters} ORDER BY id"""
    )
    for row_id, size, terms, entities, first, last, norm, entity_norm, seq, blob in rows:
        state.clusters.append(
            ClusterRecord(
                int(row_id) - 1, int(size), json.loads(terms), json.loads(entities),
                _floats(blob, "d") if blob is not None else None, _day(first), _day(last),
                float(norm), float(entity_norm), int(seq),
            )
        )  # fmt: skip
    return state


def clear_stories(db: sqlite3.Connection) -> None:
    """Forget every assignment and both levels' state (term bags and decisions stay)."""
    for table in _STORY_TABLES:
        db.execute(f"DELETE FROM {table}")  # fixed table names, never input


def story_members(db: sqlite3.Connection, story_id: int) -> list[int]:
    """A story's article ids, earliest first (undated last, then by id)."""
    rows = db.execute(
        """SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?
           ORDER BY a.published_day IS NULL, a.published_day, a.id""",
        (story_id,),
    )
    return [int(row[0]) for row in rows]


def storyline_members(db: sqlite3.Connection, storyline_id: int) -> list[int]:
    """The article ids of a storyline's stories."""
    rows = db.execute(
        "SELECT sa.article_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id WHERE s.storyline_id = ?",
        (storyline_id,),
    )
    return [int(row[0]) for row in rows]


def stored_bags(db: sqlite3.Connection, article_ids: Sequence[int]) -> list[TermBag]:
    """The term bags of these articles (those that have one)."""
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(
        f"SELECT terms, title_terms, entities, day FROM story_documents WHERE article_id IN ({marks})", article_ids
    )
    return [_bag(*row) for row in rows]


def stored_bag(db: sqlite3.Connection, article_id: int) -> TermBag | None:
    row = db.execute(
        "SELECT terms, title_terms, entities, day FROM story_documents WHERE article_id = ?", (article_id,)
    ).fetchone()
    return _bag(*row) if row else None
