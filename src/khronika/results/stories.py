"""Stories, storylines and the corrections made to them by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from khronika.results.json import JsonRecord, as_json

# -- stories and storylines ------------------------------------------------------------


@dataclass(frozen=True)
class TopEntity(JsonRecord):
    """An entity among a story's (storyline's) most present, with its article count."""

    id: str
    name: str
    articles: int


def _cluster_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A story's or storyline's list fields as the records hold them."""
    return {
        "titles": dict(data["titles"]),
        "languages": tuple(data["languages"]),
        "outlets": tuple(data["outlets"]),
        "top_entities": tuple(TopEntity(**row) for row in data["top_entities"]),
        "articles_per_day": dict(data["articles_per_day"]),
    }


@dataclass(frozen=True)
class StorySummary(JsonRecord):
    """One story as ``khronika stories`` lists it."""

    id: int
    title: str | None
    titles: Mapping[str, str]  # language -> the most central headline in it
    languages: tuple[str, ...]  # most frequent first
    first_day: str | None
    last_day: str | None
    outlets: tuple[str, ...]
    articles: int
    sources: int  # distinct copy groups: syndicated copies count once
    top_entities: tuple[TopEntity, ...]
    articles_per_day: Mapping[str, int]
    storyline: int | None

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StorySummary:
        return StorySummary(**(data | _cluster_fields(data)))


@dataclass(frozen=True)
class StoryArticle(JsonRecord):
    """An article of a story, as ``khronika story ID`` lists it."""

    id: int
    published: str | None
    lang: str
    outlet: str | None
    title: str | None
    url: str
    copy_of: int | None  # the first article of its copy group, when it is a copy


@dataclass(frozen=True)
class StoryDetail:
    """One story and its articles in date order."""

    summary: StorySummary
    articles_list: tuple[StoryArticle, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StoryDetail:
        fields = {key: value for key, value in data.items() if key != "articles_list"}
        return StoryDetail(StorySummary.from_dict(fields), tuple(StoryArticle(**row) for row in data["articles_list"]))

    def to_json(self) -> dict[str, Any]:
        return self.summary.to_json() | {"articles_list": as_json(self.articles_list)}


@dataclass(frozen=True)
class StorylineSummary(JsonRecord):
    """One storyline as ``khronika storylines`` lists it."""

    id: int
    title: str | None
    titles: Mapping[str, str]
    languages: tuple[str, ...]
    first_day: str | None
    last_day: str | None
    outlets: tuple[str, ...]
    articles: int
    stories: int
    top_entities: tuple[TopEntity, ...]
    articles_per_day: Mapping[str, int]

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StorylineSummary:
        return StorylineSummary(**(data | _cluster_fields(data)))


@dataclass(frozen=True)
class StorylineStory(JsonRecord):
    """A story of a storyline, as ``khronika storyline ID`` lists it."""

    id: int
    title: str | None
    languages: tuple[str, ...]
    first_day: str | None
    last_day: str | None
    articles: int

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StorylineStory:
        return StorylineStory(**(data | {"languages": tuple(data["languages"])}))


@dataclass(frozen=True)
class StorylineDetail:
    """One storyline and its stories, earliest first."""

    summary: StorylineSummary
    stories_list: tuple[StorylineStory, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StorylineDetail:
        fields = {key: value for key, value in data.items() if key != "stories_list"}
        return StorylineDetail(
            StorylineSummary.from_dict(fields), tuple(StorylineStory.from_dict(row) for row in data["stories_list"])
        )

    def to_json(self) -> dict[str, Any]:
        return self.summary.to_json() | {"stories_list": as_json(self.stories_list)}


# -- corrections by hand -----------------------------------------------------------------


@dataclass(frozen=True)
class StoryMerge(JsonRecord):
    """What ``story merge A B`` did."""

    decision: int
    story: int
    merged: int
    articles_moved: tuple[int, ...]
    articles: int
    storyline: int | None

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StoryMerge:
        return StoryMerge(**(data | {"articles_moved": tuple(data["articles_moved"])}))


@dataclass(frozen=True)
class ArticleMove(JsonRecord):
    """What ``story move ARTICLE STORY`` did."""

    decision: int
    article: int
    story: int
    from_story: int | None
    storyline: int | None
    from_storyline: int | None


@dataclass(frozen=True)
class ArticleDeletion(JsonRecord):
    """What ``delete ARTICLE`` did: the article and all derived from it gone, its URL kept as deleted."""

    decision: int
    article: int
    url: str
    story: int | None
    storyline: int | None


@dataclass(frozen=True)
class EntityMerge(JsonRecord):
    """What ``entity merge A B`` did: B's mentions and names now A's."""

    entity: str
    merged: str
    mentions: int
    articles: int
    aliases: tuple[str, ...]
    decision: int

    @staticmethod
    def from_dict(data: dict[str, Any]) -> EntityMerge:
        return EntityMerge(**(data | {"aliases": tuple(data["aliases"])}))


@dataclass(frozen=True)
class EntitySplit(JsonRecord):
    """What ``entity split ENTITY ALIAS`` did."""

    entity: str
    alias: str
    new_entity: str
    mentions: int
    articles: int
    decision: int


@dataclass(frozen=True)
class Decision(JsonRecord):
    """A correction made by hand, as stored (later ingests and recluster obey it)."""

    id: int
    kind: str
    arguments: Mapping[str, Any]
    created_at: str
