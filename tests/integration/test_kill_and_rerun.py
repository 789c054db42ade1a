"""A process killed in the middle of an ingest leaves a consistent database, and
running the same command again completes it with no duplicates and no loss."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import khronika
from khronika.errors import StoreError
from khronika.store.sqlite.reader import SQLiteReaderSpec
from tests.fixtures.pages import write_pages

PAGES = 240


def _count(db: Path) -> int:
    """Articles stored so far, read beside the running writer (a read-only view)."""
    try:
        reader = SQLiteReaderSpec(str(db)).open_reader()
    except StoreError:
        return 0  # not created yet
    try:
        return reader.article_count()
    except StoreError:
        return 0  # created, its tables not yet
    finally:
        reader.close()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_kill_mid_ingest_then_rerun_completes(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", PAGES)
    db = tmp_path / "k.db"
    command = [sys.executable, "-m", "khronika.cli", "--db", str(db), "ingest", "--quiet", str(tmp_path / "pages")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db) < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored_at_kill = _count(db)
    assert workers, "the ingest should have started its worker pool"
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "workers outlived their killed writer"
    assert 0 < stored_at_kill < PAGES, "the kill should land mid-ingest"

    with khronika.open(db) as kh:
        assert kh.store.integrity_problems() == []
        # every article has its current version: the listing reads each through it
        assert len(kh.articles()) == kh.stats().articles == stored_at_kill

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with khronika.open(db) as kh:
        stats = kh.stats()
        articles, urls, versions = stats.articles, len({article.url for article in kh.articles()}), stats.versions
    assert articles == urls == versions == PAGES
    assert f"already stored {stored_at_kill}" in rerun.stderr
