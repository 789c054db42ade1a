"""``khronika analyze``: one document, extracted and analysed, nothing stored."""

from __future__ import annotations

import sys
from pathlib import Path

from khronika.analysis.pipeline import Pipeline
from khronika.errors import InputError
from khronika.extract.article import extract_article
from khronika.extract.dates import parse_published
from khronika.ingest.files import read_bytes
from khronika.records import AnalysedArticle, DateSource, DocumentKind, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import file_url


def _read(source: str, settings: Settings) -> tuple[bytes, str]:
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            raise InputError("<stdin>", over_limit(None, settings.max_bytes))
        if not data.strip():
            raise InputError("<stdin>", "empty input")
        return data, "stdin:analyze"
    path = Path(source)
    if path.is_dir():
        raise InputError(source, "is a directory: analyze takes one document (use ingest for many)")
    return read_bytes(path, settings), file_url(path)


def analyse_source(
    source: str, settings: Settings, published: str | None = None, lang: str | None = None
) -> AnalysedArticle:
    """Read, extract and analyse ``source`` (a path or ``-``). Raises InputError
    for unreadable or empty input and UsageError for a bad ``published``."""
    parse_published(published)
    data, url = _read(source, settings)
    is_html = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    raw = RawDocument(
        url=url,
        input_name="<stdin>" if source == "-" else source,
        kind=DocumentKind.HTML if is_html else DocumentKind.TEXT,
        content=data,
        published=published,
        published_source=DateSource.GIVEN if published else DateSource.NONE,
        lang=lang,
    )
    article = extract_article(raw)
    pipeline = Pipeline(settings.analysis_stages)
    return pipeline(AnalysedArticle.unanalysed(article))
