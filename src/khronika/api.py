"""The Python API that the CLI is a thin layer over.

import khronika
with khronika.open("news.db") as kh:
    report = kh.ingest(["pages/", "feed.xml"], published="2020-09-14")
    for article in kh.articles(lang="uk"):
        print(article.id, article.title)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from khronika.analysis.names import name_variants
from khronika.analysis.pipeline import Pipeline
from khronika.dates import parse_user_date
from khronika.errors import NotFoundError, UsageError
from khronika.ingest import IngestOptions, InputItem, ReadResult, apply_options, plan_inputs
from khronika.progress import Advance, progress_bar
from khronika.records import (
    AnalysedArticle,
    Article,
    IngestFailure,
    IngestReport,
    RawDocument,
    StoredArticle,
    StoreOutcome,
)
from khronika.settings import Settings, default_db_path
from khronika.store import ArticleFilter, SQLiteStore, StoredFailure, open_store
from khronika.stories.assign import StoryAssigner, stories_config
from khronika.stories.clustering import Level
from khronika.stories.summary import list_stories, story_detail
from khronika.who_said_what import stored_claims, stored_conflicts
from khronika.workers import prepare_all


class Khronika:
    """A khronika database and the operations on it."""

    def __init__(self, store: SQLiteStore, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._pipeline: Pipeline | None = None
        self._stories: StoryAssigner | None = None

    @property
    def story_assigner(self) -> StoryAssigner:
        """Places each stored article in a story (built on first use)."""
        if self._stories is None:
            level: Level = "storyline" if self.settings.stories_level == "storyline" else "story"
            self._stories = StoryAssigner(self.store, stories_config(self.settings.stories_config, level))
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

    def __enter__(self) -> Khronika:
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
    ) -> IngestReport:
        """Ingest every SOURCE (paths, directories, globs, URLs, feeds, WARC, JSONL,
        ``-``). Bad inputs become failures in the report; the batch goes on."""
        if published is not None:
            try:
                parse_user_date(published)
            except ValueError as err:
                raise UsageError(f"--published: {err}") from None
        options = IngestOptions(published=published, source=source)
        items, failures = plan_inputs(sources, self.settings)
        run_id = self.store.start_run("ingest " + " ".join(sources))
        report = IngestReport()
        for failure in failures:
            self._fail(report, run_id, failure)
        show = self.settings.show_progress if progress is None else progress
        enabled = show and len(items) > self.settings.progress_threshold
        with progress_bar(len(items), "ingest", enabled) as advance:
            self._store_all(_read_all(items, options, advance), report, run_id)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def ingest_documents(self, documents: Iterable[ReadResult], command: str = "ingest") -> IngestReport:
        """Ingest documents already read (``watch`` uses this for feed items)."""
        run_id = self.store.start_run(command)
        report = IngestReport()
        self._store_all(documents, report, run_id)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def _store_all(self, documents: Iterable[ReadResult], report: IngestReport, run_id: int) -> None:
        pipeline = self.pipeline if self.settings.analyse_on_ingest else None
        prepared = prepare_all(documents, pipeline, self.store.is_stored, self.store.path, self.settings.workers)
        for result in prepared:
            if result.failure is not None:
                self._fail(report, run_id, result.failure)
                continue
            assert result.article is not None
            if result.already_stored:
                report.duplicates += 1
                report.articles.append(self.store.article_id(result.article.url))
                continue
            article_id, outcome = self.story_assigner.add_article(result.article, result.analysis)
            if outcome is StoreOutcome.DUPLICATE:
                report.duplicates += 1
            else:
                report.ingested += 1
            report.articles.append(article_id)

    def _fail(self, report: IngestReport, run_id: int, failure: IngestFailure) -> None:
        report.failed.append(failure)
        self.store.record_failure(run_id, failure)

    # -- reading ----------------------------------------------------------------------
    def articles(
        self, lang: str | None = None, outlet: str | None = None, undated: bool = False, limit: int | None = None
    ) -> list[StoredArticle]:
        return self.store.articles(ArticleFilter(lang=lang, outlet=outlet, undated=undated, limit=limit))

    def article(self, article_id: int) -> StoredArticle:
        return self.store.article(article_id)

    def analysis(self, article_id: int) -> dict[str, Any] | None:
        return self.store.analysis(article_id)

    def reanalyse(self, only_older: bool = True, progress: bool | None = None) -> int:
        """Re-run the stages on stored articles (all, or those an older pipeline
        analysed); returns how many were analysed."""
        ids = self.store.articles_to_analyse(only_older)
        show = self.settings.show_progress if progress is None else progress
        with progress_bar(len(ids), "reanalyse", show and len(ids) > self.settings.progress_threshold) as advance:
            for article_id in ids:
                self.store.replace_analysis(article_id, self.analyse(self.store.article(article_id)))
                advance(str(article_id))
        return len(ids)

    # -- stories ------------------------------------------------------------------------
    def stories(self, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories, largest first: id, title, languages, day span, outlets, count, top entities."""
        return list_stories(self.store.connection, min_articles, limit)

    def story(self, story_id: int) -> dict[str, Any]:
        """One story and its articles in date order."""
        return story_detail(self.store.connection, story_id)

    def recluster(self, progress: bool | None = None) -> int:
        """Rebuild every story from the stored articles in publication order; returns
        the number of stories (the same as ingesting them in that order would give)."""
        total = self.stats()["articles"]
        show = self.settings.show_progress if progress is None else progress
        with progress_bar(total, "recluster", show and total > self.settings.progress_threshold) as advance:
            return self.story_assigner.recluster(advance)

    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.store.entities(limit)

    def entity(self, name: str) -> dict[str, Any]:
        """An entity by id, or by any name in any script and form (Лукашенка, Lukashenko)."""
        for candidate in name_variants(name):
            found = self.store.entity(candidate)
            if found is not None:
                return found
        raise NotFoundError(f"no entity named {name!r} in {self.store.path}")

    def claims(self, entity: str | None = None) -> list[dict[str, Any]]:
        """Who said what, across the stored articles (of one entity: any of its names)."""
        entity_ids = {self.entity(entity)["id"]} if entity else None
        return stored_claims(self.store, entity_ids)

    def conflicts(self) -> list[dict[str, Any]]:
        """Figures from different sources that cannot both be true."""
        return stored_conflicts(self.store)

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        return self.store.failures(limit)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()


def _read_all(items: list[InputItem], options: IngestOptions, advance: Advance) -> Iterator[ReadResult]:
    """Every document of every input, in order; a reader's own bug is that input's failure."""
    for item in items:
        try:
            for document in item.read():
                yield apply_options(document, options) if isinstance(document, RawDocument) else document
        except Exception as err:  # an unexpected bug in one reader must not stop the batch
            yield IngestFailure(item.name, f"internal error: {type(err).__name__}: {err}")
        advance(item.name)


def open(db: Path | str | None = None, settings: Settings | None = None) -> Khronika:  # noqa: A001
    """Open the khronika database at ``db`` (default ``$KHRONIKA_DB`` or ./khronika.db)."""
    return Khronika(open_store(db if db is not None else default_db_path()), settings)
