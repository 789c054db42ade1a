"""Conflicting figures across the articles of a story, read from the store.

A story's figures are read from its articles' stored analyses (the figures stage
already gave each figure its measure, normalised value, source, event date and
place). Two figures conflict when all of these hold:

1. **Different sources.** A figure with no source (an outlet's own sentence) takes
   no part: what cannot be attributed cannot be set against a source. Sources are
   the same when they share an entity id (``Лукашенко``, ``Lukashenko``) or their
   names name one source (``khronika.analysis.figures.conflicts.same_source``: lower-cased,
   articles and possessive qualifiers dropped, words compared by their first
   letters, one name's words all in the other's: ``МВС`` / ``МВС Білорусі``,
   ``State Emergency Service`` / ``Ukraine's State Emergency Service``).
2. **Not copies.** Articles of one copy group (one agency text on several sites,
   ``khronika.store.sqlite.duplicates.copy_group_map``) are one source: they never
   conflict with each other, and a figure they repeat is one side of a conflict,
   listed with all the articles that carry it (``articles``).
3. **The same quantity** — ``khronika.analysis.figures.conflicts.same_quantity``, the rule of
   the in-article stage: the same measure and unit, places that may be the same,
   event dates that may be the same, and for vote shares the same candidate (two
   candidates' shares are two quantities, never a conflict).
4. **The same moment.** Tolls and counts grow, so a figure is tied to a day: its
   event date where the sentence gives one (``13 вересня``), else its article's
   publication day. Two figures that both give an event date are compared when
   those dates may be the same (rule 3); otherwise their days must be at most
   ``SAME_MOMENT_DAYS`` (1) apart. "3 dead" from officials on day 1 and "5 dead"
   from rights groups on day 3 are two moments, not a conflict. A figure with no
   day at all (an undated article, no event date) is compared with none: counts
   grow, and a story of undated reports may span years.
5. **Values that cannot both be true** — ``values_disagree``: exact values that
   differ, or ranges and qualified values (``понад 400``, ``від 3 до 5``) that do
   not overlap.

6. **A shared anchor**: across articles, the two figures name the same place, or
   the same event day (``_shared_anchor``); a story and a day alone do not make two
   tolls one quantity.

**Updates are not conflicts.** One source giving different figures at different
times ("3 dead" on day 1, "5 dead" on day 3, both from the ministry) is an update
of its own count: rule 1 leaves every pair of one source out, on any days.

Inside one article the in-article rule (``find_conflicts``) applies. The same
disagreement found in several articles (two outlets both setting МВС's 3 against
the rights group's 5, or reports in three languages naming the sides each in its
own words) is one conflict whose sides list every source and article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from khronika.analysis.figures.conflicts import find_conflicts, same_quantity, same_source, values_disagree
from khronika.analysis.figures.reader import figure_from_json
from khronika.errors import NotFoundError
from khronika.records import Figure, StoredArticle
from khronika.store.protocols.articles import ArticleFilter
from khronika.store.protocols.stories import StoriesAndArticles

SAME_MOMENT_DAYS = 1


def sentence_text(analysis: dict[str, Any], index: int, article: StoredArticle) -> str:
    """The text of the analysis' sentence ``index`` ("" where there is none)."""
    sentences = analysis.get("sentences", [])
    if not 0 <= index < len(sentences):
        return ""
    sentence = sentences[index]
    source = (article.title or "") if sentence["field"] == "title" else article.text
    return str(source[sentence["start"] : sentence["end"]])


def story_articles(store: StoriesAndArticles, story_id: int | None) -> list[StoredArticle]:
    """A story's articles (every stored article, for None), oldest first (undated last);
    NotFoundError for an unknown story."""
    if story_id is None:
        return store.articles(ArticleFilter())
    ids = store.stories.story_members(story_id)
    if not ids and not store.stories.has_story(story_id):
        raise NotFoundError(f"no story with id {story_id}")
    return [store.article(article_id) for article_id in ids]


def articles_with_analyses(
    store: StoriesAndArticles, story_id: int | None = None
) -> Iterator[tuple[StoredArticle, dict[str, Any]]]:
    """``story_articles``, each with its stored analysis (empty where it has none),
    read one at a time; an unknown story fails at once, before any is read."""
    articles = story_articles(store, story_id)
    return ((article, store.analysis(article.id) or {}) for article in articles)


@dataclass(frozen=True)
class StoredFigure:
    """A figure of a stored article, with what the cross-article rules read."""

    figure: Figure
    article: int
    group: int  # copy group: the article's own id where it is in none
    day: date | None  # the figure's event day, else its article's publication day
    source_ids: frozenset[str]  # the source's entity id and lower-cased name (none: unattributed)
    sentence: str


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10 or value.startswith("--"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def article_figures(article: StoredArticle, analysis: dict[str, Any], groups: dict[int, int]) -> list[StoredFigure]:
    """The article's stored figures, ready for the cross-article rules."""
    claims = analysis.get("claims", [])
    published = _day(article.published.day)
    found = []
    for data in analysis.get("figures", []):
        figure = figure_from_json(data)
        claim = claims[figure.claim] if figure.claim is not None and figure.claim < len(claims) else {}
        names = {figure.source.lower()} if figure.source else set()
        ids = frozenset(names | ({claim["entity_id"]} if names and claim.get("entity_id") else set()))
        day = _day(figure.date) or published
        found.append(
            StoredFigure(
                figure, article.id, groups.get(article.id, article.id), day, ids,
                sentence_text(analysis, figure.sentence, article),
            )
        )  # fmt: skip
    return found


def _same_moment(first: StoredFigure, second: StoredFigure) -> bool:
    if first.figure.date and second.figure.date:
        return True  # both dated: same_quantity compared the event dates
    if first.day is None or second.day is None:
        return False  # an undated report cannot be tied to a moment: counts grow, so no conflict
    return abs((first.day - second.day).days) <= SAME_MOMENT_DAYS


def _one_source(first: StoredFigure, second: StoredFigure) -> bool:
    """Rule 1: one entity id, or names that name one source (``same_source``)."""
    if first.source_ids & second.source_ids:
        return True
    a, b = first.figure.source, second.figure.source
    return a is not None and b is not None and same_source(a, b)


def figures_conflict(first: StoredFigure, second: StoredFigure) -> bool:
    """Whether two figures of different articles of a story contradict each other
    (the rules of the module docstring)."""
    if not first.source_ids or not second.source_ids or _one_source(first, second):
        return False
    if first.group == second.group:
        return False
    return (
        same_quantity(first.figure, second.figure)
        and _shared_anchor(first.figure, second.figure)
        and _same_moment(first, second)
        and values_disagree(first.figure, second.figure)
    )


def _shared_anchor(first: Figure, second: Figure) -> bool:
    """Rule 6: two reports name the same event only where they share a place or an
    exact event day; the story and the day alone are not enough (a story of a region's
    protests holds a dozen tolls of a dozen towns)."""
    if first.place is not None and first.place == second.place:
        return True
    return first.date is not None and len(first.date) == len("2020-09-13") and first.date == second.date


def _side_key(figure: StoredFigure) -> tuple[Any, ...]:
    f = figure.figure
    return ((f.source or "").lower(), f.measure, f.unit, f.subject, f.value, f.value_max, f.qualifier, f.approximate)


def _cross_article_pairs(per_article: list[list[StoredFigure]]) -> list[tuple[StoredFigure, StoredFigure]]:
    """Conflicting pairs from different articles; figures are bucketed by measure
    first, so a long story compares only figures that count the same thing."""
    buckets: dict[tuple[str, str | None], list[tuple[int, StoredFigure]]] = {}
    for position, figures in enumerate(per_article):
        for figure in figures:
            if figure.figure.measure is not None and figure.source_ids:
                buckets.setdefault((figure.figure.measure, figure.figure.unit), []).append((position, figure))
    pairs = []
    for bucket in buckets.values():
        for i, (position, first) in enumerate(bucket):
            for later, second in bucket[i + 1 :]:
                if later != position and figures_conflict(first, second):
                    pairs.append((first, second))
    return pairs


def story_conflicts(figures_by_article: Iterable[list[StoredFigure]]) -> list[dict[str, Any]]:
    """``{"measure", "event", "sides"}`` records of one story's figures (given per
    article, oldest article first): in-article conflicts and cross-article ones,
    the same disagreement found in several articles merged into one record."""
    per_article = [figures for figures in figures_by_article if figures]
    pairs: list[tuple[StoredFigure, StoredFigure]] = []
    for figures in per_article:
        for conflict in find_conflicts([f.figure for f in figures]):
            pairs.append((figures[conflict.first], figures[conflict.second]))
    pairs.extend(_cross_article_pairs(per_article))
    # one record per disputed quantity: the same values set against each other for
    # the same measure, in however many articles and languages, are one disagreement
    grouped: dict[tuple[Any, ...], dict[tuple[Any, ...], list[StoredFigure]]] = {}
    for pair in pairs:
        first = pair[0].figure
        key = (first.measure, first.unit, first.subject, frozenset(_value_key(f.figure) for f in pair))
        by_value = grouped.setdefault(key, {})
        for figure in pair:
            by_value.setdefault(_value_key(figure.figure), []).append(figure)
    records = []
    for by_value in grouped.values():
        counted = [figure.figure for same_value in by_value.values() for figure in same_value]
        records.append(
            {
                "measure": counted[0].measure,
                "event": {
                    "date": next((f.date for f in counted if f.date), None),
                    "place": next((f.place for f in counted if f.place), None),
                },
                "sides": [_side_json(same_value) for same_value in by_value.values()],
            }
        )
    return records


def _value_key(figure: Figure) -> tuple[Any, ...]:
    return (figure.value, figure.value_max, figure.qualifier, figure.approximate)


def _side_json(figures: list[StoredFigure]) -> dict[str, Any]:
    """One side of a conflict: its first figure as written, every source that gives
    its value (``officials``, ``официальные данные``) and every article that carries it."""
    shown = figures[0]
    per_source: dict[tuple[Any, ...], str | None] = {}
    for figure in figures:
        per_source.setdefault(_side_key(figure), figure.figure.source)
    return {
        "value": shown.figure.value,
        "value_max": shown.figure.value_max,
        "text": shown.figure.text,
        "source": shown.figure.source,
        "source_kind": shown.figure.source_kind,
        "article": shown.article,
        "sentence": shown.sentence,
        "articles": sorted({figure.article for figure in figures}),
        "sources": list(dict.fromkeys(name for name in per_source.values() if name)),
    }


def stored_story_conflicts(store: StoriesAndArticles, story_id: int | None = None) -> list[dict[str, Any]]:
    """Conflicts of one story (``story_id``) or of every story, each record naming its
    story; articles in no story give their in-article conflicts (story None)."""
    stories = store.stories
    if story_id is not None:
        loaded = list(articles_with_analyses(store, story_id))
        story_groups = stories.copy_groups([article.id for article, _ in loaded])  # these articles' only
        figures = [article_figures(article, analysis, story_groups) for article, analysis in loaded]
        return [{**record, "story": story_id} for record in story_conflicts(figures)]
    groups = stories.copy_group_map()
    story_of = stories.story_assignments()
    per_story: dict[int | None, list[list[StoredFigure]]] = {}  # figures only: analyses are read one at a time
    for article, analysis in articles_with_analyses(store):  # oldest first
        per_story.setdefault(story_of.get(article.id), []).append(article_figures(article, analysis, groups))
    found: list[dict[str, Any]] = []
    for story, figures in sorted(per_story.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        if story is None:
            for alone in figures:  # no story: each article alone
                found.extend({**record, "story": None} for record in story_conflicts([alone]))
            continue
        found.extend({**record, "story": story} for record in story_conflicts(figures))
    return found
