"""Dates a page prints, and the local day of a UTC timestamp.

``printed_dates`` reads every full date printed in a text (``8 November 2023``,
``26.01.2022``, ``26 | 01 | 2022``, ``8.5.12``, ``2022-01-26``) in the month names of
every rule language.

``local_day``: a timestamp in UTC names the UTC day, not always the day the page
shows (``2023-11-09T01:49:09+00:00`` on an American page of 8 November). In order:

1. the same moment written in local time elsewhere in the page (a timestamp with a
   non-zero offset, a timestamp without one, or a printed date with its clock:
   ``19.10.2019, 05:00 Uhr`` beside ``2019-10-19T03:00:00Z``) names the local day;
2. else, where the page prints not the timestamp's day but exactly one day beside
   it, and a real offset (-10 h to +14 h) can reach that day from the timestamp's
   hour, that day wins;
3. else the timestamp stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from lxml import html as lxml_html

from khronika.records import PublicationDate
from khronika.rules import RULE_LANGUAGES, load_rules

CLOCK_AFTER = re.compile(r"[,\s|–-]{1,4}(?:[àa]\s+|в\s+|о\s+|at\s+|um\s+)?(\d{1,2})[:h](\d{2})(?!\d)")
_MERIDIEM = re.compile(r"\s*([ap])\.?\s?m\b\.?", re.I)
_STAMP_IN_PAGE = re.compile(
    r"((?:19|20)\d{2}-[01]\d-[0-3]\d)[T ]([0-2]\d):([0-5]\d)(?::([0-5]\d))?(?:\.\d+)?\s*(Z|[+-][01]\d:?[0-5]\d)?"
)
_WEST_HOURS = 10  # the day before is in reach from a UTC hour below this (offsets down to -10 h)
_EAST_HOURS = 14  # the day after, from a UTC hour of 24 - 14 or later (offsets up to +14 h)
_MAX_OFFSET = timedelta(hours=14)
_PAGE_CHARS = 2_000_000


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


def printed_dates(text: str) -> Iterator[tuple[str, re.Match[str]]]:
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


def printed_clock(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """(hour, minute) printed right after a printed date, if any."""
    after = CLOCK_AFTER.match(text, match.end())
    if not after or int(after[1]) > 23 or int(after[2]) > 59:
        return None
    hour, half = int(after[1]), _MERIDIEM.match(text, after.end())
    if half and hour <= 12:  # ``at 11:30 p.m.``
        hour = hour % 12 + (12 if half[1].casefold() == "p" else 0)
    return hour, int(after[2])


def visible_text(tree: lxml_html.HtmlElement) -> str:
    nodes = tree.xpath("//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]")
    return " ".join(" ".join(str(node) for node in nodes).split())


def is_utc(found: PublicationDate) -> bool:
    return found.has_time and (found.utc_offset in ("+00:00", "Z", "+0000") or (found.value or "").endswith("Z"))


def _moment(found: PublicationDate) -> datetime | None:
    try:
        return datetime.fromisoformat((found.value or "")[:19])  # naive, in UTC
    except ValueError:
        return None


def _local_stamps(html_text: str, text: str) -> Iterator[tuple[datetime, timedelta | None, bool]]:
    """(local clock reading, its UTC offset or None, whether it has seconds) of every
    timestamp in the markup and every date printed with its clock."""
    for match in _STAMP_IN_PAGE.finditer(html_text[:_PAGE_CHARS]):
        day, hour, minute, second, zone = match.groups()
        try:
            clock = datetime.fromisoformat(f"{day}T{hour}:{minute}:{second or '00'}")
        except ValueError:
            continue
        offset = None
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            offset = sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
        elif zone == "Z":
            offset = timedelta(0)
        yield clock, offset, second is not None
    for day, match in printed_dates(text):
        clock_read = printed_clock(text, match)
        if clock_read:
            yield datetime.fromisoformat(day).replace(hour=clock_read[0], minute=clock_read[1]), None, False


def _same_moment_day(moment: datetime, html_text: str, text: str) -> str | None:
    """The day of the same moment written in local time elsewhere in the page: with
    its offset, the same instant; without one, a clock reading a whole number of
    quarter hours (of hours, where it gives no seconds) away, at most 14 h."""
    for clock, offset, has_seconds in _local_stamps(html_text, text):
        if offset is not None:
            if offset and clock - offset == moment:
                return clock.date().isoformat()
            continue
        shift = clock - (moment if has_seconds else moment.replace(second=0))
        step = timedelta(minutes=15) if has_seconds else timedelta(hours=1)
        if shift and abs(shift) <= _MAX_OFFSET and not shift % step:
            return clock.date().isoformat()
    return None


def local_day(found: PublicationDate, tree: lxml_html.HtmlElement, html_text: str = "") -> PublicationDate:
    """Steps 1-3 of the module docstring for a timestamp found in the page."""
    day = found.day
    moment = _moment(found)
    if day is None or moment is None or not is_utc(found):
        return found  # a local timestamp says its local day
    text = visible_text(tree)
    same = _same_moment_day(moment, html_text, text)
    if same is not None:
        return found if same == day else PublicationDate(same, found.source)
    printed = {printed_day for printed_day, _ in printed_dates(text)}
    if not printed or day in printed:
        return found
    reach = [
        (moment - timedelta(days=1)).date().isoformat() if moment.hour < _WEST_HOURS else None,
        (moment + timedelta(days=1)).date().isoformat() if moment.hour >= 24 - _EAST_HOURS else None,
    ]
    beside = [other for other in reach if other and other in printed]
    return PublicationDate(beside[0], found.source) if len(beside) == 1 else found
