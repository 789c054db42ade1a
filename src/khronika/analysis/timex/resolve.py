"""Calendar arithmetic for the time tagger: from what an expression says to a value.

Every function here is pure and works on ``datetime.date``; ``published`` is the
article's publication day or ``None`` (then relative expressions get no value and
dates without a year get the year-less ISO 8601 form ``--MM-DD``).

The year rule: a date that names no year takes the latest year that puts it at
most ``FUTURE_GRACE_DAYS`` after publication. News reports the past and announces
the near future, so ``30 грудня`` in an article of 2021-01-03 is 2020-12-30, while
``5 січня`` is 2021-01-05 and ``20 січня`` is 2020-01-20.

The readers below (``INTERPRETERS``, one per kind of expression) turn a match of
a ``timex_patterns.Grammar`` pattern into a ``Reading``: the value, granularity,
anchor and approximation of what it says.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from khronika.analysis.timex.patterns import Grammar, normalise_phrase
from khronika.records import TimeAnchor, TimeGranularity, TimeRange

FUTURE_GRACE_DAYS = 7
_YEARS_BACK = 8  # 29 February may need up to eight years to find a leap year

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CYRILLIC_ROMAN = str.maketrans({"І": "I", "Х": "X", "С": "C", "Ι": "I"})


def iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or None where the day does not exist (31 June, 29 Feb 2021)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def day_exists(month: int, day: int) -> bool:
    """True where some year has this day (29 February does, 31 April does not)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def year_of_day(month: int, day: int, published: date) -> int | None:
    """The latest year that puts ``day.month`` at most a week after publication."""
    latest = published + timedelta(days=FUTURE_GRACE_DAYS)
    for year in range(latest.year, latest.year - _YEARS_BACK - 1, -1):
        if iso_day(year, month, day) and date(year, month, day) <= latest:
            return year
    return None


def year_of_month(month: int, published: date) -> int:
    """The latest year whose ``month`` starts at most a week after publication."""
    latest = published + timedelta(days=FUTURE_GRACE_DAYS)
    return latest.year if date(latest.year, month, 1) <= latest else latest.year - 1


def day_month_value(month: int, day: int, published: date | None) -> str | None:
    """A year-less day resolved by the year rule, or ``--MM-DD`` without a publication date."""
    if not day_exists(month, day):
        return None
    if published is None:
        return f"--{month:02d}-{day:02d}"
    year = year_of_day(month, day, published)
    return iso_day(year, month, day) if year is not None else None


def month_value(month: int, published: date | None) -> str:
    if published is None:
        return f"--{month:02d}"
    return f"{year_of_month(month, published):04d}-{month:02d}"


def shifted_month(published: date, months: int) -> str:
    """The month ``months`` away from the publication month, as ``YYYY-MM``."""
    index = published.year * 12 + published.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shifted_day(published: date, days: int) -> str:
    return (published + timedelta(days=days)).isoformat()


def weekday_value(weekday: int, direction: int, published: date) -> str:
    """The date of ``weekday`` (0 = Monday) near publication.

    ``direction`` -1 (``минулої п'ятниці``, ``last Friday``): the latest such day
    strictly before publication; +1 (``наступного понеділка``): the first strictly
    after; 0 (``у понеділок``, ``on Monday``): the latest on or before publication,
    since news mostly reports what has happened this week.
    """
    back = (published.weekday() - weekday) % 7
    if direction < 0:
        return (published - timedelta(days=back or 7)).isoformat()
    if direction > 0:
        ahead = (weekday - published.weekday()) % 7
        return (published + timedelta(days=ahead or 7)).isoformat()
    return (published - timedelta(days=back)).isoformat()


def two_digit_year(value: int, published: date | None) -> int:
    """``15`` of ``18.12.15``: the latest such year up to a year after publication
    (without a publication date: 1950–2049, the usual pivot)."""
    if published is None:
        return 2000 + value if value < 50 else 1900 + value
    reference = published.year + 1
    return reference - (reference - value) % 100


def decade_range(text: str, published: date | None) -> TimeRange | None:
    """``1990``, ``90`` or ``'90`` (of ``1990-х``, ``the 1990s``) as a ten-year range.

    Two digits name the latest decade that ended before publication (before 2000
    without one): ``20-х років`` in a history piece of 2023 is the 1920s.
    """
    digits = text.strip("'’")
    if not digits.isdigit():
        return None
    start = int(digits)
    if len(digits) == 2:
        reference = published.year if published else 2000
        start = reference - 10 - (reference - 10 - start) % 100
    return TimeRange(f"{start:04d}", f"{start + 9:04d}")


def roman_to_int(numeral: str) -> int | None:
    """``XIX`` (Latin or Cyrillic letters, as Ukrainian texts mix them) to 19; None if not Roman."""
    letters = numeral.upper().translate(_CYRILLIC_ROMAN)
    if not letters or any(letter not in _ROMAN for letter in letters):
        return None
    total = 0
    for current, following in zip(letters, [*letters[1:], ""], strict=True):
        value = _ROMAN[current]
        total += -value if following and _ROMAN[following] > value else value
    return total if 0 < total <= 30 else None


def century_range(century: int) -> TimeRange:
    """The 20th century is 1901–2000, as centuries are counted."""
    return TimeRange(f"{(century - 1) * 100 + 1:04d}", f"{century * 100:04d}")


# -- reading a match ------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one match means: the fields of a TimeExpression besides its place."""

    value: str | TimeRange | None
    granularity: TimeGranularity
    approximate: bool = False
    anchor: TimeAnchor = TimeAnchor.PUBLICATION
    ruled: bool = False  # the year came from the year rule, not from the text


Interpreter = Callable[[re.Match[str], Grammar, "date | None", str], "Reading | None"]
_DAY, _MONTH, _YEAR = TimeGranularity.DAY, TimeGranularity.MONTH, TimeGranularity.YEAR
_EXPLICIT, _PUBLICATION = TimeAnchor.EXPLICIT, TimeAnchor.PUBLICATION
_PREVIOUS_WORD = re.compile(r"([\w'’-]+)[^\S\n]*\Z")
_DIGITS = re.compile(r"\d+")


def previous_word(text: str, start: int) -> str:
    """The word just before ``start`` on the same line, normalised ('' if none)."""
    found = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    return normalise_phrase(found.group(1)) if found else ""


def group(match: re.Match[str], name: str) -> str | None:
    """A named group's text; None where it did not match or the language has no such group."""
    return match.group(name) if name in match.re.groupindex else None


def _int(text: str) -> int:
    found = _DIGITS.search(text)
    return int(found.group()) if found else 0


def _month(grammar: Grammar, match: re.Match[str], name: str) -> int:
    return grammar.months.get(normalise_phrase(match.group(name)), 0)


def _year(match: re.Match[str], kind: str, grammar: Grammar, published: date | None) -> tuple[int | None, bool]:
    """The year that follows a day or month (``2020 року``, ``минулого року``); True if named."""
    named, relative = group(match, kind + "_y"), group(match, kind + "_r")
    if named:
        return int(named), True
    if relative and published:
        return published.year + grammar.relative_years.get(normalise_phrase(relative), 0), False
    return None, False


def _day_of_month(
    match: re.Match[str], grammar: Grammar, published: date | None, kind: str, month: int, day: int
) -> Reading | None:
    year, named = _year(match, kind, grammar, published)
    relative = group(match, kind + "_r")
    value = iso_day(year, month, day) if year is not None else day_month_value(month, day, published)
    if value and year is None and relative:  # "9 серпня минулого року", no publication date
        value = f"--{month:02d}-{day:02d}"
    ruled = year is None and not relative and published is not None
    return Reading(value, _DAY, anchor=_EXPLICIT if named else _PUBLICATION, ruled=ruled) if value else None


def read_day_month(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``9 серпня``, ``9 серпня 2020 року``, ``August 9, 2020``, ``в ніч на 10 серпня``."""
    return _day_of_month(
        match, grammar, published, kind, _month(grammar, match, kind + "_m"), _int(match.group(kind + "_d"))
    )


def read_day_range(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``з 9 по 11 серпня``, ``9–11 August``, ``30 грудня – 2 січня`` (its start in the year before)."""
    end_month = _month(grammar, match, kind + "_m")
    start_month = _month(grammar, match, kind + "_m1") if group(match, kind + "_m1") else end_month
    first, last = _int(match.group(kind + "_d1")), _int(match.group(kind + "_d2"))
    end = _day_of_month(match, grammar, published, kind, end_month, last)
    if end is None or not isinstance(end.value, str) or (start_month == end_month and first >= last):
        return None
    if end.ruled and published:  # no year named: the rule places the start, the end follows it
        year = year_of_day(start_month, first, published)
        end_value = iso_day(year + (start_month > end_month), end_month, last) if year else None
        start_value = iso_day(year, start_month, first) if year else None
        return Reading(TimeRange(start_value, end_value), _DAY) if start_value and end_value else None
    if end.value.startswith("--"):
        start: str | None = f"--{start_month:02d}-{first:02d}" if day_exists(start_month, first) else None
    else:
        start = iso_day(int(end.value[:4]) - (start_month > end_month), start_month, first)
    return Reading(TimeRange(start, end.value), _DAY, anchor=end.anchor) if start else None


def read_numeric(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``14.09.2020``, ``18.12.15``, ``2020-09-14``, ``9/14/2020`` (month first in English)."""
    if kind == "iso":
        year, month, day = (int(match.group(name)) for name in ("iso_y", "iso_m", "iso_d"))
    else:
        day, month = int(match.group("num_a")), int(match.group("num_b"))
        if match.group("num_s") == "/" and ((grammar.month_first and day <= 12) or month > 12):
            day, month = month, day
        raw_year = match.group("num_y")
        year = int(raw_year) if len(raw_year) == 4 else two_digit_year(int(raw_year), published)
    value = iso_day(year, month, day)
    return Reading(value, _DAY, anchor=_EXPLICIT) if value and 1000 <= year <= 2099 else None


def read_month(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``у березні``, ``березні 2014 року``, ``березні минулого року``, ``early August``."""
    month = _month(grammar, match, "my_m")
    year, named = _year(match, "my", grammar, published)
    edge, relative = group(match, "my_e"), group(match, "my_r")
    ambiguous = normalise_phrase(match.group("my_m")) in grammar.ambiguous_months
    if (
        ambiguous
        and not (named or relative or edge)
        and previous_word(match.string, match.start()) not in grammar.month_context
    ):
        return None
    value = f"{year:04d}-{month:02d}" if year is not None else month_value(month, None if relative else published)
    ruled = year is None and not relative and published is not None
    return Reading(value, _MONTH, approximate=bool(edge), anchor=_EXPLICIT if named else _PUBLICATION, ruled=ruled)


def read_year(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``2019 року``, ``2006-му``, ``in 2019``, ``кінця 2016 року``, ``навесні 2008 року``."""
    edge = group(match, "yr_e")
    marked = group(match, "yr_s") or group(match, "yr_w") or edge
    if not marked and previous_word(match.string, match.start()) not in grammar.year_prepositions:
        return None
    return Reading(match.group("yr_y"), _YEAR, approximate=bool(edge), anchor=_EXPLICIT)


def read_year_range(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    first, last = match.group("yrng_a"), match.group("yrng_b")
    return Reading(TimeRange(first, last), _YEAR, anchor=_EXPLICIT) if first < last else None


def _placeholder(match: re.Match[str], prefix: str) -> str | None:
    """The first ``dec_v<n>`` / ``cen_<r|o><n>`` group that matched (one per template)."""
    return next((value for name, value in match.groupdict().items() if value and name.startswith(prefix)), None)


def read_decade(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    digits = _placeholder(match, "dec_v")
    span = decade_range(digits, published) if digits else None
    return Reading(span, _YEAR, approximate=True, anchor=_EXPLICIT) if span else None


def read_century(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    numeral = _placeholder(match, "cen_") or ""
    century = int(numeral) if numeral.isdigit() else roman_to_int(numeral)
    if not century or century > 30:
        return None
    return Reading(century_range(century), _YEAR, approximate=True, anchor=_EXPLICIT)


def read_relative(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``торік``, ``минулого місяця``, ``вчора``, ``yesterday evening``."""
    phrase = normalise_phrase(match.group(kind + "_p"))
    if kind == "ry":
        value = f"{published.year + grammar.relative_years.get(phrase, 0):04d}" if published else None
        return Reading(value, _YEAR, approximate=bool(group(match, "ry_e")))
    if kind == "rm":
        return Reading(shifted_month(published, grammar.relative_months.get(phrase, 0)) if published else None, _MONTH)
    if phrase in grammar.needs_day_part and not group(match, "rd_part"):
        return None
    if previous_word(match.string, match.start()) in grammar.not_after.get(phrase, frozenset()):
        return None
    return Reading(shifted_day(published, grammar.relative_days.get(phrase, 0)) if published else None, _DAY)


def read_weekday(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``у понеділок``, ``минулої п'ятниці``, ``on Tuesday``, ``el lunes pasado``."""
    weekday = grammar.weekdays[normalise_phrase(match.group("wd_d"))]
    modifier = group(match, "wd_mod") or group(match, "wd_post")
    if (
        modifier is None
        and grammar.weekday_context
        and previous_word(match.string, match.start()) not in grammar.weekday_context
    ):
        return None
    direction = grammar.weekday_modifiers.get(normalise_phrase(modifier), 0) if modifier else 0
    return Reading(weekday_value(weekday, direction, published) if published else None, _DAY)


_UNIT_GRANULARITY = {"day": _DAY, "week": _DAY, "month": _MONTH, "year": _YEAR, "decade": _YEAR, "century": _YEAR}


def read_ago(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``три дні тому`` (a day), ``два роки тому`` (a year, approximate), ``a few weeks ago`` (no value)."""
    unit = grammar.units.get(normalise_phrase(match.group("ago_u")), "day")
    granularity = _UNIT_GRANULARITY.get(unit, _DAY)
    raw = normalise_phrase(match.group("ago_n") or "1")
    amount = float(raw) if raw.isdigit() else grammar.numbers.get(raw)
    if published is None or amount is None or amount != int(amount) or unit not in ("day", "month", "year"):
        return Reading(None, granularity, approximate=True)
    if unit == "day":
        return Reading(shifted_day(published, -int(amount)), _DAY)
    if unit == "month":
        return Reading(shifted_month(published, -int(amount)), _MONTH, approximate=True)
    return Reading(f"{published.year - int(amount):04d}", _YEAR, approximate=True)


def read_vague(match: re.Match[str], grammar: Grammar, published: date | None, kind: str) -> Reading | None:
    """``нещодавно``, ``у перші дні протестів``, ``recently``: approximate, no value."""
    return Reading(None, grammar.vague_granularity.get(kind, _DAY), approximate=True)


# the kinds of expression (the pattern's top-level groups) and their readers; the
# vague kinds "vg0", "vg1", … all go to read_vague
INTERPRETERS: dict[str, Interpreter] = {
    "rng": read_day_range,
    "rgm": read_day_range,
    "dm": read_day_month,
    "md": read_day_month,
    "iso": read_numeric,
    "num": read_numeric,
    "yrng": read_year_range,
    "dec": read_decade,
    "cen": read_century,
    "my": read_month,
    "yr": read_year,
    "ry": read_relative,
    "rm": read_relative,
    "rd": read_relative,
    "wd": read_weekday,
    "ago": read_ago,
}
