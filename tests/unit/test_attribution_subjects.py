"""Attribution: subjects read by agreement, bodies a report comes from, outlets spoken to."""

from __future__ import annotations

from functools import cache

import pytest

from khronika.analysis.claims.attribution import find_claims
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities", "timex"))


def _claims(text: str, lang: str) -> list[tuple[str, str, str]]:
    article = _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))
    return [
        (text[c.source_start : c.source_end], c.cue, text[c.content_start : c.content_end])
        for c in find_claims(article)
    ]


@pytest.mark.parametrize(
    ("lang", "text", "source", "cue"),
    [
        # a body or thing in the nominative, agreeing with the verb; the first reading may be another case
        ("uk", "Повітряні сили повідомили про 43 збиті ракети.", "Повітряні сили", "повідомили про"),
        ("uk", "Кремль заперечує, що війська відступили.", "Кремль", "заперечує"),
        ("uk", "Сестра загиблої розповіла, що він не повернувся додому.", "Сестра загиблої", "розповіла"),
        ("uk", "Прем'єр Польщі заявив про нові заходи.", "Прем'єр Польщі", "заявив про"),
        ("ru", "Пресс-служба Кремля сообщила, что встреча состоится в среду.", "Пресс-служба Кремля", "сообщила"),
    ],
)  # fmt: skip
def test_the_subject_agreeing_with_the_verb_speaks(lang: str, text: str, source: str, cue: str) -> None:
    [(found, found_cue, _)] = _claims(text, lang)
    assert (found, found_cue.split()[0]) == (source, cue.split()[0])


def test_a_noun_that_does_not_agree_is_no_subject() -> None:
    # ``письмо`` is neuter, ``написала`` feminine: no subject before the verb, Maria after it
    [(source, _, _)] = _claims("Письмо написала Мария Иванова, сообщив, что уезжает.", "ru")
    assert source == "Мария Иванова"


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        ("ru", "В пресс-службе МВД сообщили, что задержаны двое.", "пресс-службе МВД"),
        ("ru", "Об этом сообщили в пресс-службе городской администрации.", "пресс-службе городской администрации"),
        ("ru", "Как говорится в сообщении ведомства, пожар потушен.", "сообщении ведомства"),
        ("uk", "У заяві йдеться, що переговори продовжаться.", "заяві"),
        ("uk", "Про це повідомили у відділі комунікації поліції.", "відділі комунікації поліції"),
    ],
)  # fmt: skip
def test_a_report_with_no_subject_comes_from_the_body_it_names(lang: str, text: str, source: str) -> None:
    [(found, _, _)] = _claims(text, lang)
    assert found == source


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "Сообщается, что пострадавших нет."), ("uk", "Повідомляється, що постраждалих немає.")],
)
def test_an_impersonal_report_naming_no_body_has_no_source(lang: str, text: str) -> None:
    assert _claims(text, lang) == []


def test_content_after_an_inverted_as_clause() -> None:
    [(source, cue, content)] = _claims("Как отметил министр, цены стабилизируются.", "ru")
    assert (source, cue, content) == ("министр", "отметил", "цены стабилизируются")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("«Всё под контролем», — сказал ТАСС источник в полиции.", "источник"),
        ("«Всё под контролем», — сообщил ТАСС.", "ТАСС"),
    ],
)
def test_an_outlet_right_after_the_verb_is_spoken_to_where_a_speaker_follows(text: str, source: str) -> None:
    [(found, _, _)] = _claims(text, "ru")
    assert found == source


def test_the_one_spoken_to_is_no_speaker() -> None:
    [(source, _, _)] = _claims("Треба любити речі, – говорив ще малій Софії її батько.", "uk")
    assert source == "її батько"


def test_an_outlet_verb_reports_only_with_an_outlet() -> None:
    assert [s for s, _, _ in _claims("Об этом передает ТАСС.", "ru")] == ["ТАСС"]
    assert _claims("Он передал документы следователям, что стало известно позже.", "ru") == []


def test_recognising_results_is_no_report() -> None:
    assert _claims("Премьер заявил, что Париж не признает результаты.", "ru") == [
        ("Премьер", "заявил", "Париж не признает результаты")
    ]


def test_a_name_read_first_as_a_genitive_still_speaks_after_the_verb() -> None:
    text = "«Це не просто гарні картини», - каже художниця Олеся Статива."
    assert [s for s, _, _ in _claims(text, "uk")] == ["Олеся Статива"]


def test_a_passive_or_an_object_after_the_verb_is_no_body_speaking() -> None:
    assert _claims("Мені ці вечори завжди додавали надії.", "uk") == []
    assert _claims("Про це вчора під час брифінгу повідомив голова КМДА Володимир Бондаренко.", "uk") == [
        ("Володимир Бондаренко", "повідомив", "Про це вчора під час брифінгу")
    ]


def test_a_thing_before_the_verb_speaks_only_where_the_verb_introduces_speech() -> None:
    # ``подчеркнул желание``: emphasised, no report; a named person after the verb speaks
    assert _claims("Этот шаг подчеркнул желание компании.", "ru") == []
    assert [s for s, _, _ in _claims("беда, беда сказала Лена", "ru")] == ["Лена"]
