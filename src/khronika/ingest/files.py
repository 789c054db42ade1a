"""HTML and plain-text files, directories and standard input."""

from __future__ import annotations

import gzip
import hashlib
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from khronika.errors import InputError
from khronika.records import DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import file_url

# suffix -> kind, for files found in directories (a file named on the command line
# is read whatever its suffix, by sniffing its first bytes)
SUFFIX_KINDS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".opml": "opml",
}
_SNIFF_BYTES = 2048


def _suffix_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if name.endswith((".html.gz", ".htm.gz", ".txt.gz")):
        return "gzip"
    return SUFFIX_KINDS.get(path.suffix.lower())


def walk_directory(root: Path, skipped: list[IngestFailure] | None = None) -> list[Path]:
    """Files under ``root`` (recursively, hidden ones skipped) of a kind we read.

    Every other file is one failure appended to ``skipped`` (when given), so a
    directory of .docx files does not pass for an empty one."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        if _suffix_kind(path) is not None:
            found.append(path)
        elif skipped is not None:
            suffix = "".join(path.suffixes[-2:]).lower() if path.suffix else "(no suffix)"
            skipped.append(IngestFailure(str(path), f"unsupported file type {suffix}", FailureKind.UNSUPPORTED))
    return found


def sniff_kind(path: Path) -> str:
    """The kind of a file: by its first bytes where they tell, else by its suffix."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return _suffix_kind(path) or "text"
    suffix_kind = _suffix_kind(path)
    if suffix_kind == "text":
        return "text"  # a .txt file is text even when it starts with a tag: never parsed as HTML
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        return "warc" if _gunzip_head(path).startswith(b"WARC/") else "gzip"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<"):
        if b"<opml" in start:
            return "opml"
        if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
            return "feed"
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return suffix_kind if suffix_kind in ("html", "text", "feed", "opml") else "text"


def _gunzip_head(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(16)
    except (OSError, EOFError, zlib.error):
        return b""


def read_gzip_document(path: Path, settings: Settings) -> RawDocument | IngestFailure:
    """A gzip-compressed HTML or text file (``page.html.gz``)."""
    name = str(path)
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        return IngestFailure(name, f"truncated or corrupt gzip file ({err})", FailureKind.MALFORMED)
    if len(data) > settings.max_bytes:
        # read() stopped at the limit: a gzip bomb is refused while it inflates
        return IngestFailure(name, f"{over_limit(None, settings.max_bytes)} once decompressed", FailureKind.TOO_LARGE)
    if not data.strip():
        return IngestFailure(name, "empty file", FailureKind.EMPTY)
    is_text = path.name.lower().endswith(".txt.gz")
    is_html = not is_text and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    kind = DocumentKind.HTML if is_html else DocumentKind.TEXT
    return RawDocument(url=file_url(path), input_name=name, kind=kind, content=data)


def read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes; InputError for a missing, unreadable, empty or oversized file.

    Never more than ``max_bytes`` + 1 bytes are read, whatever the size says
    (``/dev/zero``, a file that grows while read)."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(name, over_limit(size, settings.max_bytes), FailureKind.TOO_LARGE)
        with path.open("rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file or directory", FailureKind.MISSING) from None
    except OSError as err:
        raise InputError(name, f"cannot read: {err.strerror or err}", FailureKind.UNREADABLE) from None
    if len(data) > settings.max_bytes:
        raise InputError(name, over_limit(None, settings.max_bytes), FailureKind.TOO_LARGE)
    if not data.strip():
        raise InputError(name, "empty file", FailureKind.EMPTY)
    return data


def open_input(path: Path) -> BinaryIO | IngestFailure:
    """The file opened for reading in binary, or the one-line failure naming it (JSONL, WARC)."""
    try:
        return path.open("rb")
    except OSError as err:
        return IngestFailure(str(path), f"cannot read: {err.strerror or err}", FailureKind.UNREADABLE)


def read_document(path: Path, kind: str, settings: Settings) -> RawDocument | IngestFailure:
    try:
        data = read_bytes(path, settings)
    except InputError as err:
        return IngestFailure(err.input_name, err.reason, err.kind)
    doc_kind = DocumentKind.HTML if kind == "html" else DocumentKind.TEXT
    return RawDocument(url=file_url(path), input_name=str(path), kind=doc_kind, content=data)


def read_stdin(settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """One document from standard input; HTML when it starts with a tag."""
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        yield IngestFailure("<stdin>", over_limit(None, settings.max_bytes), FailureKind.TOO_LARGE)
        return
    if not data.strip():
        yield IngestFailure("<stdin>", "empty input", FailureKind.EMPTY)
        return
    is_html = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    # no path and maybe no canonical URL: the content itself is the identity
    url = "stdin:sha256:" + hashlib.sha256(data).hexdigest()[:32]
    kind = DocumentKind.HTML if is_html else DocumentKind.TEXT
    yield RawDocument(url=url, input_name="<stdin>", kind=kind, content=data)
