"""The Python API that the CLI is a thin layer over.

import khronika
with khronika.open("news.db") as kh:
    report = kh.ingest(["pages/", "feed.xml"], published="2020-09-14")
    for article in kh.articles(lang="uk"):
        print(article.id, article.title)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

from khronika.analysis.entities.names import name_variants
from khronika.analysis.pipeline import Pipeline
from khronika.errors import NotFoundError, UsageError
from khronika.extract.dates import parse_published
from khronika.ingest import IngestOptions, ReadResult, plan_inputs, read_all
from khronika.progress import progress_bar
from khronika.records import AnalysedArticle, Article, IngestFailure, IngestReport, StoredArticle
from khronika.results import (
    ArticleDeletion,
    ArticleMove,
    CopyGroup,
    Decision,
    EntityDetail,
    EntityMerge,
    EntitySplit,
    EntitySummary,
    NearDuplicate,
    RelatedItem,
    StoredAnalysis,
    StoredClaim,
    StoreStats,
    StoryConflict,
    StoryDetail,
    StorylineDetail,
    StorylineSummary,
    StoryMerge,
    StorySummary,
)
from khronika.run.processes import prepare_all
from khronika.run.site_cleaning import record_outlet_lines, site_cleaned
from khronika.run.writer import record_failure, replace_analysis, write_all
from khronika.settings import Settings, default_db_path
from khronika.store import ArticleFilter, ArticleVersion, SQLiteStore, Store, StoredFailure, open_store
from khronika.store.protocols.decisions import ENTITY_MERGE, ENTITY_SPLIT
from khronika.stories.assign import StoryAssigner, stories_config
from khronika.stories.corrections import merge_stories, move_article
from khronika.stories.deletion import delete_articles
from khronika.stories.summary import list_stories, list_storylines, story_detail, storyline_detail
from khronika.stories.who_said_what import stored_claims, stored_conflicts

if TYPE_CHECKING:  # a default (PEP 696, Python 3.13): a bare ``Khronika`` means any store
    from typing_extensions import TypeVar as DefaultedTypeVar

    from khronika.run.watch import Log, WatchSummary  # the feed parser and HTTP client: only for a watch
    from khronika.stories.chronicle_records import Background, Chronicle, LineCorrection

    StoreT = DefaultedTypeVar("StoreT", bound=Store, default=Store, covariant=True)
else:
    StoreT = TypeVar("StoreT", bound=Store, covariant=True)


class Khronika(Generic[StoreT]):
    """A khronika database and the operations on it: every operation goes through the
    store protocols (``store/protocols/``), whichever backend ``store`` is."""

    def __init__(self, store: StoreT, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._pipeline: Pipeline | None = None
        self._lemma_pipeline: Pipeline | None = None
        self._stories: StoryAssigner | None = None

    @property
    def story_assigner(self) -> StoryAssigner:
        """Places each stored article in a story and a storyline (built on first use)."""
        if self._stories is None:
            path = self.settings.stories_config
            self._stories = StoryAssigner(self.store, stories_config(path, "story"), stories_config(path, "storyline"))
        return self._stories

    @property
    def pipeline(self) -> Pipeline:
        """The analysis stages, built on first use (loading models takes a moment)."""
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings.analysis_stages)
        return self._pipeline

    def analyse(self, article: Article | StoredArticle) -> AnalysedArticle:
        """Run the analysis stages on an article (stored or not); stores nothing."""
        return self.pipeline(AnalysedArticle.unanalysed(article))

    def __enter__(self) -> Khronika[StoreT]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- ingest ---------------------------------------------------------------------
    def ingest(
        self,
        sources: list[str],
        published: str | None = None,
        source: str | None = None,
        progress: bool | None = None,
        dates_from_path: bool = False,
        restore: bool = False,
    ) -> IngestReport:
        """Ingest every SOURCE (paths, directories, globs, URLs, feeds, WARC, JSONL,
        ``-``). Bad inputs become failures in the report; the batch goes on.
        ``dates_from_path``: a document whose path names a day (``…/2011-01-26/x.txt``)
        is published on it (provenance ``path``), unless ``published`` is given.
        ``restore``: store again what ``delete`` deleted (else refused, kind ``deleted``)."""
        parse_published(published)
        options = IngestOptions(published=published, source=source, dates_from_path=dates_from_path)
        items, failures = plan_inputs(sources, self.settings)
        run_id = self.store.start_run("ingest " + " ".join(sources))
        report = IngestReport()
        for failure in failures:
            self._fail(report, run_id, failure)
        show = self.settings.show_progress if progress is None else progress
        enabled = show and len(items) > self.settings.progress_threshold
        with progress_bar(len(items), "ingest", enabled) as advance:
            self._store_all(read_all(items, options, self.settings, advance), report, run_id, restore)
        self._refresh_chronicles(report.articles)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def ingest_documents(self, documents: Iterable[ReadResult], command: str = "ingest") -> IngestReport:
        """Ingest documents already read (``watch`` uses this for feed items)."""
        run_id = self.store.start_run(command)
        report = IngestReport()
        self._store_all(documents, report, run_id)
        self._refresh_chronicles(report.articles)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def watch(
        self,
        sources: list[str],
        every: str | float,
        polls: int | None = None,
        log: Log | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> WatchSummary:
        """Poll feeds (or OPML lists of them) ``every`` so often (seconds, or ``30s``,
        ``15m``, ``1h``), ``polls`` times (None: until Ctrl-C), ingesting their new
        items; returns what was done, also after Ctrl-C (run/watch.py)."""
        from khronika.run.watch import parse_interval, watch_feeds

        interval_s = parse_interval(every) if isinstance(every, str) else every
        return watch_feeds(self, sources, interval_s, polls=polls, log=log, sleep=sleep)

    def _store_all(
        self, documents: Iterable[ReadResult], report: IngestReport, run_id: int, restore: bool = False
    ) -> None:
        """Prepare (in worker processes for big batches) and store every document, in
        order, through the writer loop (``run/writer.py``)."""
        pipeline = self.pipeline if self.settings.analyse_on_ingest else None
        with self.store.write_batch() as batch:  # a few articles per commit, each all or nothing
            prepared = prepare_all(
                documents, pipeline, self.store, self.store.reader_spec(), self.settings.workers, batch.commit
            )
            write_all(self.store, self.story_assigner, prepared, report, run_id, restore)

    def _refresh_chronicles(
        self,
        article_ids: Iterable[int] | None,
        story_ids: Iterable[int | None] = (),
        storyline_ids: Iterable[int | None] = (),
    ) -> None:
        """The kept chronicles of what a change touched, built anew (``chronicles.refresh_chronicles``)."""
        if self.settings.keep_chronicles:
            from khronika.chronicles import refresh_chronicles

            refresh_chronicles(self, article_ids, story_ids, storyline_ids)

    def _fail(self, report: IngestReport, run_id: int, failure: IngestFailure) -> None:
        record_failure(self.store, report, run_id, failure)

    # -- reading ----------------------------------------------------------------------
    def articles(
        self, lang: str | None = None, outlet: str | None = None, undated: bool = False, limit: int | None = None
    ) -> list[StoredArticle]:
        return self.store.articles(ArticleFilter(lang=lang, outlet=outlet, undated=undated, limit=limit))

    def article(self, article_id: int) -> StoredArticle:
        return self.store.article(article_id)

    def article_versions(self, article_id: int) -> list[ArticleVersion]:
        """Every stored version of the article (number, when stored, text hash, title),
        oldest first; NotFoundError for an unknown id."""
        self.store.article(article_id)  # NotFoundError names a bad id
        return self.store.article_versions(article_id)

    def analysis(self, article_id: int) -> StoredAnalysis | None:
        document = self.store.analysis(article_id)
        return StoredAnalysis(document) if document is not None else None

    def reanalyse(self, only_older: bool = True, progress: bool | None = None) -> int:
        """Re-run the stages on stored articles (all, or those an older pipeline
        analysed); returns how many were analysed."""
        ids = self.store.articles_to_analyse(only_older)
        show = self.settings.show_progress if progress is None else progress
        with progress_bar(len(ids), "reanalyse", show and len(ids) > self.settings.progress_threshold) as advance:
            record_outlet_lines(self.store)
            for article_id in ids:
                stored = self.store.article(article_id)
                cleaned = site_cleaned(self.store, stored)
                replace_analysis(self.store, article_id, self.analyse(cleaned or stored), cleaned)
                advance(str(article_id))
        self._refresh_chronicles(ids)
        return len(ids)

    # -- stories ------------------------------------------------------------------------
    def stories(
        self, min_articles: int = 1, limit: int | None = None, storyline: int | None = None
    ) -> list[StorySummary]:
        """Stories (of one storyline), largest first: id, title, languages, day span,
        outlets, count, top entities, storyline."""
        if storyline is not None:
            self.storyline(storyline)  # NotFoundError for an unknown storyline
        return [StorySummary.from_dict(row) for row in list_stories(self.store.stories, min_articles, limit, storyline)]

    def story(self, story_id: int) -> StoryDetail:
        """One story and its articles in date order."""
        return StoryDetail.from_dict(story_detail(self.store.stories, story_id))

    def storylines(self, min_articles: int = 1, limit: int | None = None) -> list[StorylineSummary]:
        """Storylines, largest first: title, languages, day span, outlets, counts, top entities, articles per day."""
        return [StorylineSummary.from_dict(row) for row in list_storylines(self.store.stories, min_articles, limit)]

    def storyline(self, storyline_id: int) -> StorylineDetail:
        """One storyline and its stories."""
        return StorylineDetail.from_dict(storyline_detail(self.store.stories, storyline_id))

    def recluster(self, progress: bool | None = None) -> int:
        """Rebuild every story and storyline from the stored articles in publication
        order, obeying the decisions; returns the number of stories (the same as
        ingesting them in that order would give)."""
        total = self.stats().articles
        show = self.settings.show_progress if progress is None else progress
        with progress_bar(total, "recluster", show and total > self.settings.progress_threshold) as advance:
            stories = self.story_assigner.recluster(self._lemmatise, advance)
        self._refresh_chronicles(None)
        return stories

    def _lemmatise(self, article: StoredArticle) -> AnalysedArticle:
        """The stages a term bag reads, re-run on a stored article (one stored without a bag)."""
        if self._lemma_pipeline is None:
            self._lemma_pipeline = Pipeline(("sentences", "morphology"))
        return self._lemma_pipeline(AnalysedArticle.unanalysed(article))

    # -- corrections by hand (kept as decisions; stories/corrections.py) -----------------
    def merge_stories(self, story_id: int, merged_id: int) -> StoryMerge:
        """``story merge A B``: B's articles join A, now and after every recluster."""
        merge = StoryMerge.from_dict(merge_stories(self.story_assigner, story_id, merged_id, self._lemmatise))
        self._refresh_chronicles((), (merge.story, merge.merged), (merge.storyline,))
        return merge

    def move_article(self, article_id: int, story_id: int) -> ArticleMove:
        """``story move ARTICLE STORY``: the article leaves its story for STORY, for good."""
        move = ArticleMove(**move_article(self.story_assigner, article_id, story_id, self._lemmatise))
        self._refresh_chronicles((), (move.story, move.from_story), (move.storyline, move.from_storyline))
        return move

    def delete(self, article_ids: list[int]) -> list[ArticleDeletion]:
        """Delete the articles and all derived from them, updating their stories; kept as
        decisions (``recluster`` obeys); ingesting their URLs again needs ``restore``."""
        deleted = [
            ArticleDeletion(**item) for item in delete_articles(self.story_assigner, article_ids, self._lemmatise)
        ]
        self._refresh_chronicles((), [d.story for d in deleted], [d.storyline for d in deleted])
        return deleted

    def merge_entities(self, name: str, merged_name: str) -> EntityMerge:
        """``entity merge A B``: entity B (any name) becomes A, and later ingests link B's names to A."""
        entity_id, merged_id = self.entity(name).id, self.entity(merged_name).id
        if entity_id == merged_id:
            raise UsageError(f"{name!r} and {merged_name!r} are one entity already ({entity_id})")
        with self.store.transaction():
            result = self.store.merge_entities(entity_id, merged_id)
            result["decision"] = self.store.record_decision(ENTITY_MERGE, {"entity": entity_id, "merged": merged_id})
        self.story_assigner.forget()  # the clusters' entity terms changed under it
        self._refresh_chronicles(item.id for item in self.entity(entity_id).articles_list)
        return EntityMerge.from_dict(result)

    def split_entity(self, name: str, alias: str) -> EntitySplit:
        """``entity split ENTITY ALIAS``: the name form leaves the entity and becomes its own."""
        entity_id = self.entity(name).id
        with self.store.transaction():
            result = self.store.split_entity(entity_id, alias)
            result["decision"] = self.store.record_decision(
                ENTITY_SPLIT, {"entity": entity_id, "alias": alias, "new_entity": result["new_entity"]}
            )
        self.story_assigner.forget()  # the clusters' entity terms changed under it
        mentioning = [self.entity(e).articles_list for e in (entity_id, result["new_entity"])]
        self._refresh_chronicles(item.id for items in mentioning for item in items)
        return EntitySplit(**result)

    def decisions(self) -> list[Decision]:
        """Every correction made by hand, in order."""
        return [Decision(**row) for row in self.store.decisions()]

    def related(self, article_id: int, k: int = 5) -> list[RelatedItem]:
        """Up to ``k`` articles to read next: same story first, then same storyline, then
        shared entities; never the article or its copies, one per copy group."""
        from khronika.stories.related import related_articles

        if k < 1:
            raise UsageError(f"k must be at least 1, not {k}")
        self.store.article(article_id)  # NotFoundError names a bad id
        return [RelatedItem.from_dict(row) for row in related_articles(self.store.stories, article_id, k)]

    def copy_group(self, article_id: int) -> CopyGroup:
        """The article's copy group: its id (the smallest article id), the other copies,
        and the near-duplicates found with their estimated similarity."""
        self.store.article(article_id)
        copies = self.store.copies_of(article_id)
        return CopyGroup(
            id=self.store.copy_groups_of([article_id])[article_id] if copies else None,
            copies=tuple(copies),
            near_duplicates=tuple(
                NearDuplicate(other, similarity) for other, similarity in self.store.near_duplicate_links(article_id)
            ),
        )

    def entities(self, limit: int | None = None) -> list[EntitySummary]:
        return [EntitySummary.from_dict(row) for row in self.store.entities(limit)]

    def entity(self, name: str) -> EntityDetail:
        """An entity by id, or by any name in any script and form (Лукашенка, Lukashenko):
        of the entities its forms may name, the one in most articles."""
        found = [entity for candidate in name_variants(name) if (entity := self.store.entity(candidate)) is not None]
        if found:
            exact = [entity for entity in found if entity["id"] == name]  # an id names one entity
            return EntityDetail.from_dict(exact[0] if exact else max(found, key=lambda entity: entity["articles"]))
        raise NotFoundError(f"no entity named {name!r} in {self.store.location}")

    def claims(self, entity: str | None = None, story: int | None = None) -> list[StoredClaim]:
        """Who said what, across the stored articles (of one entity: any of its names;
        of one story: its articles only). An unknown entity or story: NotFoundError."""
        entity_ids = {self.entity(entity).id} if entity else None
        return [StoredClaim(**row) for row in stored_claims(self.store, entity_ids, story)]

    def conflicts(self, story: int | None = None) -> list[StoryConflict]:
        """Figures from different sources that cannot both be true, within an article
        or across the articles of a story (of one story, when given)."""
        return [StoryConflict.from_dict(row) for row in stored_conflicts(self.store, story)]

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        return self.store.failures(limit)

    def stats(self) -> StoreStats:
        return StoreStats(**self.store.stats())

    # -- chronicles (khronika/chronicles.py) ---------------------------------------------
    def chronicle(
        self,
        story: int | None = None,
        storyline: int | None = None,
        max_dates: int | None = None,
        per_date: int = 1,
        lang: str | None = None,
    ) -> Chronicle:
        """The dated lines of one story's (or storyline's) articles, each citing its
        reports; lines told in ``lang`` where a report is (default: the most frequent
        language). Give exactly one of ``story`` and ``storyline``."""
        from khronika.chronicles import story_chronicle

        return story_chronicle(self, story, storyline, max_dates, per_date, lang)

    def background(
        self,
        entity: str,
        other: str | None = None,
        max_dates: int | None = None,
        per_date: int = 1,
        lang: str | None = None,
    ) -> Background:
        """The dated events involving ``entity`` (any name or id), or both of a pair,
        across every stored article: only sentences that mention it (them) make lines."""
        from khronika.chronicles import background

        return background(self, entity, other, max_dates, per_date, lang)

    def correct_line(
        self, article_id: int, sentence: int, *, hidden: bool | None = None, date: str | None = None,
        speaker: str | None = None,
    ) -> LineCorrection:  # fmt: skip
        """Hide (or show again) a chronicle line, pin its sentence to a date, or set its
        speaker; kept as a decision that every later chronicle and background obeys."""
        from khronika.chronicles import correct_line

        return correct_line(self, article_id, sentence, hidden, date, speaker)


def check_arguments(published: str | None = None, every: str | None = None) -> None:
    """UsageError for a bad ``published`` date (``ingest``) or ``every`` interval (``watch``),
    as those calls give it: the CLI checks them before it opens, and may create, a database."""
    parse_published(published)
    if every is not None:
        from khronika.run.watch import parse_interval

        parse_interval(every)


def open(  # noqa: A001
    db: Path | str | None = None, settings: Settings | None = None, create: bool = True
) -> Khronika[SQLiteStore]:
    """Open the khronika database at ``db`` (default ``$KHRONIKA_DB`` or ./khronika.db),
    creating it where there is none, or (``create`` False) raising NotFoundError."""
    return Khronika(open_store(db if db is not None else default_db_path(), create=create), settings)
