"""Work items and the workers' store view are picklable data: a pooled batch prepares
the same articles and analyses whether its workers are forked or spawned (a spawned
worker shares nothing with the writer: it gets the stage names and the store's
reader spec, and builds its pipeline and opens its read-only view itself)."""

from __future__ import annotations

import pickle
from multiprocessing import get_all_start_methods
from pathlib import Path

import pytest

import khronika
from khronika.analysis.pipeline import Pipeline
from khronika.ingest import InputItem, plan_inputs, read_item
from khronika.records import DocumentKind, RawDocument
from khronika.run.processes import POOL_THRESHOLD, Prepared, prepare_all
from khronika.settings import Settings
from tests.fixtures.pages import write_pages

PAGES = POOL_THRESHOLD + 4  # the pool path
STAGES = ("sentences", "morphology", "entities")


def _prepared(tmp_path: Path, paths: list[Path], start_method: str, stored_first: int) -> list[Prepared]:
    documents = [RawDocument(path.as_uri(), str(path), DocumentKind.HTML, path.read_bytes()) for path in paths]
    with khronika.open(tmp_path / f"{start_method}.db", Settings(show_progress=False, workers=1)) as kh:
        kh.ingest([str(path) for path in paths[:stored_first]], progress=False)  # the workers must see these
        return list(
            prepare_all(documents, Pipeline(STAGES), kh.store, kh.store.reader_spec(), 2, start_method=start_method)
        )


@pytest.mark.skipif("fork" not in get_all_start_methods(), reason="compares with fork")
def test_spawned_workers_prepare_what_forked_ones_do(tmp_path: Path) -> None:
    paths = write_pages(tmp_path / "pages", PAGES)
    forked = _prepared(tmp_path, paths, "fork", stored_first=3)
    spawned = _prepared(tmp_path, paths, "spawn", stored_first=3)
    assert len(spawned) == PAGES
    assert [prepared.already_stored for prepared in spawned] == [True] * 3 + [False] * (PAGES - 3)
    assert all(prepared.analysis is not None and prepared.analysis.entities for prepared in spawned[3:])
    assert spawned == forked


def test_input_items_are_data_that_pickle(tmp_path: Path) -> None:
    paths = write_pages(tmp_path / "pages", 2)
    settings = Settings(show_progress=False)
    items, failures = plan_inputs([str(tmp_path / "pages"), "https://example.org/a", "-"], settings)
    assert failures == []
    assert pickle.loads(pickle.dumps(items)) == items
    assert [item.name for item in items] == [*map(str, paths), "https://example.org/a", "<stdin>"]
    read = list(read_item(pickle.loads(pickle.dumps(items[0])), settings))
    assert len(read) == 1 and isinstance(read[0], RawDocument) and read[0].input_name == str(paths[0])
    assert isinstance(items[0], InputItem)
