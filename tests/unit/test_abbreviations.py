"""Abbreviations an article spells out name its organisation (analysis/entities/abbreviations.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import khronika
from khronika.analysis.entities.abbreviations import is_abbreviation, name_before
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities"))


def _mentions(text: str, lang: str) -> list[tuple[str, str, str]]:
    article = _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))
    return [(m.text, m.type.value, m.entity_id) for m in article.entities]


def test_initials_of_the_words_before_the_bracket() -> None:
    text = "Як заявив Національний банк України (НБУ), ставка не зміниться."
    found = name_before(text, "НБУ", text.index("("))
    assert found is not None and text[found[0] : found[1]] == "Національний банк України"
    text = "the Central Election Commission of Belarus (CECB) said"
    assert name_before(text, "CECB", text.index("(")) is not None
    assert name_before("the city council (NBU) said", "NBU", 17) is None
    assert is_abbreviation("НБУ") and is_abbreviation("U.N.") and not is_abbreviation("Нацбанк")


def test_the_abbreviation_takes_the_entity_of_the_name_it_spells_out() -> None:
    mentions = _mentions(
        "Національний банк України (НБУ) залишив облікову ставку без змін. У НБУ пояснили це інфляцією.", "uk"
    )
    ids = {entity_id for text, _, entity_id in mentions if text in ("НБУ", "Національний банк України")}
    assert len(ids) == 1 and ("України", "LOC", "loc:ukraine") not in mentions  # Ukraine is part of the name here
    english = _mentions("The Central Election Commission (CEC) said the vote was valid. The CEC will publish it.", "en")
    assert len({entity_id for text, _, entity_id in english if "C" in text}) == 1


def test_another_articles_abbreviation_alone_links_to_the_learned_name(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(
        "Ставка\n\nНаціональний банк України (НБУ) залишив облікову ставку без змін. У НБУ пояснили це інфляцією.\n",
        encoding="utf-8",
    )
    second.write_text(
        "Ставка знову\n\nУ вівторок правління НБУ знову залишило облікову ставку на рівні 25%, "
        "повідомили в пресслужбі НБУ.\n",
        encoding="utf-8",
    )
    with khronika.open(tmp_path / "k.db") as kh:
        kh.ingest([str(first)], published="2020-09-10")
        kh.ingest([str(second)], published="2020-09-11")
        bank = kh.entity("НБУ")
        assert bank.summary.canonical == "Національний банк України"
        assert bank.summary.articles == 2
