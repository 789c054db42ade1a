"""Batched commits on ingest (the store's ``write_batch``): a few articles per commit, each
article still all or nothing, and the store never held while the writer waits. What
the store holds is read through the API and the store protocols; the SQLite batch's
own commit count is checked in ``tests/unit/store_sqlite/test_batch.py``."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

import khronika
from khronika.records import DocumentKind, RawDocument
from khronika.run import writer
from khronika.run.processes import _RUN_PER_WORKER, prepare_all
from khronika.settings import Settings
from khronika.store.sqlite.stories import stored_bag
from tests.fixtures.pages import write_pages

PAGES = 40  # more than POOL_THRESHOLD: the pool path
WORKERS = 2
FAIL_AT = 13  # the 13th article stored fails: the 5th of its run of 8, four uncommitted before it

# every table that holds one row per stored article
PER_ARTICLE_TABLES = (
    "articles", "article_versions", "analyses", "story_articles", "story_documents", "duplicate_signatures",
)  # fmt: skip


def _settings() -> Settings:
    return Settings(show_progress=False, workers=WORKERS)


class _NothingStored:
    def is_stored(self, url: str, digest: str) -> bool:
        return False

    def outlet_line_pages(
        self, outlet: str, keys: Collection[str], article_id: int | None = None, copies_hold: Collection[str] = ()
    ) -> dict[str, int]:
        return {}


def _rows(db: Path) -> dict[str, int]:
    """How many articles each per-article table holds, and the checks across them."""
    with khronika.open(db, _settings()) as kh:
        assert kh.store.integrity_problems() == []
        stats = kh.stats()
        ids = [article.id for article in kh.articles()]
        mentioned = {listed.id for entity in kh.entities() for listed in kh.entity(entity.id).articles_list}
        # the story side's own tables are read by its store functions (no protocol of its own yet)
        bags = sum(stored_bag(kh.store.connection, article_id) is not None for article_id in ids)
        return {
            "articles": stats.articles,
            "article_versions": stats.versions,
            "analyses": sum(kh.analysis(article_id) is not None for article_id in ids),
            "story_articles": sum(len(kh.story(story.id).articles_list) for story in kh.stories()),
            "story_documents": bags,
            "duplicate_signatures": len(kh.store.signatures(ids)),
            "articles with mentions": len(mentioned),
            "mentions of unknown articles": len(mentioned - set(ids)),
            "documents counted": kh.story_assigner.clusterer("story").stats.documents,
        }


def test_an_error_mid_batch_loses_that_article_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "b.db"
    stored = 0
    sign = writer.record_near_duplicates

    def failing_sign(*args: Any) -> Any:
        nonlocal stored
        stored += 1
        if stored == FAIL_AT:  # its row, version, analysis and entities are written by now
            raise RuntimeError("the disk said no")
        return sign(*args)

    monkeypatch.setattr(writer, "record_near_duplicates", failing_sign)
    with khronika.open(db, _settings()) as kh, pytest.raises(RuntimeError, match="the disk said no"):
        kh.ingest([str(tmp_path / "pages")], progress=False)

    counts = _rows(db)
    assert {table: counts[table] for table in PER_ARTICLE_TABLES} == dict.fromkeys(PER_ARTICLE_TABLES, FAIL_AT - 1)
    assert counts["articles with mentions"] == FAIL_AT - 1
    assert counts["mentions of unknown articles"] == 0
    assert counts["documents counted"] == FAIL_AT - 1

    monkeypatch.undo()
    with khronika.open(db, _settings()) as kh:
        report = kh.ingest([str(tmp_path / "pages")], progress=False)
    assert (report.duplicates, report.ingested, report.failed) == (FAIL_AT - 1, PAGES - FAIL_AT + 1, [])
    counts = _rows(db)
    assert {table: counts[table] for table in PER_ARTICLE_TABLES} == dict.fromkeys(PER_ARTICLE_TABLES, PAGES)
    assert counts["documents counted"] == PAGES


def _events(tmp_path: Path, workers: int) -> tuple[list[str], list[str]]:
    """The URLs prepared, in order, and a log of what came out: 'w' for each
    before_wait, 'a' for each prepared article."""
    paths = write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "w.db"
    with khronika.open(db, _settings()) as kh:  # the workers check what is stored through it
        reader = kh.store.reader_spec()
    documents = [RawDocument(path.as_uri(), str(path), DocumentKind.HTML, path.read_bytes()) for path in paths]
    log: list[str] = []
    urls = []
    for prepared in prepare_all(documents, None, _NothingStored(), reader, workers, lambda: log.append("w")):
        assert prepared.article is not None
        urls.append(prepared.article.url)
        log.append("a")
    return urls, log


def test_the_pool_hands_results_over_in_runs_between_waits(tmp_path: Path) -> None:
    urls, log = _events(tmp_path, WORKERS)
    assert urls == [f"https://herald.example/page/{n}" for n in range(PAGES)]
    runs = [len(run) for run in "".join(log).split("w") if run]
    assert sum(runs) == PAGES
    assert max(runs) <= WORKERS * _RUN_PER_WORKER
    assert len(runs) < PAGES  # grouped: fewer commits than articles


def test_in_this_process_each_document_waits_alone(tmp_path: Path) -> None:
    urls, log = _events(tmp_path, 1)
    assert len(urls) == PAGES
    assert "".join(log) == "wa" * PAGES + "w"
