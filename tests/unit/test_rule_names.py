"""The rules NER (es, fr, it, en without a model): common words are no names."""

from __future__ import annotations

from functools import cache

from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities"))


def _names(text: str, lang: str) -> dict[str, str]:
    article = _pipeline()(AnalysedArticle(lang, None, text, PublicationDate(None, DateSource.NONE)))
    return {article.text[e.start : e.end]: e.type.value for e in article.entities}


def test_a_word_the_article_writes_in_lower_case_is_no_place() -> None:
    names = _names(
        "Solo quedan tres días. La ciudad está sola y el gobierno solo habla de Siria. "
        "Fue en Damasco donde todo empezó; la protesta fue pacífica.",
        "es",
    )
    assert "Solo" not in names and "Fue" not in names
    assert names.get("Siria") == "LOC" and names.get("Damasco") == "LOC"


def test_a_lower_case_slip_in_a_comment_leaves_a_place_a_place() -> None:
    names = _names(
        "La France a condamné l'attaque. Le président de la France a parlé à Paris. "
        "Un lecteur écrit: la france doit agir. Sur le terrain, la situation reste tendue sur la côte.",
        "fr",
    )
    assert names.get("France") == "LOC"
    assert "Sur" not in names


def test_a_web_address_is_no_lower_case_use() -> None:
    names = _names("Siria vive una guerra. Lea más en www.siria.com y en @siria. Siria sigue en guerra.", "es")
    assert names.get("Siria") == "LOC"


def test_a_phrase_of_common_words_is_no_person() -> None:
    names = _names(
        "El Observatorio Sirio de Derechos Humanos informó de diez muertos. "
        "Los derechos humanos no se respetan. Derechos Humanos es una causa, dijo Juan Pérez.",
        "es",
    )
    assert names.get("Observatorio Sirio de Derechos Humanos") == "ORG"
    assert names.get("Derechos Humanos") != "PER"
    assert names.get("Juan Pérez") == "PER"


def test_a_title_before_a_name_is_no_part_of_it() -> None:
    names = _names(
        "Vice President Fuat Oktay said aid would arrive. Greek Prime Minister Kyriakos Mitsotakis "
        "met Interior Minister Suleyman Soylu in Athens. The General Assembly voted.",
        "en",
    )
    assert names.get("Fuat Oktay") == "PER" and names.get("Suleyman Soylu") == "PER"
    assert names.get("Kyriakos Mitsotakis") == "PER"
    assert not any("President" in name or "Minister" in name for name in names)
    assert names.get("General Assembly") == "ORG"  # a title word that begins an organisation's name stays


def test_long_names_join_over_two_connectors_and_glued_particles() -> None:
    es = _names("El Observatorio Sirio de los DD.HH. informó desde Londres.", "es")
    assert es.get("Observatorio Sirio de los DD.HH.") == "ORG"
    es = _names("Lo anunció el Estado Mayor de las Fuerzas Armadas en Damasco.", "es")
    assert "Estado Mayor de las Fuerzas Armadas" in es
    fr = _names("Le président Bachar el-Assad a reçu Asma el-Assad à Damas.", "fr")
    assert fr.get("Bachar el-Assad") == "PER" and "Asma el-Assad" in fr
