"""Claims and conflicting figures across the stored articles (``khronika claims``,
``khronika conflicts``), read from each article's stored analysis.

Conflicts here are those found inside one article; conflicts between the
articles of a story come with stories.
"""

from __future__ import annotations

from typing import Any

from khronika.store import ArticleFilter, SQLiteStore


def _sentence_text(analysis: dict[str, Any], index: int, title: str | None, text: str) -> str:
    sentences = analysis.get("sentences", [])
    if not 0 <= index < len(sentences):
        return ""
    sentence = sentences[index]
    source = (title or "") if sentence["field"] == "title" else text
    return str(source[sentence["start"] : sentence["end"]])


def stored_claims(store: SQLiteStore, entity_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Every stored claim (of these entities, when given), oldest article first."""
    found = []
    for article in store.articles(ArticleFilter()):
        analysis = store.analysis(article.id) or {}
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
                    "sentence": _sentence_text(analysis, claim["sentence"], article.title, article.text),
                }
            )
    return found


def stored_conflicts(store: SQLiteStore) -> list[dict[str, Any]]:
    """``{"measure", "event", "sides": [{"value", "source", "article", "sentence"}]}`` records."""
    found = []
    for article in store.articles(ArticleFilter()):
        analysis = store.analysis(article.id) or {}
        figures = analysis.get("figures", [])
        for conflict in analysis.get("conflicts", []):
            sides = []
            event: dict[str, Any] = {"date": None, "place": None}
            for side in conflict["sides"]:
                figure = figures[side["figure"]] if side["figure"] < len(figures) else {}
                event["date"] = event["date"] or figure.get("date")
                event["place"] = event["place"] or figure.get("place")
                sides.append(
                    {
                        "value": side["value"],
                        "text": side.get("text"),
                        "source": side["source"],
                        "article": article.id,
                        "sentence": _sentence_text(analysis, side["sentence"], article.title, article.text),
                    }
                )
            found.append({"measure": conflict["measure"], "event": event, "sides": sides})
    return found
