"""AnalysedArticle <-> JSON: what ``khronika analyze --json`` prints and the store keeps."""

from __future__ import annotations

from typing import Any

from khronika.analysis.claims.attribution import claim_json
from khronika.analysis.figures.conflicts import conflict_json
from khronika.analysis.figures.reader import figure_json
from khronika.records import (
    AnalysedArticle,
    DateSource,
    EntityMention,
    EntityType,
    Field,
    PublicationDate,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeGranularity,
    TimeRange,
)


def _time_value(value: str | TimeRange | None) -> str | dict[str, str] | None:
    if isinstance(value, TimeRange):
        return {"start": value.start, "end": value.end}
    return value


def analysis_json(article: AnalysedArticle) -> dict[str, Any]:
    return {
        "language": article.lang,
        "title": article.title,
        "text": article.text,
        "published": article.published.value,
        "sentences": [{"start": s.start, "end": s.end, "field": s.field.value} for s in article.sentences],
        "entities": [
            {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "field": m.field.value,
                "type": m.type.value,
                "canonical": m.canonical,
                "entity_id": m.entity_id,
            }
            for m in article.entities
        ],
        "times": [
            {
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "field": t.field.value,
                "value": _time_value(t.value),
                "granularity": t.granularity.value,
                "approximate": t.approximate,
                "anchor": t.anchor.value,
            }
            for t in article.times
        ],
        "claims": [claim_json(c, article.field_text(c.field)) for c in article.claims],
        "figures": [figure_json(f) for f in article.figures],
        "conflicts": [conflict_json(c, article.figures) for c in article.conflicts],
        "warnings": list(article.warnings),
    }


def analysis_from_json(data: dict[str, Any]) -> AnalysedArticle:
    """The stored analysis back as records (tokens are not stored: re-run stages for them)."""
    published = data.get("published")
    return AnalysedArticle(
        lang=data["language"],
        title=data.get("title"),
        text=data["text"],
        published=PublicationDate(published, DateSource.METADATA if published else DateSource.NONE),
        sentences=tuple(Sentence(s["start"], s["end"], Field(s["field"])) for s in data["sentences"]),
        entities=tuple(
            EntityMention(
                m["text"],
                m["start"],
                m["end"],
                Field(m["field"]),
                EntityType(m["type"]),
                m["canonical"],
                m["entity_id"],
            )
            for m in data["entities"]
        ),
        times=tuple(
            TimeExpression(
                t["text"],
                t["start"],
                t["end"],
                TimeRange(**t["value"]) if isinstance(t["value"], dict) else t["value"],
                TimeGranularity(t["granularity"]),
                t["approximate"],
                TimeAnchor(t["anchor"]),
                Field(t["field"]),
            )
            for t in data["times"]
        ),
        warnings=tuple(data.get("warnings", [])),
    )
