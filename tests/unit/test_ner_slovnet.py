"""The ``slovnet-ru`` NER backend: natasha's Russian news model, shipped in its wheel."""

from __future__ import annotations

import importlib.util
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khronika.analysis.entities.ner import NerSpan, backend_for, load_backend
from khronika.analysis.entities.ner.slovnet import chunks
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, DateSource, EntityType, Field, PublicationDate

needs_natasha = pytest.mark.skipif(
    importlib.util.find_spec("natasha") is None,
    reason="natasha is not installed (pip install natasha): the slovnet-ru model ships in its wheel",
)

TEXT = (
    "Президент Белоруссии Александр Лукашенко встретился в Сочи с Владимиром Путиным. "
    "Об этом сообщило агентство БелТА.\n\n"
    "После встречи в Кремле заявили, что «Газпром» сохранит цены на газ для Минска."
)
TITLE = "Лукашенко и Путин провели переговоры в Сочи"


def _article(text: str, title: str | None = None) -> AnalysedArticle:
    return AnalysedArticle(lang="ru", title=title, text=text, published=PublicationDate(None, DateSource.NONE))


def _found(article: AnalysedArticle, spans: list[NerSpan]) -> set[tuple[Field, str, EntityType]]:
    return {(span.field, article.field_text(span.field)[span.start : span.end], span.type) for span in spans}


@needs_natasha
def test_finds_people_places_and_organisations() -> None:
    article = _article(TEXT, TITLE)
    found = _found(article, load_backend("slovnet-ru").recognise(article))
    assert {
        (Field.TEXT, "Белоруссии", EntityType.LOC),
        (Field.TEXT, "Александр Лукашенко", EntityType.PER),
        (Field.TEXT, "Сочи", EntityType.LOC),
        (Field.TEXT, "Владимиром Путиным", EntityType.PER),
        (Field.TEXT, "БелТА", EntityType.ORG),
        (Field.TEXT, "Газпром", EntityType.ORG),
        (Field.TEXT, "Минска", EntityType.LOC),
        (Field.TITLE, "Лукашенко", EntityType.PER),
        (Field.TITLE, "Путин", EntityType.PER),
        (Field.TITLE, "Сочи", EntityType.LOC),
    } <= found


@needs_natasha
def test_spans_index_their_field_exactly() -> None:
    # the second paragraph comes after a blank line: its offsets are the text's, not the chunk's
    article = _article(TEXT, TITLE)
    spans = load_backend("slovnet-ru").recognise(article)
    assert spans
    for span in spans:
        field_text = article.field_text(span.field)
        assert 0 <= span.start < span.end <= len(field_text)
        assert field_text[span.start : span.end] == field_text[span.start : span.end].strip()
    minsk = next(span for span in spans if article.text[span.start : span.end] == "Минска")
    assert minsk.start == TEXT.index("Минска")


@needs_natasha
def test_no_title_and_blank_text() -> None:
    backend = load_backend("slovnet-ru")
    assert backend.recognise(_article("   \n\n  ")) == []
    spans = backend.recognise(_article("Сергей Лавров прилетел в Анкару."))
    assert spans and {span.field for span in spans} == {Field.TEXT}


@needs_natasha
def test_is_the_default_for_russian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHRONIKA_NER", raising=False)
    backend = backend_for("ru")
    assert backend.name == "slovnet-ru"
    assert backend is load_backend("slovnet-ru")  # one model per process


@needs_natasha
def test_takes_no_option() -> None:
    with pytest.raises(UsageError, match="takes no option"):
        load_backend("slovnet-ru:/some/path")


@needs_natasha
def test_long_single_line_text_is_linear_and_exact() -> None:
    # 200,000 characters with no line break (a scraped one-line article): tagged
    # in chunks, every span still an exact slice of the whole text
    paragraph = (
        "Министр иностранных дел России Сергей Лавров провёл в Москве переговоры с главой МИД Турции. "
        "Стороны обсудили ситуацию в Сирии, сообщает РИА Новости. "
    )
    text = (paragraph * (200_000 // len(paragraph) + 1))[:200_000]
    article = _article(text)
    started = time.perf_counter()
    spans = load_backend("slovnet-ru").recognise(article)
    assert time.perf_counter() - started < 60
    lavrov = [span for span in spans if text[span.start : span.end] == "Сергей Лавров"]
    assert len(lavrov) >= 0.9 * text.count("Сергей Лавров")
    assert all(span.type is EntityType.PER for span in lavrov)
    assert all(text[span.start : span.end].strip() == text[span.start : span.end] != "" for span in spans)


def test_chunks_cut_long_lines_at_sentence_ends() -> None:
    text = "Первая строка.\n\n" + "Это предложение. " * 300 + "\nПоследняя"
    pieces = list(chunks(text, limit=200))
    assert all(text[offset : offset + len(chunk)] == chunk for offset, chunk in pieces)
    assert all(len(chunk) <= 200 for _, chunk in pieces)
    assert pieces[0] == (0, "Первая строка.\n")
    assert all(chunk.rstrip().endswith(".") for _, chunk in pieces[1:-1])
    assert pieces[-1][1] == "Последняя"


@given(st.text(alphabet="аб .\n\u2028", max_size=400), st.integers(min_value=4, max_value=50))
def test_chunks_cover_every_visible_character(text: str, limit: int) -> None:
    pieces = list(chunks(text, limit=limit))
    covered: set[int] = set()
    for offset, chunk in pieces:
        assert text[offset : offset + len(chunk)] == chunk
        assert 0 < len(chunk) <= limit and chunk.strip()
        covered.update(range(offset, offset + len(chunk)))
    assert {i for i, char in enumerate(text) if not char.isspace()} <= covered
    assert [offset for offset, _ in pieces] == sorted(offset for offset, _ in pieces)
