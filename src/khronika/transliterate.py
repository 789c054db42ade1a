"""Latin keys for names in any script, so that Лукашенко, Лукашенка's lemma and
Lukashenko meet.

Ukrainian follows the official table (Cabinet of Ministers resolution 55 of
2010, the one in Ukrainian passports); Russian and Belarusian follow the
passport (ICAO 9303) tables. A *match key* then folds the spelling variants
these tables and the press disagree on (``-yi``/``-iy``/``-y`` endings, ``ia``/
``ya``), so that it compares names, not transliteration habits. Names no table
can join (Тихановська / Tsikhanouskaya) come from the alias table in
``rules/common/aliases.json``.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

# letter -> (at the start of a word, elsewhere)
_UK: dict[str, str | tuple[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "'": "",
}  # fmt: skip
_RU: dict[str, str | tuple[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "і": "i", "ў": "u", "ї": "i", "є": "e", "ґ": "g",
}  # fmt: skip
_UKRAINIAN_ONLY = set("ієїґ")
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
_WORD = re.compile(r"\w+|'", re.UNICODE)
_ABBREVIATION_DOTS = re.compile(r"[\s.]")
_NON_KEY = re.compile(r"[^a-z0-9 ]+")
_INITIAL_YE = re.compile(r"\b(?:ye|ie)")
_FOLDS = (
    (re.compile(r"(?:yi|iy|ii|ij|yj|y)\b"), "y"),  # Зеленський zelenskyi / zelenskii / zelensky
    (re.compile(r"(?<=[aeiou])[iy](?=[aeiou])"), "y"),
    (re.compile(r"\b(?:ye|ie)"), "e"),
    (re.compile(r"(?<=[bcdfghklmnprstvz])ie"), "e"),  # Пєсков pieskov / Песков peskov
    (re.compile(r"(?:ia|ya)"), "ya"),
    (re.compile(r"(?:iu|yu)"), "yu"),
    (re.compile(r"([a-z])\1+"), r"\1"),  # Assad / Asad
    (re.compile(r"(?<=[ck])aya\b"), "a"),  # ru -ская, -цкая / uk -ська, -цька: Тихановская / Тихановська
    (re.compile(r"kh"), "h"),
    (re.compile(r"[^a-z0-9 ]+"), " "),
    (re.compile(r"\b(?:al|el|ad|ash|as|ar)\s+"), ""),  # Arabic article: al-Assad / Асад
    (re.compile(r"y"), "i"),  # и is y in Ukrainian, i in Russian: Тимошенко either way
    (re.compile(r"i+"), "i"),
)


def transliterate(text: str, lang: str | None = None) -> str:
    """Cyrillic to Latin by the official table of ``lang`` (uk, else ru/be);
    other scripts lose their diacritics (Łukaszenka -> Lukaszenka)."""
    lowered = text.lower()
    ukrainian = lang == "uk" or (lang is None and bool(_UKRAINIAN_ONLY & set(lowered)))
    if ukrainian:
        lowered = lowered.replace("зг", "z\u0491h")  # the table's one digraph rule: зг -> zgh
    table = _UK if ukrainian else _RU
    out: list[str] = []
    previous_is_letter = False
    for char in lowered:
        mapped: str | tuple[str, str] | None = table.get(char)
        if mapped is None:
            out.append(char)
        elif isinstance(mapped, tuple):
            out.append(mapped[1] if previous_is_letter else mapped[0])
        else:
            out.append(mapped)
        previous_is_letter = char.isalpha()
    latin = "".join(out).translate(_UNDECOMPOSABLE)
    return "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))


@cache
def match_key(name: str, lang: str | None = None) -> str:
    """A spelling-insensitive Latin key: ``Зеленський``, ``Зеленский`` and
    ``Zelensky`` all give ``zelensky``."""
    key = " ".join(_WORD.findall(transliterate(name, lang)))
    letters = _ABBREVIATION_DOTS.sub("", name)
    if 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper():
        # an abbreviation: every letter counts (EEUU, Estados Unidos, is no EU); a longer
        # word in capitals is more often a name written so (ASSAD) than an abbreviation
        return " ".join(_NON_KEY.sub(" ", _INITIAL_YE.sub("e", key)).split())  # ЄС / ЕС
    for pattern, replacement in _FOLDS:
        key = pattern.sub(replacement, key)
    return " ".join(key.split())


_FIRST_NAME_FOLDS = (
    (re.compile(r"h"), "g"),
    (re.compile(r"^olek"), "alek"),
)  # Сергій serhi / sergei, Олексій / Алексей
_SAME_FIRST_NAME = 0.8


def _first_name_key(key: str) -> str:
    for pattern, replacement in _FIRST_NAME_FOLDS:
        key = pattern.sub(replacement, key)
    return key


def same_first_name(key: str, other: str) -> bool:
    """Whether two first names' match keys may name one person across Ukrainian,
    Russian and Latin spellings (Дмитро / Дмитрий, Володимир / Владимир, Сергій /
    Sergei), not two (Олександр / Олексій, Олег / Ольга)."""
    if key == other:
        return True
    first, second = _first_name_key(key), _first_name_key(other)
    return SequenceMatcher(None, first, second).ratio() >= _SAME_FIRST_NAME
