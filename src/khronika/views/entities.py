"""Views of entities, of who said what, and of conflicting figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khronika.api import Khronika
from khronika.results import ConflictSide, EntityDetail, EntitySummary, StoredClaim, StoryConflict


@dataclass(frozen=True)
class EntitiesContext:
    """``khronika entities``: people, organisations and places, the most written about first."""

    entities: tuple[EntitySummary, ...]

    @staticmethod
    def load(kh: Khronika, limit: int | None = None) -> EntitiesContext:
        return EntitiesContext(tuple(kh.entities(limit)))

    @staticmethod
    def other_names(entity: EntitySummary) -> str:
        """Its names other than the canonical one."""
        return ", ".join(alias for alias in entity.aliases if alias != entity.canonical)

    def to_json(self) -> list[dict[str, Any]]:
        return [entity.to_json() for entity in self.entities]


@dataclass(frozen=True)
class EntityContext:
    """``khronika entity NAME``: one entity, its names and the articles naming it."""

    entity: EntityDetail

    @staticmethod
    def load(kh: Khronika, name: str) -> EntityContext:
        return EntityContext(kh.entity(name))

    def to_json(self) -> dict[str, Any]:
        return self.entity.to_json()


@dataclass(frozen=True)
class ClaimsContext:
    """``khronika claims``: who said what (of one entity, of one story), oldest article first."""

    claims: tuple[StoredClaim, ...]

    @staticmethod
    def load(kh: Khronika, entity: str | None = None, story: int | None = None) -> ClaimsContext:
        return ClaimsContext(tuple(kh.claims(entity, story)))

    def to_json(self) -> list[dict[str, Any]]:
        return [claim.to_json() for claim in self.claims]


@dataclass(frozen=True)
class ConflictsContext:
    """``khronika conflicts``: figures of one event from different sources that cannot both be true."""

    conflicts: tuple[StoryConflict, ...]

    @staticmethod
    def load(kh: Khronika, story: int | None = None) -> ConflictsContext:
        return ConflictsContext(tuple(kh.conflicts(story)))

    @staticmethod
    def event(conflict: StoryConflict) -> str:
        """``2020-09-13, Minsk``, or ``same event`` when neither date nor place is known."""
        known = (conflict.event.date, conflict.event.place)
        return ", ".join(str(value) for value in known if value) or "same event"

    @staticmethod
    def side_articles(side: ConflictSide) -> str:
        return ", ".join(f"#{article}" for article in side.articles or (side.article,))

    @staticmethod
    def side_sources(side: ConflictSide) -> str:
        return ", ".join(side.sources or (side.source or "",))

    def to_json(self) -> dict[str, Any]:
        return {"conflicts": [conflict.to_json() for conflict in self.conflicts]}
