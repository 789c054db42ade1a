"""RawDocument -> Article: text, title, date, language, credits, related links.

HTML goes through trafilatura once: its metadata pass gives the title, site name
and canonical URL; its extraction pass gives the body text; ``dates`` gives the
publication date with its provenance. Plain text takes its first line as the title
only when that line looks like one. Both then pass the same boilerplate rules.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import replace
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement, HTMLParser
from lxml.html import fromstring as parse_html
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url
from trafilatura.settings import Document
from trafilatura.utils import load_html

from khronika.errors import InputError
from khronika.extract.boilerplate import (
    clean_body,
    furniture_key,
    linked_line,
    rules_for,
    split_title_credit,
    teaser_rest,
)
from khronika.extract.dates import find_publication_date, parse_iso_timestamp
from khronika.extract.decode import decode_document
from khronika.extract.language import detect_language
from khronika.extract.titles import text_title
from khronika.records import (
    Article,
    DateSource,
    DocumentKind,
    DroppedLine,
    FailureKind,
    PublicationDate,
    RawDocument,
    RelatedLink,
)
from khronika.text import clean_lines, clean_title, looks_binary, normalise_apostrophes
from khronika.urls import canonical_url, is_web_url, registered_domain

_TOO_DEEP = "HTML nested deeper than 256 elements: not parsed (what lies deeper would be lost)"
_LIBXML_TEXT_LIMIT = 9_000_000  # characters; libxml2 keeps at most 10,000,000 bytes a text node
_MIN_TEXT_CHARS = 20
# The full pass (trafilatura's comparison with readability and jusText) runs where
# the fast pass finds little (a shorter body: on the dev half of trafilatura's
# evaluation pages 400 -> 1000 found 13 more snippets, 55 of 527 pages pay for it)
# or where what it found looks like navigation: many lines and almost no prose.
_FAST_PASS_MIN_CHARS = 1000
_NAVIGATION_MIN_LINES = 10
_NAVIGATION_MAX_PROSE_SHARE = 0.1  # of the characters, in lines of prose
_PROSE_LINE_MIN_CHARS = 80
_PROSE_END = re.compile(r"[.!?…。！？»\"”)]$")
_TEASER_LABEL_MAX = 40  # an element whose own text is longer is prose, not a label
# trafilatura falls back to the host name as site name; the registered domain is better
# C0 controls but tab, newline and CR: no HTML or XML text holds them, and lxml refuses
# to set a text that does (a page's stray \x01 beside a dropped <script> would raise)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DOMAIN_LIKE = re.compile(r"^[\w.-]+\.[a-z]{2,}$", re.I)  # less than this after cleaning is no article


def extract_article(raw: RawDocument) -> Article:
    """Raises InputError naming the input when no article can be made of it.

    A text document is never parsed as HTML: its ``<script>`` is words to keep."""
    if not raw.content.strip():
        raise InputError(raw.input_name, "empty document", FailureKind.EMPTY)
    if looks_binary(raw.content):
        raise InputError(raw.input_name, "binary data, not HTML or text", FailureKind.UNSUPPORTED)
    decoded = decode_document(raw.content, raw.charset, is_html=raw.kind is DocumentKind.HTML)
    if decoded.warnings:  # stored with the article: its text is not quite what the bytes said
        raw = replace(raw, extra={**raw.extra, "decode_warnings": list(decoded.warnings)})
    if raw.kind is not DocumentKind.HTML:
        return _from_text(raw, decoded.text)
    try:
        return _from_html(raw, _CONTROLS.sub("", decoded.text))
    except RecursionError:
        raise InputError(raw.input_name, _TOO_DEEP, FailureKind.MALFORMED) from None
    except InputError:
        if _nested_too_deep(decoded.text):  # libxml2 dropped what lies deeper: say so, not "no text"
            raise InputError(raw.input_name, _TOO_DEEP, FailureKind.MALFORMED) from None
        raise


def _huge_tree(page: str) -> HtmlElement | str:
    """The tree of a page past libxml2's 10 MB text-node limit, which would otherwise
    drop the text (a 50 MB one-line page under a raised --max-bytes); trafilatura's
    parser settings, with huge_tree."""
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    try:
        return parse_html(page, parser=parser)
    except (ValueError, etree.ParserError):
        return page


def _nested_too_deep(page: str) -> bool:
    parser = HTMLParser()
    try:
        parse_html(page, parser=parser)
    except (ValueError, LookupError, etree.ParserError):
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _given_date(raw: RawDocument) -> PublicationDate | None:
    if not raw.published:
        return None
    return parse_iso_timestamp(raw.published, raw.published_source)


def _page_metadata(tree: HtmlElement, url: str) -> Document:
    """Title, canonical URL and site name, the way trafilatura's metadata pass finds
    them (meta tags, then JSON-LD, then the page), without the parts khronika does
    not use (authors, tags, licence) or does itself (the date, in ``dates``)."""
    meta = examine_meta(tree)
    # trafilatura's JSON-LD parser fails on odd JSON; the meta tags then stand
    with suppress(Exception):
        meta = extract_meta_json(tree, meta)
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, url if is_web_url(url) else None)
    meta.sitename = meta.sitename or extract_sitename(tree)
    return meta


def _markup_teasers(tree: HtmlElement) -> list[RelatedLink]:
    """ "Read also" blocks that trafilatura drops before khronika sees the text:
    an element whose own text is a teaser label, and the links beside it."""
    rules = rules_for("und")  # the page's language is not known yet: every language's labels
    found: list[RelatedLink] = []
    for element in tree.iter():
        own = element.text.strip() if element.text and isinstance(element.tag, str) else ""
        if not own or len(own) > _TEASER_LABEL_MAX or teaser_rest(own, rules) is None:
            continue
        container = element if len(element) else element.getparent()
        for anchor in container.iterfind(".//a[@href]") if container is not None else ():
            label = " ".join(anchor.text_content().split())
            if label and teaser_rest(label, rules) is None:
                found.append(RelatedLink(label, anchor.get("href")))
    return found


def _markup_credits(tree: HtmlElement) -> list[str]:
    """Photo credits in the headline (``Title / Фото: EPA``) or a figure caption."""
    rules = rules_for("und")
    found = []
    for element in tree.iterfind(".//h1"):
        credit = rules.title_credit.search(" ".join(element.text_content().split()))
        if credit:
            found.append(credit["credit"].strip())
    for element in tree.iterfind(".//figcaption"):
        credit = rules.line_credit.match(" ".join(element.text_content().split()))
        if credit:
            found.append(credit["credit"].strip())
    return found


def _link_targets(tree: HtmlElement) -> dict[str, str]:
    """Anchor text -> href, to give "read also" teasers their URL back."""
    targets: dict[str, str] = {}
    for anchor in tree.iterfind(".//a[@href]"):
        label = " ".join(anchor.text_content().split())
        if label and len(label) > 12:
            targets.setdefault(label.casefold(), anchor.get("href", ""))
    return targets


def _from_html(raw: RawDocument, page: str) -> Article:
    tree = load_html(_huge_tree(page) if len(page) > _LIBXML_TEXT_LIMIT else page)
    if tree is None:
        raise InputError(raw.input_name, "not parseable as HTML", FailureKind.MALFORMED)
    meta = _page_metadata(tree, raw.url)
    url = raw.url
    if raw.canonical_from_page and meta.url and is_web_url(meta.url):
        url = canonical_url(meta.url)
    targets = _link_targets(tree)
    link_texts = _link_texts(tree)
    teasers = _markup_teasers(tree)
    photo_credits = _markup_credits(tree)
    published = find_publication_date(tree, page, url, _given_date(raw))
    body = _body_text(tree, page, url)
    title_raw = meta.title or raw.title
    lines = clean_lines(body)
    sitename = meta.sitename if meta.sitename and not _DOMAIN_LIKE.match(meta.sitename) else None
    outlet = raw.outlet or sitename or registered_domain(url) or meta.sitename
    return _finish(
        raw, url, title_raw, lines, outlet, published, targets, teasers, photo_credits, link_texts=link_texts
    )


def _link_texts(tree: HtmlElement) -> frozenset[str]:
    """The page's link texts (``furniture_key``): a run of headlines made of them is
    a list of other pages, not the article's own list."""
    return frozenset(key for anchor in tree.iterfind(".//a") if (key := furniture_key(anchor.text_content())))


def looks_like_navigation(text: str) -> bool:
    """Many lines and almost no prose: a menu or a list of links, not an article."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < _NAVIGATION_MIN_LINES:
        return False
    prose = sum(len(line) for line in lines if len(line) >= _PROSE_LINE_MIN_CHARS and _PROSE_END.search(line))
    return prose < _NAVIGATION_MAX_PROSE_SHARE * sum(map(len, lines))


def _body_text(tree: HtmlElement, page: str, url: str) -> str:
    """trafilatura's fast pass (its own extractor only); its full pass, which also
    runs readability and jusText and compares, only where the fast pass finds
    little or what it finds looks like navigation."""
    page_url = url if is_web_url(url) else None
    document = bare_extraction(tree, url=page_url, include_comments=False, with_metadata=False, fast=True)
    text = getattr(document, "text", None) or ""
    if len(text) < _FAST_PASS_MIN_CHARS or looks_like_navigation(text):
        # the fast pass pruned ``tree``: the full pass parses the page anew
        document = bare_extraction(page, url=page_url, include_comments=False, with_metadata=False)
        text = getattr(document, "text", None) or ""
    return str(text)


def _from_text(raw: RawDocument, text: str) -> Article:
    lines = clean_lines(text)
    title, dropped = raw.title, list[DroppedLine]()
    if title is None:
        lang = raw.lang or detect_language(" ".join(lines[:30]))
        raw = replace(raw, lang=lang)
        title, lines, dropped = text_title(lines, lang)
    published = _given_date(raw) or PublicationDate(None, DateSource.NONE)
    outlet = raw.outlet or registered_domain(raw.url)
    return _finish(raw, raw.url, title, lines, outlet, published, {}, dropped=dropped)


def _absolute(base: str, href: str | None) -> str | None:
    return urljoin(base, href) if href else None


def _finish(
    raw: RawDocument,
    url: str,
    title_raw: str | None,
    lines: list[str],
    outlet: str | None,
    published: PublicationDate,
    link_targets: dict[str, str],
    markup_teasers: list[RelatedLink] | None = None,
    markup_credits: list[str] | None = None,
    dropped: list[DroppedLine] | None = None,
    link_texts: frozenset[str] | None = None,
) -> Article:
    """``link_texts``: a page's (its furniture evidence); None for plain text, which has none."""
    lang = raw.lang or detect_language(" ".join([title_raw or "", *lines[:30]]))
    found_credits: list[str] = list(markup_credits or [])
    title = None
    title_text = clean_title(title_raw, markup=raw.kind is DocumentKind.HTML) if title_raw else ""
    if title_text:
        title, credit = split_title_credit(title_text, lang)
        if credit:
            found_credits.append(credit)
    if title and lines:
        # the headline often opens the extracted body too, with or without its credit
        first, credit = split_title_credit(lines[0], lang)
        if first == title:
            lines = lines[1:]
            if credit:
                found_credits.append(credit)
    cleaned = clean_body(lines, lang, linked_line(link_texts)) if link_texts is not None else clean_body(lines, lang)
    text = normalise_apostrophes("\n".join(cleaned.lines))
    if len(text) < _MIN_TEXT_CHARS:
        raise InputError(
            raw.input_name, "no article text found (the page holds only boilerplate or markup)", FailureKind.EMPTY
        )
    related: dict[str, RelatedLink] = {}
    for link in [*cleaned.related, *(markup_teasers or [])]:
        href = _absolute(url, link.url or link_targets.get(link.title.casefold()))
        related.setdefault(link.title.casefold(), RelatedLink(link.title, href))
    return Article(
        url=url,
        input_name=raw.input_name,
        title=normalise_apostrophes(title) if title else None,
        text=text,
        lang=lang,
        outlet=outlet,
        domain=registered_domain(url),
        published=published,
        credits=tuple(dict.fromkeys(found_credits + cleaned.credits)),
        related=tuple(related.values()),
        dropped=(*(dropped or []), *cleaned.dropped),
        http_headers=raw.http_headers,
        extra=raw.extra,
    )
