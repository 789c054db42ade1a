"""Chronicles of stored articles: of a story, a storyline, or an entity's background.

``Khronika.chronicle`` and ``Khronika.background`` are thin calls into this module.
The chronicle engine (``stories/chronicle.py``) needs each article's full analysis,
tokens included; the store keeps the analysis without tokens, so each article's
stored analysis is read back and only the ``sentences`` and ``morphology`` stages
run again for its tokens (their sentences must be the stored ones; where they are
not, or no analysis is stored, or an older pipeline wrote it, the whole pipeline runs
on the article; its entity ids are then the pipeline's, not the store's corrected ones,
which ``background`` filters by: ``khronika reanalyze`` brings such articles up to date).

Story and storyline membership is read through the public API only
(``story(id).articles_list``, ``storyline(id).stories_list``, ``stories()``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from khronika import PIPELINE_VERSION
from khronika.analysis.entities.names import name_variants
from khronika.analysis.pipeline import Pipeline
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, StoredArticle
from khronika.records_json import analysis_from_json
from khronika.store.protocols.decisions import CHRONICLE_HIDE, CHRONICLE_KINDS, CHRONICLE_PIN, CHRONICLE_SPEAKER
from khronika.stories.chronicle import ChronicleSettings, build_chronicle, clean_sentence
from khronika.stories.chronicle_edits import ChronicleEdits, edits_from_decisions, line_date
from khronika.stories.chronicle_records import (
    Background,
    Chronicle,
    ChronicleArticle,
    ChronicleEntry,
    ChronicleSentence,
    LineCorrection,
)
from khronika.stories.chronicle_sheet import make_sheet, sheet_from_json, sheet_json

if TYPE_CHECKING:
    from khronika.api import Khronika


@cache
def _token_stages() -> Pipeline:
    return Pipeline(("sentences", "morphology"))


def full_analysis(kh: Khronika, article: StoredArticle) -> AnalysedArticle:
    """The article's stored analysis with its tokens rebuilt (or, failing that, a new analysis)."""
    return _full_analysis(kh, article)[0]


def _full_analysis(kh: Khronika, article: StoredArticle) -> tuple[AnalysedArticle, bool]:
    """The analysis with tokens, and whether it is the stored one (its sentences too)."""
    analysis = _stored_analysis(kh, article)
    if analysis is not None:
        tokens = _token_stages()(AnalysedArticle.unanalysed(article))
        if tokens.sentences == analysis.sentences:
            return replace(analysis, tokens=tokens.tokens), True
    return kh.analyse(article), False


def _stored_analysis(kh: Khronika, article: StoredArticle) -> AnalysedArticle | None:
    """The stored analysis (no tokens) where the current pipeline made it."""
    stored = kh.analysis(article.id)
    if stored is None or article.pipeline_version != PIPELINE_VERSION:
        return None
    try:
        return analysis_from_json(stored.to_json(), article.published, article.title, article.text)
    except (KeyError, TypeError, ValueError):  # an older document: analyse anew
        return None


def chronicle_article(kh: Khronika, article: StoredArticle) -> ChronicleArticle:
    """The article as the engine takes it: its stored analysis and chronicle sheet, so no
    analysis stage runs; an article stored without a sheet (before sheets were kept) has
    its tokens rebuilt once and its sheet made and kept for the next chronicle."""
    group = kh.copy_group(article.id).id
    kept = kh.store.chronicle_sheet(article.id)
    if kept is not None:
        analysis = _stored_analysis(kh, article)
        if analysis is not None:
            try:
                sheet = sheet_from_json(kept)
                return ChronicleArticle(article.id, analysis, article.url, article.outlet, group, sheet)
            except (KeyError, TypeError, ValueError):
                pass  # no sheet of this version: make one
    analysis, from_store = _full_analysis(kh, article)
    sheet = make_sheet(analysis)
    if from_store:
        with kh.store.transaction():
            kh.store.save_chronicle_sheet(article.id, sheet_json(sheet))
    return ChronicleArticle(article.id, analysis, article.url, article.outlet, group, sheet)


def chronicle_articles(kh: Khronika, article_ids: Iterable[int]) -> list[ChronicleArticle]:
    """The articles (each once, in id order) as the engine takes them."""
    return [chronicle_article(kh, kh.article(article_id)) for article_id in sorted(set(article_ids))]


def sentence_text(article: ChronicleArticle, index: int) -> str:
    """A sentence as a chronicle line shows it (and a correction remembers it)."""
    sentence = article.analysis.sentences[index]
    return clean_sentence(article.analysis.field_text(sentence.field)[sentence.start : sentence.end])


def line_edits(kh: Khronika, articles: Sequence[ChronicleArticle]) -> ChronicleEdits:
    """The hand corrections of chronicle lines that apply to these articles."""
    by_id = {article.id: article for article in articles}
    return edits_from_decisions(kh.store.decisions(CHRONICLE_KINDS), by_id, sentence_text)


def correct_line(
    kh: Khronika,
    article_id: int,
    sentence: int,
    hidden: bool | None = None,
    date: str | None = None,
    speaker: str | None = None,
) -> LineCorrection:
    """Keep one correction of a chronicle line (exactly one of ``hidden``, ``date``, ``speaker``)."""
    if sum(value is not None for value in (hidden, date, speaker)) != 1:
        raise UsageError("correct a line one way at a time: hide it, pin it to a date, or set its speaker")
    (article,) = chronicle_articles(kh, [article_id])  # NotFoundError names an unknown article
    count = len(article.analysis.sentences)
    if not 0 <= sentence < count:
        raise UsageError(f"article {article_id} has {count} sentences (0 to {count - 1}), not {sentence}")
    text = sentence_text(article, sentence)
    arguments: dict[str, object] = {"article": article_id, "sentence": sentence, "text": text}
    if hidden is not None:
        kind, arguments["hidden"] = CHRONICLE_HIDE, hidden
    elif date is not None:
        date = line_date(date)
        kind, arguments["date"] = CHRONICLE_PIN, date
    else:
        assert speaker is not None
        speaker = " ".join(speaker.split())
        if not speaker:
            raise UsageError("the speaker is empty")
        kind, arguments["speaker"] = CHRONICLE_SPEAKER, speaker
    with kh.store.transaction():
        decision = kh.store.record_decision(kind, arguments)
    return LineCorrection(decision, kind, article_id, sentence, text, hidden, date, speaker)


def settings_for(max_dates: int | None, per_date: int) -> ChronicleSettings:
    if max_dates is not None and max_dates < 1:
        raise UsageError(f"--max-dates must be at least 1, not {max_dates}")
    if per_date < 1:
        raise UsageError(f"--per-date must be at least 1, not {per_date}")
    return ChronicleSettings(max_dates=max_dates, per_date=per_date)


def main_language(articles: Sequence[ChronicleArticle], lang: str | None) -> str | None:
    """``lang`` (checked: some article must be in it), else the most frequent language."""
    counts = Counter(a.analysis.lang for a in articles)
    if lang is not None:
        if lang not in counts:
            held = ", ".join(sorted(counts)) or "none"
            raise UsageError(f"--lang {lang}: no article here is in it (languages: {held})")
        return lang
    return counts.most_common(1)[0][0] if counts else None


def prefer_language(chronicle: Chronicle, lang: str | None) -> Chronicle:
    """Each line told in ``lang`` where one of its reports is: that report's sentence
    becomes the line's text and its first citation; the other reports stay cited."""
    if lang is None:
        return chronicle

    def line(sentence: ChronicleSentence) -> ChronicleSentence:
        if not sentence.citations or sentence.citations[0].lang == lang:
            return sentence
        own = next((c for c in sentence.citations if c.lang == lang), None)
        if own is None:
            return sentence
        rest = tuple(c for c in sentence.citations if c is not own)
        return replace(sentence, text=own.text, citations=(own, *rest))

    entries = tuple(
        ChronicleEntry(e.date, e.granularity, tuple(line(s) for s in e.sentences), e.score, e.mentions, e.published)
        for e in chronicle.entries
    )
    return replace(chronicle, entries=entries)


def story_chronicle(
    kh: Khronika,
    story: int | None,
    storyline: int | None,
    max_dates: int | None,
    per_date: int,
    lang: str | None,
) -> Chronicle:
    if (story is None) == (storyline is None):
        raise UsageError("give exactly one of a story id or --storyline ID")
    settings = settings_for(max_dates, per_date)
    if story is not None:
        ids = [item.id for item in kh.story(story).articles_list]
    else:
        assert storyline is not None
        ids = [item.id for s in kh.storyline(storyline).stories_list for item in kh.story(s.id).articles_list]
    articles = chronicle_articles(kh, ids)
    chronicle = build_chronicle(articles, settings, edits=line_edits(kh, articles))
    return prefer_language(chronicle, main_language(articles, lang))


def entity_ids(kh: Khronika, name: str) -> tuple[str, ...]:
    """Every stored entity the name's forms name (``Лукашенко`` may be a person and a
    MISC mention both); NotFoundError where none."""
    found = [kh.entity(name).id]  # NotFoundError names an unknown entity
    for candidate in name_variants(name):
        entity = kh.store.entity(candidate)
        if entity is not None and entity["id"] not in found:
            found.append(entity["id"])
    return tuple(found)


def _sentence_entities(analysis: AnalysedArticle, index: int) -> set[str]:
    sentence = analysis.sentences[index]
    return {
        m.entity_id
        for m in analysis.entities
        if m.entity_id and m.field is sentence.field and sentence.start <= m.start < sentence.end
    }


def article_stories(kh: Khronika, wanted: set[int]) -> dict[int, int | None]:
    """The story of each wanted article (through the stories' article lists)."""
    stories: dict[int, int | None] = dict.fromkeys(wanted)
    left = set(wanted)
    for summary in kh.stories():
        if not left:
            break
        for item in kh.story(summary.id).articles_list:
            if item.id in left:
                stories[item.id] = summary.id
                left.discard(item.id)
    return stories


def background(
    kh: Khronika,
    entity: str,
    other: str | None,
    max_dates: int | None,
    per_date: int,
    lang: str | None,
) -> Background:
    settings = settings_for(max_dates, per_date)
    names = (entity,) if other is None else (entity, other)
    groups = tuple(entity_ids(kh, name) for name in names)
    if other is not None and set(groups[0]) & set(groups[1]):
        raise UsageError(f"{entity!r} and {other!r} name one entity")
    mentioning = [{item.id for entity_id in group for item in kh.entity(entity_id).articles_list} for group in groups]
    ids = set.intersection(*mentioning)
    articles = chronicle_articles(kh, ids)

    def involves(article: ChronicleArticle, sentence: int) -> bool:
        mentioned = _sentence_entities(article.analysis, sentence)
        return all(mentioned.intersection(group) for group in groups)

    chronicle = build_chronicle(articles, settings, sentence_filter=involves, edits=line_edits(kh, articles))
    chronicle = prefer_language(chronicle, main_language(articles, lang))
    cited = {c.article_id for e in chronicle.entries for s in e.sentences for c in s.citations}
    return Background(names, groups, chronicle, article_stories(kh, cited))
