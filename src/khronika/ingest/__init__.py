"""Sources -> RawDocument. One module per kind of source; this one dispatches.

``plan_inputs`` turns what the user typed (paths, directories, globs, URLs, ``-``)
into ``InputItem``s: data (what kind of input, where), not closures, so an item can
be sent to another process or machine; ``read_item`` yields its RawDocuments, or
IngestFailures for the parts it could not read. Nothing here raises for a bad input: a bad input is a
failure with a one-line reason, and the batch goes on.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
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
    dates_from_path: bool = False  # --dates-from-path: a folder or file named by its day dates what it holds


class InputKind(StrEnum):
    STDIN = "stdin"
    URL = "url"
    PATH = "path"  # a file of any kind (sniffed when read): HTML, text, JSONL, WARC, gzip, feed, OPML


@dataclass(frozen=True)
class InputItem:
    """One input to read: ``name`` as the user gave it (failures name it), ``source``
    the URL or path (empty for stdin)."""

    name: str
    kind: InputKind
    source: str = ""


def read_item(item: InputItem, settings: Settings) -> Iterator[ReadResult]:
    """The documents of one input, in order (failures for the parts it cannot read)."""
    if item.kind is InputKind.STDIN:
        yield from files.read_stdin(settings)
    elif item.kind is InputKind.URL:
        from khronika.ingest import http  # loads the HTTP client only where a URL is read

        yield from http.read_url(item.source, settings)
    else:
        yield from _read_path(Path(item.source), settings)


_PATH_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\d])")


def date_in_path(name: str) -> str | None:
    """The last day a path names (``…/2011-01-26/x.txt``, ``2011-01-26-report.html``),
    as ISO; None where it names none (a real day: ``2011-02-30`` is none)."""
    for match in reversed(list(_PATH_DAY.finditer(name))):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return None


def apply_options(document: RawDocument, options: IngestOptions) -> RawDocument:
    """--published and --source override what a document says of itself; with
    --dates-from-path, a day its path names does too (provenance ``path``)."""
    if options.published:
        document = replace(document, published=options.published, published_source=DateSource.GIVEN)
    elif options.dates_from_path and (day := date_in_path(document.input_name)):
        document = replace(document, published=day, published_source=DateSource.PATH)
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
            items.append(InputItem("<stdin>", InputKind.STDIN))
        elif is_web_url(source):
            items.append(InputItem(source, InputKind.URL, source))
        elif Path(source).is_dir():
            found = files.walk_directory(Path(source), skipped=failures)
            if not found:
                failures.append(IngestFailure(source, "directory holds no HTML, text, JSONL, feed or WARC files"))
            items.extend(_path_item(path) for path in found)
        elif Path(source).exists():
            items.append(_path_item(Path(source)))
        elif _is_glob(source):
            matches = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
            if not matches:
                failures.append(IngestFailure(source, "no files match this pattern"))
            items.extend(_path_item(path) for path in matches)
        else:
            failures.append(IngestFailure(source, "no such file or directory"))
    return items, failures


def _path_item(path: Path) -> InputItem:
    return InputItem(str(path), InputKind.PATH, str(path))


def _read_path(path: Path, settings: Settings) -> Iterator[ReadResult]:
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


def read_all(
    items: list[InputItem], options: IngestOptions, settings: Settings, advance: Callable[[str], object]
) -> Iterator[ReadResult]:
    """Every document of every input, in order, with the user's options applied; a
    reader's own bug is that input's failure, and the batch goes on. ``advance`` is
    told each input's name once it is read (a progress bar)."""
    for item in items:
        try:
            for document in read_item(item, settings):
                yield apply_options(document, options) if isinstance(document, RawDocument) else document
        except Exception as err:  # an unexpected bug in one reader must not stop the batch
            yield IngestFailure(item.name, f"internal error: {type(err).__name__}: {err}")
        advance(item.name)
