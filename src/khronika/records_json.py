"""Analysis records <-> JSON, whole: what ``khronika analyze --json`` prints and the
store keeps (records-level, so the store reads and writes analyses without
importing the analysis stages).

``analysis_from_json(analysis_json(a))`` gives ``a`` back with every sentence,
entity, time, claim, figure, conflict and warning; tokens are never written (the
stages are re-run for them), and the publication date's provenance lives with the
article, so the reader takes it from there (``published=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from khronika.records import (
    AnalysedArticle,
    Claim,
    Conflict,
    DateSource,
    EntityMention,
    EntityType,
    Field,
    Figure,
    PublicationDate,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeGranularity,
    TimeRange,
)

# kept with the article, not in the stored analysis
ARTICLE_KEYS = ("title", "text")


def claim_json(claim: Claim, text: str) -> dict[str, Any]:
    """A claim as JSON, its content quoted from ``text`` (its field's text)."""
    return {
        "sentence": claim.sentence,
        "field": claim.field.value,
        "source": claim.source,
        "source_kind": claim.source_kind,
        "entity_id": claim.entity_id,
        "source_span": [claim.source_start, claim.source_end],
        "cue": claim.cue,
        "cue_span": [claim.cue_start, claim.cue_end],
        "content": text[claim.content_start : claim.content_end],
        "content_span": [claim.content_start, claim.content_end],
        "quote": claim.quote,
        "cited_source": claim.cited_source,
        "cited_source_kind": claim.cited_source_kind,
    }


def claim_from_json(data: dict[str, Any]) -> Claim:
    """A claim (``claim_json``) back as a record: its spans say where the content is."""
    (source_start, source_end), (cue_start, cue_end) = data["source_span"], data["cue_span"]
    content_start, content_end = data["content_span"]
    return Claim(
        data["sentence"], Field(data["field"]), data["source"], data["source_kind"], source_start, source_end,
        data["cue"], cue_start, cue_end, content_start, content_end, bool(data["quote"]), data.get("entity_id"),
        data.get("cited_source"), data.get("cited_source_kind"),
    )  # fmt: skip


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "sentence": figure.sentence,
        "field": figure.field.value,
        "text": figure.text,
        "span": [figure.start, figure.end],
        "value": figure.value,
        "value_max": figure.value_max,
        "qualifier": figure.qualifier,
        "approximate": figure.approximate,
        "unit": figure.unit,
        "measure": figure.measure,
        "subject": figure.subject,
        "source": figure.source,
        "source_kind": figure.source_kind,
        "claim": figure.claim,
        "date": figure.date,
        "date_text": figure.date_text,
        "place": figure.place,
    }


def figure_from_json(data: dict[str, Any]) -> Figure:
    """A stored figure (``figure_json``) back as a record."""
    start, end = data["span"]
    value_max = data.get("value_max")
    return Figure(
        data["sentence"], Field(data["field"]), data["text"], start, end, float(data["value"]),
        data.get("qualifier"), bool(data.get("approximate")), data.get("unit"), data.get("measure"),
        data.get("subject"), data.get("source"), data.get("source_kind"), data.get("claim"), data.get("date"),
        data.get("date_text"), data.get("place"), float(value_max) if value_max is not None else None,
    )  # fmt: skip


def conflict_json(conflict: Conflict, figures: Sequence[Figure]) -> dict[str, Any]:
    return {
        "measure": conflict.measure,
        "sides": [
            {
                "figure": index,
                "source": source,
                "value": value,
                "value_max": figures[index].value_max,
                "sentence": sentence,
                "text": figures[index].text,
            }
            for index, source, value, sentence in (
                (conflict.first, conflict.first_source, conflict.first_value, conflict.first_sentence),
                (conflict.second, conflict.second_source, conflict.second_value, conflict.second_sentence),
            )
        ],
    }


def conflict_from_json(data: dict[str, Any]) -> Conflict:
    """A conflict (``conflict_json``) back as a record: its two sides name their figures."""
    first, second = data["sides"]
    return Conflict(
        data["measure"], first["figure"], second["figure"], first["source"], second["source"],
        float(first["value"]), float(second["value"]), first["sentence"], second["sentence"],
    )  # fmt: skip


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


def stored_analysis_json(article: AnalysedArticle) -> dict[str, Any]:
    """``analysis_json`` less what the article itself keeps (its title and text)."""
    return {key: value for key, value in analysis_json(article).items() if key not in ARTICLE_KEYS}


_FIELDS = {field.value: field for field in Field}  # a dict lookup: Enum(value) is slow per sentence
_ENTITY_TYPES = {kind.value: kind for kind in EntityType}


def analysis_from_json(
    data: dict[str, Any],
    published: PublicationDate | None = None,
    title: str | None = None,
    text: str | None = None,
) -> AnalysedArticle:
    """The analysis back as records (tokens are not stored: re-run stages for them).
    ``published`` (the article's, with its provenance), ``title`` and ``text`` stand in
    for what a stored analysis leaves to its article."""
    if published is None:
        value = data.get("published")
        published = PublicationDate(value, DateSource.METADATA if value else DateSource.NONE)
    return AnalysedArticle(
        lang=data["language"],
        title=data.get("title", title),
        text=data.get("text", text or ""),
        published=published,
        sentences=tuple(Sentence(s["start"], s["end"], _FIELDS[s["field"]]) for s in data["sentences"]),
        entities=tuple(
            EntityMention(
                m["text"],
                m["start"],
                m["end"],
                _FIELDS[m["field"]],
                _ENTITY_TYPES[m["type"]],
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
                _FIELDS[t["field"]],
            )
            for t in data["times"]
        ),
        claims=tuple(claim_from_json(c) for c in data.get("claims", ())),
        figures=tuple(figure_from_json(f) for f in data.get("figures", ())),
        conflicts=tuple(conflict_from_json(c) for c in data.get("conflicts", ())),
        warnings=tuple(data.get("warnings", [])),
    )
