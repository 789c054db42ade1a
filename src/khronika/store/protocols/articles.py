"""Articles, their versions and their analyses: what every store keeps of one document.

Identity is the URL, then the content hash: adding the text a URL already holds
adds nothing (``DUPLICATE``), new text at a stored URL is its next version, and a
new URL holding a text some article held (in any version) is an exact copy of the
first article that held it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from khronika.records import AnalysedArticle, Article, DroppedLine, StoredArticle, StoreOutcome


@dataclass(frozen=True)
class ArticleFilter:
    lang: str | None = None
    outlet: str | None = None  # the outlet's name or its domain
    undated: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class AddedArticle:
    """What ``add_article`` did: the article's id, the outcome, the version now current."""

    article_id: int
    outcome: StoreOutcome
    version: int


@dataclass(frozen=True)
class ArticleVersion:
    """One stored version of an article: its number (1 the first), when it was stored,
    the hash of its text (``text.content_hash``) and its title then."""

    version: int
    stored_at: str
    content_hash: str
    title: str | None


class StoredCheck(Protocol):
    """What preparing a document reads of the store: is this URL stored with this very
    text (an ingest would add nothing)? Which of its lines does its outlet repeat?"""

    def is_stored(self, url: str, digest: str) -> bool: ...

    def outlet_line_pages(
        self, outlet: str, keys: Collection[str], article_id: int | None = None, copies_hold: Collection[str] = ()
    ) -> dict[str, int]:
        """For each line key held by another stored page of ``outlet`` (than
        ``article_id``), how many such pages hold it (``extract/site_lines.py``); a
        page holding half or more of ``copies_hold`` (the article's paragraphs) is a
        copy of it and does not count."""
        ...


class StoreReader(StoredCheck, Protocol):
    """A read-only view of a store (a worker process's, a progress monitor's), which
    reads while the writer writes; StoreError where the store cannot be read (yet)."""

    def article_count(self) -> int:
        """How many articles are stored (as the writer last committed)."""
        ...

    def close(self) -> None: ...


class ReaderSpec(Protocol):
    """A small picklable description of a store, from which a worker process (forked,
    spawned, or on another machine) opens its own read-only view."""

    def open_reader(self) -> StoreReader: ...


class ArticleStore(StoredCheck, Protocol):
    def add_article(self, article: Article) -> AddedArticle:
        """Store the article (a new article, version or copy; nothing for a duplicate),
        all or nothing; its analysis is written apart (``save_analysis``)."""
        ...

    def record_outlet_lines(self, article_id: int, outlet: str | None, keys: Collection[str]) -> None:
        """Keep which short lines (keys) the article's page held, for its outlet's
        site-level cleaning, replacing what an earlier version held."""
        ...

    def update_clean_text(self, article_id: int, title: str | None, text: str, dropped: Sequence[DroppedLine]) -> None:
        """Replace the current version's title, clean text and dropped lines in place
        (site-level cleaning on ``reanalyze``: the same page, better cleaned, is no new version)."""
        ...

    def save_analysis(
        self, article_id: int, analysis: AnalysedArticle, chronicle_sheet: dict[str, Any] | None = None
    ) -> None:
        """Keep the analysis of the article's current version, with the entity ids as
        linked (``EntityStore.link_entities``), and beside it, where given, its chronicle
        sheet (JSON, ``stories/chronicle_sheet.py``); it replaces any analysis kept before."""
        ...

    def chronicle_sheet(self, article_id: int) -> dict[str, Any] | None:
        """The chronicle sheet kept with the article's analysis, or None."""
        ...

    def save_chronicle_sheet(self, article_id: int, chronicle_sheet: dict[str, Any]) -> None:
        """Keep a chronicle sheet made later for the kept analysis (inside the caller's
        unit of writes, if any); nothing where the article has no analysis."""
        ...

    def analysis(self, article_id: int) -> dict[str, Any] | None:
        """The kept analysis as JSON (``records_json``, less title and text), or None."""
        ...

    def articles_to_analyse(self, only_older: bool) -> list[int]:
        """Ids of every article (``only_older`` False), or of those with no analysis or
        one of an older pipeline version or an older text version."""
        ...

    def article(self, article_id: int) -> StoredArticle:
        """The article as stored (its current version); NotFoundError if none."""
        ...

    def article_id(self, url: str) -> int:
        """The id of the article stored at this URL; NotFoundError if none."""
        ...

    def has_article(self, url: str) -> bool: ...

    def article_versions(self, article_id: int) -> list[ArticleVersion]:
        """Every stored version of the article, oldest first (none for an unknown id)."""
        ...

    def articles(self, where: ArticleFilter) -> list[StoredArticle]:
        """Matching articles, by publication day (undated last), then id."""
        ...

    def delete_article(self, article_id: int) -> str:
        """Delete every row kept of the article (versions, analysis, mentions, story
        membership and term bag, near-duplicate signature and pairs; its exact copies
        stay, the earliest their original) and remember its URL as deleted; return the
        URL. NotFoundError for an unknown id. The clusters' state is the caller's."""
        ...

    def deleted_urls(self) -> set[str]:
        """The URLs of the articles deleted and not restored since."""
        ...

    def restore_url(self, url: str) -> bool:
        """Forget that the URL was deleted (an ingest may store it again); False if it was not."""
        ...

    def reader_spec(self) -> ReaderSpec:
        """What a worker process needs to open a read-only view of this store."""
        ...
