"""Kept chronicles: a story's or storyline's chronicle, kept with the state of the
store it was built from, so that reading it again is a read while nothing it read
has changed (``khronika/chronicles.py`` builds, keeps and checks them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, Protocol

ChronicleScope = Literal["story", "storyline"]


class ChronicleStore(Protocol):
    def chronicle_state(self, article_ids: Iterable[int]) -> str:
        """A digest of everything the store holds that a chronicle of these articles
        reads: each article's id, text version, URL, outlet, language and copy group,
        its analysis and chronicle sheet (any write of either, however made, changes
        the digest), and every chronicle correction (decisions of ``CHRONICLE_KINDS``).
        Equal digests: the same inputs. The cost grows with the ids given, not the store."""
        ...

    def kept_chronicle(self, scope: ChronicleScope, scope_id: int, key: str) -> tuple[str, dict[str, Any]] | None:
        """The chronicle kept for the story (or storyline) under ``key`` (its settings),
        with the state it was built from; None where none is kept."""
        ...

    def keep_chronicle(
        self, scope: ChronicleScope, scope_id: int, key: str, state: str, chronicle: dict[str, Any]
    ) -> None:
        """Keep a chronicle (JSON) built from ``state``, replacing the one kept under the
        same scope, id and key (inside the caller's unit of writes, if any)."""
        ...
