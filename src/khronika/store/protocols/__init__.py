"""What every store backend offers, split by what the callers use (stories: ``stories.py``)."""

from __future__ import annotations

from khronika.store.protocols.stories import StoryStore

__all__ = ["StoryStore"]
