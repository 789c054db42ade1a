"""The SQLite write batch's own commits (store/sqlite/batch.py): an ingest commits its
articles a few at a time, never one commit per article. Moved from
tests/integration/test_batched_store.py: it counts SQLite's COMMIT statements, an
internal of this backend, so it is no part of the contract."""

from __future__ import annotations

from pathlib import Path

import khronika
from khronika.run.processes import _RUN_PER_WORKER
from khronika.settings import Settings
from tests.fixtures.pages import write_pages

PAGES = 40  # more than POOL_THRESHOLD: the pool path
WORKERS = 2


def test_an_ingest_commits_articles_in_groups(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "g.db"
    commits = 0

    def count_commits(statement: str) -> None:
        nonlocal commits
        commits += statement.strip().upper() == "COMMIT"

    with khronika.open(db, Settings(show_progress=False, workers=WORKERS)) as kh:
        kh.store.connection.set_trace_callback(count_commits)
        report = kh.ingest([str(tmp_path / "pages")], progress=False)
        assert report.ingested == PAGES
        assert kh.stats().articles == PAGES
    assert 0 < commits <= PAGES // (WORKERS * _RUN_PER_WORKER) + 1
