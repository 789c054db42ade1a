"""``khronika analyze``: one document, extracted and analysed, nothing stored."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from khronika.analysis.pipeline import Pipeline
from khronika.errors import InputError
from khronika.extract.article import extract_article
from khronika.extract.dates import parse_published
from khronika.ingest.files import read_document, read_gzip_document, sniff_kind
from khronika.records import AnalysedArticle, Article, DateSource, DocumentKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit

# what ingest reads as many documents, which analyze refuses (sniff_kind's words)
_MANY = {"jsonl": "a JSONL", "warc": "a WARC", "feed": "a feed", "opml": "an OPML"}


def _read_stdin(settings: Settings) -> RawDocument:
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputError("<stdin>", over_limit(None, settings.max_bytes))
    if not data.strip():
        raise InputError("<stdin>", "empty input")
    is_html = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    kind = DocumentKind.HTML if is_html else DocumentKind.TEXT
    return RawDocument(url="stdin:analyze", input_name="<stdin>", kind=kind, content=data)


def _read(source: str, settings: Settings) -> RawDocument:
    """The one document at ``source``, read as ingest reads a file (``ingest/files.py``):
    HTML or text by its first bytes and suffix, ``.html.gz`` and ``.txt.gz`` inflated."""
    if source == "-":
        return _read_stdin(settings)
    path = Path(source)
    if path.is_dir():
        raise InputError(source, "is a directory: analyze takes one document (use ingest for many)")
    kind = sniff_kind(path)
    if kind in _MANY:
        raise InputError(source, f"is {_MANY[kind]} file: analyze takes one document (use ingest for many)")
    read = read_gzip_document(path, settings) if kind == "gzip" else read_document(path, kind, settings)
    if isinstance(read, IngestFailure):
        raise InputError(source, read.reason, read.kind)
    return read


def extract_source(source: str, settings: Settings, published: str | None = None, lang: str | None = None) -> Article:
    """Read and extract ``source`` (a path or ``-``). Raises InputError for unreadable
    or empty input and UsageError for a bad ``published``."""
    parse_published(published)
    raw = replace(
        _read(source, settings),
        published=published,
        published_source=DateSource.GIVEN if published else DateSource.NONE,
        lang=lang,
    )
    return extract_article(raw)


def analyse_article(article: Article, settings: Settings) -> AnalysedArticle:
    """The analysis stages of ``settings`` run on an extracted article."""
    return Pipeline(settings.analysis_stages)(AnalysedArticle.unanalysed(article))


def analyse_source(
    source: str, settings: Settings, published: str | None = None, lang: str | None = None
) -> AnalysedArticle:
    """Read, extract and analyse ``source`` (a path or ``-``), as ``extract_source``."""
    return analyse_article(extract_source(source, settings, published, lang), settings)
