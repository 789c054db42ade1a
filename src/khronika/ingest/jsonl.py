"""JSONL files: one document a line.

Each line is ``{"url" or "id", "title"?, "text" or "html", "published"?, "source"?,
"lang"?}``; other fields are kept as extra metadata. Identity is ``url``, else
``id`` within that file (``file:///…/batch.jsonl#id=42``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khronika.ingest.files import open_input
from khronika.records import DateSource, DocumentKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import canonical_url, file_url, is_web_url

_KNOWN_FIELDS = {"url", "id", "title", "text", "html", "published", "source", "lang"}


def read_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    name = str(path)
    handle = open_input(path)
    if isinstance(handle, IngestFailure):
        yield handle
        return
    seen_any = False
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            if not raw_line.strip():
                continue
            seen_any = True
            where = f"{name}:{number}"
            if len(raw_line) > settings.max_bytes:
                yield IngestFailure(where, f"line {number}: {over_limit(len(raw_line), settings.max_bytes)}")
                continue
            yield _document(path, where, number, raw_line)
    if not seen_any:
        yield IngestFailure(name, "empty file")


def _document(path: Path, where: str, number: int, raw_line: bytes) -> RawDocument | IngestFailure:
    try:
        record: Any = json.loads(raw_line)
    except (ValueError, UnicodeDecodeError) as err:
        return IngestFailure(where, f"line {number}: malformed JSON ({err})")
    if not isinstance(record, dict):
        return IngestFailure(where, f"line {number}: not a JSON object")
    body = record.get("html") if isinstance(record.get("html"), str) else record.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestFailure(where, f'line {number}: needs a non-empty "text" or "html" field')
    url = record.get("url")
    identifier = record.get("id")
    if isinstance(url, str) and url.strip():
        identity = canonical_url(url) if is_web_url(url) else url.strip()
    elif identifier is not None and str(identifier).strip():
        identity = f"{file_url(path)}#id={identifier}"
    else:
        return IngestFailure(where, f'line {number}: needs a "url" or an "id"')
    published = record.get("published")
    return RawDocument(
        url=identity,
        input_name=where,
        kind=DocumentKind.HTML if "html" in record and isinstance(record["html"], str) else DocumentKind.TEXT,
        content=body.encode("utf-8"),
        charset="utf-8",
        title=_string(record.get("title")),
        published=_string(published),
        published_source=DateSource.METADATA if published else DateSource.NONE,
        outlet=_string(record.get("source")),
        lang=_string(record.get("lang")),
        extra={key: value for key, value in record.items() if key not in _KNOWN_FIELDS},
        canonical_from_page=False,
    )


def _string(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
