from hypothesis import given
from hypothesis import strategies as st

from khronika.extract.decode import decode_bytes
from khronika.extract.language import detect_language
from khronika.text import content_hash, looks_binary, normalise_apostrophes
from khronika.urls import canonical_url, registered_domain

UK = "Президент Білорусі Олександр Лукашенко полетів до Сочі, де у нього заплановано зустріч з президентом Росії. Правозахисники говорять про п'ятьох загиблих."


def test_apostrophes_are_normalised_in_words_only() -> None:
    assert normalise_apostrophes("п’ять пʼять п'ять don’t ‘quoted’") == "п'ять п'ять п'ять don't ‘quoted’"


@given(st.text())
def test_apostrophe_normalisation_keeps_offsets(text: str) -> None:
    assert len(normalise_apostrophes(text)) == len(text)


def test_content_hash_ignores_layout_only() -> None:
    assert content_hash("a  b\nc") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


def test_binary_detection() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(UK.encode())


def test_undeclared_cyrillic_charsets_are_detected() -> None:
    for charset in ("cp1251", "koi8-u"):
        text, used = decode_bytes(f"<html><body><p>{UK}</p></body></html>".encode(charset))
        assert UK in text, charset
        assert used == charset


def test_declared_charset_wins_and_bom_is_honoured() -> None:
    text, used = decode_bytes(f'<meta charset="windows-1251"><p>{UK}</p>'.encode("cp1251"))
    assert UK in text and used == "cp1251"
    assert decode_bytes(b"\xef\xbb\xbfhello")[0] == "hello"


def test_language_identification_names_neighbours() -> None:
    samples = {
        "uk": UK,
        "ru": "Президент Белоруссии Александр Лукашенко вылетел в Сочи, где у него запланирована встреча с Путиным.",
        "be": "Прэзідэнт Беларусі Аляксандр Лукашэнка паляцеў у Сочы, дзе ў яго запланавана сустрэча з Пуціным.",
        "pl": "Prezydent Białorusi Aleksander Łukaszenka poleciał do Soczi, gdzie ma zaplanowane spotkanie z Putinem.",
        "en": "The president of Belarus flew to Sochi, where he is due to meet the Russian president on Monday.",
        "de": "Der Präsident von Belarus ist nach Sotschi geflogen, wo ein Treffen mit dem russischen Präsidenten geplant ist.",
        "es": "El presidente de Bielorrusia voló a Sochi, donde tiene prevista una reunión con el presidente ruso.",
        "fr": "Le président biélorusse s'est envolé pour Sotchi, où il doit rencontrer le président russe lundi.",
        "it": "Il presidente della Bielorussia è volato a Sochi, dove è previsto un incontro con il presidente russo.",
    }
    for lang, text in samples.items():
        assert detect_language(text) == lang, lang
    assert detect_language("12 34 !!") == "und"


def test_urls() -> None:
    assert canonical_url("HTTPS://News.Example.com:443/a?utm_source=x&id=3#top") == "https://news.example.com/a?id=3"
    assert registered_domain("https://www.bbc.co.uk/news/1") == "bbc.co.uk"
    assert registered_domain("file:///tmp/a.html") is None
