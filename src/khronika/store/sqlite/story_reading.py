"""What the views read of stories and storylines in the SQLite store (the tables are
described in ``store/sqlite/stories.py``), as the records of ``store/protocols/stories.py``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from khronika.store.protocols.stories import ArticleListing, ClusterLevel, StorylineRecord, StoryMember, StoryRecord

_CHUNK = 500  # ids per IN (…) list, well under SQLite's bound on parameters


def story_rows(
    db: sqlite3.Connection, story_id: int | None = None, storyline_id: int | None = None
) -> list[StoryRecord]:
    """Stories that hold articles (a story emptied by a hand merge is gone), largest first."""
    sql = "SELECT id, first_day, last_day, size, entities, storyline_id, terms FROM stories WHERE size > 0"
    params: list[Any] = []
    if story_id is not None:
        sql += " AND id = ?"
        params.append(story_id)
    if storyline_id is not None:
        sql += " AND storyline_id = ?"
        params.append(storyline_id)
    rows = db.execute(sql + " ORDER BY size DESC, last_day DESC, id", params).fetchall()
    return [
        StoryRecord(int(row[0]), row[1], row[2], int(row[3]), json.loads(row[4]),
                    int(row[5]) if row[5] is not None else None, dict(json.loads(row[6])))
        for row in rows
    ]  # fmt: skip


def storyline_rows(db: sqlite3.Connection, storyline_id: int | None = None) -> list[StorylineRecord]:
    """Storylines that hold articles, largest first, with their stories' ids and summed centroid terms."""
    sql = "SELECT id, first_day, last_day, size, entities FROM storylines WHERE size > 0"
    params: tuple[Any, ...] = ()
    if storyline_id is not None:
        sql += " AND id = ?"
        params = (storyline_id,)
    result = []
    for row in db.execute(sql + " ORDER BY size DESC, last_day DESC, id", params).fetchall():
        terms: dict[str, float] = {}
        story_ids = []
        for story_id, story_terms in db.execute(
            "SELECT id, terms FROM stories WHERE storyline_id = ? AND size > 0 ORDER BY first_day, id", (row[0],)
        ):
            story_ids.append(int(story_id))
            for term, weight in json.loads(story_terms).items():
                terms[term] = terms.get(term, 0.0) + weight
        result.append(
            StorylineRecord(int(row[0]), row[1], row[2], int(row[3]), json.loads(row[4]), tuple(story_ids), terms)
        )
    return result


_MEMBER_SELECT = """SELECT a.id, a.title, a.lang, a.outlet, a.domain, a.published_day, a.url, d.title_terms, s.story_id
    FROM story_articles s JOIN articles a ON a.id = s.article_id
    LEFT JOIN story_documents d ON d.article_id = a.id"""
_MEMBER_ORDER = " ORDER BY a.published_day IS NULL, a.published_day, a.id"


def _listing(row: Sequence[Any]) -> ArticleListing:
    """(id, title, lang, outlet, domain, published_day, url) as a listing: the outlet, else the domain."""
    return ArticleListing(int(row[0]), row[1], row[2], row[3] or row[4], row[5], row[6])


def _members(rows: list[Any]) -> list[StoryMember]:
    return [StoryMember(_listing(row), tuple(json.loads(row[7])) if row[7] else (), int(row[8])) for row in rows]


def member_rows(db: sqlite3.Connection, story_id: int) -> list[StoryMember]:
    """A story's articles in date order, with their headline lemmas."""
    return _members(db.execute(f"{_MEMBER_SELECT} WHERE s.story_id = ?{_MEMBER_ORDER}", (story_id,)).fetchall())


def storyline_member_rows(db: sqlite3.Connection, storyline_id: int) -> list[StoryMember]:
    """A storyline's articles (those of its stories) in date order."""
    sql = f"{_MEMBER_SELECT} JOIN stories t ON t.id = s.story_id WHERE t.storyline_id = ?{_MEMBER_ORDER}"
    return _members(db.execute(sql, (storyline_id,)).fetchall())


def article_listings(db: sqlite3.Connection, article_ids: Iterable[int]) -> dict[int, ArticleListing]:
    ids = sorted(set(article_ids))
    found: dict[int, ArticleListing] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = db.execute(
            f"""SELECT id, title, lang, outlet, domain, published_day, url FROM articles
                WHERE id IN ({",".join("?" * len(chunk))})""",
            chunk,
        )
        for row in rows:
            found[int(row[0])] = _listing(row)
    return found


def entity_names(db: sqlite3.Connection, entity_ids: Sequence[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entity_id in entity_ids:
        row = db.execute("SELECT canonical FROM entities WHERE id = ?", (entity_id,)).fetchone()
        names[entity_id] = row[0] if row else entity_id
    return names


def has_story(db: sqlite3.Connection, story_id: int) -> bool:
    return db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None


def story_assignments(db: sqlite3.Connection) -> dict[int, int]:
    return {
        int(article): int(story) for article, story in db.execute("SELECT article_id, story_id FROM story_articles")
    }


def clusters_by_url(db: sqlite3.Connection, level: ClusterLevel) -> dict[str, int]:
    """Article URL -> its story id, or (``storyline``) its story's storyline id."""
    column = "t.storyline_id" if level == "storyline" else "s.story_id"
    rows = db.execute(
        f"""SELECT a.url, {column} FROM story_articles s JOIN articles a ON a.id = s.article_id
            JOIN stories t ON t.id = s.story_id"""
    )
    return {str(url): int(cluster) for url, cluster in rows if cluster is not None}
