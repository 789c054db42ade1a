"""../shared/seed/EXPECTED.md, "Chronicle entries this one article yields", over the real seed."""

from __future__ import annotations

import pytest

from khronika.records import TimeGranularity
from khronika.run.document import analyse_source
from khronika.settings import Settings
from khronika.stories.chronicle import build_chronicle
from khronika.stories.chronicle_records import Chronicle, ChronicleArticle
from tests.conftest import requires_shared
from tests.seed_page import SEED

# each expected date with words its cited sentence must hold (the seed's own Ukrainian)
EXPECTED = {
    "2020-08-09": ("9 серпня", "вибори"),
    "2020-08-27": ("27 серпня", "Путін припустив"),
    "2020-09-08": ("8 вересня", "інтеграцію з Росією"),
    "2020-09-13": ("13 вересня", "затримано понад 400"),
    "2020-09-14": ("Лукашенко полетів до Сочі",),
}


@pytest.fixture(scope="module")
def chronicle() -> tuple[Chronicle, str]:
    requires_shared(SEED)
    analysis = analyse_source(str(SEED), Settings(), published="2020-09-14")
    return build_chronicle([ChronicleArticle(1, analysis, "file://seed", "seed")]), analysis.text


def test_the_five_entries_each_on_its_own_date(chronicle: tuple[Chronicle, str]) -> None:
    result, _ = chronicle
    assert [entry.date for entry in result.entries] == sorted(EXPECTED)
    assert all(entry.granularity is TimeGranularity.DAY for entry in result.entries)


def test_each_entry_cites_the_seeds_own_sentence(chronicle: tuple[Chronicle, str]) -> None:
    result, text = chronicle
    for entry in result.entries:
        (line,) = entry.sentences
        assert all(words in line.text for words in EXPECTED[entry.date]), (entry.date, line.text)
        (citation,) = line.citations
        assert citation.article_id == 1 and citation.lang == "uk" and citation.url == "file://seed"
        assert citation.text in text  # the sentence as the article has it, bullet off
        assert not line.text.startswith("•")


def test_vague_and_conditional_times_make_no_line(chronicle: tuple[Chronicle, str]) -> None:
    result, _ = chronicle
    lines = " ".join(s.text for entry in result.entries for s in entry.sentences)
    assert "кілька місяців тому" not in lines and "перші дні протестів" not in lines
    assert "якщо сьогодні" not in lines


def test_attributed_lines_name_their_source(chronicle: tuple[Chronicle, str]) -> None:
    result, _ = chronicle
    sources = {entry.date: entry.sentences[0].citations[0].claim_source for entry in result.entries}
    assert sources["2020-08-27"] == "Володимир Путін"
    assert sources["2020-09-08"] == "Олександр Лукашенко"
