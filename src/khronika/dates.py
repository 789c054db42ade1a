"""Publication dates with provenance, never invented.

The steps run in order and the first that answers wins:

1. a date given with the document (``--published``, a feed or JSONL field);
2. page metadata that carries a full timestamp (``article:published_time``,
   JSON-LD ``datePublished``, ``<time datetime>``), parsed here so that the time
   and the UTC offset survive;
3. htmldate over the markup only (``extensive_search=False``): date only;
4. a date in the URL path (``/2020/09/14/``);
5. htmldate's search of the page text, after removing copyright lines: htmldate
   falls back to ``YYYY-01-01`` for a bare ``© 2020``, which is not a
   publication date. A time printed next to the date is kept.

Nothing found: the article is stored undated (``DateSource.NONE``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import htmldate
from htmldate.extractors import COMPLETE_URL
from lxml import html as lxml_html
from lxml.etree import ParserError

from khronika.records import DateSource, PublicationDate

_MIN_YEAR = 1990  # older "dates" on news pages are nearly always something else

# meta tags that name the publication moment (lower-cased attribute values)
_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
)
_META_XPATH = "//meta[@content][@property or @name or @itemprop]"
_ISO_TIMESTAMP = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|всі права|все права|all rights reserved", re.I)
HTMLDATE_MARKUP: dict[str, Any] = {"extensive_search": False, "original_date": True}


def parse_iso_timestamp(value: str, source: DateSource) -> PublicationDate | None:
    """Parse ``2020-09-14``, ``2020-09-14T10:32``, ``…:00+03:00`` or ``…Z``."""
    match = _ISO_TIMESTAMP.match(value.strip())
    if not match:
        return None
    day = match["date"]
    try:
        parsed_day = date.fromisoformat(day)
    except ValueError:
        return None
    if parsed_day.year < _MIN_YEAR:
        return None
    if not match["time"]:
        return PublicationDate(day, source)
    clock = match["time"] if len(match["time"]) == 8 else match["time"] + ":00"
    offset = match["tz"]
    if offset == "Z":
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    return PublicationDate(f"{day}T{clock}{offset or ''}", source, True, offset)


def parse_user_date(value: str) -> PublicationDate:
    """A ``--published`` value: an ISO date or timestamp. Raises ValueError."""
    parsed = parse_iso_timestamp(value, DateSource.GIVEN)
    if parsed is None:
        raise ValueError(f"not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[+HH:MM]): {value!r}")
    return parsed


def from_datetime(moment: datetime, source: DateSource) -> PublicationDate:
    stamp = moment.isoformat(timespec="seconds")
    offset = stamp[19:] or None
    return PublicationDate(stamp, source, True, offset)


def _metadata_timestamp(tree: lxml_html.HtmlElement) -> PublicationDate | None:
    for meta in tree.xpath(_META_XPATH):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_NAMES:
            found = parse_iso_timestamp(meta.get("content", ""), DateSource.METADATA)
            if found:
                return found
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        found = _json_ld_date(script)
        if found:
            return found
    for stamp in tree.xpath("//time[@datetime][@pubdate or @itemprop='datePublished']/@datetime"):
        found = parse_iso_timestamp(stamp, DateSource.METADATA)
        if found:
            return found
    return None


def _json_ld_date(script: str) -> PublicationDate | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                found = parse_iso_timestamp(value, DateSource.METADATA)
                if found:
                    return found
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return None


def _valid_day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return value[:10] if parsed.year >= _MIN_YEAR else None


def _url_date(url: str) -> str | None:
    match = COMPLETE_URL.search(url)
    if not match:
        return None
    return _valid_day(f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}")


def _text_date(html_text: str) -> PublicationDate | None:
    try:
        tree = lxml_html.fromstring(html_text)
    except (ParserError, ValueError):
        return None
    for node in tree.xpath("//*[text()]"):
        if node.text and _COPYRIGHT.search(node.text) and node.getparent() is not None:
            node.drop_tree()
    day = _valid_day(htmldate.find_date(tree, extensive_search=True, original_date=True))
    if day is None:
        return None
    clock = _time_beside(html_text, day)
    if clock:
        return PublicationDate(f"{day}T{clock}:00", DateSource.TEXT, True, None)
    return PublicationDate(day, DateSource.TEXT)


def _time_beside(html_text: str, day: str) -> str | None:
    """``HH:MM`` printed right after the day in a common numeric form, if any."""
    year, month, dom = day.split("-")
    forms = (rf"{int(dom):02d}\.{month}\.{year}", rf"{int(dom)}\.{month}\.{year}", day)
    for form in forms:
        match = re.search(rf"{form}[,\s|–-]{{1,4}}(\d{{1,2}}:\d{{2}})", html_text)
        if match:
            hour, minute = match[1].split(":")
            if int(hour) < 24 and int(minute) < 60:
                return f"{int(hour):02d}:{minute}"
    return None


def find_publication_date(
    tree: lxml_html.HtmlElement | None,
    html_text: str | None,
    url: str | None,
    given: PublicationDate | None,
    markup_day: str | None = None,
) -> PublicationDate:
    """``markup_day`` is htmldate's markup-only answer (``_HTMLDATE_MARKUP``), which
    trafilatura's metadata pass computes anyway; computing it twice costs a parse."""
    # steps: see the module docstring; never raises
    if given is not None and given.value:
        return given
    if tree is not None:
        found = _metadata_timestamp(tree)
        if found:
            return found
        day = _valid_day(markup_day)
        if day and day == (_url_date(url) if url else None):
            return PublicationDate(day, DateSource.URL)
        if day:
            return PublicationDate(day, DateSource.METADATA)
    if url and url.startswith(("http://", "https://")):
        day = _url_date(url)
        if day:
            return PublicationDate(day, DateSource.URL)
    if html_text:
        found = _text_date(html_text)
        if found:
            return found
    return PublicationDate(None, DateSource.NONE)
