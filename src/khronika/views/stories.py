"""Views of stories and storylines, of related reading, and of the corrections made by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khronika.api import Khronika
from khronika.results import (
    ArticleDeletion,
    ArticleMove,
    Decision,
    EntityMerge,
    EntitySplit,
    RelatedItem,
    StoryDetail,
    StorylineDetail,
    StorylineSummary,
    StoryMerge,
    StorySummary,
    as_json,
)
from khronika.views.common import plural


@dataclass(frozen=True)
class StoriesContext:
    """``khronika stories``: stories (of one storyline), largest first."""

    stories: tuple[StorySummary, ...]

    @staticmethod
    def load(
        kh: Khronika, min_articles: int = 1, limit: int | None = None, storyline: int | None = None
    ) -> StoriesContext:
        return StoriesContext(tuple(kh.stories(min_articles, limit, storyline)))

    def to_json(self) -> list[dict[str, Any]]:
        return [story.to_json() for story in self.stories]


@dataclass(frozen=True)
class StoryContext:
    """``khronika story ID``: one story, its titles per language and its articles in date order."""

    story: StoryDetail

    @staticmethod
    def load(kh: Khronika, story_id: int) -> StoryContext:
        return StoryContext(kh.story(story_id))

    def to_json(self) -> dict[str, Any]:
        return self.story.to_json()


@dataclass(frozen=True)
class StorylinesContext:
    """``khronika storylines``: storylines, largest first."""

    storylines: tuple[StorylineSummary, ...]

    @staticmethod
    def load(kh: Khronika, min_articles: int = 1, limit: int | None = None) -> StorylinesContext:
        return StorylinesContext(tuple(kh.storylines(min_articles, limit)))

    def to_json(self) -> list[dict[str, Any]]:
        return [line.to_json() for line in self.storylines]


@dataclass(frozen=True)
class StorylineContext:
    """``khronika storyline ID``: one storyline, its titles and its stories."""

    storyline: StorylineDetail

    @staticmethod
    def load(kh: Khronika, storyline_id: int) -> StorylineContext:
        return StorylineContext(kh.storyline(storyline_id))

    def to_json(self) -> dict[str, Any]:
        return self.storyline.to_json()


@dataclass(frozen=True)
class RelatedContext:
    """``khronika related ID``: what to read next after one article."""

    article: int
    related: tuple[RelatedItem, ...]

    @staticmethod
    def load(kh: Khronika, article_id: int, k: int = 5) -> RelatedContext:
        return RelatedContext(article_id, tuple(kh.related(article_id, k)))

    @staticmethod
    def why(item: RelatedItem) -> str:
        """``story``, ``storyline``, or ``entities: Minsk, Lukashenko``."""
        return item.why + (": " + ", ".join(item.shared_entities) if item.shared_entities else "")

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article, "related": as_json(self.related)}


@dataclass(frozen=True)
class DecisionsContext:
    """``khronika decisions``: the corrections made by hand, in order."""

    decisions: tuple[Decision, ...]

    @staticmethod
    def load(kh: Khronika) -> DecisionsContext:
        return DecisionsContext(tuple(kh.decisions()))

    @staticmethod
    def arguments(decision: Decision) -> str:
        return ", ".join(f"{key}={value}" for key, value in decision.arguments.items())

    def to_json(self) -> list[dict[str, Any]]:
        return [decision.to_json() for decision in self.decisions]


Correction = StoryMerge | ArticleMove | EntityMerge | EntitySplit


@dataclass(frozen=True)
class DeletionContext:
    """What ``khronika delete ARTICLE…`` did: one line per article, and as JSON."""

    deleted: tuple[ArticleDeletion, ...]

    @staticmethod
    def load(kh: Khronika, article_ids: list[int]) -> DeletionContext:
        return DeletionContext(tuple(kh.delete(article_ids)))

    @staticmethod
    def line(item: ArticleDeletion) -> str:
        where = f" from story {item.story}" if item.story is not None else ""
        return f"article #{item.article} ({item.url}) deleted{where} (decision {item.decision})"

    def to_json(self) -> list[dict[str, Any]]:
        return [item.to_json() for item in self.deleted]


@dataclass(frozen=True)
class CorrectionContext:
    """What ``story merge|move`` or ``entity merge|split`` did, in one line and as JSON."""

    result: Correction
    line: str  # what changed, in words; the decision's id follows it on screen

    @staticmethod
    def story_merge(kh: Khronika, story_id: int, merged_id: int) -> CorrectionContext:
        result = kh.merge_stories(story_id, merged_id)
        moved = ", ".join(f"#{article}" for article in result.articles_moved)
        holds = plural(result.articles, "article")
        line = f"story {story_id} now holds {holds}: story {merged_id} ({moved}) merged into it"
        return CorrectionContext(result, line)

    @staticmethod
    def article_move(kh: Khronika, article_id: int, story_id: int) -> CorrectionContext:
        result = kh.move_article(article_id, story_id)
        line = f"article #{article_id} moved from story {result.from_story} to story {story_id}"
        if result.storyline != result.from_storyline:
            line += f" (storyline {result.from_storyline} -> {result.storyline})"
        return CorrectionContext(result, line)

    @staticmethod
    def entity_merge(kh: Khronika, name: str, merged_name: str) -> CorrectionContext:
        result = kh.merge_entities(name, merged_name)
        names = ", ".join(result.aliases)
        line = (
            f"entity {result.merged} merged into {result.entity}: {plural(result.mentions, 'mention')} in"
            f" {plural(result.articles, 'article')}, names {names or '—'}"
        )
        return CorrectionContext(result, line)

    @staticmethod
    def entity_split(kh: Khronika, name: str, alias: str) -> CorrectionContext:
        result = kh.split_entity(name, alias)
        line = (
            f"{alias!r} split from {result.entity} as new entity {result.new_entity}:"
            f" {plural(result.mentions, 'mention')} in {plural(result.articles, 'article')}"
        )
        return CorrectionContext(result, line)

    @property
    def decision(self) -> int:
        return self.result.decision

    def to_json(self) -> dict[str, Any]:
        return self.result.to_json()
