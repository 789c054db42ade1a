"""Views of khronika's quality scores and trained models (``eval …``, ``train ner``).

The scores are the evaluation modules' JSON as they give it (``khronika/evaluation/``
documents each key); the context only carries it to the JSON output and the tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScoresContext:
    """One evaluation's (or training run's) result."""

    result: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.result[key]

    def __contains__(self, key: str) -> bool:
        return key in self.result

    def to_json(self) -> dict[str, Any]:
        return dict(self.result)
