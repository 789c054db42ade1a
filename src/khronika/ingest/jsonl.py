"""JSONL files: one document a line.

Each line is ``{"url" or "id", "title"?, "text" or "html", "published"?, "source"?,
"lang"?}``; other fields are kept as extra metadata. Identity is ``url``, else
``id`` within that file (``file:///…/batch.jsonl#id=42``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from khronika.ingest.files import open_input
from khronika.records import DateSource, DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import canonical_url, file_url, is_web_url, url_problem

_SKIP_CHUNK = 1 << 20
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
_KNOWN_FIELDS = {"url", "id", "title", "text", "html", "published", "source", "lang"}


def read_jsonl(path: Path, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """One document (or failure) per non-blank line; a failure is named ``file:LINE``,
    so its reason does not repeat the line number."""
    name = str(path)
    handle = open_input(path)
    if isinstance(handle, IngestFailure):
        yield handle
        return
    seen_any = False
    with handle:
        for number, raw_line, size in _lines(handle, settings.max_bytes):
            if size == 0:
                continue
            seen_any = True
            where = f"{name}:{number}"
            if size > settings.max_bytes:
                yield IngestFailure(where, over_limit(size, settings.max_bytes), FailureKind.TOO_LARGE)
                continue
            yield _document(path, where, raw_line)
    if not seen_any:
        yield IngestFailure(name, "empty file", FailureKind.EMPTY)


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, its size without blanks) for every line; a line over
    ``max_bytes`` is skipped through in chunks, never held whole (a 100 MB line)."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        size = len(line.strip())
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while rest := handle.readline(_SKIP_CHUNK):
                size += len(rest.rstrip(b"\r\n"))
                if rest.endswith(b"\n"):
                    break
        yield number, line, size


def _document(path: Path, where: str, raw_line: bytes) -> RawDocument | IngestFailure:
    try:
        record: Any = json.loads(raw_line)
    except UnicodeDecodeError as err:
        return IngestFailure(
            where, f"malformed JSON (not UTF-8: {err.reason} at byte {err.start})", FailureKind.ENCODING
        )
    except (ValueError, RecursionError) as err:
        return IngestFailure(where, f"malformed JSON ({_json_problem(err)})", FailureKind.MALFORMED)
    if not isinstance(record, dict):
        return IngestFailure(where, "not a JSON object", FailureKind.MALFORMED)
    body = record.get("html") if isinstance(record.get("html"), str) else record.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestFailure(where, 'needs a non-empty "text" or "html" field', FailureKind.EMPTY)
    url = record.get("url")
    identifier = record.get("id")
    if isinstance(url, str) and url.strip():
        if is_web_url(url) and (problem := url_problem(url)):
            return IngestFailure(where, f'"url" is not a valid URL ({problem})', FailureKind.MALFORMED)
        identity = canonical_url(url) if is_web_url(url) else url.strip()
    elif identifier is not None and str(identifier).strip():
        identity = f"{file_url(path)}#id={identifier}"
    else:
        return IngestFailure(where, 'needs a "url" or an "id"', FailureKind.MALFORMED)
    published = record.get("published")
    return RawDocument(
        url=identity,
        input_name=where,
        kind=DocumentKind.HTML if "html" in record and isinstance(record["html"], str) else DocumentKind.TEXT,
        content=body.encode("utf-8", "replace"),  # a lone surrogate (\\ud800) is one "?"
        charset="utf-8",
        title=_string(record.get("title")),
        published=_string(published),
        published_source=DateSource.METADATA if published else DateSource.NONE,
        outlet=_string(record.get("source")),
        lang=_language_tag(record.get("lang")),
        extra={key: value for key, value in record.items() if key not in _KNOWN_FIELDS},
        canonical_from_page=False,
    )


def _language_tag(value: Any) -> str | None:
    """A BCP 47-looking ``lang`` (uk, en-GB), else None: the language is then detected."""
    text = _string(value)
    return text.lower() if text and _LANGUAGE_TAG.fullmatch(text) else None


def _json_problem(err: ValueError | RecursionError) -> str:
    if isinstance(err, RecursionError):
        return "nested too deep"
    return " ".join(str(err).split())[:200]


def _string(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
