"""Batched commits on ingest (store/sqlite/batch.py): a few articles per commit, each article
still all or nothing, and the write lock never held while the writer waits."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

import khronika
from khronika.records import DocumentKind, RawDocument
from khronika.run.processes import _RUN_PER_WORKER, prepare_all
from khronika.settings import Settings
from khronika.stories import assign
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


def _rows(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in PER_ARTICLE_TABLES
        }
        counts["articles with mentions"] = connection.execute(
            "SELECT COUNT(DISTINCT article_id) FROM entity_mentions"
        ).fetchone()[0]
        counts["mentions of unknown articles"] = connection.execute(
            "SELECT COUNT(*) FROM entity_mentions WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        counts["documents counted"] = int(
            connection.execute("SELECT value FROM story_state WHERE key = 'documents'").fetchone()[0]
        )
        return counts


def test_an_error_mid_batch_loses_that_article_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "b.db"
    stored = 0
    sign = assign.record_near_duplicates

    def failing_sign(*args: Any) -> Any:
        nonlocal stored
        stored += 1
        if stored == FAIL_AT:  # its row, version, analysis and entities are written by now
            raise RuntimeError("the disk said no")
        return sign(*args)

    monkeypatch.setattr(assign, "record_near_duplicates", failing_sign)
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


def test_an_ingest_commits_articles_in_groups(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "g.db"
    commits = 0

    def count_commits(statement: str) -> None:
        nonlocal commits
        commits += statement.strip().upper() == "COMMIT"

    with khronika.open(db, _settings()) as kh:
        kh.store.connection.set_trace_callback(count_commits)
        report = kh.ingest([str(tmp_path / "pages")], progress=False)
    assert report.ingested == PAGES
    assert 0 < commits <= PAGES // (WORKERS * _RUN_PER_WORKER) + 1
    assert _rows(db)["articles"] == PAGES


def _events(tmp_path: Path, workers: int) -> tuple[list[str], list[str]]:
    """The URLs prepared, in order, and a log of what came out: 'w' for each
    before_wait, 'a' for each prepared article."""
    paths = write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "w.db"
    khronika.open(db, _settings()).close()  # the workers check what is stored through it
    documents = [RawDocument(path.as_uri(), str(path), DocumentKind.HTML, path.read_bytes()) for path in paths]
    log: list[str] = []
    urls = []
    for prepared in prepare_all(documents, None, lambda url, digest: False, db, workers, lambda: log.append("w")):
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
