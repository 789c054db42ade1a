"""Publication dates with provenance, never invented.

The steps run in order and the first that answers wins:

1. a date given with the document (``--published``, a feed or JSONL field);
2. page metadata that carries a full timestamp (``article:published_time``,
   JSON-LD ``datePublished``, ``<time datetime>``), parsed here so that the time
   and the UTC offset survive;
3. a date in the URL path (``/2020/09/14/``), which htmldate too trusts first
   and which costs nothing to read;
4. a ``<time datetime>`` whose own text prints its day, where all such elements
   agree (``<time datetime="2022-01-26">26. Jan 2022</time>``);
5. htmldate over the markup only (``extensive_search=False``): date elements,
   with a time printed beside the date kept;
6. htmldate's search of the page text, after removing copyright lines: htmldate
   falls back to ``YYYY-01-01`` for a bare ``© 2020``, which is not a
   publication date. A time printed next to the date is kept;
7. last, htmldate's search of the whole page as it is, where it names a day that
   is not a bare year's ``YYYY-01-01``.

Step 2's and step 4's day, for a timestamp in UTC, is the local day the page shows
(``extract.local_day``). Step 3 also reads ``/20200428/`` in a path.

Nothing found: the article is stored undated (``DateSource.NONE``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import htmldate
from htmldate.extractors import COMPLETE_URL
from lxml import html as lxml_html
from lxml.etree import ParserError

from khronika.errors import UsageError
from khronika.extract.local_day import local_day, printed_clock
from khronika.extract.local_day import printed_dates as _printed_dates
from khronika.records import DateSource, PublicationDate
from khronika.rules import RULE_LANGUAGES, load_rules

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
    r"(?:[T ](?P<time>\d{2}:\d{2})(?::(?P<sec>\d{1,2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|всі права|все права|all rights reserved", re.I)
HTMLDATE_MARKUP: dict[str, Any] = {"extensive_search": False, "original_date": True}
_NO_URL = "about:blank"
_COMPACT_URL_DATE = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_iso_timestamp(value: str, source: DateSource) -> PublicationDate | None:
    """Parse ``2020-09-14``, ``2020-09-14T10:32``, ``…:00+03:00`` or ``…Z``."""
    match = _ISO_TIMESTAMP.match(value.strip())
    if not match:
        return None
    day = match["date"]
    if match["sec"] and int(match["sec"]) > 59:
        return None
    try:
        parsed_day = date.fromisoformat(day)
    except ValueError:
        return None
    if parsed_day.year < _MIN_YEAR:
        return None
    if not match["time"]:
        return PublicationDate(day, source)
    clock = f"{match['time']}:{int(match['sec'] or 0):02d}"  # ``23:15:0Z`` too
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


def parse_published(value: str | None) -> PublicationDate | None:
    """The ``--published`` option of ``ingest`` and ``analyze``: None, or a date that
    ``parse_user_date`` reads. Raises UsageError naming the option."""
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except ValueError as err:
        raise UsageError(f"--published: {err}") from None


def from_datetime(moment: datetime, source: DateSource) -> PublicationDate:
    stamp = moment.isoformat(timespec="seconds")
    offset = stamp[19:] or None
    return PublicationDate(stamp, source, True, offset)


def _metadata_timestamps(tree: lxml_html.HtmlElement) -> Iterator[PublicationDate]:
    """Step 2's timestamps, in the order they are trusted."""
    for meta in tree.xpath(_META_XPATH):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_NAMES and (found := parse_iso_timestamp(meta.get("content", ""), DateSource.METADATA)):
            yield found
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        if found := _json_ld_date(script):
            yield found
    # microdata on any element (``<p itemprop="datePublished" content="2022-01-14 10:31:00">``)
    for stamp in tree.xpath("//*[@itemprop='datePublished'][not(self::meta)]/@content"):
        if found := parse_iso_timestamp(stamp, DateSource.METADATA):
            yield found
    for stamp in tree.xpath("//time[@datetime][@pubdate or @itemprop='datePublished']/@datetime"):
        if found := parse_iso_timestamp(stamp, DateSource.METADATA):
            yield found


def _metadata_timestamp(tree: lxml_html.HtmlElement, html_text: str) -> PublicationDate | None:
    """Step 2: the first timestamp, at the local day the page shows (``local_day``)."""
    found = next(_metadata_timestamps(tree), None)
    return local_day(found, tree, html_text) if found else None


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
    if match:
        return _valid_day(f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}")
    compact = _COMPACT_URL_DATE.search(url)  # thelocal.se/20200428/…
    return _valid_day(f"{compact[1]}-{compact[2]}-{compact[3]}") if compact else None


def _text_date(html_text: str) -> PublicationDate | None:
    try:
        # lxml refuses a str that still declares its encoding (``<?xml … encoding=…?>``)
        tree = lxml_html.fromstring(_XML_DECLARATION.sub("", html_text, count=1))
    except (ParserError, ValueError):
        return None
    if not isinstance(tree.tag, str):  # a page that is one comment (``</html><body><!``: make fuzz)
        return None
    for node in tree.xpath("//script|//style|//*[text()]"):
        is_code = node.tag in ("script", "style")
        if (is_code or (node.text and _COPYRIGHT.search(node.text))) and node.getparent() is not None:
            node.drop_tree()
    text = " ".join(" ".join(tree.itertext()).split())
    day = _valid_day(_htmldate(tree, url=_NO_URL, extensive_search=True, original_date=True))
    # htmldate turns a bare year into YYYY-01-01: keep its answer only when the
    # page prints that very day
    if day and any(found == day for found, _ in _printed_dates(text)):
        clock = _time_beside(text, day)
        if clock:
            return PublicationDate(f"{day}T{clock}:00", DateSource.TEXT, True, None)
        return PublicationDate(day, DateSource.TEXT)
    return _dateline(text)


def _dateline(text: str) -> PublicationDate | None:
    """A printed date that reads as the article's own: followed by a time, or
    preceded by a word such as "Published" / "Опубліковано"."""
    cues = [cue for lang in RULE_LANGUAGES for cue in load_rules(lang, "months").get("published_cues", [])]
    for day, match in _printed_dates(text):
        if _valid_day(day) is None:
            continue
        clock = printed_clock(text, match)
        if clock:
            return PublicationDate(f"{day}T{clock[0]:02d}:{clock[1]:02d}:00", DateSource.TEXT, True, None)
        before = text[max(0, match.start() - 30) : match.start()].casefold()
        if any(cue in before for cue in cues):
            return PublicationDate(day, DateSource.TEXT)
    return None


def _time_beside(text: str, day: str) -> str | None:
    """``HH:MM`` printed right after the day, if any."""
    for found, match in _printed_dates(text):
        clock = printed_clock(text, match) if found == day else None
        if clock:
            return f"{clock[0]:02d}:{clock[1]:02d}"
    return None


def find_publication_date(
    tree: lxml_html.HtmlElement | None,
    html_text: str | None,
    url: str | None,
    given: PublicationDate | None,
) -> PublicationDate:
    """Run the numbered steps of the module docstring; never raises."""
    if given is not None and given.value:
        return given
    found = _metadata_timestamp(tree, html_text or "") if tree is not None else None
    if found:
        return found
    day = _url_date(url) if url and url.startswith(("http://", "https://")) else None
    if day:
        return PublicationDate(day, DateSource.URL)
    found = _shown_time(tree, html_text or "") if tree is not None else None
    if found:
        return found
    if tree is not None:
        # url=_NO_URL: htmldate would look at the URL again (step 3)
        day = _valid_day(_htmldate(tree, url=_NO_URL, **HTMLDATE_MARKUP))
        if day:
            clock = _time_beside(" ".join(" ".join(tree.itertext()).split()), day)
            if clock:
                return PublicationDate(f"{day}T{clock}:00", DateSource.METADATA, True, None)
            return PublicationDate(day, DateSource.METADATA)
    if html_text:
        found = _text_date(html_text)
        if found:
            return found
        found = _last_resort(html_text, url)
        if found:
            return found
    return PublicationDate(None, DateSource.NONE)


def _shown_time(tree: lxml_html.HtmlElement, html_text: str) -> PublicationDate | None:
    """The ``<time datetime>`` whose own text prints its day (``<time
    datetime="2022-01-26">26. Jan 2022</time>``): a dateline the page shows, where
    every such element shows that day (several days: a list of other stories)."""
    shown: list[PublicationDate] = []
    for element in tree.xpath("//body//time[@datetime]"):
        found = parse_iso_timestamp(element.get("datetime", ""), DateSource.METADATA)
        text = " ".join(element.text_content().split())
        if found and found.day and any(day == found.day for day, _ in _printed_dates(text)):
            shown.append(found)
    if not shown or len({found.day for found in shown}) > 1:
        return None
    return local_day(shown[0], tree, html_text)


def _htmldate(document: Any, **options: Any) -> str | None:
    """``htmldate.find_date``, or None where it chokes on a page (a ``<script>`` at the
    root of the tree fails an assertion in lxml's ``drop_tree``: found by make fuzz)."""
    try:
        found = htmldate.find_date(document, **options)
    except Exception:  # one page htmldate cannot read is left undated by it, never a crash
        return None
    return str(found) if found else None


def _last_resort(html_text: str, url: str | None) -> PublicationDate | None:
    """Step 7: htmldate's own search of the whole page (its URL too), where it names
    a day: a bare year it turns into ``YYYY-01-01`` is no day, so that is refused."""
    found = _htmldate(
        _XML_DECLARATION.sub("", html_text, count=1), url=url or _NO_URL, extensive_search=True, original_date=True
    )
    day = _valid_day(found)
    return PublicationDate(day, DateSource.TEXT) if day and not day.endswith("-01-01") else None
