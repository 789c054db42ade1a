from hypothesis import given
from hypothesis import strategies as st

from khronika.extract.boilerplate import (
    clean_body,
    furniture_key,
    is_boilerplate_line,
    is_headline_like,
    linked_line,
    split_title_credit,
)

BODY = "Президент Білорусі Олександр Лукашенко полетів до Сочі, де у нього заплановано зустріч з Путіним."


def test_glued_teaser_becomes_related_link() -> None:
    lines = [BODY, "Читайте такожЛукашенко втратив легітимність демократичного суспільства-глава МЗС Польщі", BODY]
    cleaned = clean_body(lines, "uk")
    assert cleaned.lines == [BODY, BODY]
    assert [link.title for link in cleaned.related] == [
        "Лукашенко втратив легітимність демократичного суспільства-глава МЗС Польщі"
    ]
    assert cleaned.dropped[0].rule == "teaser"


def test_bare_teaser_header_takes_the_next_headline() -> None:
    cleaned = clean_body([BODY, "Read also:", "Floods hit the west of the country", BODY], "en")
    assert [link.title for link in cleaned.related] == ["Floods hit the west of the country"]
    assert cleaned.lines == [BODY, BODY]


def test_sentence_starting_like_a_teaser_prefix_is_kept() -> None:
    line = "Related talks were held in Minsk on Monday, officials said."
    assert clean_body([line, BODY], "en").lines == [line, BODY]


def test_widgets_prompts_footer_and_credits_are_dropped_with_their_rule() -> None:
    lines = [
        "Відео дня",
        BODY,
        "Фото: REUTERS",
        "Підписуйтесь на наш Telegram-канал",
        "© 2020 Новини. Усі права захищені.",
    ]
    cleaned = clean_body(lines, "uk")
    assert cleaned.lines == [BODY]
    assert [d.rule for d in cleaned.dropped] == ["widget", "credit", "prompt", "footer"]
    assert cleaned.credits == ["REUTERS"]


def test_title_credit_is_split_off() -> None:
    assert split_title_credit("Лукашенко знову поговорить з Путіним / Фото: REUTERS", "uk") == (
        "Лукашенко знову поговорить з Путіним",
        "REUTERS",
    )
    assert split_title_credit("No credit here", "en") == ("No credit here", None)


def test_trailing_list_of_unrelated_headlines_is_dropped_where_they_are_links() -> None:
    tail = [
        "Obama analiza las posibles medidas contra Libia",
        "La huida de Libia desborda la frontera",
        "El precio de la gasolina vuelve a máximos",
    ]
    body = [
        "El Consejo de Seguridad estudiará este viernes si sanciona a Libia, dijo un portavoz.",
        "Los ministros se reunieron en Bruselas para estudiar nuevas medidas.",
    ]
    links = linked_line({furniture_key(line) for line in tail[:2]} | {"otro enlace de la página"})
    cleaned = clean_body(body + tail, "es", links)
    assert cleaned.lines == body
    assert [d.text for d in cleaned.dropped] == tail
    assert clean_body(body + tail, "es").lines == body  # plain text: headlines of other stories, no list items
    assert clean_body(body + tail, "es", linked_line({"otro enlace"})).lines == body + tail  # a page, no links


def test_a_real_list_at_the_end_stays() -> None:
    body = ["The season ends with five races in Europe and two in Asia, the organisers said on Monday."]
    calendar = ["12 May: Imola", "26 May: Monaco", "9 June: Montreal", "23 June: Barcelona", "30 June: Spielberg"]
    cleaned = clean_body(body + calendar, "en", linked_line({"home", "sport", "imola circuit guide"}))
    assert cleaned.lines == body + calendar and not cleaned.dropped
    assert clean_body(body + calendar, "en").lines == body + calendar  # plain text: list items stay too


def test_a_line_mostly_a_links_text_counts_as_linked() -> None:
    is_linked = linked_line({furniture_key("Mazda fertigt flexibler")})
    assert is_linked("- Mazda fertigt flexibler 4. Nov 2021")
    assert not is_linked("Mazda fertigt flexibler, sagte der Sprecher am Montag in einer langen Erklärung")


def test_newsletter_and_most_read_prompts_in_six_languages() -> None:
    prompts = {
        "es": ["Recibe el boletín de Internacional", "Lo más visto en..."],
        "ru": ["Утренняя рассылка «Балтийской ленты» — главное за ночь. Подпишитесь бесплатно."],
        "uk": ["Ранкова розсилка — головне за ніч", "Найчитаніше"],
        "en": ["Most read", "Get The Times of Israel's Daily Edition by email and never miss our top stories"],
        "fr": ["Recevez nos newsletters", "Newsletter Réveil Express", "Les plus lus"],
        "it": ["Ricevi la newsletter del mattino", "I più letti"],
    }
    for lang, lines in prompts.items():
        for line in lines:
            assert is_boilerplate_line(line, lang), (lang, line)
    assert not is_boilerplate_line("Lo más visto fue la caída del presidente, dijeron los testigos en la plaza.", "es")


def test_section_marker_drops_the_block_after_it() -> None:
    body = [
        "Les pressions s'accentuaient lundi en Egypte pour exiger le départ du président.",
        "La foule avait déferlé dimanche au Caire.",
    ]
    tail = ["Les plus consultés cette semaine", "Un autre titre sans rapport"]
    cleaned = clean_body(body + tail, "fr")
    assert cleaned.lines == body


def test_leading_headline_run_keeps_title_and_dateline() -> None:
    lead = [f"Titre sans rapport numéro {n}" for n in range(6)]
    body = [
        "Egypte: l'opposition donne 24 heures à Morsi",
        "01-07-13 à 16h25",
        "Les pressions s'accentuaient lundi en Egypte pour exiger le départ de Mohamed Morsi.",
    ]
    cleaned = clean_body(lead + body, "fr", linked_line({furniture_key(line) for line in lead}))
    assert cleaned.lines[-1] == body[-1]
    assert "Titre sans rapport numéro 0" not in cleaned.lines
    assert clean_body(lead + body, "fr", linked_line(set())).lines == lead + body  # a page with no such links


def test_headline_shape() -> None:
    assert is_headline_like("Лукашенко і Путін: союз диктаторів")
    assert is_headline_like("Ankara prendra les mesures nécessaires pour soutenir le gouvernement de…")
    assert not is_headline_like(BODY)


@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80), max_size=30),
    st.sampled_from(["uk", "ru", "en", "es", "fr", "it", "und"]),
)
def test_cleaning_loses_no_line(lines: list[str], lang: str) -> None:
    """Every input line is either kept or dropped with a rule, never both, never lost."""
    cleaned = clean_body(lines, lang)
    assert sorted(cleaned.lines + [d.text for d in cleaned.dropped]) == sorted(lines)
