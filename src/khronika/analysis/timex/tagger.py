"""Time expressions: find dates in a field and resolve them against the publication day.

The project's own tagger (dateparser manages 44 articles/s on the seed and misses
weekdays and ranges), in three modules: ``timex_patterns`` builds each
language's grammar from ``rules/<lang>/timex.json`` (one pattern finds every
expression in one pass), ``timex_resolve`` reads each match into a value, and
this module runs them over a field: it checks the case the lower-case match could
not see, joins two dates into a range, drops a weekday that a date follows, and
registers the "timex" stage.

Spans leave out a leading preposition (``у березні`` -> ``березні``), as NER-UK
does: prepositions are context, never part of a match.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, datetime

from khronika.analysis.pipeline import Stage, register_stage
from khronika.analysis.timex.patterns import Grammar, normalise_phrase
from khronika.analysis.timex.patterns import grammar_for as grammar_for  # re-exported: tests and callers use it
from khronika.analysis.timex.resolve import INTERPRETERS, Reading, previous_word, read_vague
from khronika.records import AnalysedArticle, Field, TimeAnchor, TimeExpression, TimeGranularity, TimeRange

_DATE_KINDS = frozenset({"rng", "rgm", "dm", "md", "iso", "num", "range"})
_GLUE = re.compile(r"[\s,(]*")
_PARAGRAPH_END = re.compile(r"[\"'»”)\]]*[^\S\n]*(?:\n|\Z)")


def tag_times(text: str, lang: str, published: date | None, field: Field = Field.TEXT) -> list[TimeExpression]:
    """Every time expression of ``text``, in order, non-overlapping, never raising on odd text.

    ``published`` is the publication day (a datetime counts by its date), or None.
    """
    if isinstance(published, datetime):
        published = published.date()
    grammar = grammar_for(lang)
    lowered = _lower(text)
    found: list[tuple[str, TimeExpression, bool]] = []
    for match in matches(grammar, lowered):
        kind = match.lastgroup or ""
        if not _case_fits(match, text, grammar):
            continue
        try:
            reading: Reading | None = INTERPRETERS.get(kind, read_vague)(match, grammar, published, kind)
        except (ValueError, OverflowError):  # arithmetic past year 1 or 9999, from a bogus publication date
            continue
        if reading is None:
            continue
        start, end = match.span()
        if text[end - 1] == "." and _PARAGRAPH_END.match(text, end):
            end -= 1  # "у жовтні 2015 р." ending a paragraph: the full stop is the paragraph's (NER-UK)
        expression = TimeExpression(
            text[start:end], start, end, reading.value, reading.granularity, reading.approximate, reading.anchor, field
        )
        found.append((kind, expression, reading.ruled))
    joined = _join_ranges(text, lowered, found, grammar)
    return [
        expression
        for index, (kind, expression) in enumerate(joined)
        if not (kind == "wd" and _names_date_next(text, expression, joined[index + 1 :]))
    ]


_COARSENESS = {TimeGranularity.DAY: 0, TimeGranularity.MONTH: 1, TimeGranularity.YEAR: 2}


def _with_year(value: str, year: int) -> str:
    """``--05-09`` or ``2020-05-09`` moved to ``year``."""
    return f"{year:04d}{value[1:] if value.startswith('--') else value[4:]}"


def join_range(first: TimeExpression, second: TimeExpression, ruled: tuple[bool, bool]) -> TimeExpression | None:
    """One range from two dates (None where they make none: values missing, end before start);
    a first date that names no year takes the second's (``з грудня по березень 2021 року``);
    ``ruled``: whether each took its year from the year rule.
    The caller sets the range's text."""
    start, end = first.value, second.value
    if not isinstance(start, str) or not isinstance(end, str) or (end[:1] == "-" and start[:1] != "-"):
        return None
    if all(ruled):  # "у вересні–жовтні": the rule placed the start; the end follows it
        end = _with_year(end, int(start[:4]) + (end[5:] < start[5:]))
    elif ruled[0] or (start[:1] == "-" and end[:1] != "-"):  # the first borrows the second's year
        year = int(end[:4])
        start = _with_year(start, year)
        if start[5:] > end[5:] and len(end) > 4:
            start = _with_year(start, year - 1)
    if not start.startswith("--") and not end.startswith("--") and start[: len(end)] > end:
        return None
    granularity = max(first.granularity, second.granularity, key=_COARSENESS.__getitem__)
    anchor = TimeAnchor.EXPLICIT if second.anchor is TimeAnchor.EXPLICIT else first.anchor
    approximate = first.approximate or second.approximate
    return dataclasses.replace(
        first,
        end=second.end,
        value=TimeRange(start, end),
        granularity=granularity,
        approximate=approximate,
        anchor=anchor,
    )


_JOINABLE = frozenset({"dm", "md", "num", "iso", "my", "yr"})


def _join_ranges(
    text: str, lowered: str, found: list[tuple[str, TimeExpression, bool]], grammar: Grammar
) -> list[tuple[str, TimeExpression]]:
    """``у травні-жовтні 2013 року``, ``з 1 січня 2017 року по червень 2018 року``: one range.

    Two dates joined by a dash, or by a connector (``по``, ``до``) after a word
    that opens a range (``з``, ``від``), become one range; the first borrows the
    second's year where it names none.
    """
    joined: list[tuple[str, TimeExpression]] = []
    index = 0
    while index < len(found):
        kind, first, first_ruled = found[index]
        if grammar.range_gap and index + 1 < len(found) and {kind, found[index + 1][0]} <= _JOINABLE:
            _, second, second_ruled = found[index + 1]
            gap = grammar.range_gap.fullmatch(lowered, first.end, second.start)
            opened = gap is not None and (
                gap.group().strip() in "-–—" or previous_word(lowered, first.start) in grammar.range_starts
            )
            span = join_range(first, second, (first_ruled, second_ruled)) if opened else None
            if span is not None:
                joined.append(("range", dataclasses.replace(span, text=text[first.start : second.end])))
                index += 2
                continue
        joined.append((kind, first))
        index += 1
    return joined


def matches(grammar: Grammar, text: str) -> Iterator[re.Match[str]]:
    """``grammar.pattern.finditer(text)``, several times faster.

    The pattern is an alternation of some twenty kinds, and the regex engine
    would try each at every word. An expression can only start where the
    trigger pattern (a digit or the first word of some kind) matches, so the
    full pattern runs only there; a test checks both give the same matches.
    """
    position = 0
    search, match_at = grammar.trigger.search, grammar.pattern.match
    while (cue := search(text, position)) is not None:
        found = match_at(text, cue.start())
        if found is None:
            position = cue.start() + 1
            continue
        yield found
        position = found.end() if found.end() > found.start() else found.start() + 1


def _lower(text: str) -> str:
    """The text in lower case, one character for one, so that offsets hold.

    Matching lower-case text against a lower-case pattern is several times
    faster than ``re.IGNORECASE``: an alternative whose first letter differs is
    then skipped in one step. The few letters whose lower case is longer
    (``İ``) stay as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(low := char.lower()) != 1 else low for char in text)


_CASED_GROUPS = ("rng_m1", "rng_m", "rgm_m", "dm_m", "md_m", "my_m", "wd_d")


def _case_fits(match: re.Match[str], text: str, grammar: Grammar) -> bool:
    """Case that the lower-case match could not see: ``May`` the month, not ``may``;
    French ``mars`` the month, not the planet; ``XX`` the century, not ``xx``."""
    if match.lastgroup == "cen":
        return all(
            text[start:end].isupper()
            for name in grammar.roman_groups
            if (start := match.start(name)) >= 0 and (end := match.end(name))
        )
    if not (grammar.capitalised_names or grammar.lowercase_forms):
        return True
    for name in _CASED_GROUPS:
        if name not in match.re.groupindex or match.start(name) < 0:
            continue
        original = text[match.start(name) : match.end(name)]
        if grammar.capitalised_names and not original[:1].isupper():
            return False
        if normalise_phrase(original) in grammar.lowercase_forms and not original.islower():
            return False
    return True


def _names_date_next(text: str, weekday: TimeExpression, rest: list[tuple[str, TimeExpression]]) -> bool:
    """``у неділю, 4 березня``: the date says which Sunday, so the weekday adds nothing."""
    if not rest or rest[0][0] not in _DATE_KINDS:
        return False
    gap = _GLUE.match(text, weekday.end)
    return gap is not None and gap.end() == rest[0][1].start


def _publication_day(article: AnalysedArticle) -> date | None:
    day = article.published.day
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None


def analyse_times(article: AnalysedArticle) -> AnalysedArticle:
    """The title's and the text's time expressions, resolved against the publication day."""
    published = _publication_day(article)
    times = [*tag_times(article.title or "", article.lang, published, Field.TITLE)]
    times += tag_times(article.text, article.lang, published, Field.TEXT)
    return dataclasses.replace(article, times=tuple(times))


@register_stage("timex")
def make_timex_stage() -> Stage:
    return Stage(name="timex", requires=(), assigns=("times",), run=analyse_times)
