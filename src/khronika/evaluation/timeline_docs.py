"""Chronicles of ML-Crisis topics scored against their reference timelines (no store).

A topic is a folder ``<topic>/<YYYY-MM-DD>/<id>.txt``: each file one article published
on its folder's date. Every article is read, extracted and analysed in memory, then
all of them make one chronicle with the reference's number of dates and mean
sentences per date, within the reference's span (as news-tls does), and the chronicle
is scored with the tilse-compatible figures and their ``unicode`` tokeniser twins.
``seconds`` is the whole topic: analysis, chronicle and scoring.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from khronika.analysis.pipeline import Pipeline
from khronika.evaluation.timeline import (
    Timeline,
    TimelineScores,
    figures,
    mean_scores,
    read_reference_file,
    score_timeline,
    summary_length,
)
from khronika.extract.article import extract_article
from khronika.ingest import IngestOptions, apply_options
from khronika.ingest.files import read_document
from khronika.records import AnalysedArticle, RawDocument
from khronika.settings import Settings
from khronika.stories.chronicle import ChronicleSettings, build_chronicle
from khronika.stories.chronicle_records import ChronicleArticle


def topic_files(docs: Path) -> list[Path]:
    """The topic's article files, in date then name order."""
    return sorted(docs.glob("*/*.txt"), key=lambda p: (p.parent.name, p.name))


def analyse_topic(docs: Path, lang: str | None, pipeline: Pipeline, settings: Settings) -> list[ChronicleArticle]:
    """Each file read as text, dated by its folder, extracted and analysed."""
    articles: list[ChronicleArticle] = []
    for i, path in enumerate(topic_files(docs)):
        document = read_document(path, "text", settings)
        if not isinstance(document, RawDocument):
            continue
        document = apply_options(document, IngestOptions(published=path.parent.name))
        if lang:
            document = replace(document, lang=lang)
        article = extract_article(document)
        analysis = pipeline(AnalysedArticle.unanalysed(article))
        articles.append(ChronicleArticle(i, analysis, article.url, path.stem.split("_")[0]))
    return articles


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 4) for key, value in values.items()}


def reference_settings(reference: Timeline, **overrides: Any) -> ChronicleSettings:
    """The chronicle settings a topic is scored with, as news-tls sizes a timeline: the
    reference's number of dates and sentences per date, within its span; ``overrides``
    are other settings (``timeline_grid.py``'s combinations)."""
    dates = sorted(reference)
    sized = ChronicleSettings(
        max_dates=len(reference),
        per_date=summary_length(reference),
        span=(dates[0].isoformat(), dates[-1].isoformat()),
    )
    return replace(sized, **overrides) if overrides else sized


def score_topic(
    docs: Path, reference_file: Path, lang: str | None, pipeline: Pipeline, settings: Settings
) -> tuple[dict[str, Any], TimelineScores, TimelineScores]:
    """One topic's row (figures, counts, seconds) and its two score records."""
    start = time.perf_counter()
    reference = read_reference_file(reference_file)
    if not reference:
        raise ValueError(f"{reference_file}: no dated entries")
    articles = analyse_topic(docs, lang, pipeline, settings)
    chronicle_settings = reference_settings(reference)
    chronicle = build_chronicle(articles, chronicle_settings)
    predicted = {dt.date.fromisoformat(day): lines for day, lines in chronicle.as_timeline().items()}
    scores = score_timeline(predicted, reference)
    unicode = score_timeline(predicted, reference, tokeniser="unicode")
    row: dict[str, Any] = {
        "topic": docs.name,
        "lang": lang,
        "articles": len(articles),
        "dates": len(chronicle.entries),
        "reference_dates": len(reference),
        "per_date": chronicle_settings.per_date,
        **_rounded(figures(scores)),
        **_rounded(figures(unicode, "unicode_")),
        "seconds": round(time.perf_counter() - start, 2),
    }
    return row, scores, unicode


def evaluate_topics(topics: list[tuple[Path, Path, str | None]], settings: Settings | None = None) -> dict[str, Any]:
    """Each (docs, reference, lang) topic scored; with several, their mean as news-tls takes it."""
    settings = settings or Settings()
    pipeline = Pipeline(settings.analysis_stages)
    rows, all_scores, all_unicode = [], [], []
    for docs, reference, lang in topics:
        row, scores, unicode = score_topic(docs, reference, lang, pipeline, settings)
        rows.append(row)
        all_scores.append(scores)
        all_unicode.append(unicode)
    result: dict[str, Any] = {"topics": rows}
    if len(rows) > 1:
        result["mean"] = {
            "topic": "MEAN",
            **_rounded(figures(mean_scores(all_scores))),
            **_rounded(figures(mean_scores(all_unicode), "unicode_")),
            "seconds": round(sum(r["seconds"] for r in rows), 2),
        }
    return result
