"""Publication dates with provenance, never invented.

The steps run in order and the first that answers wins:

1. a date given with the document (``--published``, a feed or JSONL field);
2. page metadata that carries a full timestamp (``article:published_time``,
   JSON-LD ``datePublished``, ``<time datetime>``), parsed here so that the time
   and the UTC offset survive;
3. a date in the URL path (``/2020/09/14/``), which htmldate too trusts first
   and which costs nothing to read;
4. htmldate over the markup only (``extensive_search=False``): date elements,
   with a time printed beside the date kept;
5. htmldate's search of the page text, after removing copyright lines: htmldate
   falls back to ``YYYY-01-01`` for a bare ``© 2020``, which is not a
   publication date. A time printed next to the date is kept;
6. last, htmldate's search of the whole page as it is, where it names a day that
   is not a bare year's ``YYYY-01-01``.

Step 2's day, for a timestamp in UTC, is the day the page prints where the
timestamp's own day is not printed but exactly one day beside it is (a UTC
timestamp of the early hours on an American page). Step 3 also reads ``/20200428/`` in a path.

Nothing found: the article is stored undated (``DateSource.NONE``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from typing import Any

import htmldate
from htmldate.extractors import COMPLETE_URL
from lxml import html as lxml_html
from lxml.etree import ParserError

from khronika.errors import UsageError
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
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|всі права|все права|all rights reserved", re.I)
HTMLDATE_MARKUP: dict[str, Any] = {"extensive_search": False, "original_date": True}
_NO_URL = "about:blank"
_COMPACT_URL_DATE = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CLOCK_AFTER = re.compile(r"[,\s|–-]{1,4}(?:[àa]\s+|в\s+|о\s+|at\s+)?(\d{1,2})[:h](\d{2})\b")


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


@cache
def _month_regex() -> str:
    """One group per month (m1 … m12) holding the month stems of every language."""
    stems: list[list[str]] = [[] for _ in range(12)]
    for lang in RULE_LANGUAGES:
        for index, stem in enumerate(load_rules(lang, "months").get("stems", [])):
            stems[index].append(stem)
    return "(?:" + "|".join(f"(?P<m{n + 1}>{'|'.join(forms)})" for n, forms in enumerate(stems)) + r")\w*\.?"


@cache
def _written_date_patterns() -> tuple[re.Pattern[str], ...]:
    months = _month_regex()
    year = r"(?P<y>(?:19|20)\d{2})"
    return (
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:-?го|er|º)?\.?\s+(?:de\s+)?{months},?\s+(?:de\s+|del\s+)?{year}", re.I),
        re.compile(rf"\b{months}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}", re.I),
        re.compile(r"\b(?P<d>\d{1,2})[./](?P<mn>\d{1,2})[./](?P<y>(?:19|20)\d{2})\b"),
        re.compile(r"\b(?P<d>\d{1,2})\s*\|\s*(?P<mn>\d{1,2})\s*\|\s*(?P<y>(?:19|20)\d{2})\b"),  # 26 | 01 | 2022
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<yy>\d{2})(?![\d.])"),  # 8.5.12
        re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<mn>\d{2})-(?P<d>\d{2})\b"),
    )


def _printed_dates(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Every full date printed in ``text`` (numeric or with a month name), as ISO."""
    for pattern in _written_date_patterns():
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = groups.get("mn") or next(
                (key[1:] for key, value in groups.items() if key[1:].isdigit() and value), None
            )
            year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
            try:
                found = date(year, int(month or 0), int(match["d"]))
            except ValueError:
                continue
            yield found.isoformat(), match


def _dateline(text: str) -> PublicationDate | None:
    """A printed date that reads as the article's own: followed by a time, or
    preceded by a word such as "Published" / "Опубліковано"."""
    cues = [cue for lang in RULE_LANGUAGES for cue in load_rules(lang, "months").get("published_cues", [])]
    for day, match in _printed_dates(text):
        if _valid_day(day) is None:
            continue
        after = _CLOCK_AFTER.match(text, match.end())
        if after and int(after[1]) < 24 and int(after[2]) < 60:
            return PublicationDate(f"{day}T{int(after[1]):02d}:{after[2]}:00", DateSource.TEXT, True, None)
        before = text[max(0, match.start() - 30) : match.start()].casefold()
        if any(cue in before for cue in cues):
            return PublicationDate(day, DateSource.TEXT)
    return None


def _time_beside(text: str, day: str) -> str | None:
    """``HH:MM`` printed right after the day, if any."""
    for found, match in _printed_dates(text):
        after = _CLOCK_AFTER.match(text, match.end()) if found == day else None
        if after and int(after[1]) < 24 and int(after[2]) < 60:
            return f"{int(after[1]):02d}:{after[2]}"
    return None


def _visible_text(tree: lxml_html.HtmlElement) -> str:
    nodes = tree.xpath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")
    return " ".join(" ".join(str(node) for node in nodes).split())


def _utc(found: PublicationDate) -> bool:
    return found.has_time and (found.utc_offset in ("+00:00", "Z", "+0000") or (found.value or "").endswith("Z"))


def _printed_local_day(found: PublicationDate, tree: lxml_html.HtmlElement) -> PublicationDate:
    """Step 2's day as the page shows it: a timestamp in UTC from the early hours is
    the day before in the Americas (``2023-11-09T01:49:09+00:00`` on a page of 8
    November), so where the page prints not the timestamp's day but exactly one day
    beside it, that day wins. Else the timestamp stands."""
    day = found.day
    if day is None or not _utc(found):
        return found  # a local timestamp says its local day
    printed = {printed_day for printed_day, _ in _printed_dates(_visible_text(tree))}
    if not printed:
        return found
    moment = date.fromisoformat(day)
    before, after = (date.fromordinal(moment.toordinal() + step).isoformat() for step in (-1, 1))
    if day in printed:
        return found
    beside = [other for other in (before, after) if other in printed]
    return PublicationDate(beside[0], found.source) if len(beside) == 1 else found


def find_publication_date(
    tree: lxml_html.HtmlElement | None,
    html_text: str | None,
    url: str | None,
    given: PublicationDate | None,
) -> PublicationDate:
    """Run the numbered steps of the module docstring; never raises."""
    if given is not None and given.value:
        return given
    found = _metadata_timestamp(tree) if tree is not None else None
    if found and tree is not None:
        return _printed_local_day(found, tree)
    day = _url_date(url) if url and url.startswith(("http://", "https://")) else None
    if day:
        return PublicationDate(day, DateSource.URL)
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


def _htmldate(document: Any, **options: Any) -> str | None:
    """``htmldate.find_date``, or None where it chokes on a page (a ``<script>`` at the
    root of the tree fails an assertion in lxml's ``drop_tree``: found by make fuzz)."""
    try:
        found = htmldate.find_date(document, **options)
    except Exception:  # one page htmldate cannot read is left undated by it, never a crash
        return None
    return str(found) if found else None


def _last_resort(html_text: str, url: str | None) -> PublicationDate | None:
    """Step 6: htmldate's own search of the whole page (its URL too), where it names
    a day: a bare year it turns into ``YYYY-01-01`` is no day, so that is refused."""
    found = _htmldate(
        _XML_DECLARATION.sub("", html_text, count=1), url=url or _NO_URL, extensive_search=True, original_date=True
    )
    day = _valid_day(found)
    return PublicationDate(day, DateSource.TEXT) if day and not day.endswith("-01-01") else None
