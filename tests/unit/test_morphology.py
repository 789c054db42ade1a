"""Lemmas and tags (khronika.analysis.morphology)."""

from __future__ import annotations

from dataclasses import fields

import pytest

from khronika.analysis.morphology import add_morphology, analyse_word, analyzer
from khronika.analysis.pipeline import Pipeline
from khronika.analysis.sentences import split_article
from khronika.records import AnalysedArticle, DateSource, PublicationDate, Token

PUBLISHED = PublicationDate("2020-09-14", DateSource.GIVEN)

# 30 inflected Ukrainian and Russian forms: people, places, organisations, common
# words. pymorphy3 alone reads Києві as the name Кий and Мінську as an adjective;
# simplemma alone leaves Тихановську and Олександра as they are.
THIRTY_FORMS = [
    ("uk", "Мінську", "Мінськ"),
    ("uk", "Києві", "Київ"),
    ("uk", "Тихановську", "Тихановська"),
    ("uk", "Олександра", "Олександр"),
    ("uk", "Лукашенка", "Лукашенко"),
    ("uk", "Путіним", "Путін"),
    ("uk", "Білорусі", "Білорусь"),
    ("uk", "Росією", "Росія"),
    ("uk", "Москву", "Москва"),
    ("uk", "Євросоюзі", "Євросоюз"),
    ("uk", "Сочі", "Сочі"),
    ("uk", "Світлану", "Світлана"),
    ("uk", "Володимиром", "Володимир"),
    ("uk", "Харкові", "Харків"),
    ("uk", "Львова", "Львів"),
    ("uk", "Нью-Йорку", "Нью-Йорк"),
    ("uk", "НАТО", "НАТО"),
    ("uk", "ЦВК", "ЦВК"),
    ("uk", "Ради", "рада"),
    ("uk", "протестувальників", "протестувальник"),
    ("uk", "людей", "людина"),
    ("uk", "заявили", "заявити"),
    ("uk", "Президент", "президент"),  # capitalised at a sentence start only
    ("ru", "Лукашенко", "Лукашенко"),
    ("ru", "Минске", "Минск"),
    ("ru", "Путиным", "Путин"),
    ("ru", "Александра", "Александр"),
    ("ru", "Тихановскую", "Тихановская"),  # pymorphy3's normal form is the masculine
    ("ru", "Рады", "рада"),  # simplemma says рад
    ("ru", "выборов", "выборы"),
]


@pytest.mark.parametrize(("lang", "form", "lemma"), THIRTY_FORMS)
def test_thirty_forms(lang: str, form: str, lemma: str) -> None:
    assert analyse_word(form, lang)[0] == lemma


def test_thirty_forms_are_thirty() -> None:
    assert len(THIRTY_FORMS) == 30


@pytest.mark.parametrize(
    ("lang", "form", "lemma"),
    [
        ("en", "children", "child"),
        ("en", "went", "go"),
        ("en", "protesters", "protester"),
        ("es", "elecciones", "elección"),
        ("es", "fueron", "ser"),
        ("fr", "élections", "élection"),
        ("fr", "était", "être"),
        ("it", "elezioni", "elezione"),
        ("it", "erano", "essere"),
    ],
)
def test_simplemma_languages(lang: str, form: str, lemma: str) -> None:
    assert analyse_word(form, lang) == (lemma, None, frozenset())


def test_unknown_language_lowercases() -> None:
    assert analyse_word("Wörter", "und") == ("wörter", None, frozenset())
    assert analyse_word("80,1", "und") == ("80,1", None, frozenset())


def test_tags_are_pymorphy3_grammemes() -> None:
    _, pos, tags = analyse_word("Лукашенка", "uk")
    assert pos == "NOUN"
    assert {"NOUN", "Surn", "masc", "anim", "gent"} <= tags
    assert analyse_word("80,1", "uk") == ("80,1", "NUMB", frozenset({"NUMB", "real"}))
    assert analyse_word("«", "uk") == ("«", "PNCT", frozenset({"PNCT"}))
    assert "Geox" in analyse_word("Минске", "ru")[2]


def test_names_abbreviations_and_latin_keep_their_case() -> None:
    assert analyse_word("БЕЛТА", "uk")[0] == "БЕЛТА"  # unknown all-caps: an abbreviation
    assert analyse_word("Bloomberg", "uk") == ("Bloomberg", "LATN", frozenset({"LATN"}))
    assert analyse_word("TUT.by", "uk")[0] == "TUT.by"
    assert analyse_word("Telegram-каналі", "uk")[0] == "Telegram-канал"
    assert analyse_word("МЗС", "uk")[0] == "МЗС"


def test_one_analyzer_per_language() -> None:
    assert analyzer("uk") is analyzer("uk")
    assert analyzer("uk") is not analyzer("ru")
    with pytest.raises(ValueError):
        analyzer("en")


def test_cached_per_form_and_language() -> None:
    analyse_word("Лукашенку", "uk")
    hits = analyse_word.cache_info().hits
    analyse_word("Лукашенку", "uk")
    assert analyse_word.cache_info().hits == hits + 1


def test_stage_adds_lemmas_and_is_pure() -> None:
    article = split_article(
        AnalysedArticle(
            lang="uk",
            title="Лукашенко знову поговорить з Путіним",
            text="Тисячі жителів Білорусі вийшли на акції протесту в Мінську.",
            published=PUBLISHED,
        )
    )
    analysed = add_morphology(article)
    assert all(token.lemma == "" for token in article.tokens)  # the input is unchanged
    lemmas = [token.lemma for token in analysed.tokens]
    assert lemmas[:6] == ["Лукашенко", "знову", "поговорити", "з", "Путін", "тисяча"]
    assert "Мінськ" in lemmas and "Білорусь" in lemmas
    for before, after in zip(article.tokens, analysed.tokens, strict=True):
        assert (before.text, before.start, before.end, before.field, before.sentence) == (
            after.text,
            after.start,
            after.end,
            after.field,
            after.sentence,
        )


def test_stage_copies_every_token_field() -> None:
    # the stage builds tokens directly (twice as fast as dataclasses.replace): a new
    # Token field must be copied there too
    assert [field.name for field in fields(Token)] == [
        "text",
        "start",
        "end",
        "field",
        "lemma",
        "pos",
        "tags",
        "sentence",
    ]


def test_registered_in_the_pipeline() -> None:
    analysed = Pipeline(["sentences", "morphology"])(
        AnalysedArticle(lang="en", title=None, text="The children went home.", published=PUBLISHED)
    )
    assert [token.lemma for token in analysed.tokens] == ["the", "child", "go", "home", "."]
