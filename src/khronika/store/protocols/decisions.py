"""Decisions: the corrections made by hand, kept in order, replayed after a rebuild."""

from __future__ import annotations

from typing import Any, Protocol

# the kinds of decision; story decisions name article ids, never story ids (a rebuild renumbers stories)
STORY_MERGE = "story merge"
STORY_MOVE = "story move"
ENTITY_MERGE = "entity merge"
ENTITY_SPLIT = "entity split"
STORY_KINDS = (STORY_MERGE, STORY_MOVE)
ARTICLE_DELETE = "article delete"  # names the article id and URL; story decisions forget the id
ARTICLE_RESTORE = "article restore"  # names the URL an ingest with --restore stored again
# chronicle lines: each names an article id, a sentence index and that sentence's text
CHRONICLE_HIDE = "chronicle hide"
CHRONICLE_PIN = "chronicle pin"
CHRONICLE_SPEAKER = "chronicle speaker"
CHRONICLE_KINDS = (CHRONICLE_HIDE, CHRONICLE_PIN, CHRONICLE_SPEAKER)


class DecisionStore(Protocol):
    def record_decision(self, kind: str, arguments: dict[str, Any]) -> int:
        """Keep a correction (inside the caller's unit of writes, if any); its id."""
        ...

    def decisions(self, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """The corrections (of these kinds), in the order they were made: id, kind,
        arguments, created_at."""
        ...
