"""The writer loop: the one place that stores prepared documents, in input order.

Each article is one unit of writes (``Store.transaction``: its own transaction, or a
savepoint of the ingest's write batch), holding these steps in this order:

1. the article (a new article, version or copy; a duplicate stops here);
2. entity linking: its mentions get the stored entities' ids (``EntityStore``);
3. its analysis, with those ids (``save_analysis``);
4. near-duplicates: its text is signed and its copy group joined (``stories/duplicates.py``);
5. story and storyline placement (``StoryAssigner.place_stored``).

So a kill leaves every article with all of them or none, and the store never calls
back into the stories: records go down the layers only. An article stored without
analysis (``analyse_on_ingest`` off) gets step 1 only; its signature waits in the
store's queue for a later article's step 4.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Protocol

from khronika.extract.site_lines import site_line_keys
from khronika.records import (
    AnalysedArticle,
    Article,
    FailureKind,
    IngestFailure,
    IngestReport,
    StoredArticle,
    StoreOutcome,
)
from khronika.run.processes import Prepared
from khronika.store.protocols import AddedArticle, Store
from khronika.store.protocols.decisions import ARTICLE_RESTORE
from khronika.stories.assign import EMBED_CHUNK
from khronika.stories.chronicle_sheet import make_sheet, sheet_json
from khronika.stories.duplicates import record_near_duplicates


class Placement(Protocol):
    """The story step (``StoryAssigner``): places stored articles, keeps state in memory."""

    @property
    def vectors(self) -> object | None:
        """The embedding backend's vectors, where one is configured."""
        ...

    def place_stored(self, article_id: int, article: Article, analysis: AnalysedArticle) -> None: ...

    def prefetch_vectors(self, articles: Sequence[Article]) -> None: ...

    def forget(self) -> None:
        """Drop what memory holds (it may be ahead of what a rolled-back unit kept)."""
        ...


def store_article(
    store: Store,
    placement: Placement,
    article: Article,
    analysis: AnalysedArticle | None,
    chronicle_sheet: dict[str, Any] | None = None,
) -> AddedArticle:
    """Store one article and its analysis, entities, near-duplicates and story, all or
    nothing (see the module docstring)."""
    try:
        with store.transaction():
            added = store.add_article(article)
            if added.outcome is not StoreOutcome.DUPLICATE:
                store.record_outlet_lines(added.article_id, article.outlet, site_line_keys(article))
            if added.outcome is not StoreOutcome.DUPLICATE and analysis is not None:
                linked = store.link_entities(added.article_id, analysis)
                store.save_analysis(added.article_id, linked, chronicle_sheet)
                record_near_duplicates(
                    store, added.article_id, article.text
                )  # new versions too: copies follow the text
                placement.place_stored(added.article_id, article, linked)
    except BaseException:
        placement.forget()  # memory may be ahead of what committed: reload on next use
        raise
    return added


def replace_analysis(
    store: Store, article_id: int, analysis: AnalysedArticle, cleaned: StoredArticle | None = None
) -> None:
    """A stored article analysed again (``reanalyse``): linked and kept, all or nothing;
    ``cleaned``: its text better cleaned (site-level cleaning), kept in place of the old."""
    sheet = sheet_json(make_sheet(analysis))  # from the tokens, before they are gone
    with store.transaction():
        if cleaned is not None:
            store.update_clean_text(article_id, cleaned.title, cleaned.text, cleaned.dropped)
        store.save_analysis(article_id, store.link_entities(article_id, analysis), sheet)


def write_all(
    store: Store,
    placement: Placement,
    prepared: Iterable[Prepared],
    report: IngestReport,
    run_id: int,
    restore: bool = False,
) -> None:
    """Store every prepared document in order, counting it in ``report``; a failure is
    recorded with the run and the loop goes on. An article deleted by hand
    (``khronika delete``) is refused, or (``restore``) stored again."""
    deleted = store.deleted_urls()
    for result in _embedded_ahead(placement, prepared):
        if result.failure is not None:
            record_failure(store, report, run_id, result.failure)
            continue
        assert result.article is not None
        if result.already_stored:
            report.duplicates += 1
            report.articles.append(store.article_id(result.article.url))
            continue
        url = result.article.url
        if url in deleted and not restore:
            reason = "deleted by hand (khronika delete); ingest it with --restore to store it again"
            record_failure(
                store, report, run_id, IngestFailure(result.article.input_name or url, reason, FailureKind.DELETED)
            )
            continue
        if url in deleted:
            with store.transaction():
                store.restore_url(url)
                store.record_decision(ARTICLE_RESTORE, {"url": url})
                added = store_article(store, placement, result.article, result.analysis, result.chronicle_sheet)
            deleted.discard(url)
        else:
            added = store_article(store, placement, result.article, result.analysis, result.chronicle_sheet)
        if added.outcome is StoreOutcome.DUPLICATE:
            report.duplicates += 1
        else:
            report.ingested += 1
        report.articles.append(added.article_id)


def record_failure(store: Store, report: IngestReport, run_id: int, failure: IngestFailure) -> None:
    report.failed.append(failure)
    store.record_failure(run_id, failure)


def _embedded_ahead(placement: Placement, prepared: Iterable[Prepared]) -> Iterator[Prepared]:
    """``prepared`` as it comes, each chunk of ``EMBED_CHUNK`` embedded in one batch
    first; nothing is embedded, nor held back, where no backend is configured."""
    if placement.vectors is None:
        yield from prepared
        return
    stream = iter(prepared)
    while chunk := list(islice(stream, EMBED_CHUNK)):
        placement.prefetch_vectors([r.article for r in chunk if r.article is not None and not r.already_stored])
        yield from chunk
