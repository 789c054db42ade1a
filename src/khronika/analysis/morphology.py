"""Lemmas and morphological tags: the ``morphology`` analysis stage.

Ukrainian and Russian combine two lemmatizers, because either alone misses forms
the other gets (pymorphy3 reads ``Києві`` as the name Кий, simplemma does not know
``Тихановську`` or ``Олександра`` as an inflected form). Per word form:

1. pymorphy3's parses are ordered: for a capitalised word, proper-noun parses
   (Name, Surn, Patr, Geox, Orgn, Trad) first, then other nouns; for an all-caps
   word, abbreviations first (a long known word in capitals, ``БІЛОРУСІ`` in a
   headline, is read as ``Білорусі``);
2. where simplemma knows a lemma other than the form itself, the first parse with
   that lemma wins (Києві -> Київ, not Кий);
3. otherwise the first parse wins when pymorphy3's dictionary knows the word;
   for a word neither knows, simplemma's answer, then pymorphy3's guess;
4. a feminine surname keeps its gender (ru ``Тихановскую`` -> ``Тихановская``,
   where pymorphy3's normal form is the masculine ``тихановский``);
5. the lemma of a proper noun keeps its capital, an abbreviation stays all caps,
   a Latin-script word stays as written; numbers and punctuation are their own lemma.

Tags are pymorphy3's grammemes (``{"NOUN", "Surn", "masc", "anim", "gent"}``), the
part of speech also apart. Other languages get simplemma's lemma and no tags, where
simplemma has the language, else the lowercased form. Every answer is cached per
(form, language), so a warm analysis costs a dictionary look-up per token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

import pymorphy3
import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from khronika.analysis.pipeline import Stage, register_stage
from khronika.records import AnalysedArticle, Token

MORPHOLOGY_LANGUAGES = ("uk", "ru")
PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_CACHE_SIZE = 100_000  # word forms per process (~0.7 kB each): the common forms of a news corpus
_SIMPLEMMA_LANGUAGES = frozenset(SUPPORTED_LANGUAGES)

_NON_WORD_CLASSES = ("NUMB", "PNCT", "LATN", "ROMN", "UNKN")

_GRAMMEME_SETS: dict[frozenset[str], frozenset[str]] = {}

Analysis = tuple[str, str | None, frozenset[str]]  # lemma, part of speech, grammemes
Parse = Any  # pymorphy3.analyzer.Parse: the library ships no type information


@cache
def _analyzer(lang: str) -> Any:
    # one analyzer per language for the whole process: loading one takes ~0.3 s
    return pymorphy3.MorphAnalyzer(lang=lang)


def analyzer(lang: str) -> Any:
    """The process-wide pymorphy3 analyzer for ``uk`` or ``ru`` (loaded on first use)."""
    if lang not in MORPHOLOGY_LANGUAGES:
        raise ValueError(f"no pymorphy3 dictionary for {lang!r}")
    return _analyzer(lang)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_all_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


@lru_cache(maxsize=_CACHE_SIZE)
def _parses_of_lowercase(word: str, lang: str) -> tuple[Parse, ...]:
    return tuple(analyzer(lang).parse(word))


def word_parses(word: str, lang: str) -> tuple[Parse, ...]:
    """pymorphy3's parses of ``word`` (which it reads lowercased), cached per form:
    the morphology stage, canonical names and the entity tagger's features all
    read them, and a dictionary look-up costs 0.3 ms on a form not seen before."""
    return _parses_of_lowercase(word.lower(), lang)


def ordered_parses(word: str, lang: str) -> list[Parse]:
    """pymorphy3's parses of ``word``, in the order step 1 of the module text gives."""
    parses = list(word_parses(word, lang))
    if is_all_caps(word):
        return sorted(parses, key=lambda parse: "Abbr" not in parse.tag.grammemes)
    if is_capitalised(word):
        return sorted(parses, key=_proper_rank)
    return parses


def _proper_rank(parse: Parse) -> int:
    grammemes = parse.tag.grammemes
    if grammemes & PROPER_GRAMMEMES:
        return 0
    return 1 if "NOUN" in grammemes else 2


def nominative_lemma(parse: Parse) -> str:
    """The parse's normal form; a feminine surname's own nominative, not its masculine."""
    grammemes = parse.tag.grammemes
    if "Surn" in grammemes and "femn" in grammemes:
        inflected = parse.inflect({"nomn"})
        if inflected is not None:
            return str(inflected.word)
    return str(parse.normal_form)


def simplemma_lemma(word: str, lang: str) -> str | None:
    """simplemma's lemma where it knows one other than the word itself, else None."""
    if lang not in _SIMPLEMMA_LANGUAGES:
        return None
    lemma: str = simplemma.lemmatize(word, lang=lang)
    if lemma.lower() == word.lower():
        return None
    return lemma


def choose_parse(parses: Sequence[Parse], word: str, other: str | None) -> Parse | None:
    """Step 2 of the module text: the first parse whose lemma is simplemma's ``other``.

    A capitalised word looks among its nouns only (``Києві``: київ, not the name Кий;
    ``Рады``: рада, not simplemma's рад). Where simplemma's lemma is lowercase, a
    common-noun parse goes before a proper one (``Ради``: рада, not the name Рада).
    """
    if other is None:
        return None
    wanted = other.lower()
    agreeing = [parse for parse in parses if parse.normal_form == wanted]
    if is_capitalised(word) and any(_proper_rank(parse) < 2 for parse in parses):
        agreeing = [parse for parse in agreeing if _proper_rank(parse) < 2]
    if not is_capitalised(other):
        agreeing.sort(key=lambda parse: bool(parse.tag.grammemes & PROPER_GRAMMEMES))
    return agreeing[0] if agreeing else None


def _restore_case(lemma: str, word: str) -> str:
    """Capitalise the lemma of a proper noun as the word is (Нью-Йорку -> Нью-Йорк,
    Telegram-каналі -> Telegram-канал)."""
    lemma_parts, word_parts = lemma.split("-"), word.split("-")
    if len(lemma_parts) != len(word_parts):
        return lemma[:1].upper() + lemma[1:]
    return "-".join(
        part[:1].upper() + part[1:] if is_capitalised(original) else part
        for part, original in zip(lemma_parts, word_parts, strict=True)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def analyse_word(word: str, lang: str) -> Analysis:
    """Lemma, part of speech and grammemes of one word form in ``lang``."""
    if word[0].isdigit() or not any(char.isalpha() for char in word):
        return _analyse_symbol(word, lang)
    if lang in MORPHOLOGY_LANGUAGES:
        if _is_shouted(word, lang):  # БІЛОРУСІ in a headline: read as Білорусі
            return analyse_word(word.capitalize(), lang)
        return _analyse_slavic(word, lang)
    lemma = simplemma.lemmatize(word, lang=lang) if lang in _SIMPLEMMA_LANGUAGES else word.lower()
    return str(lemma), None, frozenset()


def is_abbreviation(word: str, lang: str) -> bool:
    """An all-caps word that is no shouted word: short, unknown, or listed as Abbr."""
    return is_all_caps(word) and not _is_shouted(word, lang)


def _is_shouted(word: str, lang: str) -> bool:
    """A known word over five letters set in capitals and never an abbreviation."""
    if len(word) <= 5 or not is_all_caps(word):
        return False
    morph = analyzer(lang)
    return bool(morph.word_is_known(word.lower())) and not any(
        "Abbr" in parse.tag.grammemes for parse in word_parses(word, lang)
    )


def _analyse_symbol(word: str, lang: str) -> Analysis:
    """Numbers (5-й too) and punctuation are their own lemma; pymorphy3 tags them NUMB, PNCT."""
    if lang not in MORPHOLOGY_LANGUAGES:
        return word, None, frozenset()
    if not word.isdigit() and any(char.isalpha() for char in word):
        return word, "NUMB", frozenset({"NUMB"})
    tag = word_parses(word, lang)[0].tag
    return word, _part_of_speech(tag), _grammemes(tag)


def _grammemes(tag: Any) -> frozenset[str]:
    """The tag's grammemes as one shared frozenset per distinct set (a few thousand
    sets serve every cached form)."""
    grammemes = frozenset(str(grammeme) for grammeme in tag.grammemes)
    return _GRAMMEME_SETS.setdefault(grammemes, grammemes)


def _part_of_speech(tag: Any) -> str | None:
    """The tag's POS; for tokens pymorphy3 gives none, its class (NUMB, PNCT, LATN…)."""
    if tag.POS:
        return str(tag.POS)
    return next((str(grammeme) for grammeme in _NON_WORD_CLASSES if grammeme in tag.grammemes), None)


def _analyse_slavic(word: str, lang: str) -> Analysis:
    parses = ordered_parses(word, lang)
    known = analyzer(lang).word_is_known(word.lower())
    first = parses[0]
    if "LATN" in first.tag.grammemes:  # Bloomberg, REUTERS: as written
        return word if is_capitalised(word) else word.lower(), "LATN", frozenset({"LATN"})
    if is_all_caps(word) and not known:  # БЕЛТА: an abbreviation no dictionary lists
        return word, None, frozenset()
    other = simplemma_lemma(word, lang)
    parse = choose_parse(parses, word, other)
    if parse is None:
        if other is not None and not known:  # only simplemma knows the word
            return other, None, frozenset()
        parse = first
    grammemes = _grammemes(parse.tag)
    lemma = nominative_lemma(parse)
    if is_all_caps(word) and ("Abbr" in grammemes or len(word) <= 5):
        return lemma.upper(), _part_of_speech(parse.tag), grammemes
    proper = is_capitalised(word) and (
        bool(grammemes & PROPER_GRAMMEMES)
        or not known
        or (other is not None and is_capitalised(other))
        or _simplemma_keeps_capital(word, lang)
    )
    return _restore_case(lemma, word) if proper else lemma, _part_of_speech(parse.tag), grammemes


def _simplemma_keeps_capital(word: str, lang: str) -> bool:
    """simplemma knows the form as its own lemma, capitalised (Сочі): a proper noun."""
    if lang not in _SIMPLEMMA_LANGUAGES or not simplemma.is_known(word, lang=lang):
        return False
    return is_capitalised(str(simplemma.lemmatize(word, lang=lang)))


def analyse_tokens(tokens: Sequence[Token], lang: str) -> tuple[Token, ...]:
    """The tokens with lemma, pos and tags filled in."""
    analysed: list[Token] = []
    append = analysed.append
    # built directly, not by dataclasses.replace: twice as fast, and the stage's
    # cost is mostly making tokens (tests check Token has no field this would drop)
    for token in tokens:
        lemma, pos, tags = analyse_word(token.text, lang)
        append(Token(token.text, token.start, token.end, token.field, lemma, pos, tags, token.sentence))
    return tuple(analysed)


def add_morphology(article: AnalysedArticle) -> AnalysedArticle:
    return replace(article, tokens=analyse_tokens(article.tokens, article.lang))


@register_stage("morphology")
def make_morphology_stage() -> Stage:
    return Stage(name="morphology", requires=("tokens",), assigns=("tokens",), run=add_morphology)
