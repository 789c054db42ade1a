"""``StoryStore`` (``store/protocols/stories.py``) on the SQLite store's one writer
connection: ``SQLiteStore.stories``. Each method is one of the statement helpers of
``store/sqlite/stories.py`` and ``store/sqlite/story_reading.py`` (the copy groups:
``store/sqlite/duplicates.py``), run inside the caller's unit of writes, if any."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from khronika.store.protocols.stories import (
    ArticleListing,
    ClusterLevel,
    ClusterRecord,
    LevelState,
    StorylineRecord,
    StoryMember,
    StoryRecord,
    TermBag,
)
from khronika.store.sqlite import duplicates, stories, story_reading


class SQLiteStoryStore:
    """What the SQLite store keeps of stories (see the module docstring)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # -- term bags ----------------------------------------------------------------------
    def save_bag(self, article_id: int, bag: TermBag) -> None:
        stories.save_bag(self._db, article_id, bag)

    def bag(self, article_id: int) -> TermBag | None:
        return stories.stored_bag(self._db, article_id)

    def bags(self, article_ids: Sequence[int]) -> list[TermBag]:
        return stories.stored_bags(self._db, article_ids)

    def articles_in_publication_order(self) -> list[tuple[int, str | None, TermBag | None]]:
        return stories.articles_in_publication_order(self._db)

    def entity_ids(self, article_id: int) -> tuple[str, ...]:
        return stories.stored_entity_ids(self._db, article_id)

    # -- clustering state ---------------------------------------------------------------
    def level_state(self, level: ClusterLevel) -> LevelState:
        return stories.load_state(self._db, stories.LEVELS[level])

    def save_cluster(self, level: ClusterLevel, cluster: ClusterRecord, title: str | None) -> int:
        return stories.save_cluster(self._db, stories.LEVELS[level], cluster, title)

    def count_document(self, level: ClusterLevel, terms: Iterable[str], documents: int, total_length: int) -> None:
        stories.count_document(self._db, stories.LEVELS[level], terms, documents, total_length)

    def clear_stories(self) -> None:
        stories.clear_stories(self._db)

    # -- membership ---------------------------------------------------------------------
    def assign(self, article_id: int, story_id: int, seq: int) -> None:
        stories.assign_story(self._db, article_id, story_id, seq)

    def story_of(self, article_id: int) -> int | None:
        return stories.story_of(self._db, article_id)

    def storyline_of(self, story_id: int) -> int | None:
        return stories.storyline_of(self._db, story_id)

    def set_storyline(self, story_id: int, storyline_id: int | None) -> None:
        stories.set_storyline(self._db, story_id, storyline_id)

    def set_title(self, level: ClusterLevel, cluster_row_id: int, title: str | None) -> None:
        stories.set_title(self._db, stories.LEVELS[level], cluster_row_id, title)

    def story_members(self, story_id: int) -> list[int]:
        return stories.story_members(self._db, story_id)

    def storyline_members(self, storyline_id: int) -> list[int]:
        return stories.storyline_members(self._db, storyline_id)

    def has_story(self, story_id: int) -> bool:
        return story_reading.has_story(self._db, story_id)

    def story_assignments(self) -> dict[int, int]:
        return story_reading.story_assignments(self._db)

    def clusters_by_url(self, level: ClusterLevel) -> dict[str, int]:
        return story_reading.clusters_by_url(self._db, level)

    # -- reading ------------------------------------------------------------------------
    def stories(self, story_id: int | None = None, storyline_id: int | None = None) -> list[StoryRecord]:
        return story_reading.story_rows(self._db, story_id, storyline_id)

    def storylines(self, storyline_id: int | None = None) -> list[StorylineRecord]:
        return story_reading.storyline_rows(self._db, storyline_id)

    def story_member_listings(self, story_id: int) -> list[StoryMember]:
        return story_reading.member_rows(self._db, story_id)

    def storyline_member_listings(self, storyline_id: int) -> list[StoryMember]:
        return story_reading.storyline_member_rows(self._db, storyline_id)

    def article_listings(self, article_ids: Iterable[int]) -> dict[int, ArticleListing]:
        return story_reading.article_listings(self._db, article_ids)

    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        return story_reading.entity_names(self._db, entity_ids)

    def copy_groups(self, article_ids: Iterable[int]) -> dict[int, int]:
        return duplicates.copy_groups_of(self._db, article_ids)

    def copy_group_map(self) -> dict[int, int]:
        return duplicates.copy_group_map(self._db)

    def copies_of(self, article_id: int) -> list[int]:
        return duplicates.copies_of(self._db, article_id)

    def articles_sharing_entities(self, article_id: int, max_entities: int, per_entity: int) -> dict[int, int]:
        return duplicates.articles_sharing_entities(self._db, article_id, max_entities, per_entity)

    # -- vectors ------------------------------------------------------------------------
    def article_vector(self, article_id: int, backend: str) -> list[float] | None:
        return stories.article_vector(self._db, article_id, backend)

    def save_article_vector(self, article_id: int, backend: str, vector: Sequence[float]) -> None:
        stories.save_article_vector(self._db, article_id, backend, vector)

    def embedding_centre(self, backend: str) -> tuple[list[float], float] | None:
        return stories.embedding_centre(self._db, backend)

    def save_embedding_centre(self, backend: str, total: Sequence[float], count: float) -> None:
        stories.save_embedding_centre(self._db, backend, total, count)
