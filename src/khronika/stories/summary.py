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

import sqlite3
from collections import Counter
from typing import Any

from khronika.errors import NotFoundError
from khronika.store.sqlite.duplicates import copy_groups_of
from khronika.store.sqlite.stories import (
    entity_names,
    member_rows,
    story_centroid_terms,
    story_rows,
    storyline_member_rows,
    storyline_rows,
)

TOP_ENTITIES = 5


def central_titles(members: list[dict[str, Any]], centroid: dict[str, float]) -> dict[str, str]:
    """Language -> the most central member headline in that language."""
    best: dict[str, tuple[int, float, int]] = {}
    titles: dict[str, str] = {}
    for position, member in enumerate(members):
        if not member["title"]:
            continue
        shared = [term for term in member["title_terms"] if term in centroid]
        key = (len(shared), sum(centroid[term] for term in shared), -position)
        lang = member["lang"]
        if lang not in best or key > best[lang]:
            best[lang] = key
            titles[lang] = member["title"]
    return titles


def _summary(db: sqlite3.Connection, row: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    languages = Counter(member["lang"] for member in members)
    ordered_langs = [lang for lang, _ in sorted(languages.items(), key=lambda item: (-item[1], item[0]))]
    titles = central_titles(members, story_centroid_terms(db, row["id"]))
    title = next((titles[lang] for lang in ordered_langs if lang in titles), None)
    weights: dict[str, float] = row["entity_weights"]
    top = sorted(weights, key=lambda entity: (-weights[entity], entity))[:TOP_ENTITIES]
    names = entity_names(db, top)
    outlets = sorted({member["outlet"] for member in members if member["outlet"]})
    return {
        "id": row["id"],
        "title": title,
        "titles": {lang: titles[lang] for lang in ordered_langs if lang in titles},
        "languages": ordered_langs,
        "first_day": row["first_day"],
        "last_day": row["last_day"],
        "outlets": outlets,
        "articles": row["articles"],
        # copies (exact or near, syndicated) count as one source: distinct copy groups
        "sources": len(set(copy_groups_of(db, [member["id"] for member in members]).values())),
        "top_entities": [{"id": entity, "name": names[entity], "articles": int(weights[entity])} for entity in top],
        "articles_per_day": dict(sorted(Counter(m["published"] for m in members if m["published"]).items())),
    }


def list_stories(
    db: sqlite3.Connection, min_articles: int = 1, limit: int | None = None, storyline_id: int | None = None
) -> list[dict[str, Any]]:
    """Stories (of one storyline), largest first (then the most recent)."""
    result: list[dict[str, Any]] = []
    for row in story_rows(db, storyline_id=storyline_id):
        if row["articles"] < min_articles:
            continue
        if limit is not None and len(result) >= limit:
            break
        result.append(_summary(db, row, member_rows(db, row["id"])) | {"storyline": row["storyline"]})
    return result


def story_detail(db: sqlite3.Connection, story_id: int) -> dict[str, Any]:
    """One story's summary and its articles in date order."""
    rows = story_rows(db, story_id)
    if not rows:
        raise NotFoundError(f"no story with id {story_id}")
    members = member_rows(db, story_id)
    detail = _summary(db, rows[0], members) | {"storyline": rows[0]["storyline"]}
    groups = copy_groups_of(db, [member["id"] for member in members])
    detail["articles_list"] = [
        {key: member[key] for key in ("id", "published", "lang", "outlet", "title", "url")}
        | {"copy_of": groups[member["id"]] if groups[member["id"]] != member["id"] else None}  # its group's first
        for member in members
    ]
    return detail


# -- storylines ------------------------------------------------------------------------


def _storyline_summary(db: sqlite3.Connection, row: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
    languages = Counter(member["lang"] for member in members)
    ordered_langs = [lang for lang, _ in sorted(languages.items(), key=lambda item: (-item[1], item[0]))]
    titles = central_titles(members, row["story_terms"])
    weights: dict[str, float] = row["entity_weights"]
    top = sorted(weights, key=lambda entity: (-weights[entity], entity))[:TOP_ENTITIES]
    names = entity_names(db, top)
    per_day = Counter(member["published"] for member in members if member["published"])
    return {
        "id": row["id"],
        "title": next((titles[lang] for lang in ordered_langs if lang in titles), None),
        "titles": {lang: titles[lang] for lang in ordered_langs if lang in titles},
        "languages": ordered_langs,
        "first_day": row["first_day"],
        "last_day": row["last_day"],
        "outlets": sorted({member["outlet"] for member in members if member["outlet"]}),
        "articles": row["articles"],
        "stories": len(row["story_ids"]),
        "top_entities": [{"id": entity, "name": names[entity], "articles": int(weights[entity])} for entity in top],
        "articles_per_day": dict(sorted(per_day.items())),
    }


def list_storylines(db: sqlite3.Connection, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Storylines, largest first (then the most recent)."""
    result: list[dict[str, Any]] = []
    for row in storyline_rows(db):
        if row["articles"] < min_articles:
            continue
        if limit is not None and len(result) >= limit:
            break
        result.append(_storyline_summary(db, row, storyline_member_rows(db, row["id"])))
    return result


def storyline_detail(db: sqlite3.Connection, storyline_id: int) -> dict[str, Any]:
    """One storyline's summary and its stories, earliest first."""
    rows = storyline_rows(db, storyline_id)
    if not rows:
        raise NotFoundError(f"no storyline with id {storyline_id}")
    detail = _storyline_summary(db, rows[0], storyline_member_rows(db, storyline_id))
    stories = [story_detail(db, story_id) for story_id in rows[0]["story_ids"]]
    detail["stories_list"] = [
        {key: story[key] for key in ("id", "title", "languages", "first_day", "last_day", "articles")}
        for story in stories
    ]
    return detail
