"""Canonical names: an inflected mention turned into its nominative, full form.

``Олександра Лукашенка`` -> ``Олександр Лукашенко``, ``Верховної Ради`` ->
``Верховна Рада``, in the article's own language and script. Ukrainian and Russian
are inflected with pymorphy3; every other language keeps the mention as written
(English loses a possessive ``'s``).

* A person's name inflects every word, and the words must agree: one gender and
  one case across first name, patronymic and surname, so ``Світлану Тихановську``
  becomes ``Світлана Тихановська`` (the surname stays feminine).
* Any other name inflects its head noun and the adjectives that agree with it
  before it; what follows the head is a dependent and stays as written
  (``Міністерства закордонних справ`` -> ``Міністерство закордонних справ``),
  and so does everything from an opening quote on (``партії «Слуга народу»``).
* Abbreviations, Latin-script words, numbers and initials stay as written
  (``РФ``, ``НАТО``, ``TUT.by``, ``БЕЛТА``, ``О.``).
* Capitals are restored as the input has them; ``ё`` appears only if it did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from khronika.analysis.entities.aliases import find_any_alias_group
from khronika.analysis.morphology import (
    MORPHOLOGY_LANGUAGES,
    PROPER_GRAMMEMES,
    analyse_word,
    choose_parse,
    is_abbreviation,
    is_all_caps,
    ordered_parses,
    simplemma_lemma,
)
from khronika.records import Token

Parse = Any  # pymorphy3.analyzer.Parse: the library ships no type information
Words = tuple[tuple[str, str], ...]  # (separator before, word) for each token

_CACHE_SIZE = 100_000
_PERSON = "PER"
_PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_MODIFIER_POS = frozenset({"ADJF", "PRTF"})
_QUOTES_AND_BRACKETS = frozenset("«»„“”\"'‘’‹›()[]")
_CYRILLIC_WORD = re.compile(r"[^\W\d_A-Za-z]+(?:['\-][^\W\d_A-Za-z]+)*")
_POSSESSIVE = re.compile(r"['’]s$")


def canonical_name(tokens: Sequence[Token], lang: str, entity_type: str) -> str:
    """The nominative, full form of the name these tokens spell (see the module text)."""
    words: list[tuple[str, str]] = []
    previous_end: int | None = None
    for token in tokens:
        separator = "" if previous_end is None or token.start == previous_end else " "
        words.append((separator, token.text))
        previous_end = token.end
    return _canonical(tuple(words), lang, str(entity_type))


@lru_cache(maxsize=_CACHE_SIZE)
def _canonical(words: Words, lang: str, entity_type: str) -> str:
    texts = [text for _, text in words]
    if lang in MORPHOLOGY_LANGUAGES:
        texts = _inflect_slavic(texts, lang, entity_type)
    elif lang == "en" and texts:
        texts[-1] = _POSSESSIVE.sub("", texts[-1])
    return "".join(separator + text for (separator, _), text in zip(words, texts, strict=True)).strip()


def _inflect_slavic(texts: list[str], lang: str, entity_type: str) -> list[str]:
    limit = next((index for index, text in enumerate(texts) if text in _QUOTES_AND_BRACKETS), len(texts))
    positions = [index for index in range(limit) if _inflectable(texts[index], lang)]
    if not positions or (entity_type != _PERSON and positions[0] > 0 and is_abbreviation(texts[0], lang)):
        return texts  # МВД Белоруссии: the acronym is the head, the place after it stays genitive
    chosen: list[Parse | str | None]
    if entity_type == _PERSON:
        chosen = _person_parses([texts[index] for index in positions], lang)
    else:
        chosen = _head_parses([texts[index] for index in positions], lang)
    result = list(texts)
    for index, parse in zip(positions, chosen, strict=True):
        if isinstance(parse, str):
            result[index] = parse
        elif parse is not None:
            result[index] = _match_case(_nominative(parse), texts[index])
    return result


def _inflectable(word: str, lang: str) -> bool:
    """A Cyrillic word that is no abbreviation (РФ, НАТО, БЕЛТА) and no initial."""
    return len(word) > 1 and bool(_CYRILLIC_WORD.fullmatch(word)) and not is_abbreviation(word, lang)


# -- people -------------------------------------------------------------------------


def _person_parses(words: list[str], lang: str) -> list[Parse | str | None]:
    """One parse per word, all of one case and one gender where the words allow it;
    else the name parts' case and gender, and a word no reading fits (an unknown
    surname the dictionary knows only as a common word: Рыжиков, рыжик's plural) is
    a surname in that case (None: kept as written where no surname ending fits)."""
    options = [_person_options(word, lang) for word in words]
    for first in options[0]:
        gender, case = first.tag.gender, first.tag.case
        chosen: list[Parse | str | None] = [first]
        for word_options in options[1:]:
            match = next((parse for parse in word_options if _agrees(parse, gender, case)), None)
            if match is None:
                break
            chosen.append(match)
        else:
            return chosen
    anchor = next((o[0] for o in options if o and o[0].tag.grammemes & _PERSON_GRAMMEMES), None)
    if anchor is None:
        return [word_options[0] if word_options else None for word_options in options]
    gender, case = anchor.tag.gender, anchor.tag.case
    result: list[Parse | str | None] = []
    for word, word_options in zip(words, options, strict=True):
        match = next((parse for parse in word_options if _agrees(parse, gender, case)), None)
        result.append(match if match is not None else _surname_nominative(word, str(gender), str(case), lang))
    return result


# Case endings of -ов/-ев/-ин surnames (masculine; feminine -ова) -> the nominative's
_SURNAME_ENDINGS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("masc", "gent"): (("а", ""),),
    ("masc", "accs"): (("а", ""),),
    ("masc", "datv"): (("у", ""), ("ові", "")),
    ("masc", "ablt"): (("ым", ""), ("им", "")),
    ("masc", "loct"): (("е", ""), ("ові", ""), ("і", "")),
    ("femn", "gent"): (("ой", "а"), ("ої", "а")),
    ("femn", "datv"): (("ой", "а"), ("ій", "а")),
    ("femn", "accs"): (("у", "а"),),
    ("femn", "ablt"): (("ой", "а"), ("ою", "а")),
    ("femn", "loct"): (("ой", "а"), ("ій", "а")),
}
_SURNAME_STEM = re.compile(r"(?:ов|ев|ёв|єв|ин|ын|ін|їн)$", re.I)


def _surname_nominative(word: str, gender: str, case: str, lang: str) -> str | None:
    if case == "nomn":
        return None
    for ending, nominative in _SURNAME_ENDINGS.get((gender, case), ()):
        stem = word[: -len(ending)]
        if word.lower().endswith(ending) and _SURNAME_STEM.search(stem):
            return stem + nominative
    return None


def _person_options(word: str, lang: str) -> list[Parse]:
    """Singular parses of a word of a person's name, name parts first."""
    parses = ordered_parses(word.capitalize() if is_all_caps(word) else word, lang)
    # an -ов/-ин surname read as a common adjective (Рыжиковым: рыжиковый) is no reading of it
    # and a person is one: a plural reading (Рыжиков: рыжик's genitive plural) is none either
    parses = [parse for parse in parses if not _surname_as_adjective(parse) and not _is_plural(parse)]
    return sorted(parses, key=lambda parse: not parse.tag.grammemes & _PERSON_GRAMMEMES)


_ADJECTIVE_POS = frozenset({"ADJF", "ADJS", "PRTF"})
_SURNAME_ADJECTIVE = re.compile(r"(?:ов|ев|ёв|єв|ин|ын|ін)(?:ый|ий)$")


def _surname_as_adjective(parse: Parse) -> bool:
    return (
        parse.tag.POS in _ADJECTIVE_POS
        and not parse.tag.grammemes & _PERSON_GRAMMEMES
        and bool(_SURNAME_ADJECTIVE.search(parse.normal_form))
    )


def _agrees(parse: Parse, gender: str | None, case: str | None) -> bool:
    if parse.tag.case != case:
        return False
    other = parse.tag.gender
    # common-gender words (ru ``ms-f``: Лукашенко) and words without one agree with any
    return gender is None or other is None or other == gender or "ms-f" in parse.tag.grammemes


# -- other names: head noun and agreeing adjectives ------------------------------------


def _head_parses(words: list[str], lang: str) -> list[Parse | None]:
    """Parses for the adjectives before the head noun and the head; None after it."""
    modifiers = [_modifier_options(word, lang) for word in words]
    # the head is the first word that cannot be an adjective (Європейського центрального банку)
    head = next((index for index, options in enumerate(modifiers) if not options), len(words) - 1)
    modifiers = modifiers[:head]
    nouns = _noun_options(words[head], lang)
    chosen: list[Parse | None] = [None] * len(words)
    for noun in nouns or ordered_parses(words[head], lang)[:1]:
        agreeing = [next((parse for parse in options if _agrees_with_head(parse, noun)), None) for options in modifiers]
        if all(parse is not None for parse in agreeing):
            chosen[: head + 1] = [*agreeing, noun]
            return chosen
    chosen[head] = (nouns or ordered_parses(words[head], lang))[0]
    return chosen


def _modifier_options(word: str, lang: str) -> list[Parse]:
    return [parse for parse in ordered_parses(word, lang) if parse.tag.POS in _MODIFIER_POS]


def _noun_options(word: str, lang: str) -> list[Parse]:
    """Noun parses of a head: the lemma the morphology stage gives first, singular
    before plural (``Ради``: рада, not рад), then proper before common."""
    parses = ordered_parses(word, lang)
    nouns = [parse for parse in parses if parse.tag.POS == "NOUN"]
    preferred = choose_parse(parses, word, simplemma_lemma(word, lang)) or (nouns or parses or [None])[0]
    lemma = preferred.normal_form if preferred is not None else None
    return sorted(nouns, key=lambda parse: (parse.normal_form != lemma, _is_plural(parse)))


def _agrees_with_head(modifier: Parse, noun: Parse) -> bool:
    if modifier.tag.case != noun.tag.case or _is_plural(modifier) != _is_plural(noun):
        return False
    return _is_plural(noun) or noun.tag.gender is None or modifier.tag.gender == noun.tag.gender


# -- shared ---------------------------------------------------------------------------


def _is_plural(parse: Parse) -> bool:
    return "plur" in parse.tag.grammemes and "Pltm" not in parse.tag.grammemes


def _nominative(parse: Parse) -> str:
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        grammemes = parse.tag.grammemes
        return str(parse.word if grammemes & PROPER_GRAMMEMES and "Fixd" in grammemes else parse.normal_form)
    return str(inflected.word)


def _match_case(new: str, original: str) -> str:
    """Capitals where the original has them (Лукашенка -> Лукашенко, МакКейна ->
    МакКейн, ЛУКАШЕНКА -> ЛУКАШЕНКО); ``е`` for ``ё`` unless the original had ``ё``."""
    if "ё" not in original.lower():
        new = new.replace("ё", "е")
    if is_all_caps(original):
        return new.upper()
    letters = list(new)
    for index, char in enumerate(original[: len(letters)]):
        if char.isupper():
            letters[index] = letters[index].upper()
    return "".join(letters)


def name_variants(name: str) -> list[str]:
    """Forms to look a typed name up by: as typed, the alias entry it belongs to,
    and each word's lemma in Ukrainian and Russian (Лукашенка -> Лукашенко)."""
    variants = [name]
    group = find_any_alias_group(name, "uk") or find_any_alias_group(name, "ru")
    if group is not None:
        variants.append(group.id)
    words = name.split()
    for lang in sorted(MORPHOLOGY_LANGUAGES):
        variants.append(" ".join(_match_case(analyse_word(word, lang)[0], word) for word in words))
    return list(dict.fromkeys(variants))
