"""Conflicting figures within one article: the same measure of the same event
(overlapping time and place, the same candidate for vote shares, the same counted
group where both name one: ``39 сотрудников милиции`` and ``50 гражданских лиц``
are two quantities; ``otras 4``, ``another 5`` add to a count and dispute none) given by two different sources (``same_source``: ``МВС`` and
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
    if "additional" in (first.qualifier, second.qualifier):
        return False  # ``otras 4 personas``, ``another 5``: a count on top of one, never a version of it
    # the same place, or neither names one: "26 injured" with no place and "8 injured in
    # Amman" in one report of a region's protests are two counts, not two versions of one
    if not (dates_overlap(first.date, second.date) and first.place == second.place):
        return False
    if first.measure in _NEEDS_SUBJECT:
        return first.subject is not None and first.subject == second.subject
    # the counted group (``сотрудников милиции`` vs ``гражданских лиц``): two groups, two
    # quantities; so are a group and everyone (``9 civiles`` of ``16 víctimas``)
    return first.subject == second.subject


NEAR_SENTENCES = 2  # figures this close in one article speak of the same passage


def anchored(first: Figure, second: Figure) -> bool:
    """Whether two figures of one article are tied to one event: the same place, the
    same event day, or the same passage (at most ``NEAR_SENTENCES`` apart). A long
    report of a region's day holds a toll per town: without one of these, two tolls
    are two quantities."""
    if first.place is not None and first.place == second.place:
        return True
    if first.date is not None and len(first.date) == len("2020-09-13") and first.date == second.date:
        return True
    return first.field is second.field and abs(first.sentence - second.sentence) <= NEAR_SENTENCES


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


_ELIDED = re.compile(r"^(?:l|d|qu)['’]", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-ZА-ЯЄІЇҐ]{2,7}")


def _initials(name: str) -> str:
    """The initials of a name's words, short lower-case words left out: ``Observatoire
    syrien des droits de l'homme`` -> ``OSDH``, ``Human Rights Watch`` -> ``HRW``."""
    words = [_ELIDED.sub("", word) for word in _WORD.findall(name)]
    return "".join(w[0] for w in words if w and not (w.islower() and len(w) <= 3)).upper()


def _is_acronym_of(short: str, long: str) -> bool:
    short = _ELIDED.sub("", short.strip())
    return bool(_ACRONYM.fullmatch(short)) and " " in long.strip() and _initials(long) == short


def same_source(first: str, second: str) -> bool:
    """Whether two source names name one source: equal words, the words of one all
    found in the other (``МВС`` / ``МВС Білорусі``, ``State Emergency Service`` /
    ``Ukraine's State Emergency Service``), or one the other's initials (``L'OSDH`` /
    ``Observatoire syrien des droits de l'homme``)."""
    if _is_acronym_of(first, second) or _is_acronym_of(second, first):
        return True
    a, b = source_words(_ELIDED.sub("", first)), source_words(_ELIDED.sub("", second))
    if not a or not b:
        return first.strip().lower() == second.strip().lower()
    return a <= b or b <= a


def values_disagree(first: Figure, second: Figure) -> bool:
    """Whether the values cannot both be true: their intervals do not overlap. A vague
    amount (``dozens``, ``des centaines``) is no figure to dispute: it never disagrees."""
    if _is_vague(first) or _is_vague(second):
        return False
    low_a, high_a = interval(first)
    low_b, high_b = interval(second)
    return high_a < low_b or high_b < low_a


def _names_the_other(figures: Sequence[Figure], i: int, j: int) -> bool:
    """Whether one side's source gives the other side's value too, beside its own (``la
    muerte de 14 personas, dos de ellas el miércoles`` against another report's ``dos
    personas murieron el miércoles``): the two are a total and its part, not two versions."""
    for own, other in ((figures[i], figures[j]), (figures[j], figures[i])):
        if any(
            k not in (i, j)
            and (figure.sentence, figure.field, figure.source, figure.value)
            == (own.sentence, own.field, own.source, other.value)
            for k, figure in enumerate(figures)
        ):
            return True
    return False


def find_conflicts(figures: Sequence[Figure]) -> list[Conflict]:
    """Pairs of figures of one article that contradict each other: the same quantity
    from two different sources with values that cannot both be true. Pure."""
    conflicts: list[Conflict] = []
    for i, first in enumerate(figures):
        for j in range(i + 1, len(figures)):
            second = figures[j]
            if first.source is None or second.source is None or same_source(first.source, second.source):
                continue
            if (
                same_quantity(first, second)
                and anchored(first, second)
                and values_disagree(first, second)
                and not _names_the_other(figures, i, j)
            ):
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
