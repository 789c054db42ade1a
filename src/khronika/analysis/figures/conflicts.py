"""Conflicting figures within one article: the same measure of the same event
(overlapping time and place, the same candidate for vote shares, the same counted
group where both name one: ``39 сотрудников милиции`` and ``50 гражданских лиц``
are two quantities) given by two different sources (``same_source``: ``МВС`` and
``МВС Білорусі`` are one) with values that cannot both be true. Vague amounts are
intervals: ``hundreds`` is [200, 1000), so it agrees with ``more than 400``.

``same_quantity`` and ``values_disagree`` are the compatibility rules; the
conflicts between the articles of a story (``khronika.stories.conflicts``) reuse them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.records import Conflict, Figure
from khronika.records_json import conflict_json as conflict_json  # re-exported: the analysis's callers use it

# measures where two figures of one source are normally two quantities
_NEEDS_SUBJECT = frozenset({"vote_share"})


def _is_vague(figure: Figure) -> bool:
    """``сотні``, ``hundreds``, ``десятки``: approximate without an ``about`` qualifier."""
    return figure.approximate and figure.value_max is None and figure.qualifier != "about"


def interval(figure: Figure) -> tuple[float, float]:
    """The values a figure allows: ``понад 400`` is (400, inf), ``hundreds`` [200, 1000),
    ``тисячі`` [2000, 10000), ``від 3 до 5`` [3, 5], ``близько 3000`` 3000 ± 20%."""
    value = figure.value
    if figure.value_max is not None:
        return value, figure.value_max
    low, high = (value * 2, value * 10 - 1e-9) if _is_vague(figure) else (value, value)
    match figure.qualifier:
        case "over":
            return low + 1e-9, math.inf
        case "at_least":
            return low, math.inf
        case "under":
            return 0.0, high - 1e-9
        case "up_to":
            return 0.0, high
        case "about":
            return value * 0.8, value * 1.2
    return low, high


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def dates_overlap(a: str | None, b: str | None) -> bool:
    """Whether two ISO dates may be the same day: unknown matches anything, ``2020-09``
    holds ``2020-09-13``, year-less ``--09-13`` matches ``2020-09-13``."""
    if a is None or b is None:
        return True
    if a.startswith("--") or b.startswith("--"):
        return a.endswith(b[1:]) if b.startswith("--") else b.endswith(a[1:])
    return a.startswith(b) or b.startswith(a)


def same_quantity(first: Figure, second: Figure) -> bool:
    """Whether two figures count the same thing for the same event: the same measure
    and unit, dates and places that may be the same, and for vote shares the same
    candidate (two candidates' shares are two quantities)."""
    if first.measure is None or first.measure != second.measure or first.unit != second.unit:
        return False
    if not (dates_overlap(first.date, second.date) and _compatible(first.place, second.place)):
        return False
    if first.measure in _NEEDS_SUBJECT:
        return first.subject is not None and first.subject == second.subject
    # the counted group (``сотрудников милиции`` vs ``гражданских лиц``): two groups, two quantities
    return first.subject is None or second.subject is None or first.subject == second.subject


_ARTICLES = frozenset({"the", "a", "an", "la", "el", "le", "les", "il", "los", "las", "lo", "l'"})
_POSSESSIVE = re.compile(r"^\w+['’]s$")
_WORD = re.compile(r"[\w'’]+")


@lru_cache(maxsize=4096)
def source_words(name: str) -> frozenset[str]:
    """A source name as comparable words: lower-cased, articles and possessive
    qualifiers (``Ukraine's``) left out, each word cut to its first five letters
    (a crude lemma: ``Білорусі``/``Білорусь``, ``правозащитники``/``правозащитников``).
    Cached: every pair of an article's figures compares the same few names."""
    words = [w for w in _WORD.findall(name.lower()) if w not in _ARTICLES and not _POSSESSIVE.match(w)]
    return frozenset(w[:5] for w in words)


def same_source(first: str, second: str) -> bool:
    """Whether two source names name one source: equal words, or the words of one all
    found in the other (``МВС`` / ``МВС Білорусі``, ``State Emergency Service`` /
    ``Ukraine's State Emergency Service``)."""
    a, b = source_words(first), source_words(second)
    if not a or not b:
        return first.strip().lower() == second.strip().lower()
    return a <= b or b <= a


def values_disagree(first: Figure, second: Figure) -> bool:
    """Whether the values cannot both be true: their intervals do not overlap."""
    low_a, high_a = interval(first)
    low_b, high_b = interval(second)
    return high_a < low_b or high_b < low_a


def find_conflicts(figures: Sequence[Figure]) -> list[Conflict]:
    """Pairs of figures of one article that contradict each other: the same quantity
    from two different sources with values that cannot both be true. Pure."""
    conflicts: list[Conflict] = []
    for i, first in enumerate(figures):
        for j in range(i + 1, len(figures)):
            second = figures[j]
            if first.source is None or second.source is None or same_source(first.source, second.source):
                continue
            if same_quantity(first, second) and values_disagree(first, second):
                conflicts.append(
                    Conflict(
                        first.measure or "",
                        i,
                        j,
                        first.source,
                        second.source,
                        first.value,
                        second.value,
                        first.sentence,
                        second.sentence,
                    )
                )
    return conflicts


@register_stage("conflicts")
def make_conflicts_stage() -> Stage:
    return Stage(
        "conflicts",
        requires=("figures",),
        assigns=("conflicts",),
        run=lambda article: replace(article, conflicts=tuple(find_conflicts(article.figures))),
        languages=DEEP_LANGUAGES,
    )
