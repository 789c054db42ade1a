"""Chronicles of stored articles: of a story, a storyline, or an entity's background.

``Khronika.chronicle`` and ``Khronika.background`` are thin calls into this module.
The chronicle engine (``stories/chronicle.py``) needs each article's full analysis,
tokens included; the store keeps the analysis without tokens, so each article's
stored analysis is read back and only the ``sentences`` and ``morphology`` stages
run again for its tokens (their sentences must be the stored ones; where they are
not, or no analysis is stored, or an older pipeline wrote it, the whole pipeline runs
on the article; its entity ids are then the pipeline's, not the store's corrected ones,
which ``background`` filters by: ``khronika reanalyze`` brings such articles up to date).

Story and storyline membership is read through the public API
(``story(id).articles_list``, ``storyline(id).stories_list``, ``stories()``), and
through the store's member lists where a kept chronicle is checked.

A story's (or storyline's) chronicle is kept in the store with the state it was
built from (``ChronicleStore.chronicle_state``: the members, their analyses, sheets,
copy groups and the chronicle corrections) and the engine that built it (the package
and pipeline versions and this engine's source): reading it again, while neither
changed, is one lookup and a JSON decode. Anything else builds it anew and keeps it.
``refresh_chronicles`` does that at once for the stories and storylines of the
articles an ingest, reanalyse, recluster or correction touched (``Settings.keep_chronicles``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from khronika import PIPELINE_VERSION, __version__
from khronika.analysis.entities.names import name_variants
from khronika.analysis.pipeline import Pipeline
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, StoredArticle
from khronika.records_json import analysis_from_json
from khronika.store.protocols.chronicles import ChronicleScope
from khronika.store.protocols.decisions import CHRONICLE_HIDE, CHRONICLE_KINDS, CHRONICLE_PIN, CHRONICLE_SPEAKER
from khronika.stories.chronicle import ChronicleSettings, build_chronicle, clean_sentence
from khronika.stories.chronicle_edits import ChronicleEdits, edits_from_decisions, line_date
from khronika.stories.chronicle_json import chronicle_from_json, chronicle_json
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


def chronicle_article(kh: Khronika, article: StoredArticle, group: int | None = None) -> ChronicleArticle:
    """The article as the engine takes it: its stored analysis and chronicle sheet, so no
    analysis stage runs; an article stored without a sheet (before sheets were kept) has
    its tokens rebuilt once and its sheet made and kept for the next chronicle. ``group``:
    its copy group, where the caller read it (else ``copy_group``'s: None without copies;
    the engine counts an article in no group as the group of its own id, so either does)."""
    if group is None:
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
    ids = sorted(set(article_ids))
    groups = kh.store.copy_groups_of(ids)  # one lookup for all: an article in no group maps to itself
    return [chronicle_article(kh, kh.article(article_id), groups[article_id]) for article_id in ids]


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
    refresh_chronicles(kh, [article_id])
    return LineCorrection(decision, kind, article_id, sentence, text, hidden, date, speaker)


def settings_for(max_dates: int | None, per_date: int) -> ChronicleSettings:
    if max_dates is not None and max_dates < 1:
        raise UsageError(f"--max-dates must be at least 1, not {max_dates}")
    if per_date < 1:
        raise UsageError(f"--per-date must be at least 1, not {per_date}")
    return ChronicleSettings(max_dates=max_dates, per_date=per_date)


def main_language(articles: Sequence[ChronicleArticle], lang: str | None) -> str | None:
    """``lang`` (checked: some article must be in it), else the most frequent language."""
    return _main_language([a.analysis.lang for a in articles], lang)


def _main_language(languages: Sequence[str], lang: str | None) -> str | None:
    """Of the articles' languages (in article order): ``lang``, checked, else the most frequent."""
    counts = Counter(languages)
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
    scope: ChronicleScope = "story" if story is not None else "storyline"
    scope_id = story if story is not None else storyline
    assert scope_id is not None
    kept = _kept_chronicle(kh, scope, scope_id, settings)
    if kept is None:  # built anew from the members as the API lists them (NotFoundError for an unknown id)
        if story is not None:
            ids = [item.id for item in kh.story(story).articles_list]
        else:
            stories = kh.storyline(scope_id).stories_list
            ids = [item.id for s in stories for item in kh.story(s.id).articles_list]
        kept = _build_and_keep(kh, scope, scope_id, settings, ids)
    chronicle, languages = kept
    return prefer_language(chronicle, _main_language(languages, lang))


# -- kept chronicles ---------------------------------------------------------------------
_ENGINE_MODULES = (
    "khronika.records",
    "khronika.records_json",
    "khronika.chronicles",
    "khronika.stories.chronicle",
    "khronika.stories.chronicle_dates",
    "khronika.stories.chronicle_edits",
    "khronika.stories.chronicle_json",
    "khronika.stories.chronicle_records",
    "khronika.stories.chronicle_settings",
    "khronika.stories.chronicle_sheet",
)
Kept = tuple[Chronicle, list[str]]  # the chronicle, and its articles' languages in id order


@cache
def _engine_version() -> str:
    """What builds a chronicle: the package and pipeline versions and the engine's own
    source, so that a chronicle kept by other code (an edited engine) is built anew."""
    digest = hashlib.blake2b(f"{__version__}:{PIPELINE_VERSION}".encode(), digest_size=8)
    for name in _ENGINE_MODULES:
        source = getattr(import_module(name), "__file__", None)
        digest.update(Path(source).read_bytes() if source else name.encode())
    return digest.hexdigest()


def _settings_key(settings: ChronicleSettings) -> str:
    return f"max_dates={settings.max_dates};per_date={settings.per_date}"


def _state(kh: Khronika, article_ids: Iterable[int]) -> str:
    return f"{_engine_version()}:{kh.store.chronicle_state(article_ids)}"


def _members(kh: Khronika, scope: ChronicleScope, scope_id: int) -> list[int]:
    stories = kh.store.stories
    return stories.story_members(scope_id) if scope == "story" else stories.storyline_members(scope_id)


def _kept_chronicle(kh: Khronika, scope: ChronicleScope, scope_id: int, settings: ChronicleSettings) -> Kept | None:
    """The kept chronicle, where it was built from what the store holds now."""
    kept = kh.store.kept_chronicle(scope, scope_id, _settings_key(settings))
    if kept is None or kept[0] != _state(kh, _members(kh, scope, scope_id)):
        return None
    try:
        return chronicle_from_json(kept[1]["chronicle"], asdict(settings)), [str(x) for x in kept[1]["languages"]]
    except (KeyError, TypeError, ValueError):  # kept by another format: build anew
        return None


def _build_and_keep(
    kh: Khronika, scope: ChronicleScope, scope_id: int, settings: ChronicleSettings, article_ids: Iterable[int]
) -> Kept:
    """The chronicle of these articles, kept for the scope where nothing it read changed
    while it was built (a sheet made on the way changes the state: kept next time)."""
    ids = sorted(set(article_ids))
    before = _state(kh, ids)
    articles = chronicle_articles(kh, ids)
    chronicle = build_chronicle(articles, settings, edits=line_edits(kh, articles))
    languages = [a.analysis.lang for a in articles]
    if _state(kh, ids) == before:
        with kh.store.transaction():
            kept = {"chronicle": chronicle_json(chronicle), "languages": languages}
            kh.store.keep_chronicle(scope, scope_id, _settings_key(settings), before, kept)
    return chronicle, languages


def refresh_chronicles(
    kh: Khronika,
    article_ids: Iterable[int] | None = None,
    story_ids: Iterable[int | None] = (),
    storyline_ids: Iterable[int | None] = (),
) -> int:
    """Build anew and keep the chronicle (default settings) of every story and storyline
    holding one of these articles (None: every assigned article), of these stories and
    storylines, and of those stories' storylines, where the kept one was built from
    another state; returns how many were built. Nothing where ``Settings.keep_chronicles``
    is off."""
    if not kh.settings.keep_chronicles:
        return 0
    stories = kh.store.stories
    if article_ids is None:
        story_set = set(stories.story_assignments().values())
    else:
        story_set = {story for a in set(article_ids) if (story := stories.story_of(a)) is not None}
    story_set |= {s for s in story_ids if s is not None}
    storyline_set = {line for s in story_set if (line := stories.storyline_of(s)) is not None}
    storyline_set |= {line for line in storyline_ids if line is not None}
    settings = settings_for(None, 1)
    key = _settings_key(settings)
    built = 0
    scopes: tuple[tuple[ChronicleScope, set[int]], ...] = (("story", story_set), ("storyline", storyline_set))
    with kh.store.transaction():  # one commit for all
        for scope, scope_ids in scopes:
            for scope_id in sorted(scope_ids):
                members = _members(kh, scope, scope_id)
                kept = kh.store.kept_chronicle(scope, scope_id, key)
                if members and (kept is None or kept[0] != _state(kh, members)):
                    _build_and_keep(kh, scope, scope_id, settings, members)
                    built += 1
    return built


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
