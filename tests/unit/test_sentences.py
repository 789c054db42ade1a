"""Sentence splitting and tokenization (khronika.analysis.sentences)."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khronika.analysis.morphology import add_morphology
from khronika.analysis.pipeline import Pipeline
from khronika.analysis.sentences import segment, split_article
from khronika.records import AnalysedArticle, DateSource, Field, PublicationDate
from khronika.rules import RULE_LANGUAGES
from khronika.text import clean_lines

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "article-uk.txt"
PUBLISHED = PublicationDate("2020-09-14", DateSource.GIVEN)


def sentences_of(text: str, lang: str = "uk") -> list[str]:
    return [text[start:end] for start, end in segment(text, lang).sentences]


def tokens_of(text: str, lang: str = "uk") -> list[str]:
    return [text[start:end] for start, end, _ in segment(text, lang).tokens]


def seed_article() -> AnalysedArticle:
    title, *body = clean_lines(SEED.read_text(encoding="utf-8"))
    return AnalysedArticle(lang="uk", title=title, text="\n".join(body), published=PUBLISHED)


# -- sentences --------------------------------------------------------------------


def test_seed_sentences() -> None:
    text = seed_article().text
    found = sentences_of(text)
    assert "• 8 вересня Лукашенко заявив про готовність продовжити інтеграцію з Росією." in found
    assert 'Тоді ж він зазначив, що, якщо сьогодні Білорусь "впаде", то наступною буде Росія.' in found
    assert "Правозахисники говорять про п'ятьох." in found
    assert "На масштабних маршах протесту 13 вересня в Мінську було затримано понад 400 людей." in found
    assert "Відео дня" in found  # a line of its own, not glued to the next sentence
    assert len(found) == 30


def test_lines_never_merge() -> None:
    text = "Лукашенко і Путін: союз диктаторів\n• Ще кілька місяців тому\nбез крапки в кінці"
    assert sentences_of(text) == [
        "Лукашенко і Путін: союз диктаторів",
        "• Ще кілька місяців тому",
        "без крапки в кінці",
    ]


def test_bullets_start_sentences() -> None:
    assert sentences_of("• раз • два. Три") == ["• раз", "• два.", "Три"]


def test_unpaired_and_mixed_quotes() -> None:
    text = 'Як повідомляє «БЕЛТА", переговори відбудуться у форматі "сам на сам". Він також домовився реагувати»у разі загроз". Далі.'
    assert sentences_of(text) == [
        'Як повідомляє «БЕЛТА", переговори відбудуться у форматі "сам на сам".',
        'Він також домовився реагувати»у разі загроз".',
        "Далі.",
    ]
    assert tokens_of('«БЕЛТА"') == ["«", "БЕЛТА", '"']


def test_sentence_ending_inside_quotes() -> None:
    text = "Він сказав: «Ми прийдемо.» Потім пішов. «Чому?» — спитав він. Хто? — питає."
    assert sentences_of(text) == [
        "Він сказав: «Ми прийдемо.»",
        "Потім пішов.",
        "«Чому?» — спитав він.",
        "Хто? — питає.",
    ]
    assert sentences_of('He said: "No!" Then he left... And came back.', "en") == [
        'He said: "No!"',
        "Then he left...",
        "And came back.",
    ]


def test_initials_do_not_end_sentences() -> None:
    assert sentences_of("Учора О. Лукашенко і J. Smith зустрілися.") == ["Учора О. Лукашенко і J. Smith зустрілися."]
    assert sentences_of("Президент О.Г. Лукашенко прибув.") == ["Президент О.Г. Лукашенко прибув."]
    assert tokens_of("О. Лукашенко") == ["О.", "Лукашенко"]


def test_decimal_commas_and_numbers() -> None:
    assert tokens_of("80,1% виборців, 10,1%, 14.09.2020 о 12:30, 5-й") == [
        "80,1", "%", "виборців", ",", "10,1", "%", ",", "14.09.2020", "о", "12:30", ",", "5-й",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("uk", "Це ст. 5 Конституції і т.д. Далі.", ["Це ст. 5 Конституції і т.д.", "Далі."]),
        (
            "uk",
            "Це сталося у 2020 р. Наступного року все змінилося.",
            ["Це сталося у 2020 р.", "Наступного року все змінилося."],
        ),
        ("uk", "Він жив у м. Київ на вул. Хрещатик.", ["Він жив у м. Київ на вул. Хрещатик."]),
        ("uk", "Зібрали 5 тис. грн. Решту віддали.", ["Зібрали 5 тис. грн.", "Решту віддали."]),
        (
            "ru",
            "Он жил в г. Минск, ул. Ленина и т. д. Потом уехал.",
            ["Он жил в г. Минск, ул. Ленина и т. д.", "Потом уехал."],
        ),
        ("en", "Mr. Smith went to the U.S. Senate. He left.", ["Mr. Smith went to the U.S. Senate.", "He left."]),
        ("en", "Apple Inc. Shares rose.", ["Apple Inc.", "Shares rose."]),
        ("es", "El Sr. García viajó a EE.UU. con la Dra. Pérez.", ["El Sr. García viajó a EE.UU. con la Dra. Pérez."]),
        ("fr", "M. Macron a parlé. Mme Le Pen aussi.", ["M. Macron a parlé.", "Mme Le Pen aussi."]),
        (
            "it",
            "Il Sig. Rossi e il Dott. Bianchi, ecc. Poi basta.",
            ["Il Sig. Rossi e il Dott. Bianchi, ecc.", "Poi basta."],
        ),
        ("xx", "Dr. No. Mr. Who.", ["Dr.", "No.", "Mr.", "Who."]),  # no rules: only initials keep their dot
    ],
)
def test_abbreviations(lang: str, text: str, expected: list[str]) -> None:
    assert sentences_of(text, lang) == expected


def test_numbered_list_item_is_no_sentence() -> None:
    assert sentences_of("1. Перший пункт. 2. Другий пункт.") == ["1. Перший пункт.", "2. Другий пункт."]


def test_urls_and_emails_are_single_tokens() -> None:
    text = "Див. https://example.com/news/1.html?id=5. Пишіть на news@example.com.ua. Сайт TUT.by і www.liga.net."
    assert tokens_of(text) == [
        "Див.", "https://example.com/news/1.html?id=5", ".", "Пишіть", "на", "news@example.com.ua", ".",
        "Сайт", "TUT.by", "і", "www.liga.net", ".",
    ]  # fmt: skip
    assert len(sentences_of(text)) == 3


def test_words_keep_apostrophes_hyphens_and_stress() -> None:
    assert tokens_of("п'ятьох у Telegram-каналі, заплано\u0301вано") == [
        "п'ятьох",
        "у",
        "Telegram-каналі",
        ",",
        "заплано\u0301вано",
    ]


def test_elided_articles_split_in_french_and_italian() -> None:
    assert tokens_of("L'Union européenne d'Italie", "fr") == ["L'", "Union", "européenne", "d'", "Italie"]
    assert tokens_of("dell'Unione europea", "it") == ["dell'", "Unione", "europea"]
    assert tokens_of("Putin's visit", "en") == ["Putin's", "visit"]


@pytest.mark.parametrize("lang", RULE_LANGUAGES)
def test_every_listed_abbreviation_is_one_token(lang: str) -> None:
    data = json.loads(
        resources.files("khronika.rules").joinpath(lang, "abbreviations.json").read_text(encoding="utf-8")
    )
    for key in ("never_final", "can_end", "final_after_number"):
        for abbreviation in data[key]:
            assert tokens_of(f"перед {abbreviation} після", lang)[1] == abbreviation, abbreviation


# -- offsets and invariants ------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from(list("аБcD1 ,.!?«»\"'-•\n…:/@w%")) | st.characters(), max_size=300))
def test_offsets_and_invariants(text: str) -> None:
    found = segment(text, "uk")
    previous_end = 0
    for start, end, index in found.tokens:
        assert previous_end <= start < end
        sentence_start, sentence_end = found.sentences[index]
        assert sentence_start <= start and end <= sentence_end
        assert not text[start:end].isspace()
        previous_end = end
    for start, end in found.sentences:
        assert "\n" not in text[start:end]
    # every non-space character belongs to exactly one token
    covered = "".join(text[start:end] for start, end, _ in found.tokens)
    assert covered == "".join(char for char in text if not char.isspace())


def test_stage_fills_title_and_text() -> None:
    article = seed_article()
    analysed = split_article(article)
    assert article.tokens == ()  # pure: the input is unchanged
    title_sentences = [sentence for sentence in analysed.sentences if sentence.field is Field.TITLE]
    assert len(title_sentences) == 1 and analysed.sentences[0].field is Field.TITLE
    for token in analysed.tokens:
        assert analysed.field_text(token.field)[token.start : token.end] == token.text
        sentence = analysed.sentences[token.sentence]
        assert sentence.field is token.field and sentence.start <= token.start and token.end <= sentence.end
    assert [token.text for token in analysed.tokens[:3]] == ["Лукашенко", "знову", "поговорить"]
    assert analysed.tokens[-1].text == "." and analysed.tokens[-1].field is Field.TEXT


def test_stage_without_title_or_text() -> None:
    analysed = split_article(AnalysedArticle(lang="en", title=None, text="", published=PUBLISHED))
    assert analysed.sentences == () and analysed.tokens == ()
    analysed = split_article(AnalysedArticle(lang="en", title=None, text="One. Two.", published=PUBLISHED))
    assert [sentence.field for sentence in analysed.sentences] == [Field.TEXT, Field.TEXT]


def test_registered_in_the_pipeline() -> None:
    pipeline = Pipeline(["sentences"])
    assert pipeline.stages[0].assigns == ("sentences", "tokens") and pipeline.stages[0].requires == ()


# -- time linear in the length ---------------------------------------------------------

_TWO_MB = 2_000_000


@pytest.mark.parametrize(
    "text",
    [
        "a." * (_TWO_MB // 2),
        "http://" + "." * _TWO_MB,
        ("a." * 40 + "b ") * (_TWO_MB // 82) + "@",
        "а'" * (_TWO_MB // 2),
        "1," * (_TWO_MB // 2),
        "ab.cd" * (_TWO_MB // 5),
        "а-" * (_TWO_MB // 2),
        " " * _TWO_MB,
    ],
    ids=["dots", "url-dots", "email-like", "apostrophes", "digits", "domains", "hyphens", "spaces"],
)
def test_pathological_two_megabyte_lines_are_linear(text: str) -> None:
    started = time.perf_counter()
    segment(text, "uk")
    assert time.perf_counter() - started < 5  # ~0.2 s; catastrophic backtracking would take hours


def test_two_megabyte_single_line_article() -> None:
    seed = SEED.read_text(encoding="utf-8").replace("\n", " ")
    text = (seed * (_TWO_MB // len(seed) + 1))[:_TWO_MB]
    started = time.perf_counter()
    # the stages themselves, not the Pipeline, which analyses long texts only in part
    analysed = add_morphology(split_article(AnalysedArticle(lang="uk", title=None, text=text, published=PUBLISHED)))
    assert time.perf_counter() - started < 20  # ~2 s here
    assert len(analysed.tokens) > 300_000 and all(token.lemma for token in analysed.tokens[:1000])
