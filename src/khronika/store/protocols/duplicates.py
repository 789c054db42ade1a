"""Copy groups: exact copies and near-duplicates of one text, and the index that finds them.

``stories/duplicates.py`` decides what a near-duplicate is (MinHash signatures and
LSH bands); a store keeps the signatures, answers band lookups, and keeps the pairs
found and the copy groups they make (a group's id is its smallest article id).
Every method runs inside the caller's unit of writes, if any.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

# (outlet, domain, publication day, language) of an article
ProvenanceRow = tuple[str | None, str | None, str | None, str | None]


class CopyGroupReader(Protocol):
    def copy_group_map(self) -> dict[int, int]:
        """Article id -> its group id, for every article in a group of two or more."""
        ...

    def copy_groups_of(self, article_ids: Iterable[int]) -> dict[int, int]:
        """Article id -> its group id for these articles (one in no group: itself)."""
        ...

    def copies_of(self, article_id: int) -> list[int]:
        """The other articles of its copy group, in id order (empty if none)."""
        ...

    def near_duplicate_links(self, article_id: int) -> list[tuple[int, float]]:
        """The articles found near-duplicates of this one, with the estimated Jaccard."""
        ...


class DuplicateStore(CopyGroupReader, Protocol):
    def signature_row(self, article_id: int) -> tuple[bytes, int] | None:
        """The article's signature (little-endian uint32s) and distinct shingles, if signed."""
        ...

    def signatures(self, article_ids: list[int]) -> list[tuple[int, bytes, int]]:
        """(article id, signature, shingles) of those signed, in id order."""
        ...

    def band_candidates(self, keys: list[int], exclude: int, limit: int) -> list[int]:
        """Up to ``limit`` articles (not ``exclude``) sharing a band key, those sharing
        the most first, then by id."""
        ...

    def save_signature(self, article_id: int, signature: bytes, shingles: int, keys: list[int]) -> None:
        """Keep the article's signature (replacing one kept before) and index its band keys."""
        ...

    def forget_signature(self, article_id: int, keys: list[int]) -> None:
        """Drop the article's signature, band keys and near-duplicate pairs, and rebuild
        the copy group it leaves."""
        ...

    def articles_sharing_entities(self, article_id: int, max_entities: int, per_entity: int) -> dict[int, int]:
        """Other article -> how many of this article's ``max_entities`` most mentioned
        entities it mentions, among the newest ``per_entity`` mentions of each."""
        ...

    def provenance_rows(self, article_ids: list[int]) -> dict[int, ProvenanceRow]: ...

    def queued(self, limit: int | None = None) -> list[int]:
        """Articles waiting for a signature (every new article and text version), oldest first."""
        ...

    def dequeue(self, article_id: int) -> None: ...

    def current_text(self, article_id: int) -> str:
        """The text of the article's current version ('' if it is gone)."""
        ...

    def link_copies(self, article_id: int, matches: list[tuple[int, float]]) -> None:
        """Keep the article's near-duplicate pairs (replacing a pair kept before) and
        merge it, them and its exact original into one copy group."""
        ...
