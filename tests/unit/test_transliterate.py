"""Latin match keys (khronika.transliterate): spellings of one name meet, other names do not."""

from __future__ import annotations

import pytest

from khronika.transliterate import match_key, same_first_name


@pytest.mark.parametrize(
    ("names", "lang"),
    [
        (("Дмитро Пєсков", "Дмитрий Песков", "Dmitry Peskov"), None),
        (("Світлана Тихановська", "Светлана Тихановская"), None),
        (("Зеленський", "Зеленский", "Zelensky"), None),
        (("ЄС", "ЕС"), None),
    ],
)
def test_spellings_of_one_name_share_a_surname_key(names: tuple[str, ...], lang: str | None) -> None:
    assert len({match_key(name, lang).split()[-1] for name in names}) == 1


def test_an_abbreviation_keeps_every_letter() -> None:
    assert match_key("EEUU") != match_key("EU")  # Estados Unidos is not the European Union
    assert match_key("EE.UU.") == "ee uu" and match_key("США", "uk") == "ssha"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Дмитро", "Дмитрий", True),
        ("Володимир", "Владимир", True),
        ("Сергій", "Sergei", True),
        ("Олексій", "Алексей", True),
        ("Олександр", "Олексій", False),
        ("Олег", "Ольга", False),
        ("Иван", "Юрий", False),
    ],
)
def test_first_names_across_scripts(first: str, second: str, same: bool) -> None:
    assert same_first_name(match_key(first), match_key(second)) is same
