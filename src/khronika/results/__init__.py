"""The frozen records the Python API answers with (``khronika.api.Khronika``).

The layers below hand over plain dicts (SQL rows summed up); each ``from_dict``
here takes one such dict and fails loudly (``TypeError``, ``KeyError``) when its
keys change, so a new field reaches the API on purpose. ``to_json()`` gives the
dict again, keys in field order: what ``khronika … --json`` prints.

Records level: imports the standard library only (as ``records`` does).
"""

from khronika.results.articles import (
    ConflictEvent,
    ConflictSide,
    CopyGroup,
    EntityArticle,
    EntityDetail,
    EntitySummary,
    NearDuplicate,
    RelatedItem,
    StoredAnalysis,
    StoredClaim,
    StoreStats,
    StoryConflict,
)
from khronika.results.json import JsonRecord, as_json
from khronika.results.stories import (
    ArticleDeletion,
    ArticleMove,
    Decision,
    EntityMerge,
    EntitySplit,
    StoryArticle,
    StoryDetail,
    StorylineDetail,
    StorylineStory,
    StorylineSummary,
    StoryMerge,
    StorySummary,
    TopEntity,
)

__all__ = [
    "ArticleDeletion", "ArticleMove", "ConflictEvent", "ConflictSide", "CopyGroup", "Decision", "EntityArticle", "EntityDetail",
    "EntityMerge", "EntitySplit", "EntitySummary", "JsonRecord", "NearDuplicate", "RelatedItem", "StoreStats",
    "StoredAnalysis", "StoredClaim", "StoryArticle", "StoryConflict", "StoryDetail", "StoryMerge",
    "StorySummary", "StorylineDetail", "StorylineStory", "StorylineSummary", "TopEntity", "as_json",
]  # fmt: skip
