"""Figures whose source no claim names (a name gives the count with a verb of
counting), round amounts (``un millar``), places inside a source's name, the date
nearest a figure, and elliptic counts that go on in the frame of the one before."""

from __future__ import annotations

from functools import cache

from khronika.analysis.claims.attribution import find_claims
from khronika.analysis.figures.conflicts import find_conflicts, interval, values_disagree
from khronika.analysis.figures.reader import Figure, find_figures
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, DateSource, PublicationDate


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities", "timex"))


def _figures(text: str, lang: str) -> list[Figure]:
    article = _pipeline()(AnalysedArticle(lang, None, text, PublicationDate("2024-03-23", DateSource.GIVEN)))
    return find_figures(article, find_claims(article))


def test_a_named_subject_of_a_counting_verb_gives_the_count() -> None:
    [toll] = _figures("Губернатор Подмосковья Андрей Воробьёв в тот же день назвал 115 погибших.", "ru")
    assert (toll.source, toll.source_kind, toll.measure) == ("Андрей Воробьёв", "person", "deaths")
    assert toll.place is None  # the region in the governor's title is not where the dead were counted
    [bracketed] = _figures(
        "La organización Médicos Sin Fronteras (MSF) confirmó, por su parte, la muerte de 355 personas.", "es"
    )
    assert bracketed.source == "Médicos Sin Fronteras"
    [noun] = _figures("Israeli officials put the number of people killed at about 18,000.", "en")
    assert (noun.source, noun.qualifier) == ("officials", "about")


def test_no_giver_after_a_preposition_or_without_a_counting_verb() -> None:
    [after_of] = _figures("Las fuerzas de Asad confirmaron la muerte de 20 rebeldes.", "es")
    assert after_of.source is None  # Asad is no subject: "de Asad" qualifies the forces
    [no_verb] = _figures("Андрей Воробьёв приехал в город, где погибли 115 человек.", "ru")
    assert no_verb.source is None


def test_two_givers_of_one_toll_conflict() -> None:
    text = (
        "Губернатор Андрей Воробьёв назвал 115 погибших в Красногорске. "
        "Следователь Светлана Петренко назвала 137 погибших в Красногорске."
    )
    [conflict] = find_conflicts(_figures(text, "ru"))
    assert (conflict.first_value, conflict.second_value) == (115.0, 137.0)


def test_round_amounts_and_at_most() -> None:
    [thousand] = _figures("Según los rebeldes, murieron más de un millar de personas.", "es")
    assert (thousand.value, thousand.qualifier, thousand.measure, thousand.text) == (
        1000.0,
        "over",
        "deaths",
        "más de un millar",
    )
    assert interval(thousand)[0] > 1000 and not thousand.approximate  # a bound, not vague "thousands"
    [hundred] = _figures("Murieron un centenar de personas.", "es")
    assert (hundred.value, hundred.qualifier) == (100.0, "about")
    [hundreds] = _figures("Правозащитники сообщали о сотнях задержанных.", "ru")
    assert hundreds.approximate and hundreds.qualifier is None  # plural: vague, disputes nothing
    [at_most] = _figures("Наблюдатели утверждают, что за Лукашенко проголосовали не более 30% избирателей.", "ru")
    assert (at_most.qualifier, interval(at_most)) == ("up_to", (0.0, 30.0))


def test_a_place_in_the_source_name_is_not_the_event_place() -> None:
    [toll] = _figures("Syria's health ministry said 812 people had been killed in government-held areas.", "en")
    assert (toll.source, toll.place) == ("Syria's health ministry", None)
    [other] = _figures("The White Helmets said at least 1,020 had died in government-held areas.", "en")
    assert values_disagree(toll, other) and toll.place == other.place


def test_the_date_nearest_the_figure() -> None:
    [toll] = _figures("MSF confirmó el sábado 10 de agosto la muerte el miércoles 7 de agosto de 355 personas.", "es")
    assert toll.date is not None and toll.date.endswith("-08-07")  # the dead are the 7th's, not the 10th's


def test_an_elliptic_count_keeps_the_measure_group_and_place_before_it() -> None:
    text = (
        "За даними Генштабу, армія РФ випустила по Україні 60 ракет. "
        "Міністр оборони Олексій Резніков написав, що ракет було 52."
    )
    first, second = _figures(text, "uk")
    assert (first.measure, first.subject) == ("launched", "ракета")
    assert (second.measure, second.subject, second.place) == ("launched", "ракета", first.place)
    [conflict] = find_conflicts([first, second])
    assert conflict.measure == "launched"
    downed = _figures("Залужний написав про 41 збиту ракету.", "uk")
    assert [(f.measure, f.subject) for f in downed] == [("shot_down", "ракета")]


def test_another_count_adds_to_one_and_disputes_none() -> None:
    text = "Según la agencia SANA, murieron 5 personas en Shayrat. Según el Observatorio, murieron otras 4 personas en Shayrat."
    five, four = _figures(text, "es")
    assert (four.value, four.qualifier, four.measure) == (4.0, "additional", "deaths")
    assert five.subject == four.subject and find_conflicts([five, four]) == []


def test_a_counted_group_ends_at_the_measure_word() -> None:
    [soldiers] = _figures("Según el ejército, 6 militares murieron en el ataque.", "es")
    assert (soldiers.measure, soldiers.subject) == ("deaths", "militar")


def test_a_total_and_its_part_named_with_it_are_no_conflict() -> None:
    text = (
        "La cadena Al Jazeera había informado de la muerte de 14 personas, dos de ellas el miércoles en Al Baida. "
        "El mismo diario había informado de que dos personas murieron el miércoles en Al Baida."
    )
    figures = _figures(text, "es")
    assert [f.value for f in figures if f.measure == "deaths"] == [14.0, 2.0]
    assert find_conflicts(figures) == []


def test_french_round_amounts_distances_and_live_blog_stamps() -> None:
    [hundred] = _figures("Selon l'opposition, les bombardements ont tué plus d'une centaine de personnes.", "fr")
    assert (hundred.value, hundred.qualifier) == (100.0, "over")
    assert _figures("Selon une infirmière, le centre est à une dizaine de kilomètres de Damas.", "fr") == []
    stamped = _figures("15 h 13 : Syrte est libérée, indique à l'AFP un responsable militaire.", "fr")
    assert [f.value for f in stamped] == []
    [grandchildren] = _figures("Trois de ses petits-enfants ont été tués, selon l'AFP.", "fr")
    assert (grandchildren.measure, grandchildren.subject) == ("deaths", "petit-enfant")


def test_a_clock_glued_to_its_unit_is_no_count() -> None:
    assert _figures("17.42h: Un portavoz anuncia que Mubarak ha dimitido.", "es") == []
