"""What ``khronika stories`` and ``khronika story ID`` show: one context object each
(the JSON twin is the object itself).

A story's title is its most central headline: the member headline sharing the most
terms with the story's centroid (ties: the heavier shared weight, then the earliest
article), chosen per language; ``title`` is that of the story's most frequent language.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from khronika.errors import NotFoundError
from khronika.store.stories import entity_names, member_rows, story_centroid_terms, story_rows

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
        "top_entities": [{"id": entity, "name": names[entity], "articles": int(weights[entity])} for entity in top],
    }


def list_stories(db: sqlite3.Connection, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Stories, largest first (then the most recent)."""
    result: list[dict[str, Any]] = []
    for row in story_rows(db):
        if row["articles"] < min_articles:
            continue
        if limit is not None and len(result) >= limit:
            break
        result.append(_summary(db, row, member_rows(db, row["id"])))
    return result


def story_detail(db: sqlite3.Connection, story_id: int) -> dict[str, Any]:
    """One story's summary and its articles in date order."""
    rows = story_rows(db, story_id)
    if not rows:
        raise NotFoundError(f"no story with id {story_id}")
    members = member_rows(db, story_id)
    detail = _summary(db, rows[0], members)
    detail["articles_list"] = [
        {key: member[key] for key in ("id", "published", "lang", "outlet", "title", "url")} for member in members
    ]
    return detail
