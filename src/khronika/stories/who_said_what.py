"""Claims and conflicting figures across the stored articles (``khronika claims``,
``khronika conflicts``), read from each article's stored analysis.

With a story id, only that story's articles are read (through ``story_articles``),
never every stored analysis. Conflicts, within an article and between the articles
of a story, come from ``khronika.stories.conflicts`` (its docstring holds the rules).
"""

from __future__ import annotations

from typing import Any

from khronika.store.protocols.stories import StoriesAndArticles
from khronika.stories.conflicts import articles_with_analyses, sentence_text, stored_story_conflicts


def stored_claims(
    store: StoriesAndArticles, entity_ids: set[str] | None = None, story_id: int | None = None
) -> list[dict[str, Any]]:
    """Every stored claim (of these entities, of this story, when given), oldest article first."""
    found = []
    for article, analysis in articles_with_analyses(store, story_id):
        for claim in analysis.get("claims", []):
            if entity_ids is not None and claim.get("entity_id") not in entity_ids:
                continue
            found.append(
                {
                    "article": article.id,
                    "title": article.title,
                    "published": article.published.day,
                    "outlet": article.outlet,
                    **{key: claim[key] for key in ("source", "source_kind", "entity_id", "cue", "content", "quote")},
                    "cited_source": claim.get("cited_source"),
                    "sentence": sentence_text(analysis, claim["sentence"], article),
                }
            )
    return found


def stored_conflicts(store: StoriesAndArticles, story_id: int | None = None) -> list[dict[str, Any]]:
    """``{"measure", "event", "sides": [{"value", "source", "article", "sentence", …}], "story"}``
    records: of one story, or of every story and of the articles in none."""
    return stored_story_conflicts(store, story_id)
