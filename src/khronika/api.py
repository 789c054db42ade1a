"""The Python API that the CLI is a thin layer over.

import khronika
with khronika.open("news.db") as kh:
    report = kh.ingest(["pages/", "feed.xml"], published="2020-09-14")
    for article in kh.articles(lang="uk"):
        print(article.id, article.title)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from khronika.analysis.entities.names import name_variants
from khronika.analysis.pipeline import Pipeline
from khronika.errors import NotFoundError, UsageError
from khronika.extract.dates import parse_user_date
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
from khronika.run.processes import prepare_all
from khronika.settings import Settings, default_db_path
from khronika.store import ArticleFilter, SQLiteStore, StoredFailure, open_store
from khronika.store.sqlite.decisions import ENTITY_MERGE, ENTITY_SPLIT, list_decisions, record_decision
from khronika.store.sqlite.entity_corrections import merge_entities, split_entity
from khronika.stories.assign import StoryAssigner, stories_config
from khronika.stories.corrections import merge_stories, move_article
from khronika.stories.summary import list_stories, list_storylines, story_detail, storyline_detail
from khronika.stories.who_said_what import stored_claims, stored_conflicts


class Khronika:
    """A khronika database and the operations on it."""

    def __init__(self, store: SQLiteStore, settings: Settings | None = None) -> None:
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
        with (
            self.store.write_batch() as batch
        ):  # a few articles per commit, each all or nothing (store/sqlite/batch.py)
            self._store_batched(documents, report, run_id, batch.commit)

    def _store_batched(
        self, documents: Iterable[ReadResult], report: IngestReport, run_id: int, commit: Callable[[], None]
    ) -> None:
        pipeline = self.pipeline if self.settings.analyse_on_ingest else None
        prepared = prepare_all(
            documents, pipeline, self.store.is_stored, self.store.path, self.settings.workers, before_wait=commit
        )
        # with an embedding backend configured, each chunk of articles is embedded in one batch
        prepared = self.story_assigner.embedded_ahead(prepared, lambda r: None if r.already_stored else r.article)
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
    def stories(
        self, min_articles: int = 1, limit: int | None = None, storyline: int | None = None
    ) -> list[dict[str, Any]]:
        """Stories (of one storyline), largest first: id, title, languages, day span,
        outlets, count, top entities, storyline."""
        if storyline is not None:
            self.storyline(storyline)  # NotFoundError for an unknown storyline
        return list_stories(self.store.stories, min_articles, limit, storyline)

    def story(self, story_id: int) -> dict[str, Any]:
        """One story and its articles in date order."""
        return story_detail(self.store.stories, story_id)

    def storylines(self, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
        """Storylines, largest first: title, languages, day span, outlets, counts, top entities, articles per day."""
        return list_storylines(self.store.stories, min_articles, limit)

    def storyline(self, storyline_id: int) -> dict[str, Any]:
        """One storyline and its stories."""
        return storyline_detail(self.store.stories, storyline_id)

    def recluster(self, progress: bool | None = None) -> int:
        """Rebuild every story and storyline from the stored articles in publication
        order, obeying the decisions; returns the number of stories (the same as
        ingesting them in that order would give)."""
        total = self.stats()["articles"]
        show = self.settings.show_progress if progress is None else progress
        with progress_bar(total, "recluster", show and total > self.settings.progress_threshold) as advance:
            return self.story_assigner.recluster(self._lemmatise, advance)

    def _lemmatise(self, article: StoredArticle) -> AnalysedArticle:
        """The stages a term bag reads, re-run on a stored article (one stored without a bag)."""
        if self._lemma_pipeline is None:
            self._lemma_pipeline = Pipeline(("sentences", "morphology"))
        return self._lemma_pipeline(AnalysedArticle.unanalysed(article))

    # -- corrections by hand (kept as decisions; stories/corrections.py) -----------------
    def merge_stories(self, story_id: int, merged_id: int) -> dict[str, Any]:
        """``story merge A B``: B's articles join A, now and after every recluster."""
        return merge_stories(self.story_assigner, story_id, merged_id, self._lemmatise)

    def move_article(self, article_id: int, story_id: int) -> dict[str, Any]:
        """``story move ARTICLE STORY``: the article leaves its story for STORY, for good."""
        return move_article(self.story_assigner, article_id, story_id, self._lemmatise)

    def merge_entities(self, name: str, merged_name: str) -> dict[str, Any]:
        """``entity merge A B``: entity B (any name) becomes A, and later ingests link B's names to A."""
        entity_id, merged_id = self.entity(name)["id"], self.entity(merged_name)["id"]
        if entity_id == merged_id:
            raise UsageError(f"{name!r} and {merged_name!r} are one entity already ({entity_id})")
        with self.story_assigner.transaction():
            db = self.store.connection
            result = merge_entities(db, entity_id, merged_id)
            result["decision"] = record_decision(db, ENTITY_MERGE, {"entity": entity_id, "merged": merged_id})
        self.story_assigner.forget()
        return result

    def split_entity(self, name: str, alias: str) -> dict[str, Any]:
        """``entity split ENTITY ALIAS``: the name form leaves the entity and becomes its own."""
        entity_id = self.entity(name)["id"]
        with self.story_assigner.transaction():
            db = self.store.connection
            result = split_entity(db, entity_id, alias)
            result["decision"] = record_decision(
                db, ENTITY_SPLIT, {"entity": entity_id, "alias": alias, "new_entity": result["new_entity"]}
            )
        self.story_assigner.forget()
        return result

    def decisions(self) -> list[dict[str, Any]]:
        """Every correction made by hand, in order."""
        return list_decisions(self.store.connection)

    def related(self, article_id: int, k: int = 5) -> list[dict[str, Any]]:
        """Up to ``k`` articles to read next: same story first, then same storyline, then
        shared entities; never the article or its copies, one per copy group."""
        from khronika.stories.related import related_articles

        if k < 1:
            raise UsageError(f"k must be at least 1, not {k}")
        self.store.article(article_id)  # NotFoundError names a bad id
        return related_articles(self.store.stories, article_id, k)

    def copy_group(self, article_id: int) -> dict[str, Any]:
        """The article's copy group: its id (the smallest article id), the other copies,
        and the near-duplicates found with their estimated similarity."""
        from khronika.store.sqlite.duplicates import copies_of, copy_groups_of, near_duplicate_links

        self.store.article(article_id)
        db = self.store.connection
        copies = copies_of(db, article_id)
        return {
            "id": copy_groups_of(db, [article_id])[article_id] if copies else None,
            "copies": copies,
            "near_duplicates": [
                {"id": other, "similarity": similarity} for other, similarity in near_duplicate_links(db, article_id)
            ],
        }

    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.store.entities(limit)

    def entity(self, name: str) -> dict[str, Any]:
        """An entity by id, or by any name in any script and form (Лукашенка, Lukashenko)."""
        for candidate in name_variants(name):
            found = self.store.entity(candidate)
            if found is not None:
                return found
        raise NotFoundError(f"no entity named {name!r} in {self.store.path}")

    def claims(self, entity: str | None = None, story: int | None = None) -> list[dict[str, Any]]:
        """Who said what, across the stored articles (of one entity: any of its names;
        of one story: its articles only). An unknown entity or story: NotFoundError."""
        entity_ids = {self.entity(entity)["id"]} if entity else None
        return stored_claims(self.store, entity_ids, story)

    def conflicts(self, story: int | None = None) -> list[dict[str, Any]]:
        """Figures from different sources that cannot both be true, within an article
        or across the articles of a story (of one story, when given)."""
        return stored_conflicts(self.store, story)

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
