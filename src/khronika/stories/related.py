"""Related reading for a stored article: the seed's «Читайте також» block, done right.

Three tiers, each filled before the next:

1. ``story``: the other articles of the article's story, most similar first. The
   similarity of two term bags (``story_documents``) is the cosine of their lemma
   counts plus the Jaccard overlap of their entity sets (entities weigh as much as
   all the words, as in clustering, so two languages can still meet); ties go to the
   newest article.
2. ``storyline``: articles of the other stories in the article's storyline, scored
   the same way, among the ``MAX_TIER_CANDIDATES`` closest in time to the article.
3. ``entities``: other articles mentioning the article's most mentioned entities,
   found through ``entity_mentions`` (an inverted lookup, bounded per entity, never a
   scan), the most shared entities first, then the newest.

Never the article itself or any of its copies (exact or near, ``store/sqlite/duplicates.py``),
and at most one article per copy group: a syndicated text shown once, not once per
site. Each item says why it is related and names the entities it shares.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from khronika.store.protocols.stories import StoryStore, TermBag

MAX_TIER_CANDIDATES = 300
SHARED_ENTITY_LOOKUPS = 10  # the article's most mentioned entities to look up
POSTINGS_PER_ENTITY = 200  # newest mentions read per entity


def bag_similarity(first: TermBag, second: TermBag) -> float:
    """Cosine of the lemma counts plus the Jaccard overlap of the entity sets."""
    shared = first.terms.keys() & second.terms.keys()
    dot = sum(first.terms[term] * second.terms[term] for term in shared)
    norms = math.sqrt(sum(v * v for v in first.terms.values())) * math.sqrt(sum(v * v for v in second.terms.values()))
    cosine = dot / norms if norms else 0.0
    first_entities, second_entities = set(first.entities), set(second.entities)
    union = first_entities | second_entities
    return cosine + (len(first_entities & second_entities) / len(union) if union else 0.0)


def _article_rows(stories: StoryStore, article_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> ``{"id", "title", "lang", "outlet", "published", "url"}`` (what an item shows)."""
    return {article_id: asdict(listing) for article_id, listing in stories.article_listings(article_ids).items()}


def _newest_first(row: dict[str, Any]) -> tuple[int, str, int]:
    return (row["published"] is not None, row["published"] or "", row["id"])


class _Picker:
    """Collects up to ``k`` items, one per copy group, skipping the article's own group."""

    def __init__(self, stories: StoryStore, article_id: int, k: int) -> None:
        self.stories = stories
        self.k = k
        self.excluded = {article_id, *stories.copies_of(article_id)}
        self.groups_seen = {stories.copy_groups([article_id])[article_id]}
        self.items: list[dict[str, Any]] = []
        self.own_entities = set(stories.entity_ids(article_id))

    @property
    def full(self) -> bool:
        return len(self.items) >= self.k

    def candidates(self, article_ids: Iterable[int]) -> list[int]:
        taken = {item["id"] for item in self.items}
        return [other for other in article_ids if other not in self.excluded and other not in taken]

    def add(self, ranked: list[tuple[int, float]], why: str) -> None:
        """Take from ``ranked`` (id, score), best first, until full."""
        if self.full or not ranked:
            return
        groups = self.stories.copy_groups([other for other, _ in ranked])
        for other, score in ranked:
            if self.full:
                return
            if groups[other] in self.groups_seen:
                continue
            self.groups_seen.add(groups[other])
            self.items.append({"id": other, "why": why, "score": round(score, 4)})

    def finish(self) -> list[dict[str, Any]]:
        stories = self.stories
        rows = _article_rows(stories, [item["id"] for item in self.items])
        shared_by_item = {
            item["id"]: sorted(self.own_entities & set(stories.entity_ids(item["id"]))) for item in self.items
        }
        names = stories.entity_names(sorted({entity for shared in shared_by_item.values() for entity in shared}))
        return [
            {**rows[item["id"]], "why": item["why"], "score": item["score"],
             "shared_entities": [names[entity] for entity in shared_by_item[item["id"]]]}
            for item in self.items
        ]  # fmt: skip


def _ranked_by_bag(
    stories: StoryStore, own: TermBag | None, candidates: list[int], rows: dict[int, dict[str, Any]]
) -> list[tuple[int, float]]:
    scored = []
    for other in candidates:
        bag = stories.bag(other)
        score = bag_similarity(own, bag) if own is not None and bag is not None else 0.0
        scored.append((other, score))
    scored.sort(key=lambda pair: (pair[1], _newest_first(rows[pair[0]])), reverse=True)
    return scored


def _closest_in_time(rows: list[dict[str, Any]], day: str | None, limit: int) -> list[dict[str, Any]]:
    if day is None:
        return sorted(rows, key=_newest_first, reverse=True)[:limit]
    anchor = date.fromisoformat(day)
    dated = [row for row in rows if row["published"]]
    dated.sort(key=lambda row: (abs((date.fromisoformat(row["published"]) - anchor).days), -row["id"]))
    return (dated + [row for row in rows if not row["published"]])[:limit]


def related_articles(stories: StoryStore, article_id: int, k: int = 5) -> list[dict[str, Any]]:
    """Up to ``k`` related articles for a stored article (see the module docstring)."""
    picker = _Picker(stories, article_id, k)
    own = stories.bag(article_id)
    own_row = _article_rows(stories, [article_id]).get(article_id, {})
    story = stories.story_of(article_id)
    if story is not None:
        members = picker.candidates(stories.story_members(story))[-MAX_TIER_CANDIDATES:]
        picker.add(_ranked_by_bag(stories, own, members, _article_rows(stories, members)), "story")
        storyline = stories.storyline_of(story)
        if storyline is not None and not picker.full:
            rows = [
                asdict(member.listing)
                for member in stories.storyline_member_listings(storyline)
                if member.story != story
            ]
            near = _closest_in_time(rows, own_row.get("published"), MAX_TIER_CANDIDATES)
            others = picker.candidates(row["id"] for row in near)
            picker.add(_ranked_by_bag(stories, own, others, _article_rows(stories, others)), "storyline")
    if not picker.full:
        shared = stories.articles_sharing_entities(article_id, SHARED_ENTITY_LOOKUPS, POSTINGS_PER_ENTITY)
        others = picker.candidates(sorted(shared))
        found = _article_rows(stories, others)
        ranked = [(other, float(shared[other])) for other in others if other in found]
        ranked.sort(key=lambda pair: (pair[1], _newest_first(found[pair[0]])), reverse=True)
        picker.add(ranked, "entities")
    return picker.finish()
