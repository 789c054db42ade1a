"""The Python API that the CLI is a thin layer over.

import khronika
with khronika.open("news.db") as kh:
    report = kh.ingest(["pages/", "feed.xml"], published="2020-09-14")
    for article in kh.articles(lang="uk"):
        print(article.id, article.title)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from khronika.dates import parse_user_date
from khronika.errors import InputError, UsageError
from khronika.extract import extract_article
from khronika.ingest import IngestOptions, InputItem, ReadResult, apply_options, plan_inputs
from khronika.progress import Advance, progress_bar
from khronika.records import IngestFailure, IngestReport, RawDocument, StoredArticle, StoreOutcome
from khronika.settings import Settings, default_db_path
from khronika.store import ArticleFilter, SQLiteStore, StoredFailure, open_store


class Khronika:
    """A khronika database and the operations on it."""

    def __init__(self, store: SQLiteStore, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()

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
            for item in items:
                self._ingest_item(item, options, report, run_id, advance)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def ingest_documents(self, documents: Iterable[ReadResult], command: str = "ingest") -> IngestReport:
        """Ingest documents already read (``watch`` uses this for feed items)."""
        run_id = self.store.start_run(command)
        report = IngestReport()
        for document in documents:
            self._store_one(document, report, run_id)
        self.store.finish_run(run_id, report.ingested, report.duplicates, len(report.failed))
        return report

    def _ingest_item(
        self, item: InputItem, options: IngestOptions, report: IngestReport, run_id: int, advance: Advance
    ) -> None:
        try:
            for document in item.read():
                if isinstance(document, RawDocument):
                    document = apply_options(document, options)
                self._store_one(document, report, run_id)
        except Exception as err:  # an unexpected bug in one reader must not stop the batch
            self._fail(report, run_id, IngestFailure(item.name, f"internal error: {type(err).__name__}: {err}"))
        advance(item.name)

    def _store_one(self, document: ReadResult, report: IngestReport, run_id: int) -> None:
        if isinstance(document, IngestFailure):
            self._fail(report, run_id, document)
            return
        try:
            article = extract_article(document)
        except InputError as err:
            self._fail(report, run_id, IngestFailure(err.input_name, err.reason))
            return
        except Exception as err:  # a library choking on one page is that page's failure
            reason = f"extraction failed: {type(err).__name__}: {err}"
            self._fail(report, run_id, IngestFailure(document.input_name, reason))
            return
        article_id, outcome = self.store.add_article(article)
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

    def failures(self, limit: int | None = None) -> list[StoredFailure]:
        return self.store.failures(limit)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()


def open(db: Path | str | None = None, settings: Settings | None = None) -> Khronika:  # noqa: A001
    """Open the khronika database at ``db`` (default ``$KHRONIKA_DB`` or ./khronika.db)."""
    return Khronika(open_store(db if db is not None else default_db_path()), settings)
