"""Figures: parsing, normalisation, measures, sources; conflicts between sources."""

from __future__ import annotations

from functools import cache

import pytest

from khronika.analysis.claims.attribution import find_claims
from khronika.analysis.figures.conflicts import find_conflicts
from khronika.analysis.figures.reader import Figure, find_figures, parse_number
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


@pytest.mark.parametrize(
    ("lang", "text", "number", "value", "measure"),
    [
        ("uk", "Під час пожежі загинули двадцять п'ять людей.", "двадцять п'ять", 25.0, "deaths"),
        ("uk", "До лікарень госпіталізували сто двадцять осіб.", "сто двадцять", 120.0, "injured"),
        ("uk", "З прибережних сіл евакуювали тисяча двісті мешканців.", "тисяча двісті", 1200.0, "evacuated"),
        ("uk", "Поліція затримала дві тисячі п'ятсот людей.", "дві тисячі п'ятсот", 2500.0, "detained"),
        ("ru", "При пожаре погибли двадцать пять человек.", "двадцать пять", 25.0, "deaths"),
        ("en", "Twenty-five people were killed in the blast.", "Twenty-five", 25.0, "deaths"),
        ("en", "Police detained two hundred people.", "two hundred", 200.0, "detained"),
        ("en", "Officials said two hundred and fifty people were evacuated.", "two hundred and fifty", 250.0, "evacuated"),
    ],
)  # fmt: skip
def test_multi_word_numbers(lang: str, text: str, number: str, value: float, measure: str) -> None:
    [figure] = _figures(text, lang)
    assert (figure.text, figure.value, figure.measure, figure.value_max) == (number, value, measure, None)


def test_number_words_that_do_not_compose_stay_apart() -> None:
    figures = _figures("Загинули п'ять, двадцять людей поранені.")
    assert [f.value for f in figures] == [5.0, 20.0]


@pytest.mark.parametrize(
    ("lang", "text", "number", "low", "high"),
    [
        ("uk", "Під час сутичок затримали від 3 до 5 людей.", "від 3 до 5", 3.0, 5.0),
        ("uk", "Унаслідок обстрілу поранені 3–5 людей.", "3–5", 3.0, 5.0),
        ("ru", "Во время протеста задержали от 30 до 50 человек.", "от 30 до 50", 30.0, 50.0),
        ("en", "Between 3 and 5 people were injured in the crash.", "Between 3 and 5", 3.0, 5.0),
        ("uk", "На мітинг вийшли від 2 до 3 тисяч людей.", "від 2 до 3 тисяч", 2000.0, 3000.0),
    ],
)  # fmt: skip
def test_ranges(lang: str, text: str, number: str, low: float, high: float) -> None:
    [figure] = _figures(text, lang)
    assert (figure.text, figure.value, figure.value_max) == (number, low, high)


def test_dates_with_a_dash_are_no_range() -> None:
    assert [f.text for f in _figures("12-13 вересня у Києві затримали 40 людей.")] == ["40"]


def test_ranges_overlap_checked_in_conflicts() -> None:
    overlapping = "За даними поліції, затримали від 3 до 5 людей. Правозахисники говорять про 4 затриманих."
    assert find_conflicts(_figures(overlapping)) == []
    apart = "За даними поліції, затримали від 3 до 5 людей. Правозахисники говорять про 12 затриманих."
    [conflict] = find_conflicts(_figures(apart))
    assert (conflict.first_value, conflict.second_value) == (3.0, 12.0)
    english = "Between 3 and 5 people were killed, police said. Activists said ten people were killed."
    assert len(find_conflicts(_figures(english, "en"))) == 1


def test_vague_hundreds_agrees_with_over_400() -> None:
    from khronika.analysis.figures.conflicts import interval, values_disagree

    [hundreds] = _figures("Rights activists said hundreds of people had been detained.", "en")
    [over] = _figures("The Interior Ministry said more than 400 were detained.", "en")
    assert hundreds.approximate and hundreds.value == 100.0
    assert interval(hundreds) == (200.0, pytest.approx(1000.0))
    assert not values_disagree(hundreds, over)
    [few] = _figures("The Interior Ministry said 150 were detained.", "en")
    # 150 is not "hundreds", but a vague amount is no figure to dispute (dozens of injured
    # in one town and 200 across the country read as conflicts on real pages)
    assert interval(few)[1] < interval(hundreds)[0] and not values_disagree(hundreds, few)
    [exact] = _figures("Rights activists said 600 people had been detained.", "en")
    assert values_disagree(exact, few)


def test_measure_comes_from_the_figures_own_clause() -> None:
    figures = _figures(
        "Як повідомляє МВС Білорусі, за ніч затримали близько трьох тисяч людей, "
        "травми отримали десятки силовиків і протестувальників."
    )
    by_text = {f.text: f.measure for f in figures}
    assert by_text == {"близько трьох тисяч": "detained", "десятки": "injured"}


def test_two_counted_groups_are_two_quantities() -> None:
    from khronika.analysis.figures.conflicts import same_quantity

    text = "По словам Ольги Чемодановой, пострадали более 50 гражданских лиц и 39 сотрудников милиции."
    civilians, police = _figures(text, "ru")
    assert (civilians.subject, police.subject) == ("гражданский лицо", "сотрудник")
    assert not same_quantity(civilians, police)
    [people] = _figures("По данным МВД, пострадали 40 человек.", "ru")
    # everyone and one group are two quantities too: 39 police officers of 40 injured
    assert people.subject is None and not same_quantity(people, police)
    [others] = _figures("По данным правозащитников, пострадали 90 человек.", "ru")
    assert same_quantity(people, others)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("State Emergency Service", "Ukraine's State Emergency Service", True),
        ("МВС", "МВС Білорусі", True),
        ("МВС Білорусь", "МВС Білорусі", True),
        ("правозащитники", "правозащитников", True),
        ("МВС", "правозахисники", False),
        ("officials", "human rights groups", False),
    ],
)
def test_same_source_names(first: str, second: str, same: bool) -> None:
    from khronika.analysis.figures.conflicts import same_source

    assert same_source(first, second) is same


def test_a_number_with_a_noun_or_verb_of_its_own_does_not_borrow_the_measure_before_it() -> None:
    figures = _figures(
        "El conflicto ha causado ya unos 136.000 muertos, según el Observatorio, mientras que 2,5 millones de "
        "personas necesitan ayuda humanitaria y más de 250.000 se han refugiado en los países vecinos.",
        "es",
    )
    measures = {f.value: f.measure for f in figures}
    assert measures[136000] == "deaths"
    assert measures.get(2_500_000) != "deaths" and measures.get(250000) != "deaths"
    elliptic = {f.value: f.measure for f in _figures("Three people were killed in Homs, five in Hama.", "en")}
    assert elliptic.get(5) == "deaths"


@pytest.mark.parametrize(
    ("lang", "text", "value", "measure"),
    [
        ("uk", "Збитки оцінили у 2 мільярди доларів, заявив міністр.", 2e9, "money"),
        ("ru", "Правозащитники сообщили о 2 тысячах задержанных.", 2000.0, "detained"),
        ("en", "About 1.9 million people have been displaced, the UN said.", 1.9e6, "displaced"),
        ("en", "Hamas holds 136 hostages, officials said.", 136.0, "hostages"),
        ("uk", "Понад 6 мільйонів біженців виїхали з країни.", 6e6, "refugees"),
        ("es", "Hay 20 desaparecidos tras la riada.", 20.0, "missing"),
    ],
)
def test_scale_words_in_every_case_and_measures_of_people_driven_out(
    lang: str, text: str, value: float, measure: str
) -> None:
    figures = _figures(text, lang)
    assert [(figure.value, figure.measure) for figure in figures] == [(value, measure)]


def test_a_measure_word_past_the_next_number_is_that_numbers() -> None:
    figures = _figures(
        "El conflicto ha causado ya unos 136.000 muertos, según el Observatorio, mientras que 2,5 millones "
        "de personas necesitan ayuda humanitaria y más de 250.000 se han refugiado en países vecinos.",
        "es",
    )
    assert [(figure.value, figure.measure) for figure in figures] == [
        (136000.0, "deaths"), (2.5e6, None), (250000.0, "refugees"),
    ]  # fmt: skip
