"""Articles read back (related reading, copies, analysis), counts, entities, claims and conflicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from khronika.results.json import JsonRecord, as_json

# -- articles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedItem(JsonRecord):
    """An article to read next, and why (``story``, ``storyline`` or ``entities``)."""

    id: int
    title: str | None
    lang: str
    outlet: str | None
    published: str | None
    url: str
    why: str
    score: float
    shared_entities: tuple[str, ...]

    @staticmethod
    def from_dict(data: dict[str, Any]) -> RelatedItem:
        return RelatedItem(**(data | {"shared_entities": tuple(data["shared_entities"])}))


@dataclass(frozen=True)
class NearDuplicate(JsonRecord):
    id: int
    similarity: float


@dataclass(frozen=True)
class CopyGroup(JsonRecord):
    """An article's copy group: its id (None when it has no copies), the other copies,
    and the near-duplicates found with their estimated similarity."""

    id: int | None
    copies: tuple[int, ...]
    near_duplicates: tuple[NearDuplicate, ...]


@dataclass(frozen=True)
class StoredAnalysis:
    """An article's stored analysis document (sentences, entities, times, claims,
    figures, conflicts, warnings) as the pipeline that made it wrote it: an older
    pipeline's document may lack a part (an empty list here), and ``analysis["key"]``
    reads any part as stored (``analysis/serialize.py`` writes them)."""

    document: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.document[key]

    def _part(self, key: str) -> list[dict[str, Any]]:
        return list(self.document.get(key, []))

    @property
    def sentences(self) -> list[dict[str, Any]]:
        return self._part("sentences")

    @property
    def entities(self) -> list[dict[str, Any]]:
        return self._part("entities")

    @property
    def times(self) -> list[dict[str, Any]]:
        return self._part("times")

    @property
    def claims(self) -> list[dict[str, Any]]:
        return self._part("claims")

    @property
    def warnings(self) -> list[str]:
        return [str(warning) for warning in self.document.get("warnings", [])]

    def to_json(self) -> dict[str, Any]:
        return dict(self.document)


@dataclass(frozen=True)
class StoreStats(JsonRecord):
    """Counts of what the database holds (``khronika stats``)."""

    database: str
    articles: int
    versions: int
    exact_copies: int
    undated: int
    by_lang: Mapping[str, int]
    by_outlet: Mapping[str, int]
    by_domain: Mapping[str, int]
    by_date_source: Mapping[str, int]
    first_day: str | None
    last_day: str | None
    runs: int
    failures: int
    feeds: int
    pipeline_version: str


# -- entities, claims, conflicts ---------------------------------------------------------


@dataclass(frozen=True)
class EntitySummary(JsonRecord):
    """An entity with its names and counts (``khronika entities``)."""

    id: str
    type: str
    canonical: str
    aliases: tuple[str, ...]
    mentions: int
    articles: int

    @staticmethod
    def from_dict(data: dict[str, Any]) -> EntitySummary:
        return EntitySummary(**(data | {"aliases": tuple(data["aliases"])}))


@dataclass(frozen=True)
class EntityArticle(JsonRecord):
    id: int
    title: str | None
    published: str | None
    mentions: int


@dataclass(frozen=True)
class EntityDetail:
    """One entity and the articles that name it, in date order."""

    summary: EntitySummary
    articles_list: tuple[EntityArticle, ...]

    @property
    def id(self) -> str:
        return self.summary.id

    @staticmethod
    def from_dict(data: dict[str, Any]) -> EntityDetail:
        fields = {key: value for key, value in data.items() if key != "articles_list"}
        return EntityDetail(
            EntitySummary.from_dict(fields), tuple(EntityArticle(**row) for row in data["articles_list"])
        )

    def to_json(self) -> dict[str, Any]:
        return self.summary.to_json() | {"articles_list": as_json(self.articles_list)}


@dataclass(frozen=True)
class StoredClaim(JsonRecord):
    """Who said what in a stored article (``khronika claims``)."""

    article: int
    title: str | None
    published: str | None
    outlet: str | None
    source: str
    source_kind: str
    entity_id: str | None
    cue: str
    content: str
    quote: bool
    cited_source: str | None
    sentence: str


@dataclass(frozen=True)
class ConflictEvent(JsonRecord):
    """What the conflicting figures count: the event's date and place, when known."""

    date: str | None
    place: str | None


@dataclass(frozen=True)
class ConflictSide(JsonRecord):
    """One value of a conflict: its first figure as written, and every source and
    article that gives that value."""

    value: float
    value_max: float | None
    text: str
    source: str | None
    source_kind: str | None
    article: int
    sentence: str
    articles: tuple[int, ...]
    sources: tuple[str, ...]

    @staticmethod
    def from_dict(data: dict[str, Any]) -> ConflictSide:
        return ConflictSide(**(data | {"articles": tuple(data["articles"]), "sources": tuple(data["sources"])}))


@dataclass(frozen=True)
class StoryConflict(JsonRecord):
    """Figures of one measure and event that cannot both be true, within an article
    or across a story's articles (``records.Conflict`` is the in-article pair)."""

    measure: str
    event: ConflictEvent
    sides: tuple[ConflictSide, ...]
    story: int | None

    @staticmethod
    def from_dict(data: dict[str, Any]) -> StoryConflict:
        return StoryConflict(
            measure=data["measure"],
            event=ConflictEvent(**data["event"]),
            sides=tuple(ConflictSide.from_dict(side) for side in data["sides"]),
            story=data["story"],
        )
