"""A process killed in the middle of an ingest leaves a consistent database, and
running the same command again completes it with no duplicates and no loss."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.fixtures.pages import write_pages

PAGES = 240


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


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
    command = [sys.executable, "-m", "khronika.cli.main", "--db", str(db), "ingest", "--quiet", str(tmp_path / "pages")]
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

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = connection.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN article_versions v ON v.article_id = a.id AND v.version = a.version WHERE v.article_id IS NULL"
        ).fetchone()[0]
        assert orphans == 0

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as connection:
        articles, urls, versions = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT url), (SELECT COUNT(*) FROM article_versions) FROM articles"
        ).fetchone()
    assert articles == urls == versions == PAGES
    assert f"already stored {stored_at_kill}" in rerun.stderr
