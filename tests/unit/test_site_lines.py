"""Site-level cleaning: an outlet's repeated lines, dropped on evidence only."""

from __future__ import annotations

from khronika.extract.site_lines import (
    SITE_LINE_MIN_PAGES,
    SITE_REPEAT,
    drop_site_lines,
    site_line_key,
    site_line_keys,
    text_line_keys,
)
from khronika.records import Article, DateSource, DroppedLine, PublicationDate

BODY = [
    "El Consejo de Seguridad estudiará este viernes si sanciona a Libia, dijo un portavoz de la misión.",
    "Los ministros se reunieron en Bruselas para estudiar nuevas medidas contra el régimen.",
]


def _article(lines: list[str]) -> Article:
    return Article(
        url="https://diario.example/a", input_name="a.txt", title="Sanciones", text="\n".join(lines), lang="es",
        outlet="Diario", published=PublicationDate(None, DateSource.NONE),
    )  # fmt: skip


def test_a_line_on_enough_other_pages_is_dropped_and_kept_with_its_rule() -> None:
    article = _article(["Webs de PRISA", *BODY, "Recibe nuestras alertas"])
    pages = {site_line_key("Webs de PRISA"): SITE_LINE_MIN_PAGES, site_line_key("Recibe nuestras alertas"): 1}
    cleaned = drop_site_lines(article, pages)
    assert cleaned.text.split("\n") == [*BODY, "Recibe nuestras alertas"]  # seen once elsewhere: no evidence yet
    assert cleaned.dropped == (DroppedLine("Webs de PRISA", SITE_REPEAT),)


def test_nothing_is_dropped_before_there_is_evidence() -> None:
    article = _article(["Webs de PRISA", *BODY])
    assert drop_site_lines(article, {}) == article
    assert drop_site_lines(article, {site_line_key("Webs de PRISA"): SITE_LINE_MIN_PAGES - 1}) == article


def test_a_lead_in_to_a_quote_needs_more_evidence() -> None:
    article = _article([BODY[0], "Elle ajoute :", BODY[1]])
    assert drop_site_lines(article, {site_line_key("Elle ajoute :"): SITE_LINE_MIN_PAGES}) == article


def test_a_repeated_sentence_of_prose_is_no_furniture() -> None:
    long_line = " ".join(["palabra"] * 30) + "."
    article = _article([*BODY, long_line])
    assert drop_site_lines(article, {site_line_key(long_line): 50}) == article


def test_a_sidebar_of_headlines_goes_where_the_outlet_shows_them_elsewhere() -> None:
    sidebar = ["Obama analiza las posibles medidas", "La huida desborda la frontera", "El precio de la gasolina sube"]
    article = _article([*BODY, *sidebar])
    cleaned = drop_site_lines(article, {site_line_key(sidebar[0]): 1, site_line_key(sidebar[2]): 2})
    assert cleaned.text.split("\n") == BODY
    assert [d.text for d in cleaned.dropped] == sidebar
    assert drop_site_lines(article, {site_line_key(BODY[0]): 1}) == article  # a list nobody else shows stays


def test_an_article_is_never_emptied() -> None:
    article = _article(["Webs de PRISA", "Recibe el boletín"])
    pages = {site_line_key(line): 10 for line in article.text.split("\n")}
    assert drop_site_lines(article, pages) == article


def test_keys_fold_case_and_space_and_cover_lines_dropped_before() -> None:
    assert site_line_key("Webs  de PRISA ") == site_line_key("webs de prisa")
    article = _article(BODY)
    dropped = Article(**{**article.__dict__, "dropped": (DroppedLine("Webs de PRISA", SITE_REPEAT),)})
    assert site_line_key("Webs de PRISA") in site_line_keys(dropped)
    assert site_line_key("Webs de PRISA") not in text_line_keys(dropped)


def test_an_untitled_text_gets_the_headline_the_sites_lines_hid() -> None:
    furniture = [
        "Se reunió Buró Político para analizar documento",
        "Fase de Alarma por intensas lluvias",
        "Temas del día",
    ]
    article = _article([*furniture, "Danza macabra de cinismo", *BODY])
    article = Article(**{**article.__dict__, "title": None})
    cleaned = drop_site_lines(article, {site_line_key(line): SITE_LINE_MIN_PAGES for line in furniture})
    assert cleaned.title == "Danza macabra de cinismo" and cleaned.text.split("\n") == BODY
