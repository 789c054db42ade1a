"""Entities across the store: one per real-world thing, its names (aliases) and mentions.

Linking gives every mention of an analysis the stored entity it names (the same
id, a name split off or merged by hand, the same name's Latin match key, a
person's surname), creating the entities never seen; the analysis kept then
carries the stored ids.
"""

from __future__ import annotations

from typing import Any, Protocol

from khronika.records import AnalysedArticle


class EntityStore(Protocol):
    def link_entities(self, article_id: int, analysis: AnalysedArticle) -> AnalysedArticle:
        """Link the analysis's mentions (and the entities its claims name) to stored
        entities, replace the article's mentions with them, add the names not known
        yet; the analysis with the stored ids."""
        ...

    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities, most mentioned first: id, type, canonical, aliases, mentions, articles."""
        ...

    def entity(self, name: str) -> dict[str, Any] | None:
        """An entity by id (merged ids followed), or by any of its names in any script,
        with the articles mentioning it; None if no entity has that name."""
        ...

    def merge_entities(self, entity_id: str, merged_id: str) -> dict[str, Any]:
        """``merged_id`` becomes ``entity_id`` everywhere, and stays merged for later
        ingests (inside the caller's unit of writes)."""
        ...

    def split_entity(self, entity_id: str, alias: str) -> dict[str, Any]:
        """The name form ``alias`` leaves the entity and becomes an entity of its own,
        for later ingests too (inside the caller's unit of writes); ``new_entity`` names it."""
        ...
