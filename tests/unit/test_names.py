"""Canonical names (khronika.analysis.entities.names)."""

from __future__ import annotations

import pytest

from khronika.analysis.entities.names import canonical_name
from khronika.analysis.sentences import segment
from khronika.records import Token


def canonical(surface: str, lang: str, entity_type: str) -> str:
    tokens = [Token(surface[start:end], start, end) for start, end, _ in segment(surface, lang).tokens]
    return canonical_name(tokens, lang, entity_type)


@pytest.mark.parametrize(
    ("surface", "entity_type", "expected"),
    [
        ("Олександра Лукашенка", "PER", "Олександр Лукашенко"),
        ("Олександр Лукашенко", "PER", "Олександр Лукашенко"),
        ("Лукашенка", "PER", "Лукашенко"),
        ("Світлану Тихановську", "PER", "Світлана Тихановська"),  # the surname stays feminine
        ("Володимиром Путіним", "PER", "Володимир Путін"),
        ("Путіним", "PER", "Путін"),
        ("Олександра Олександровича Лукашенка", "PER", "Олександр Олександрович Лукашенко"),
        ("О. Лукашенка", "PER", "О. Лукашенко"),
        ("Джо Байдена", "PER", "Джо Байден"),
        ("Ангели Меркель", "PER", "Ангела Меркель"),
        ("Юлією Тимошенко", "PER", "Юлія Тимошенко"),
        ("ЛУКАШЕНКА", "PER", "ЛУКАШЕНКО"),
        ("Мінську", "LOC", "Мінськ"),
        ("Києві", "LOC", "Київ"),
        ("Білорусі", "LOC", "Білорусь"),
        ("Росію", "LOC", "Росія"),
        ("Росією", "LOC", "Росія"),
        ("Москву", "LOC", "Москва"),
        ("Сочі", "LOC", "Сочі"),
        ("Нью-Йорку", "LOC", "Нью-Йорк"),
        ("Сполучених Штатах Америки", "LOC", "Сполучені Штати Америки"),
        ("Донецької області", "LOC", "Донецька область"),
        ("Євросоюзі", "ORG", "Євросоюз"),
        ("Верховної Ради", "ORG", "Верховна Рада"),
        ("Міністерства закордонних справ", "ORG", "Міністерство закордонних справ"),
        ("Європейського Союзу", "ORG", "Європейський Союз"),
        ("Європейського центрального банку", "ORG", "Європейський центральний банк"),
        ("Національного банку України", "ORG", "Національний банк України"),
        ("партії «Слуга народу»", "ORG", "партія «Слуга народу»"),
        ("РФ", "LOC", "РФ"),
        ("НАТО", "ORG", "НАТО"),
        ("ЦВК", "ORG", "ЦВК"),
        ("МВС", "ORG", "МВС"),
        ("БЕЛТА", "ORG", "БЕЛТА"),
        ("Bloomberg", "ORG", "Bloomberg"),
        ("TUT.by", "ORG", "TUT.by"),
    ],
)
def test_ukrainian(surface: str, entity_type: str, expected: str) -> None:
    assert canonical(surface, "uk", entity_type) == expected


@pytest.mark.parametrize(
    ("surface", "entity_type", "expected"),
    [
        ("Александра Лукашенко", "PER", "Александр Лукашенко"),
        ("Светлану Тихановскую", "PER", "Светлана Тихановская"),
        ("Владимиром Путиным", "PER", "Владимир Путин"),
        ("Юлией Тимошенко", "PER", "Юлия Тимошенко"),
        ("Минске", "LOC", "Минск"),
        ("Соединенных Штатах", "LOC", "Соединенные Штаты"),  # no ё where the text has none
        ("Верховной Рады", "ORG", "Верховная Рада"),
        ("НАТО", "ORG", "НАТО"),
        # an -ов surname the dictionary knows only as a common word (рыжик, рыжиковый)
        ("Сергей Рыжиков", "PER", "Сергей Рыжиков"),
        ("Сергея Рыжикова", "PER", "Сергей Рыжиков"),
        ("Сергеем Рыжиковым", "PER", "Сергей Рыжиков"),
        ("Марии Рыжиковой", "PER", "Мария Рыжикова"),
        ("Рыжиков", "PER", "Рыжиков"),
    ],
)
def test_russian(surface: str, entity_type: str, expected: str) -> None:
    assert canonical(surface, "ru", entity_type) == expected


@pytest.mark.parametrize(
    ("surface", "lang", "expected"),
    [
        ("Putin's", "en", "Putin"),
        ("Vladimir Putin’s", "en", "Vladimir Putin"),
        ("the U.S. Senate", "en", "the U.S. Senate"),
        ("Unión Europea", "es", "Unión Europea"),
        ("l'Union européenne", "fr", "l'Union européenne"),
        ("Emmanuel Macron", "fr", "Emmanuel Macron"),
    ],
)
def test_other_languages_as_written(surface: str, lang: str, expected: str) -> None:
    assert canonical(surface, lang, "PER") == expected


def test_spacing_follows_the_offsets() -> None:
    tokens = [Token("Radio", 10, 15), Token("Free", 17, 21), Token("-", 21, 22), Token("Europe", 22, 28)]
    assert canonical_name(tokens, "uk", "ORG") == "Radio Free-Europe"
    assert canonical_name([], "uk", "LOC") == ""
