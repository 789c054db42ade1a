"""A unit of writes is all or nothing, in a transaction of its own or inside a batch."""

from __future__ import annotations

import pytest

from khronika.records import IngestFailure
from khronika.store.sqlite.store import SQLiteStore


def test_a_failed_unit_leaves_nothing(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.record_failure(None, IngestFailure("a.html", "first"))
        raise RuntimeError("stop")
    with store.transaction():
        store.record_failure(None, IngestFailure("b.html", "second"))
    assert [failure.input for failure in store.failures()] == ["b.html"]


def test_a_failed_unit_inside_a_batch_keeps_the_units_before_it(store: SQLiteStore) -> None:
    with store.write_batch():
        with store.transaction():
            store.record_failure(None, IngestFailure("kept.html", "first"))
        with pytest.raises(RuntimeError), store.transaction():
            store.record_failure(None, IngestFailure("lost.html", "second"))
            raise RuntimeError("stop")
    assert [failure.input for failure in store.failures()] == ["kept.html"]
