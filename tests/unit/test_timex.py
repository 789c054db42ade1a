"""The time tagger: the seed's dates, the year rule, weekdays, ranges, six languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.analysis.pipeline import make_stage
from khronika.analysis.timex.tagger import grammar_for, matches, tag_times
from khronika.records import (
    AnalysedArticle,
    DateSource,
    Field,
    PublicationDate,
    TimeAnchor,
    TimeExpression,
    TimeGranularity,
    TimeRange,
)
from khronika.rules import RULE_LANGUAGES, load_rules
from tests.conftest import SHARED, requires_shared

SEED = SHARED / "seed" / "article-uk.txt"
SEED_PUBLISHED = date(2020, 9, 14)
DAY, MONTH, YEAR = TimeGranularity.DAY, TimeGranularity.MONTH, TimeGranularity.YEAR


def found(text: str, lang: str = "uk", published: date | None = SEED_PUBLISHED) -> dict[str, TimeExpression]:
    return {expression.text: expression for expression in tag_times(text, lang, published)}


def values(text: str, lang: str, published: date | None = SEED_PUBLISHED) -> dict[str, str | TimeRange | None]:
    return {expression.text: expression.value for expression in tag_times(text, lang, published)}


# -- the seed article ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_times() -> list[TimeExpression]:
    requires_shared(SEED)
    return tag_times(SEED.read_text(encoding="utf-8"), "uk", SEED_PUBLISHED)


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        ("9 серпня", "2020-08-09"),
        ("27 серпня", "2020-08-27"),
        ("8 вересня", "2020-09-08"),
        ("13 вересня", "2020-09-13"),
    ],
)
def test_seed_dates(seed_times: list[TimeExpression], surface: str, value: str) -> None:
    matching = [expression for expression in seed_times if expression.text == surface]
    assert len(matching) == 1, [expression.text for expression in seed_times]
    expression = matching[0]
    assert (expression.value, expression.granularity, expression.anchor) == (value, DAY, TimeAnchor.PUBLICATION)
    assert expression.approximate is False


def test_seed_percentages_are_no_dates(seed_times: list[TimeExpression]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for figure in ("80,1%", "10,1%", "400 людей"):
        at = text.index(figure)
        assert not [e for e in seed_times if e.start < at + len(figure) and at < e.end], figure


@pytest.mark.parametrize("surface", ["кілька місяців тому", "перші дні протестів"])
def test_seed_vague_expressions_are_approximate(seed_times: list[TimeExpression], surface: str) -> None:
    matching = [e for e in seed_times if surface in e.text or e.text in surface]
    assert matching, [e.text for e in seed_times]
    for expression in matching:
        assert expression.approximate
        assert not (isinstance(expression.value, str) and len(expression.value) == 10)  # never a precise day


def test_seed_spans_point_into_the_text(seed_times: list[TimeExpression]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for expression in seed_times:
        assert text[expression.start : expression.end] == expression.text
        assert expression.field is Field.TEXT


# -- resolution -------------------------------------------------------------------------


def test_year_rule_puts_a_date_at_most_a_week_after_publication() -> None:
    got = values("30 грудня, 5 січня і 20 січня", "uk", date(2021, 1, 3))
    assert got == {"30 грудня": "2020-12-30", "5 січня": "2021-01-05", "20 січня": "2020-01-20"}


def test_without_publication_date_a_day_has_no_year() -> None:
    expression = found("9 серпня", published=None)["9 серпня"]
    assert (expression.value, expression.anchor) == ("--08-09", TimeAnchor.PUBLICATION)
    assert values("вчора", "uk", None) == {"вчора": None}


def test_weekdays_resolve_against_publication() -> None:
    wednesday = date(2020, 9, 16)
    got = values("У понеділок він заявив, а минулої п'ятниці мовчав. Наступного понеділка знову.", "uk", wednesday)
    assert got == {"понеділок": "2020-09-14", "минулої п'ятниці": "2020-09-11", "Наступного понеділка": "2020-09-21"}
    assert values("Він заявив це минулої п’ятниці.", "uk", wednesday) == {"минулої п’ятниці": "2020-09-11"}


def test_a_weekday_needs_a_preposition_in_ukrainian() -> None:
    assert values("Була неділя, початок осені.", "uk") == {}


def test_a_weekday_before_its_date_adds_nothing() -> None:
    assert values("У неділю, 4 березня, у Москві", "uk", date(2018, 3, 5)) == {"4 березня": "2018-03-04"}


def test_relative_days() -> None:
    got = values("Вчора і позавчора, а завтра — ні. Сьогодні ввечері теж.", "uk")
    assert got == {
        "Вчора": "2020-09-13",
        "позавчора": "2020-09-12",
        "завтра": "2020-09-15",
        "Сьогодні ввечері": "2020-09-14",
    }


def test_today_alone_is_no_date() -> None:
    # "якщо сьогодні Білорусь впаде": "nowadays", and a trap of the seed
    assert values("якщо сьогодні Білорусь впаде", "uk") == {}


def test_ranges_and_nights() -> None:
    got = found("з 9 по 11 серпня, а в ніч на 10 серпня і в ніч з 9 на 10 серпня")
    assert got["9 по 11 серпня"].value == TimeRange("2020-08-09", "2020-08-11")
    assert got["9 по 11 серпня"].granularity is DAY
    assert got["ніч на 10 серпня"].value == "2020-08-10"
    assert got["ніч з 9 на 10 серпня"].value == "2020-08-10"


def test_ranges_of_months_and_full_dates() -> None:
    got = values("у травні-жовтні 2013 року і з 1 січня 2017 року по червень 2018 року", "uk")
    assert got == {
        "травні-жовтні 2013 року": TimeRange("2013-05", "2013-10"),
        "1 січня 2017 року по червень 2018 року": TimeRange("2017-01-01", "2018-06"),
    }
    # no year named: the year rule places the start and the end follows it
    assert values("у вересні–жовтні", "uk", date(2020, 9, 16)) == {"вересні–жовтні": TimeRange("2020-09", "2020-10")}
    assert values("з 28 грудня по 3 січня", "uk", date(2021, 1, 5)) == {
        "28 грудня по 3 січня": TimeRange("2020-12-28", "2021-01-03")
    }


def test_months_and_years() -> None:
    got = found("у березні, в 2019 році, торік, у березні минулого року, 2006-му, кінця 2016 року")
    assert (got["березні"].value, got["березні"].granularity) == ("2020-03", MONTH)
    assert (got["2019 році"].value, got["2019 році"].granularity, got["2019 році"].anchor) == (
        "2019",
        YEAR,
        TimeAnchor.EXPLICIT,
    )
    assert (got["торік"].value, got["торік"].anchor) == ("2019", TimeAnchor.PUBLICATION)
    assert got["березні минулого року"].value == "2019-03"
    assert got["2006-му"].value == "2006"
    assert (got["кінця 2016 року"].value, got["кінця 2016 року"].approximate) == ("2016", True)


def test_span_leaves_out_the_preposition() -> None:
    expression = tag_times("Це сталося у березні.", "uk", SEED_PUBLISHED)[0]
    assert (expression.text, expression.start, expression.end) == ("березні", 13, 20)


def test_numeric_dates() -> None:
    assert values("14.09.2020, 2020-09-14 і 18.12.15", "uk") == {
        "14.09.2020": "2020-09-14",
        "2020-09-14": "2020-09-14",
        "18.12.15": "2015-12-18",
    }
    assert values("31.02.2020 і 10.1.5", "uk") == {}


@pytest.mark.parametrize(
    "text",
    [
        "80,1% виборців",
        "10,1%",
        "затримано понад 400 людей",
        "2020 людей",
        "$1.5bn",
        "1 500 гривень",
        "у 3 рази",
        "о 19:00",
    ],
)
def test_figures_are_never_dates(text: str) -> None:
    assert tag_times(text, "uk", SEED_PUBLISHED) == []


def test_decades_and_centuries_are_coarse_ranges() -> None:
    got = found("у 1990-х і в XX столітті")
    assert (got["1990-х"].value, got["1990-х"].approximate) == (TimeRange("1990", "1999"), True)
    assert got["XX столітті"].value == TimeRange("1901", "2000")
    assert values("хх століття", "uk") == {}  # a Roman numeral is written in capitals


def test_ambiguous_month_needs_context() -> None:
    assert values("лютий вітер і лютого ворога", "uk") == {}
    assert values("до лютого", "uk") == {"лютого": "2020-02"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("кілька місяців тому", (None, MONTH)),
        ("нещодавно", (None, DAY)),
        ("два роки тому", ("2018", YEAR)),
        ("на початку березня", ("2020-03", MONTH)),
    ],
)
def test_vague_expressions_are_approximate(text: str, expected: tuple[str | None, TimeGranularity]) -> None:
    (expression,) = tag_times(text, "uk", SEED_PUBLISHED)
    assert expression.approximate
    assert (expression.value, expression.granularity) == expected


def test_three_days_ago_is_a_day() -> None:
    (expression,) = tag_times("три дні тому", "uk", SEED_PUBLISHED)
    assert (expression.value, expression.approximate) == ("2020-09-11", False)


# -- other languages -----------------------------------------------------------------


def test_russian() -> None:
    assert values("9 августа, в 2019 году, в прошлую пятницу, вчера, в марте, в ночь на 10 августа", "ru") == {
        "9 августа": "2020-08-09",
        "2019 году": "2019",
        "прошлую пятницу": "2020-09-11",
        "вчера": "2020-09-13",
        "марте": "2020-03",
        "ночь на 10 августа": "2020-08-10",
    }
    (vague,) = tag_times("несколько месяцев назад", "ru", SEED_PUBLISHED)
    assert vague.approximate and vague.value is None


def test_english() -> None:
    wednesday = date(2020, 9, 16)
    got = values(
        "On August 9 and on Tuesday, yesterday. In 2019 and in May. You may go. August 9, 2019.", "en", wednesday
    )
    assert got == {
        "August 9": "2020-08-09",
        "Tuesday": "2020-09-15",
        "yesterday": "2020-09-15",
        "2019": "2019",
        "May": "2020-05",
        "August 9, 2019": "2019-08-09",
    }
    assert values("9-11 August and the 1990s", "en") == {
        "9-11 August": TimeRange("2020-08-09", "2020-08-11"),
        "1990s": TimeRange("1990", "1999"),
    }
    (vague,) = tag_times("a few weeks ago", "en", wednesday)
    assert vague.approximate and vague.value is None
    (recent,) = tag_times("recently", "en", wednesday)
    assert recent.approximate and recent.value is None


def test_spanish() -> None:
    assert values("El 9 de agosto, ayer, el lunes pasado, en 2019, 9 de agosto de 2019", "es") == {
        "9 de agosto": "2020-08-09",
        "ayer": "2020-09-13",
        "lunes pasado": "2020-09-07",
        "2019": "2019",
        "9 de agosto de 2019": "2019-08-09",
    }
    assert values("por la mañana", "es") == {}


def test_french() -> None:
    assert values("Le 9 août, hier, lundi dernier, en 2019, du 9 au 11 août, le 1er août 2019", "fr") == {
        "9 août": "2020-08-09",
        "hier": "2020-09-13",
        "lundi dernier": "2020-09-07",
        "2019": "2019",
        "9 au 11 août": TimeRange("2020-08-09", "2020-08-11"),
        "1er août 2019": "2019-08-01",
    }
    assert values("la planète Mars", "fr") == {}


def test_italian() -> None:
    assert values("Il 9 agosto, ieri, lunedì scorso, tre giorni fa, nel 2019, XX secolo", "it") == {
        "9 agosto": "2020-08-09",
        "ieri": "2020-09-13",
        "lunedì scorso": "2020-09-07",
        "tre giorni fa": "2020-09-11",
        "2019": "2019",
        "XX secolo": TimeRange("1901", "2000"),
    }


def test_language_without_rules_gets_numeric_dates_only() -> None:
    assert values("14.09.2020 and 2020-09-14 and 9 серпня", "de") == {
        "14.09.2020": "2020-09-14",
        "2020-09-14": "2020-09-14",
    }
    assert values("14.09.2020", "und") == {"14.09.2020": "2020-09-14"}


def test_publication_datetime_and_extreme_dates() -> None:
    text = "вчора, торік, 30 грудня, минулої п'ятниці, три дні тому"
    assert values(text, "uk", datetime(2020, 9, 14, 23, 59))["вчора"] == "2020-09-13"
    for extreme in (date.min, date.max):
        tag_times(text, "uk", extreme)  # no OverflowError, no ValueError


@pytest.mark.parametrize("lang", RULE_LANGUAGES)
def test_every_language_has_whole_rules(lang: str) -> None:
    rules = load_rules(lang, "timex")
    assert len(rules["months"]) == 12 and len(rules["weekdays"]) == 7
    assert all(forms for forms in [*rules["months"], *rules["weekdays"]])
    assert grammar_for(lang).lang == lang


# -- the pipeline stage ----------------------------------------------------------------


def test_stage_tags_title_and_text() -> None:
    stage = make_stage("timex")
    assert (stage.name, stage.requires, stage.assigns) == ("timex", (), ("times",))
    article = AnalysedArticle(
        lang="uk",
        title="Вибори 9 серпня",
        text="Протест 13 вересня.",
        published=PublicationDate("2020-09-14T10:00:00+03:00", DateSource.GIVEN, has_time=True),
    )
    times = stage.run(article).times
    assert [(t.field, t.text, t.value) for t in times] == [
        (Field.TITLE, "9 серпня", "2020-08-09"),
        (Field.TEXT, "13 вересня", "2020-09-13"),
    ]
    undated = AnalysedArticle(lang="uk", title=None, text="9 серпня", published=PublicationDate(None, DateSource.NONE))
    assert [t.value for t in stage.run(undated).times] == ["--08-09"]


# -- properties --------------------------------------------------------------------------


def _vocabulary() -> list[str]:
    """Words the tagger reacts to, so that random text hits its patterns often."""
    words = [
        "9",
        "11",
        "2019",
        "2020",
        "14.09.2020",
        "80,1%",
        "-",
        "–",
        ",",
        ".",
        "р.",
        "XX",
        "ніч",
        "на",
        "з",
        "по",
        "у",
        "в",
    ]
    for lang in RULE_LANGUAGES:
        rules = load_rules(lang, "timex")
        words += [form for forms in rules["months"] for form in forms][::3]
        words += list(rules.get("relative_days", {}))[:3] + list(rules.get("relative_years", {}))[:3]
        words += [form for forms in rules.get("weekdays", []) for form in forms][::4]
    return words


_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_vocabulary()), max_size=25).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, lang=st.sampled_from([*RULE_LANGUAGES, "de"]), published=st.none() | st.dates())
def test_tagging_never_raises_and_spans_are_sound(text: str, lang: str, published: date | None) -> None:
    expressions = tag_times(text, lang, published)
    previous_end = 0
    for expression in expressions:
        assert 0 <= previous_end <= expression.start < expression.end <= len(text)
        assert text[expression.start : expression.end] == expression.text
        previous_end = expression.end


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, lang=st.sampled_from(RULE_LANGUAGES))
def test_trigger_scan_finds_what_the_full_pattern_finds(text: str, lang: str) -> None:
    grammar = grammar_for(lang)
    lowered = text.lower()
    if len(lowered) != len(text):
        return
    fast = [(m.span(), m.lastgroup) for m in matches(grammar, lowered)]
    assert fast == [(m.span(), m.lastgroup) for m in grammar.pattern.finditer(lowered)]
