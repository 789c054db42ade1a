"""JSONL and WARC readers share ``files.open_input``: a file they cannot open is one failure naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from khronika.ingest.jsonl import read_jsonl
from khronika.ingest.warc import read_warc
from khronika.records import IngestFailure, RawDocument
from khronika.settings import Settings

Reader = Callable[[Path, Settings], Iterator[RawDocument | IngestFailure]]


@pytest.mark.parametrize("read", [read_jsonl, read_warc], ids=["jsonl", "warc"])
def test_a_missing_file_is_one_failure_naming_it(read: Reader, tmp_path: Path) -> None:
    path = tmp_path / "gone.input"
    assert list(read(path, Settings())) == [IngestFailure(str(path), "cannot read: No such file or directory")]


@pytest.mark.parametrize("read", [read_jsonl, read_warc], ids=["jsonl", "warc"])
def test_a_directory_is_one_failure_naming_it(read: Reader, tmp_path: Path) -> None:
    folder = tmp_path / "batch.input"
    folder.mkdir()
    assert list(read(folder, Settings())) == [IngestFailure(str(folder), "cannot read: Is a directory")]
