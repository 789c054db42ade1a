"""The contract every store backend passes: each test here takes ``store``, made once
per backend in ``BACKENDS``. A new backend (PostgreSQL) adds its factory to the list,
and the whole suite runs against it unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from khronika.records import Article, DateSource, PublicationDate
from khronika.store import Store, open_store

StoreFactory = Callable[[Path], Store]


def _sqlite(tmp_path: Path) -> Store:
    return open_store(tmp_path / "contract.db")


BACKENDS: dict[str, StoreFactory] = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> StoreFactory:
    """The factory of one backend: tests that reopen a store call it again."""
    return BACKENDS[request.param]


@pytest.fixture
def store(backend: StoreFactory, tmp_path: Path) -> Iterator[Store]:
    opened = backend(tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def news(url: str, text: str, **fields: Any) -> Article:
    """An article as extraction would give it (``fields`` override the defaults)."""
    article = Article(
        url=url,
        input_name=url.rsplit("/", 1)[-1] + ".html",
        title="Протести в Мінську",
        text=text,
        lang="uk",
        outlet="Herald",
        published=PublicationDate("2020-09-14", DateSource.METADATA),
        domain="herald.example",
    )
    return replace(article, **fields)
