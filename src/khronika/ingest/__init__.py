"""Sources -> RawDocument. One module per kind of source; this one dispatches.

``plan_inputs`` turns what the user typed (paths, directories, globs, URLs, ``-``)
into ``InputItem``s, each of which yields RawDocuments, or IngestFailures for the
parts it could not read. Nothing here raises for a bad input: a bad input is a
failure with a one-line reason, and the batch goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from khronika.ingest import files, jsonl, warc
from khronika.records import DateSource, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.urls import is_web_url

ReadResult = RawDocument | IngestFailure


@dataclass(frozen=True)
class IngestOptions:
    """What the user said about every document of one ingest."""

    published: str | None = None  # ISO date, from --published
    source: str | None = None  # outlet name, from --source


@dataclass(frozen=True)
class InputItem:
    name: str
    read: Callable[[], Iterator[ReadResult]]


def apply_options(document: RawDocument, options: IngestOptions) -> RawDocument:
    """--published and --source override what a document says of itself."""
    if options.published:
        document = replace(document, published=options.published, published_source=DateSource.GIVEN)
    if options.source:
        document = replace(document, outlet=options.source)
    return document


def _is_glob(source: str) -> bool:
    return any(ch in source for ch in "*?[")


def plan_inputs(sources: list[str], settings: Settings) -> tuple[list[InputItem], list[IngestFailure]]:
    """Expand every SOURCE into the items to read; report those that name nothing."""
    items: list[InputItem] = []
    failures: list[IngestFailure] = []
    for source in sources:
        if source == "-":
            items.append(InputItem("<stdin>", lambda: files.read_stdin(settings)))
        elif is_web_url(source):
            items.append(InputItem(source, _url_reader(source, settings)))
        elif Path(source).is_dir():
            found = files.walk_directory(Path(source), skipped=failures)
            if not found:
                failures.append(IngestFailure(source, "directory holds no HTML, text, JSONL, feed or WARC files"))
            items.extend(_path_item(path, settings) for path in found)
        elif Path(source).exists():
            items.append(_path_item(Path(source), settings))
        elif _is_glob(source):
            matches = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
            if not matches:
                failures.append(IngestFailure(source, "no files match this pattern"))
            items.extend(_path_item(path, settings) for path in matches)
        else:
            failures.append(IngestFailure(source, "no such file or directory"))
    return items, failures


def _url_reader(url: str, settings: Settings) -> Callable[[], Iterator[ReadResult]]:
    def read() -> Iterator[ReadResult]:
        from khronika.ingest import http

        yield from http.read_url(url, settings)

    return read


def _path_item(path: Path, settings: Settings) -> InputItem:
    def read() -> Iterator[ReadResult]:
        kind = files.sniff_kind(path)
        if kind == "jsonl":
            yield from jsonl.read_jsonl(path, settings)
        elif kind == "warc":
            yield from warc.read_warc(path, settings)
        elif kind == "gzip":
            yield files.read_gzip_document(path, settings)
        elif kind in ("feed", "opml"):
            from khronika.ingest import feeds

            yield from feeds.read_feed_file(path, settings, opml=kind == "opml")
        else:
            yield files.read_document(path, kind, settings)

    return InputItem(str(path), read)
