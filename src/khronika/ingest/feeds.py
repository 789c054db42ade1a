"""RSS/Atom feeds and OPML lists of feeds, from files or URLs (feedparser).

Each feed entry is one document whose identity is its link (canonical), else its
id. An entry that carries the full article (``content:encoded``, Atom
``<content>`` or a long summary) is stored from the feed itself; otherwise the
linked page is fetched, and the entry's title and date fill in what the page
lacks. A page that cannot be fetched falls back to the entry's summary.
"""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import feedparser
from lxml import etree
from lxml import html as lxml_html

from khronika.errors import InputError
from khronika.extract.dates import find_publication_date
from khronika.ingest import files
from khronika.ingest import http as http_source
from khronika.records import DateSource, DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.urls import canonical_url, file_url, is_web_url

ReadResult = RawDocument | IngestFailure

FULL_SUMMARY_CHARS = 400  # a summary with more text than this is the article itself
_MAX_OPML_DEPTH = 1  # an OPML may list OPMLs, but those may not (no loops, no fan-out)
_TAGS = re.compile(r"<[^>]+>")
_TEXT_TYPES = ("text/plain", "text")


# -- feeds ---------------------------------------------------------------------------
def read_feed_file(path: Path, settings: Settings, opml: bool) -> Iterator[ReadResult]:
    """The documents of a feed file, or of every feed an OPML file lists."""
    yield from _read_path(path, settings, opml, depth=0)


def _read_path(path: Path, settings: Settings, opml: bool, depth: int) -> Iterator[ReadResult]:
    try:
        data = files.read_bytes(path, settings)
    except InputError as err:
        yield IngestFailure(err.input_name, err.reason, err.kind)
        return
    if opml:
        yield from opml_documents(data, file_url(path), settings, name=str(path), _depth=depth)
    else:
        yield from feed_documents(data, file_url(path), settings, name=str(path))


def parse_feed(content: bytes, feed_url: str) -> list[Any]:
    """The feed's entries; InputError "not an RSS/Atom feed (…)" when it is none.

    A well-formed feed with no entries is an empty list, not an error."""
    # bytes in a stream: feedparser would take a bare string for a URL or a path
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers={"content-location": feed_url, "content-type": "application/xml"}
    )
    entries = list(parsed.get("entries") or [])
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        reason = _one_line(problem) if problem is not None else "no <rss>, <feed> or <rdf:RDF> root element"
        raise InputError(feed_url, f"not an RSS/Atom feed ({reason})", FailureKind.MALFORMED)
    return entries


def _one_line(problem: object) -> str:
    text = " ".join(str(problem).split()) or type(problem).__name__
    return text[:200]


def feed_documents(
    content: bytes,
    feed_url: str,
    settings: Settings,
    *,
    name: str | None = None,
    known: set[str] | None = None,
) -> Iterator[ReadResult]:
    """One document (or failure) per entry of the feed in ``content``.

    ``known``: entry identities whose pages were fetched before (by ``watch``);
    such entries are not fetched again, and every page fetched is added to it.
    """
    try:
        entries = parse_feed(content, feed_url)
    except InputError as err:
        yield IngestFailure(name or feed_url, err.reason, err.kind)
        return
    for number, entry in enumerate(entries, start=1):
        yield from entry_documents(entry, number, feed_url, name or feed_url, settings, known)


def _field(entry: Any, key: str) -> Any:
    # dict.get: feedparser's own get() maps updated_parsed to published_parsed with a warning
    return dict.get(entry, key)


def _text_of(markup: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def _published(entry: Any) -> str | None:
    moment = _field(entry, "published_parsed") or _field(entry, "updated_parsed")
    if not isinstance(moment, time.struct_time):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + "+00:00"  # feedparser gives UTC


def _full_content(entry: Any) -> tuple[str, bool] | None:
    """(markup or text, is_html) of the full article the entry carries, if any."""
    contents = [c for c in (_field(entry, "content") or []) if isinstance(c.get("value"), str) and c["value"].strip()]
    if contents:
        best = max(contents, key=lambda c: len(_text_of(c["value"])))
        return best["value"], (best.get("type") or "text/html").lower() not in _TEXT_TYPES
    summary = _summary(entry)
    if summary and len(_text_of(summary[0])) > FULL_SUMMARY_CHARS:
        return summary
    return None


def _summary(entry: Any) -> tuple[str, bool] | None:
    value = _field(entry, "summary")
    if not isinstance(value, str) or not _text_of(value):
        return None
    detail = _field(entry, "summary_detail") or {}
    return value, (detail.get("type") or "text/html").lower() not in _TEXT_TYPES


def entry_documents(
    entry: Any, number: int, feed_url: str, feed_name: str, settings: Settings, known: set[str] | None = None
) -> Iterator[ReadResult]:
    """The document for one feed entry (the ``number``-th, counting from 1)."""
    link = _field(entry, "link")
    link = link.strip() if isinstance(link, str) else ""
    entry_id = _field(entry, "id")
    entry_id = str(entry_id).strip() if entry_id else ""
    if is_web_url(link):
        identity = canonical_url(link)
    elif link:
        # a feed from anywhere must not make khronika read (or store as a source) a local file
        shown = link if len(link) <= 100 else link[:100] + "…"
        yield IngestFailure(
            f"{feed_name}#{number}",
            f"feed entry {number} links to {shown}: only http(s) links are followed (refused)",
            FailureKind.REFUSED,
        )
        return
    elif entry_id:
        identity = entry_id if ":" in entry_id else f"{feed_url}#id={entry_id}"
    else:
        yield IngestFailure(
            f"{feed_name}#{number}", f"feed entry {number} has neither a link nor an id", FailureKind.MALFORMED
        )
        return
    title = _field(entry, "title")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    published = _published(entry)
    base = RawDocument(
        url=identity,
        input_name=link or identity,
        kind=DocumentKind.HTML,
        content=b"",
        charset="utf-8",
        title=title or None,
        published=published,
        published_source=DateSource.METADATA if published else DateSource.NONE,
        extra={"feed": feed_url},
        canonical_from_page=False,
    )
    full = _full_content(entry)
    if full is not None:
        yield _from_feed(base, *full)
        return
    fetch_failure: IngestFailure | None = None
    if is_web_url(link):
        if known is not None and identity in known:
            return
        page = http_source.read_page(link, settings)
        if isinstance(page, RawDocument):
            if known is not None:
                known.add(identity)
            yield _with_entry_facts(page, base)
            return
        fetch_failure = page
    summary = _summary(entry)
    if summary is not None:
        yield _from_feed(base, *summary)
    elif fetch_failure is not None:
        yield fetch_failure
    else:
        yield IngestFailure(base.input_name, "feed entry has no text and no web link to fetch", FailureKind.EMPTY)


def _from_feed(base: RawDocument, body: str, is_html: bool) -> RawDocument:
    if not is_html:
        return replace(base, kind=DocumentKind.TEXT, content=body.encode("utf-8"))
    title = f"<title>{html.escape(base.title)}</title>" if base.title else ""
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{title}</head><body><article>{body}</article></body></html>'
    )
    return replace(base, content=page.encode("utf-8"))


def _with_entry_facts(page: RawDocument, base: RawDocument) -> RawDocument:
    """The fetched page, with the entry's title and date where the page has none."""
    published, source = None, DateSource.NONE
    if base.published and not _page_has_date(page):
        published, source = base.published, base.published_source
    return replace(
        page,
        title=page.title or base.title,
        published=page.published or published,
        published_source=page.published_source if page.published else source,
        extra={**page.extra, **base.extra},
    )


def _page_has_date(page: RawDocument) -> bool:
    """True when the page's own metadata names its publication moment."""
    if page.kind is not DocumentKind.HTML:
        return False
    try:
        tree = lxml_html.fromstring(page.content)
    except (etree.ParserError, ValueError):
        return False
    return find_publication_date(tree, None, None, None).source is DateSource.METADATA


# -- OPML ----------------------------------------------------------------------------
def opml_feed_urls(content: bytes, base: str) -> list[str]:
    """The feed URLs an OPML document lists (nested outlines too), resolved
    against ``base``. A ``file:`` URL is accepted only from a local OPML file.
    Raises InputError "not an OPML file (…)"."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as err:
        raise InputError(base, f"not an OPML file ({_one_line(err)})") from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise InputError(base, f"not an OPML file (the root element is <{root.tag}>)")
    local = urlsplit(base).scheme == "file"
    found: dict[str, None] = {}
    for outline in root.iter("outline"):
        attributes = {str(key).lower(): str(value) for key, value in outline.attrib.items()}
        target = attributes.get("xmlurl", "").strip()
        if not target:
            continue
        resolved = urljoin(base, target)
        scheme = urlsplit(resolved).scheme.lower()
        if scheme in ("http", "https") or (scheme == "file" and local):
            found.setdefault(resolved, None)
    return list(found)


def opml_documents(
    content: bytes, base: str, settings: Settings, *, name: str | None = None, _depth: int = 0
) -> Iterator[ReadResult]:
    """The documents of every feed an OPML document lists, one feed after another."""
    try:
        feed_urls = opml_feed_urls(content, base)
    except InputError as err:
        yield IngestFailure(name or base, err.reason)
        return
    if not feed_urls:
        yield IngestFailure(name or base, "the OPML lists no feeds (no <outline xmlUrl=…>)")
        return
    for feed_url in feed_urls:
        yield from read_feed_source(feed_url, settings, _depth=_depth + 1)


def local_path(url: str) -> Path:
    """The path of a ``file:`` URL."""
    return Path(url2pathname(urlsplit(url).path))


def read_feed_source(source: str, settings: Settings, *, _depth: int = 0) -> Iterator[ReadResult]:
    """A feed (or OPML) named by an http(s) URL, a ``file:`` URL or a path."""
    nested_ok = _depth <= _MAX_OPML_DEPTH
    if is_web_url(source):
        try:
            result = http_source.fetch(source, settings)
        except InputError as err:
            yield IngestFailure(source, err.reason)
            return
        if http_source.sniff_markup(result.body) == "opml":
            if nested_ok:
                yield from opml_documents(result.body, result.url, settings, name=source, _depth=_depth)
            else:
                yield IngestFailure(source, "OPML lists nested too deep")
            return
        yield from feed_documents(result.body, result.url, settings, name=source)
        return
    path = local_path(source) if source.startswith("file:") else Path(source)
    is_opml = files.sniff_kind(path) == "opml"
    if is_opml and not nested_ok:
        yield IngestFailure(str(path), "OPML lists nested too deep")
        return
    yield from _read_path(path, settings, is_opml, _depth)
