"""WARC and WARC.gz files: the HTML ``response`` records, HTTP headers kept.

warcio reads records by their Content-Length and is lenient where that is
wrong: a record cut short in the middle of a file swallows the start of the next
one, a record not followed by its blank lines is only a warning on stderr, and
a ``response`` record with no target URI makes it raise AttributeError. Here
each of those is a one-line failure naming the record, and the records that
could be read are kept.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from khronika.ingest.files import open_input
from khronika.records import DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import human_size, over_limit
from khronika.urls import canonical_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# the start of a WARC record inside another record's block: the outer one's length is wrong
_RECORD_START = re.compile(rb"WARC/1\.[01]\r?\n(?:[\w-]+:[^\r\n]*\r?\n){0,20}?WARC-(?:Type|Record-ID|Date):", re.I)

# warcio logs what it repairs (spaces in a target URI) with no handler of its own: Python
# would print it on stderr, in the middle of khronika's output
logging.getLogger("warcio").addHandler(logging.NullHandler())
_ONCE_ONLY = ("warc-type", "warc-record-id", "warc-target-uri", "content-length")


class _QuietIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its stderr warning: ``err_count`` counts them instead."""

    INC_RECORD = ""


def read_warc(path: Path, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """Yield one RawDocument per HTML response; a corrupt record or tail is one
    failure, after every record that could be read before it."""
    name = str(path)
    handle = open_input(path)
    if isinstance(handle, IngestFailure):
        yield handle
        return
    records, documents = 0, 0
    with handle:
        size = os.fstat(handle.fileno()).st_size
        iterator = _QuietIterator(handle)
        # a record is judged once the iterator has moved past it: only then does
        # warcio know whether the blank lines after it were where its length said
        pending: RawDocument | IngestFailure | None = None
        try:
            for record in iterator:
                if pending is not None:
                    documents += isinstance(pending, RawDocument)
                    yield _checked(pending, iterator, records, name)
                records += 1
                declared = int(getattr(record, "length", 0) or 0)
                if declared > settings.max_bytes:
                    # skipping a record means inflating it: a gzip bomb in a WARC would take minutes
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    yield IngestFailure(
                        f"{name}#{uri}" if uri else name,
                        f"record {records} declares {human_size(declared)}: over the {human_size(settings.max_bytes)} "
                        "size limit (--max-bytes); the rest of the WARC is not read",
                        FailureKind.TOO_LARGE,
                    )
                    return
                pending = _response_document(name, record, settings)
        except Exception as err:  # warcio raises whatever its parsers raise on broken input
            if pending is not None:
                yield pending
            yield IngestFailure(
                name, f"truncated or corrupt WARC at record {records + 1} ({_problem(err)})", FailureKind.MALFORMED
            )
            return
        if pending is not None:
            documents += isinstance(pending, RawDocument)
            yield _checked(pending, iterator, records, name)
        # warcio stops quietly at a cut gzip member: unread bytes at the end mean one
        unread = size - int(getattr(iterator, "offset", size))
        if unread > 0 and records:
            yield IngestFailure(
                name,
                f"truncated or corrupt WARC: {unread} bytes after record {records} unreadable",
                FailureKind.MALFORMED,
            )
            return
    if records == 0:
        yield IngestFailure(name, "no WARC records (empty or not a WARC file)", FailureKind.EMPTY)
    elif documents == 0 and pending is None:
        counted = f"{records} record" + ("s" if records > 1 else "")
        yield IngestFailure(name, f"holds no HTML response records ({counted} read)", FailureKind.EMPTY)


def _headers_run_into_another(headers: list[tuple[str, str]]) -> bool:
    """A record cut inside its headers takes the next record's headers as its own."""
    names = [key.lower() for key, _ in headers]
    repeated = any(names.count(key) > 1 for key in _ONCE_ONLY)
    return repeated or any("WARC/1." in value for _, value in headers)


def _problem(err: Exception) -> str:
    if isinstance(err, (AttributeError, TypeError, KeyError)):  # warcio meeting a header it needs missing
        return "its WARC headers are incomplete"
    return " ".join(str(err).split())[:200] or type(err).__name__


def _checked(
    pending: RawDocument | IngestFailure, iterator: _QuietIterator, number: int, name: str
) -> RawDocument | IngestFailure:
    misplaced, iterator.err_count = iterator.err_count, 0
    if isinstance(pending, RawDocument) and misplaced:
        return IngestFailure(
            pending.input_name,
            f"truncated or corrupt WARC: record {number} is not followed by a blank line (a wrong Content-Length?)",
            FailureKind.MALFORMED,
        )
    return pending


def _response_document(name: str, record: Any, settings: Settings) -> RawDocument | IngestFailure | None:
    if getattr(record, "rec_type", None) != "response":
        return None
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return None
    content_type = (headers.get_header("Content-Type") or "").lower()
    status = headers.get_statuscode()
    if not content_type.startswith(_HTML_TYPES) or status != "200":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{name}#{url}"
    if _headers_run_into_another(record.rec_headers.headers):
        return IngestFailure(
            where,
            "truncated or corrupt WARC: the record's headers run into the next record (cut short?)",
            FailureKind.MALFORMED,
        )
    body = record.content_stream().read(settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        return IngestFailure(where, over_limit(None, settings.max_bytes), FailureKind.TOO_LARGE)
    if getattr(record.raw_stream, "limit", 0) > 0:
        return IngestFailure(
            where, "truncated or corrupt WARC: the record ends before its declared length", FailureKind.MALFORMED
        )
    if _RECORD_START.search(body):
        return IngestFailure(
            where,
            "truncated or corrupt WARC: the record holds the start of another (cut short, or a wrong Content-Length)",
            FailureKind.MALFORMED,
        )
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'")
    http_headers = dict(headers.headers)
    return RawDocument(
        url=canonical_url(url),
        input_name=where,
        kind=DocumentKind.HTML,
        content=body,
        charset=charset,
        http_headers=http_headers,
        extra={"warc_date": record.rec_headers.get_header("WARC-Date")},
    )
