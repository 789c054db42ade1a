"""The headline of a plain-text document (extract/titles.py): furniture above it is skipped."""

from __future__ import annotations

from khronika.extract.titles import text_title

BODY = [
    "Las autoridades egipcias han decidido cerrar hoy todas las oficinas de la cadena Al Jazeera en Egipto, "
    "según informó la televisión estatal egipcia.",
    "La cadena Al Jazeera ha cubierto sin descanso las protestas contra el Gobierno de Egipto desde el martes.",
]
HEADLINE = "Egipto: Gobierno cierra las oficinas de la cadena Al Jazeera"


def test_a_plain_file_s_first_line_is_its_title() -> None:
    title, lines, dropped = text_title([HEADLINE, *BODY], "es")
    assert title == HEADLINE and lines == BODY and dropped == []


def test_css_banners_and_the_site_s_other_headlines_above_the_headline_are_dropped() -> None:
    furniture = [
        ".alogo{display: block;text-indent: -1000px;width: 330px;height: 80px;}",
        "Se reunió Buró Político para analizar documento del Congreso del Partido",
        "Fase de Alarma por intensas lluvias para Villa Clara y Sancti Spíritus",
    ]
    title, lines, dropped = text_title([*furniture, HEADLINE, *BODY], "es")
    assert title == HEADLINE and lines == BODY
    assert [line.text for line in dropped] == furniture and {line.rule for line in dropped} == {"before_title"}


def test_the_headline_wins_over_the_standfirst_that_follows_it() -> None:
    standfirst = "Las oficinas de Al Jazeera en El Cairo quedan cerradas y sus periodistas sin acreditación"
    title, lines, _ = text_title([HEADLINE, standfirst, *BODY], "es")
    assert title == HEADLINE and lines == [standfirst, *BODY]


def test_a_caption_or_a_sentence_is_no_title_and_nothing_is_made_up() -> None:
    caption = "Un soldado hace guardia ante el Museo Egipcio esta noche. | AP"
    assert text_title([caption, *BODY], "es") == (None, [caption, *BODY], [])
    assert text_title(BODY, "es")[0] is None


def test_a_long_list_of_other_headlines_gives_no_title() -> None:
    others = [f"Titular de otra noticia número {n} sobre otro asunto" for n in range(6)]
    title, lines, dropped = text_title([*others, *BODY], "es")
    assert title is None and lines == [*others, *BODY] and dropped == []


def test_a_cookie_banner_or_a_cut_teaser_above_the_headline_ends_no_lead_block() -> None:
    banner = "Usamos cookies a fin de mejorar nuestro servicio. Encontrará más información en nuestras Políticas de privacidad."
    headline = (
        "Siria controla completamente Guta Oriental"  # shares no word with the body: the first line after the banner
    )
    title, lines, dropped = text_title([banner, headline, *BODY], "es")
    assert title == headline and lines == BODY and [line.text for line in dropped] == [banner]
    teaser = "Luego de siete meses del inicio del que se denominó aislamiento preventivo obligatorio, que cerró el país durante..."
    assert text_title([teaser, HEADLINE, *BODY], "es")[0] == HEADLINE
    # a banner and then prose only: still no title
    assert text_title([banner, *BODY], "es")[0] is None


def test_a_headline_ending_in_an_abbreviation_is_no_sentence() -> None:
    headline = "Turquía insiste en pronta operación contra kurdosirios tras retirada de tropas de EE. UU."
    standfirst = "El ministro turco insistió en que su Ejército lanzará una operación contra las milicias kurdosirias."
    title, lines, _ = text_title([headline, standfirst, *BODY], "es")
    assert title == headline and lines == [standfirst, *BODY]


def test_a_browser_notification_prompt_and_a_subscribe_now_line_are_banners() -> None:
    furniture = [
        "Su navegador tiene las notificaciones bloqueadas. Para obtener mas informacion sobre como desbloquear "
        "las notificaciones pulse sobre el enlace de mas abajo.",
        "Como desbloquear las notificaciones.",
        "Cuenta de acceso a los servicios gratuitos del diario. Obtén mucho más, suscríbete ahora.",
    ]
    title, lines, dropped = text_title([*furniture, HEADLINE, *BODY], "es")
    assert title == HEADLINE and lines == BODY and [line.text for line in dropped] == furniture


def test_the_line_above_a_byline_is_the_headline_where_nothing_else_is() -> None:
    # the headline shares too few words with the body to speak of it, and furniture stands above it
    furniture = ["Descubra nuestra agencia", "Mercados y economía hoy"]
    headline = "Tiemblan los compradores del norte"
    title, lines, dropped = text_title([*furniture, headline, "Por: Ramón Lobo", *BODY], "es")
    assert title == headline and lines == ["Por: Ramón Lobo", *BODY]
    assert [line.text for line in dropped] == furniture
    # under a first paragraph that describes the blog
    note = "Este es un blog internacional de prensa que reúne cada semana lo que se dice en los medios y las redes."
    assert text_title([note, headline, "By Reuters Staff", *BODY], "es")[0] == headline
    # a sentence that opens with "Por" is no byline
    assert text_title([*furniture, headline, "Por la tarde", *BODY], "es")[0] is None
