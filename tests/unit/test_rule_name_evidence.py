"""The rules NER types a name on evidence, and a name alone on what the article says of it."""

from __future__ import annotations

from functools import cache

from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities"))


def _article(text: str, lang: str) -> AnalysedArticle:
    return _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))


def _names(text: str, lang: str) -> dict[str, str]:
    article = _article(text, lang)
    return {article.text[e.start : e.end]: e.type.value for e in article.entities}


def test_a_place_word_or_noun_makes_a_place_everywhere_in_the_article() -> None:
    names = _names(
        "Les rebelles tiennent la ville de Kafr Batna. Des tirs ont visé Kafr Batna hier. "
        "Les navires croisent dans le Golfe Persique.",
        "fr",
    )
    assert names.get("Kafr Batna") == "LOC"
    assert names.get("Golfe Persique") == "LOC"


def test_a_common_noun_alone_and_a_people_are_no_names() -> None:
    names = _names(
        "El Gobierno sirio negó el ataque. Según la ONG, murieron diez civiles sirios. "
        "Des milliers de Syriens ont fui, a dit un responsable syrien.",
        "es",
    )
    assert "Gobierno" not in names and "ONG" not in names
    assert _names("Des milliers de Syriens ont fui, a dit un responsable syrien.", "fr").get("Syriens") is None


def test_a_known_name_after_a_common_noun_and_de_is_the_name() -> None:
    names = _names(
        "El secretario de Defensa de EEUU, Chuck Hagel, habló. El ministro de Asuntos Exteriores, "
        "Mohamad Javad Zarif, respondió.",
        "es",
    )
    assert names.get("EEUU") == "LOC" and "Defensa de EEUU" not in names
    assert "Asuntos Exteriores" not in names
    assert names.get("Chuck Hagel") == "PER" and names.get("Mohamad Javad Zarif") == "PER"


def test_a_sentence_may_open_with_an_acronym_but_not_with_a_quoted_word() -> None:
    names = _names('UNRWA said 1.9 million people had fled. "It is the third," a spokesman said.', "en")
    assert names.get("UNRWA") == "ORG"
    assert not any(name.startswith("It") for name in names)
    assert "Es" not in _names('"Es el tercero", aseguró la televisión estatal.', "es")


def test_an_elided_article_and_a_possessive_are_no_part_of_a_name() -> None:
    fr = _names("Selon l'Observatoire syrien des droits de l'Homme (OSDH), L'Otan a frappé.", "fr")
    assert fr.get("Observatoire syrien des droits de l'Homme") == "ORG" and fr.get("OSDH") == "ORG"
    assert fr.get("Otan") == "ORG"
    assert _names("Syria's health ministry said 812 people had died.", "en").get("Syria") == "LOC"


def test_a_first_name_alone_is_the_person_the_article_names() -> None:
    article = _article(
        "Bachar el-Assad annonce que sa femme, Asma, est enceinte. Asma el-Assad a été vue à Damas.", "fr"
    )
    ids = {article.text[e.start : e.end]: e.entity_id for e in article.entities}
    assert ids["Asma"] == ids["Asma el-Assad"]


def test_an_acronym_and_its_place_are_one_organisation_in_russian() -> None:
    article = _article("МВД Белоруссии сообщило о задержаниях. В МВД заявили, что задержаны сто человек.", "ru")
    found = {article.text[e.start : e.end]: (e.type.value, e.canonical, e.entity_id) for e in article.entities}
    assert found["МВД Белоруссии"][:2] == ("ORG", "МВД Белоруссии")
    assert found["МВД"][2] == found["МВД Белоруссии"][2]


def test_institutions_by_their_building_are_organisations() -> None:
    assert _names("El Pentágono y la Casa Blanca callan; lo informa Reuters.", "es") == {
        "Pentágono": "ORG",
        "Casa Blanca": "ORG",
        "Reuters": "ORG",
    }
