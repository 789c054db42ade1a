"""A unit of writes is all or nothing, in a transaction of its own or inside a batch."""

from __future__ import annotations

import pytest

from khronika.errors import StoreError
from khronika.records import IngestFailure
from khronika.store import Store
from tests.contract.conftest import news


def test_a_failed_unit_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.record_failure(None, IngestFailure("a.html", "first"))
        raise RuntimeError("stop")
    with store.transaction():
        store.record_failure(None, IngestFailure("b.html", "second"))
    assert [failure.input for failure in store.failures()] == ["b.html"]


def test_a_failed_unit_inside_a_batch_keeps_the_units_before_it(store: Store) -> None:
    with store.write_batch():
        with store.transaction():
            store.record_failure(None, IngestFailure("kept.html", "first"))
        with pytest.raises(RuntimeError), store.transaction():
            store.record_failure(None, IngestFailure("lost.html", "second"))
            raise RuntimeError("stop")
    assert [failure.input for failure in store.failures()] == ["kept.html"]


def test_a_unit_inside_a_unit_is_part_of_it(store: Store) -> None:
    with store.transaction():
        store.record_failure(None, IngestFailure("outer.html", "kept"))
        with pytest.raises(RuntimeError), store.transaction():
            store.record_failure(None, IngestFailure("inner.html", "undone alone"))
            raise RuntimeError("stop")
        with store.transaction():
            store.record_failure(None, IngestFailure("second-inner.html", "kept with the outer"))
    assert sorted(failure.input for failure in store.failures()) == ["outer.html", "second-inner.html"]
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            store.record_failure(None, IngestFailure("lost.html", "its outer unit failed"))
        raise RuntimeError("stop")
    assert "lost.html" not in {failure.input for failure in store.failures()}


def test_one_write_batch_at_a_time(store: Store) -> None:
    with store.write_batch(), pytest.raises(StoreError), store.write_batch():
        pass


def test_a_batch_shows_its_units_to_readers_when_it_commits(store: Store) -> None:
    reader = store.reader_spec().open_reader()
    try:
        with store.write_batch() as batch:
            with store.transaction():
                store.add_article(news("https://herald.example/a", "Тисячі людей вийшли на вулиці."))
            assert reader.article_count() == 0  # not committed yet
            batch.commit()
            assert reader.article_count() == 1
            with store.transaction():
                store.add_article(news("https://herald.example/b", "Лукашенко зустрівся з Путіним."))
        assert reader.article_count() == 2  # the batch's end commits the rest
    finally:
        reader.close()
