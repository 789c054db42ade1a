"""Check that a change leaves what an ingest stores unchanged, table by table.

    python scripts/same_store_tables.py --baseline COMMIT     # compare the work tree with COMMIT
    python scripts/same_store_tables.py --dump DB > rows.json  # one database's rows, as compared

Both trees ingest the sample corpus (``examples/``) the way ``make demo`` does, each
into a fresh SQLite database, with this checkout's virtual environment; the baseline
runs from a temporary ``git worktree`` of COMMIT. Every table is then read in full and
sorted, leaving out the ``migrations`` table and every column whose name ends in
``_at`` (timestamps), and the two are compared. Exit status 0 when every table holds
the same rows, 1 (with the first differences) when not.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
_RUN_CLI = "import sys; from khronika.cli import main; sys.argv[0] = 'khronika'; main()"
INGESTS = (["examples/html", "examples/feed.xml", "examples/corpus.warc.gz"], ["examples/html"])


def table_rows(db_path: Path) -> dict[str, list[list[Any]]]:
    """Every table's rows (no ``*_at`` columns), sorted; the migrations table left out."""
    db = sqlite3.connect(db_path)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows: dict[str, list[list[Any]]] = {}
    for table in tables:
        if table == "migrations" or table.startswith("sqlite_"):
            continue
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})") if not row[1].endswith("_at")]
        selected = ", ".join(f'"{column}"' for column in columns)
        found = [[_plain(value) for value in row] for row in db.execute(f'SELECT {selected} FROM "{table}"')]
        rows[table] = sorted(found, key=lambda row: json.dumps(row, ensure_ascii=False))
    db.close()
    return rows


def _plain(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value


def ingest_examples(source_root: Path, db_path: Path) -> None:
    """Ingest examples/ as ``make demo`` does, running khronika from ``source_root/src``."""
    env = dict(os.environ, PYTHONPATH=str(source_root / "src"))
    for sources in INGESTS:
        command = [sys.executable, "-c", _RUN_CLI, "--db", str(db_path), "ingest", *sources, "--json"]
        subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def compare(baseline: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), baseline], cwd=REPO, check=True,
                       capture_output=True)
        try:
            ingest_examples(tree, Path(tmp) / "baseline.db")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)
        ingest_examples(REPO, Path(tmp) / "current.db")
        before, after = table_rows(Path(tmp) / "baseline.db"), table_rows(Path(tmp) / "current.db")
    differing = 0
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old == new:
            print(f"same       {table}: {len(old or [])} rows")
            continue
        differing += 1
        print(f"DIFFERENT  {table}: {len(old or [])} rows before, {len(new or [])} after")
        for row in [row for row in (old or []) if row not in (new or [])][:3]:
            print(f"   - {json.dumps(row, ensure_ascii=False)[:300]}")
        for row in [row for row in (new or []) if row not in (old or [])][:3]:
            print(f"   + {json.dumps(row, ensure_ascii=False)[:300]}")
    print(f"{len(set(before) | set(after)) - differing} tables the same, {differing} different (baseline {baseline})")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--baseline", help="the commit to compare the work tree with")
    group.add_argument("--dump", type=Path, help="print one database's compared rows as JSON")
    args = parser.parse_args()
    if args.dump:
        json.dump(table_rows(args.dump), sys.stdout, ensure_ascii=False, indent=1)
        return 0
    return compare(args.baseline)


if __name__ == "__main__":
    sys.exit(main())
