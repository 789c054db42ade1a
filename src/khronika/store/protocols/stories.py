"""What a store keeps of stories and storylines, as every backend offers it.

``stories/`` (the assigner, corrections, summaries, related reading, conflicts) reads
and writes through these protocols and the records below, never through SQL: a
PostgreSQL backend implements the same methods and no caller changes.

Split as the callers use it:

- ``TermBagStore``: each article's term bag (what the clusterers read of it);
- ``ClusterStateStore``: each level's clusters (bounded centroids) and its clusterer's
  counts, so a new process resumes where the last one stopped;
- ``MembershipStore``: which story an article is in, which storyline a story is in;
- ``StoryReader``: what the views show of stories and storylines, and the copy
  groups they count sources by;
- ``VectorStore``: each article's embedding and each backend's running centre.

Contracts every backend keeps (``tests/contract/test_stories.py`` checks them):

- a cluster's id in the store is its clusterer id + 1 (ids 0…n-1 in the clusterer,
  1…n in the store); a cluster emptied by a hand correction keeps its id with size 0,
  and the readers (``stories``, ``storylines``) leave it out;
- ``save_*`` of a key that exists replaces what it holds (an upsert, never a second
  row); ``assign`` of an assigned article moves it;
- "in publication order" is: dated articles by day, then undated ones, ties by id;
- every method runs inside the caller's unit of writes (``transaction()``), if any;
- a write takes what it is given at once: the records passed in share their dicts
  with the live clusterer, so a backend that defers writes copies them first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from khronika.records import StoredArticle
from khronika.store.protocols.articles import ArticleFilter

ClusterLevel = Literal["story", "storyline"]


@dataclass(frozen=True)
class TermBag:
    """What the clusterer reads of one article."""

    terms: dict[str, float]  # content-word lemma -> count, title words weighted up
    title_terms: tuple[str, ...] = ()  # the headline's content lemmas (to pick a story's title)
    entities: tuple[str, ...] = ()  # stored entity ids, one per mention
    day: str | None = None  # publication day, YYYY-MM-DD


@dataclass(frozen=True)
class ClusterRecord:
    """One cluster's state as kept: its bounded centroid, size, day span and the
    document count at its last update (``updated_seq``: postings are rebuilt in that order)."""

    id: int  # the clusterer's id (0…n-1); the store keeps it as id + 1
    size: int
    terms: dict[str, float]
    entities: dict[str, float]
    vector: list[float] | None
    first_day: date | None
    last_day: date | None
    norm: float
    entity_norm: float
    updated_seq: int


@dataclass
class LevelState:
    """Everything a level's clusterer resumes from."""

    documents: int = 0
    total_length: int = 0
    document_frequency: dict[str, int] = field(default_factory=dict)
    clusters: list[ClusterRecord] = field(default_factory=list)  # in id order


@dataclass(frozen=True)
class StoryRecord:
    """A story that holds articles, as the views read it."""

    id: int
    first_day: str | None
    last_day: str | None
    articles: int
    entity_weights: dict[str, float]
    storyline: int | None
    centroid_terms: dict[str, float]


@dataclass(frozen=True)
class StorylineRecord:
    """A storyline that holds articles, with its stories (earliest first) and their summed centroid terms."""

    id: int
    first_day: str | None
    last_day: str | None
    articles: int
    entity_weights: dict[str, float]
    story_ids: tuple[int, ...]
    story_terms: dict[str, float]


@dataclass(frozen=True)
class ArticleListing:
    """What a list of articles shows of one (its outlet, else its domain)."""

    id: int
    title: str | None
    lang: str
    outlet: str | None
    published: str | None  # publication day
    url: str


@dataclass(frozen=True)
class StoryMember:
    """An article of a story or storyline, with its headline lemmas and its story."""

    listing: ArticleListing
    title_terms: tuple[str, ...]
    story: int


class TermBagStore(Protocol):
    def save_bag(self, article_id: int, bag: TermBag) -> None: ...
    def bag(self, article_id: int) -> TermBag | None: ...
    def bags(self, article_ids: Sequence[int]) -> list[TermBag]:
        """The bags of those of these articles that have one."""
        ...

    def articles_in_publication_order(self) -> list[tuple[int, str | None, TermBag | None]]:
        """Every stored article: its id, title and bag (None where it has none)."""
        ...

    def entity_ids(self, article_id: int) -> tuple[str, ...]:
        """The article's stored entity ids, one per mention, in text order."""
        ...


class ClusterStateStore(Protocol):
    def level_state(self, level: ClusterLevel) -> LevelState: ...
    def save_cluster(self, level: ClusterLevel, cluster: ClusterRecord, title: str | None) -> int:
        """Write one cluster (a new one takes ``title``, a known one keeps its own); its store id."""
        ...

    def count_document(self, level: ClusterLevel, terms: Iterable[str], documents: int, total_length: int) -> None:
        """One more document: its terms' document frequencies + 1, and the level's new totals."""
        ...

    def clear_stories(self) -> None:
        """Forget every assignment and both levels' state (term bags, vectors and decisions stay)."""
        ...


class MembershipStore(Protocol):
    def assign(self, article_id: int, story_id: int, seq: int) -> None: ...
    def story_of(self, article_id: int) -> int | None: ...
    def storyline_of(self, story_id: int) -> int | None:
        """The story's storyline (None for an unknown or emptied story)."""
        ...

    def set_storyline(self, story_id: int, storyline_id: int | None) -> None: ...
    def set_title(self, level: ClusterLevel, cluster_row_id: int, title: str | None) -> None:
        """Give a story or storyline (its store id) a new title (its titling article deleted)."""
        ...

    def story_members(self, story_id: int) -> list[int]:
        """The story's article ids in publication order."""
        ...

    def storyline_members(self, storyline_id: int) -> list[int]:
        """The article ids of the storyline's stories."""
        ...

    def has_story(self, story_id: int) -> bool:
        """Whether the story was ever made (an emptied story still counts)."""
        ...

    def story_assignments(self) -> dict[int, int]:
        """Article id -> story id, for every assigned article."""
        ...

    def clusters_by_url(self, level: ClusterLevel) -> dict[str, int]:
        """Article URL -> its story id (level ``story``) or its story's storyline id."""
        ...


class StoryReader(Protocol):
    def stories(self, story_id: int | None = None, storyline_id: int | None = None) -> list[StoryRecord]:
        """Stories that hold articles (of one id, of one storyline), largest first, then the latest."""
        ...

    def storylines(self, storyline_id: int | None = None) -> list[StorylineRecord]:
        """Storylines that hold articles, largest first, then the latest."""
        ...

    def story_member_listings(self, story_id: int) -> list[StoryMember]:
        """A story's articles in publication order."""
        ...

    def storyline_member_listings(self, storyline_id: int) -> list[StoryMember]:
        """A storyline's articles (those of its stories) in publication order."""
        ...

    def article_listings(self, article_ids: Iterable[int]) -> dict[int, ArticleListing]: ...
    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        """Entity id -> its canonical name (the id itself where unknown)."""
        ...

    def copy_groups(self, article_ids: Iterable[int]) -> dict[int, int]:
        """Article id -> its copy group id (an article in no group maps to itself)."""
        ...

    def copy_group_map(self) -> dict[int, int]:
        """Article id -> copy group id for every article in a group of two or more."""
        ...

    def copies_of(self, article_id: int) -> list[int]:
        """The other articles of the article's copy group, in id order."""
        ...

    def articles_sharing_entities(self, article_id: int, max_entities: int, per_entity: int) -> dict[int, int]:
        """Other article -> how many of the article's ``max_entities`` most mentioned
        entities it names, among the newest ``per_entity`` mentions of each."""
        ...


class VectorStore(Protocol):
    def article_vector(self, article_id: int, backend: str) -> list[float] | None:
        """The article's vector, if ``backend`` made it (float32 precision)."""
        ...

    def save_article_vector(self, article_id: int, backend: str, vector: Sequence[float]) -> None: ...
    def embedding_centre(self, backend: str) -> tuple[list[float], float] | None:
        """A backend's running centre: the summed raw vectors and their count."""
        ...

    def save_embedding_centre(self, backend: str, total: Sequence[float], count: float) -> None: ...


class StoryStore(TermBagStore, ClusterStateStore, MembershipStore, StoryReader, VectorStore, Protocol):
    """Everything ``stories/`` reads and writes of stories (``SQLiteStore.stories``)."""


class StoriesAndArticles(Protocol):
    """A store as the readers of ``stories/`` use it: its stories, and its articles with
    their stored analyses (``SQLiteStore`` is one)."""

    @property
    def stories(self) -> StoryStore: ...
    def article(self, article_id: int) -> StoredArticle: ...
    def articles(self, where: ArticleFilter) -> list[StoredArticle]: ...
    def analysis(self, article_id: int) -> dict[str, Any] | None: ...
