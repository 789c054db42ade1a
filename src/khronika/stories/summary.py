"""What ``khronika stories`` and ``khronika story ID`` show: one context object each
(the JSON twin is the object itself).

A story's title is its most central headline: the member headline sharing the most
terms with the story's centroid (ties: the heavier shared weight, then the earliest
article), chosen per language; ``title`` is that of the story's most frequent language.

A storyline (``khronika storylines``) is summed up the same way over all its stories'
articles, its headline chosen against its stories' summed centroids, with its
articles per day.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from khronika.errors import NotFoundError
from khronika.store.protocols.stories import StorylineRecord, StoryMember, StoryReader, StoryRecord

TOP_ENTITIES = 5


def central_titles(members: list[StoryMember], centroid: dict[str, float]) -> dict[str, str]:
    """Language -> the most central member headline in that language."""
    best: dict[str, tuple[int, float, int]] = {}
    titles: dict[str, str] = {}
    for position, member in enumerate(members):
        title, lang = member.listing.title, member.listing.lang
        if not title:
            continue
        shared = [term for term in member.title_terms if term in centroid]
        key = (len(shared), sum(centroid[term] for term in shared), -position)
        if lang not in best or key > best[lang]:
            best[lang] = key
            titles[lang] = title
    return titles


def _ordered_languages(members: list[StoryMember]) -> list[str]:
    """The members' languages, the most frequent first (ties: alphabetical)."""
    languages = Counter(member.listing.lang for member in members)
    return [lang for lang, _ in sorted(languages.items(), key=lambda item: (-item[1], item[0]))]


def _top_entities(stories: StoryReader, weights: dict[str, float]) -> list[dict[str, Any]]:
    top = sorted(weights, key=lambda entity: (-weights[entity], entity))[:TOP_ENTITIES]
    names = stories.entity_names(top)
    return [{"id": entity, "name": names[entity], "articles": int(weights[entity])} for entity in top]


def _per_day(members: list[StoryMember]) -> dict[str, int]:
    return dict(sorted(Counter(m.listing.published for m in members if m.listing.published).items()))


def _summary(stories: StoryReader, row: StoryRecord, members: list[StoryMember]) -> dict[str, Any]:
    ordered_langs = _ordered_languages(members)
    titles = central_titles(members, row.centroid_terms)
    title = next((titles[lang] for lang in ordered_langs if lang in titles), None)
    outlets = sorted({member.listing.outlet for member in members if member.listing.outlet})
    return {
        "id": row.id,
        "title": title,
        "titles": {lang: titles[lang] for lang in ordered_langs if lang in titles},
        "languages": ordered_langs,
        "first_day": row.first_day,
        "last_day": row.last_day,
        "outlets": outlets,
        "articles": row.articles,
        # copies (exact or near, syndicated) count as one source: distinct copy groups
        "sources": len(set(stories.copy_groups([member.listing.id for member in members]).values())),
        "top_entities": _top_entities(stories, row.entity_weights),
        "articles_per_day": _per_day(members),
    }


def list_stories(
    stories: StoryReader, min_articles: int = 1, limit: int | None = None, storyline_id: int | None = None
) -> list[dict[str, Any]]:
    """Stories (of one storyline), largest first (then the most recent)."""
    result: list[dict[str, Any]] = []
    for row in stories.stories(storyline_id=storyline_id):
        if row.articles < min_articles:
            continue
        if limit is not None and len(result) >= limit:
            break
        members = stories.story_member_listings(row.id)
        result.append(_summary(stories, row, members) | {"storyline": row.storyline})
    return result


def story_detail(stories: StoryReader, story_id: int) -> dict[str, Any]:
    """One story's summary and its articles in date order."""
    rows = stories.stories(story_id)
    if not rows:
        raise NotFoundError(f"no story with id {story_id}")
    members = stories.story_member_listings(story_id)
    detail = _summary(stories, rows[0], members) | {"storyline": rows[0].storyline}
    groups = stories.copy_groups([member.listing.id for member in members])
    detail["articles_list"] = [
        {"id": m.id, "published": m.published, "lang": m.lang, "outlet": m.outlet, "title": m.title, "url": m.url}
        | {"copy_of": groups[m.id] if groups[m.id] != m.id else None}  # its group's first
        for m in (member.listing for member in members)
    ]
    return detail


# -- storylines ------------------------------------------------------------------------


def _storyline_summary(stories: StoryReader, row: StorylineRecord, members: list[StoryMember]) -> dict[str, Any]:
    ordered_langs = _ordered_languages(members)
    titles = central_titles(members, row.story_terms)
    return {
        "id": row.id,
        "title": next((titles[lang] for lang in ordered_langs if lang in titles), None),
        "titles": {lang: titles[lang] for lang in ordered_langs if lang in titles},
        "languages": ordered_langs,
        "first_day": row.first_day,
        "last_day": row.last_day,
        "outlets": sorted({member.listing.outlet for member in members if member.listing.outlet}),
        "articles": row.articles,
        "stories": len(row.story_ids),
        "top_entities": _top_entities(stories, row.entity_weights),
        "articles_per_day": _per_day(members),
    }


def list_storylines(stories: StoryReader, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Storylines, largest first (then the most recent)."""
    result: list[dict[str, Any]] = []
    for row in stories.storylines():
        if row.articles < min_articles:
            continue
        if limit is not None and len(result) >= limit:
            break
        result.append(_storyline_summary(stories, row, stories.storyline_member_listings(row.id)))
    return result


def storyline_detail(stories: StoryReader, storyline_id: int) -> dict[str, Any]:
    """One storyline's summary and its stories, earliest first."""
    rows = stories.storylines(storyline_id)
    if not rows:
        raise NotFoundError(f"no storyline with id {storyline_id}")
    detail = _storyline_summary(stories, rows[0], stories.storyline_member_listings(storyline_id))
    details = [story_detail(stories, story_id) for story_id in rows[0].story_ids]
    detail["stories_list"] = [
        {key: story[key] for key in ("id", "title", "languages", "first_day", "last_day", "articles")}
        for story in details
    ]
    return detail
