"""WARC and WARC.gz files: the HTML ``response`` records, HTTP headers kept."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from khronika.ingest.files import open_input
from khronika.records import DocumentKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import canonical_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """Yield one RawDocument per HTML response; a corrupt tail is one failure,
    after every record that could be read before it."""
    name = str(path)
    handle = open_input(path)
    if isinstance(handle, IngestFailure):
        yield handle
        return
    records = 0
    with handle:
        size = os.fstat(handle.fileno()).st_size
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                records += 1
                document = _response_document(name, record, settings)
                if document is not None:
                    yield document
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as err:
            yield IngestFailure(name, f"truncated or corrupt WARC after {records} records ({err})")
            return
        # warcio stops quietly at a cut gzip member: unread bytes at the end mean one
        unread = size - int(getattr(iterator, "offset", size))
        if unread > 0 and records:
            yield IngestFailure(name, f"truncated or corrupt WARC: {unread} bytes after record {records} unreadable")
    if records == 0:
        yield IngestFailure(name, "no WARC records (empty or not a WARC file)")


def _response_document(name: str, record: object, settings: Settings) -> RawDocument | IngestFailure | None:
    if getattr(record, "rec_type", None) != "response":
        return None
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return None
    content_type = (headers.get_header("Content-Type") or "").lower()
    status = headers.get_statuscode()
    if not content_type.startswith(_HTML_TYPES) or status != "200":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    where = f"{name}#{url}"
    body = record.content_stream().read(settings.max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > settings.max_bytes:
        return IngestFailure(where, over_limit(None, settings.max_bytes))
    if getattr(record.raw_stream, "limit", 0) > 0:  # type: ignore[attr-defined]
        return IngestFailure(where, "truncated or corrupt WARC: the record ends before its declared length")
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
        extra={"warc_date": record.rec_headers.get_header("WARC-Date")},  # type: ignore[attr-defined]
    )
