"""Numbers that count nothing: clock times, scores, years, page numbers, measurements.

A figure says how many of something there are; these say when or where. They are
read as numbers by ``numbers.raw_numbers`` like any other, and left out of the
figures here, before a measure is looked for (a live blog's ``22.02. Mubarak dice
que las protestas…`` is a time stamp, not 22 protesters):

1. **Clock times and scores**: two numbers joined by a colon (``10:30``, ``2:1``),
   always; ``HH.MM``/``HHhMM`` with an hour up to 23 and two-digit minutes
   up to 59 (or ``15 h 13``, spaced), where the line starts with it (time-stamped live blogs and tickers), a
   clock word of the language comes just before it (``a las``, ``à``, ``о``: the
   ``clock_words`` of ``rules/<lang>/figures.json``), or a clock unit just after it
   (``h``, ``GMT``, ``a.m.``); never where a scale word follows (``2.30 million``).
2. **Years**: a four-digit whole number from 1800 to 2100 with no qualifier before
   it and nothing counted after it (``en 2011``; but ``más de 2000 muertos`` counts).
   That last check needs the measure, so the reader asks ``looks_like_year`` after
   reading it.
3. **Page and section numbers**: a number right after a page word (``p.``, ``стор.``,
   the ``page_words`` of the rules).
4. **Lengths, durations, weights**: a number right before a unit of measurement
   (``72 horas``, ``200 km``, ``5 років``, ``une dizaine de kilomètres``: the
   ``measurement_units`` of the rules):
   it says how long, how far or how heavy, never how many people.
"""

from __future__ import annotations

import re
from functools import cache

from khronika.rules import load_rules

_COLON_PAIR = re.compile(r"\d:\d")
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])[.:h][0-5]\d")
_CLOCK_AFTER = re.compile(r"\s*(?:h\b|hrs?\b|horas?\b|heures?\b|uhr\b|gmt\b|utc\b|a\.\s?m\.|p\.\s?m\.|am\b|pm\b)", re.I)
_LINE_START = re.compile(r"(?:^|\n)[\s\-–—•*·>|]*$")
_YEAR = re.compile(r"(?:18|19|20)\d\d|2100")


class _Phrases:
    """Words or phrases of the rules that may end the text before a number: the regex
    decides, behind a cheap check that the text ends with one's last word (most
    numbers have none of them before them)."""

    def __init__(self, words: list[str]) -> None:
        self.last_words = tuple(word.split()[-1] for word in words)
        body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\w)(?:{body})\s*$", re.IGNORECASE)

    def end(self, before: str) -> bool:
        return before.rstrip().lower().endswith(self.last_words) and self.pattern.search(before) is not None


@cache
def _words(lang: str, key: str) -> _Phrases | None:
    words = [" ".join(str(word).lower().split()) for word in load_rules(lang, "figures").get(key, [])]
    return _Phrases(words) if words else None


_NEXT_WORD = re.compile(r"\s*(\w+)")
_UNIT_WORD = re.compile(r"\s*(?:(?:de|del|of)\s+|d['’])?(\w+)", re.IGNORECASE)  # ``une dizaine de kilomètres``
_SPACED_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\s?h\s?[0-5]?\d\b")  # ``15 h 13 :``, a French live blog's stamp


@cache
def _scales(lang: str) -> frozenset[str]:
    return frozenset(str(word).lower() for word in load_rules(lang, "figures").get("scales", {}))


def _scale_follows(text: str, end: int, lang: str) -> bool:
    word = _NEXT_WORD.match(text, end)
    return word is not None and word.group(1).lower() in _scales(lang)


@cache
def _units(lang: str) -> frozenset[str]:
    return frozenset(str(word).lower() for word in load_rules(lang, "figures").get("measurement_units", []))


def counts_nothing(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the number at ``text[start:end]`` is a clock time, a score, a page
    number or a measurement (rules 1, 3 and 4 of the module docstring)."""
    number = text[start:end]
    word = _UNIT_WORD.match(text, end)
    if word is not None and word.group(1).lower() in _units(lang):
        return True
    if _SPACED_CLOCK.match(text, start) or _SPACED_CLOCK.search(text, max(0, start - 6), end):
        return True  # the hour and the minutes of ``15 h 13``
    if _COLON_PAIR.search(text, max(0, start - 2), min(len(text), end + 2)):
        return True  # 10:30, 2:1, and each half of them
    before = text[max(0, start - 40) : start]
    if _CLOCK.fullmatch(number) and not _scale_follows(text, end, lang):
        if _LINE_START.search(before) or _CLOCK_AFTER.match(text, end):
            return True
        clock = _words(lang, "clock_words")
        if clock is not None and clock.end(before):
            return True
    pages = _words(lang, "page_words")
    return pages is not None and pages.end(before)


def looks_like_year(text: str, value: float, qualified: bool, counted: bool) -> bool:
    """Rule 2: ``text`` (the figure's text) is a bare year."""
    return not qualified and not counted and value.is_integer() and _YEAR.fullmatch(text.strip()) is not None
