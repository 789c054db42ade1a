"""Figures: parsing, normalisation, measures, sources; conflicts between sources."""

from __future__ import annotations

from functools import cache

import pytest

from khronika.analysis.attribution import find_claims
from khronika.analysis.conflicts import find_conflicts
from khronika.analysis.figures import Figure, find_figures, parse_number
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities", "timex"))


def _figures(text: str, lang: str = "uk") -> list[Figure]:
    article = _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))
    return find_figures(article, find_claims(article))


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [
        ("80,1", True, 80.1),
        ("1 200", True, 1200.0),
        ("1,200", False, 1200.0),
        ("3.5", False, 3.5),
        ("1.200", True, 1200.0),
    ],
)
def test_parse_number(text: str, comma: bool, value: float) -> None:
    assert parse_number(text, comma) == value


def test_words_qualifiers_and_vague_amounts() -> None:
    [over] = _figures("У Мінську було затримано понад 400 людей.")
    assert (over.value, over.qualifier, over.measure, over.text) == (400.0, "over", "detained", "понад 400")
    [three] = _figures("Під час штурму загинули три людини.")
    assert (three.value, three.measure) == (3.0, "deaths")
    [many] = _figures("Тисячі людей вийшли на протест.")
    assert many.approximate and many.value == 1000.0 and many.measure == "participants"


def test_percent_and_money() -> None:
    [share] = _figures("Кандидат набрав 12,4% голосів.")
    assert (share.value, share.unit, share.measure) == (12.4, "percent", "vote_share")
    [money] = _figures("Ремонт коштуватиме 40 мільйонів гривень.")
    assert (money.value, money.unit, money.measure) == (40_000_000.0, "UAH", "money")


def test_dates_are_not_figures() -> None:
    assert _figures("9 серпня відбулися вибори.") == []


def test_conflict_between_sources_and_none_within_vote_shares() -> None:
    text = "За офіційними даними МВС, загинули три людини. Правозахисники говорять про п'ятьох."
    figures = _figures(text)
    [conflict] = find_conflicts(figures)
    assert (conflict.measure, conflict.first_source, conflict.second_source) == ("deaths", "МВС", "правозахисники")
    shares = _figures("За даними ЦВК, за Лукашенка проголосували 80,1%, за Тихановську - 10,1%.")
    assert len(shares) == 2 and find_conflicts(shares) == []


def test_overlapping_ranges_are_no_conflict() -> None:
    text = "За даними поліції, затримано понад 400 людей. Правозахисники говорять про 500 затриманих."
    assert find_conflicts(_figures(text)) == []
