"""The contract every store backend passes: each test here takes ``store``, made once
per backend in ``BACKENDS``. A new backend (PostgreSQL) adds its factory to the list,
and the whole suite runs against it unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from khronika.store import open_store
from khronika.store.sqlite.store import SQLiteStore

StoreFactory = Callable[[Path], SQLiteStore]


def _sqlite(tmp_path: Path) -> SQLiteStore:
    return open_store(tmp_path / "contract.db")


BACKENDS: dict[str, StoreFactory] = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> StoreFactory:
    """The factory of one backend: tests that reopen a store call it again."""
    return BACKENDS[request.param]


@pytest.fixture
def store(backend: StoreFactory, tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = backend(tmp_path)
    try:
        yield opened
    finally:
        opened.close()
