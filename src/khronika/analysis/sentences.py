"""Sentences and tokens: the ``sentences`` analysis stage.

One regex tokenizer serves every language; what differs per language is data
(``rules/<lang>/abbreviations.json``: which words keep their dot, which may end a
sentence, which elided articles split off). Sentence boundaries are decided on
the tokens:

1. every line of the stored text is split on its own, so no sentence runs on
   into the next line (bullet lists, headings, captions);
2. a bullet (``•``) inside a line starts a new sentence;
3. ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets glued to it)
   ends a sentence when whitespace and a sentence start follow: a capital letter,
   a digit, an opening quote or bracket, a bullet;
4. an abbreviation that keeps its dot ends a sentence only where its rules say it
   can and a capitalised word follows; an initial (``О.``, ``J.``) never does.

tokenize-uk's ``*_with_spans`` functions give exact offsets, but its SRX sentence
splitter took 22 ms and its word tokenizer 4 ms on the 2,800-character seed
article, over the whole analysis budget (10 ms an article), and the splitter joins
lines. This module does both in about 1 ms, and agrees with tokenize-uk on 440 of
the seed's 443 tokens. Every pattern is linear (bounded repetitions, no nested
quantifiers that can backtrack), so a 2 MB line takes time in proportion to its
length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from khronika.analysis.pipeline import Stage, register_stage
from khronika.records import AnalysedArticle, Field, Sentence, Token
from khronika.rules import load_rules

_LETTER = r"[^\W\d_]"
_WORD_CHAR = r"[\w\u0300-\u036f]"  # with combining marks (stress accents: заплано́вано)
_IN_WORD_JOINER = r"['’ʼ\-‐‑]"  # apostrophe in п'ять, hyphen in Telegram-каналі
_URL_STOP = r"\s<>\"«»“”„"
_TOKEN_PARTS = {
    "url": rf"(?:https?://|ftp://|www\.)[^{_URL_STOP}]{{0,2040}}[^{_URL_STOP}.,;:!?)\]'’]",
    "email": r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}",
    "number": rf"\d+(?:[.,:/]\d+)*(?:[-‐]{_LETTER}+)?",  # 80,1  14.09.2020  12:30  5-й
    "dotted": rf"(?:{_LETTER}{{1,2}}\.){{2,}}",  # т.д.  U.S.  EE.UU.  Ph.D.
    # a word, with a domain ending glued on (TUT.by, Liga.net)
    "word": rf"{_LETTER}{_WORD_CHAR}*(?:{_IN_WORD_JOINER}{_WORD_CHAR}+)*(?:\.[a-z]{{2,6}}(?!{_WORD_CHAR}))*",
    "final": r"[.!?…]+",
    "other": r"\S",
}


def _token_pattern(*kinds: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{kind}>{_TOKEN_PARTS[kind]})" for kind in kinds))


# URLs and e-mail addresses are rare: lines without "://", "www." or "@" skip them
_PLAIN_TOKEN = _token_pattern("number", "dotted", "word", "final", "other")
_WEB_TOKEN = _token_pattern("url", "email", "number", "dotted", "word", "final", "other")

_OPENERS = frozenset("«„“\"'‘‹([{")
_CLOSERS = frozenset("»”“\"'’›)]}")
_BULLETS = frozenset("•●▪◦‣■□▸►")

# token kinds after the first pass
_WORD, _NUMBER, _FINAL, _ABBREVIATION, _INITIAL, _OTHER = range(6)
_KIND_OF_GROUP = {"word": _WORD, "number": _NUMBER, "dotted": _ABBREVIATION, "final": _FINAL}


def _kinds_by_group_index(pattern: re.Pattern[str]) -> tuple[int, ...]:
    """``match.lastindex`` -> token kind (an index is faster to read than a name)."""
    kinds = [_OTHER] * (pattern.groups + 1)
    for name, index in pattern.groupindex.items():
        kinds[index] = _KIND_OF_GROUP.get(name, _OTHER)
    return tuple(kinds)


_PLAIN_KINDS = _kinds_by_group_index(_PLAIN_TOKEN)
_WEB_KINDS = _kinds_by_group_index(_WEB_TOKEN)


@dataclass(frozen=True)
class AbbreviationRules:
    """What one language's abbreviations do at a sentence end (see the rules file)."""

    never_final: frozenset[str]
    can_end: frozenset[str]
    final_after_number: frozenset[str]
    elisions: frozenset[str]
    keeps_dot: frozenset[str]  # all three lists above


def _with_capitalised(entries: list[str]) -> frozenset[str]:
    """The entries, and each lowercase one capitalised (``вул.`` and ``Вул.``)."""
    return frozenset(entries) | {entry[:1].upper() + entry[1:] for entry in entries if entry[:1].islower()}


@cache
def abbreviation_rules(lang: str) -> AbbreviationRules:
    """The language's rules; other languages get none (initials still keep their dot)."""
    data = load_rules(lang, "abbreviations")
    never_final = _with_capitalised(data.get("never_final", []))
    can_end = _with_capitalised(data.get("can_end", []))
    final_after_number = _with_capitalised(data.get("final_after_number", []))
    return AbbreviationRules(
        never_final=never_final,
        can_end=can_end,
        final_after_number=final_after_number,
        elisions=_with_capitalised(data.get("elisions", [])),
        keeps_dot=never_final | can_end | final_after_number,
    )


@dataclass(frozen=True)
class Segmentation:
    """Sentences as ``(start, end)``; tokens as ``(start, end, sentence index)``."""

    sentences: list[tuple[int, int]]
    tokens: list[tuple[int, int, int]]


def _line_tokens(text: str, start: int, end: int, rules: AbbreviationRules) -> list[list[int]]:
    """``[start, end, kind]`` for each token of ``text[start:end]`` (one line)."""
    web = text.find("://", start, end) >= 0 or text.find("www.", start, end) >= 0 or text.find("@", start, end) >= 0
    pattern, kinds = (_WEB_TOKEN, _WEB_KINDS) if web else (_PLAIN_TOKEN, _PLAIN_KINDS)
    tokens: list[list[int]] = []
    keeps_dot = rules.keeps_dot
    elisions = rules.elisions
    for match in pattern.finditer(text, start, end):
        first, last = match.span()
        kind = kinds[match.lastindex or 0]
        if kind == _FINAL and last - first == 1 and text[first] == "." and tokens:
            previous = tokens[-1]
            if previous[1] == first and previous[2] == _WORD:
                word = text[previous[0] : first]
                if len(word) == 1 and word.isupper():
                    previous[1], previous[2] = last, _INITIAL
                    continue
                if word + "." in keeps_dot:
                    previous[1], previous[2] = last, _ABBREVIATION
                    continue
        if kind == _WORD and elisions:
            apostrophe = _first_apostrophe(text, first, last)
            if apostrophe >= 0 and text[first : apostrophe + 1].replace("’", "'") in elisions:
                tokens.append([first, apostrophe + 1, _OTHER])
                first = apostrophe + 1
        tokens.append([first, last, kind])
    return tokens


def _first_apostrophe(text: str, start: int, end: int) -> int:
    for position in range(start, min(end, start + 8)):
        if text[position] in "'’":
            return position
    return -1


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS or char in _BULLETS


def _line_boundaries(text: str, tokens: list[list[int]], rules: AbbreviationRules) -> list[int]:
    """Indexes of the tokens that begin a new sentence (besides the first)."""
    starts: list[int] = []
    sentence_start = 0
    count = len(tokens)
    for index, (first, last, kind) in enumerate(tokens):
        if index > sentence_start and text[first] in _BULLETS and last - first == 1:
            starts.append(index)
            sentence_start = index
            continue
        if kind == _FINAL:
            following = index + 1
            while (
                following < count
                and tokens[following][0] == tokens[following - 1][1]
                and text[tokens[following][0]] in _CLOSERS
            ):
                following += 1
            if following >= count or tokens[following][0] == tokens[following - 1][1]:
                continue
            if not _starts_sentence(text[tokens[following][0]]):
                continue
            # "1. Перший пункт": a numbered list item, not a sentence
            if text[first] == "." and index == sentence_start + 1 and tokens[sentence_start][2] == _NUMBER:
                continue
            starts.append(following)
            sentence_start = following
        elif kind == _ABBREVIATION and index + 1 < count:
            following = index + 1
            if tokens[following][0] == last or not text[tokens[following][0]].isupper():
                continue
            if _abbreviation_can_end(text[first:last], tokens[index - 1] if index else None, rules):
                starts.append(following)
                sentence_start = following
    return starts


def _abbreviation_can_end(abbreviation: str, previous: list[int] | None, rules: AbbreviationRules) -> bool:
    if abbreviation in rules.never_final:
        return False
    if abbreviation in rules.can_end:
        return True
    if abbreviation in rules.final_after_number:
        return previous is not None and previous[2] == _NUMBER
    # a dotted run that no list names: "т.д." may end a sentence, "U.S." does not
    return abbreviation.count(".") > 1 and not abbreviation[0].isupper()


def segment(text: str, lang: str) -> Segmentation:
    """Split ``text`` into sentences and tokens; offsets index ``text`` exactly."""
    rules = abbreviation_rules(lang)
    sentences: list[tuple[int, int]] = []
    tokens: list[tuple[int, int, int]] = []
    line_start = 0
    length = len(text)
    while line_start <= length:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = length
        line_tokens = _line_tokens(text, line_start, line_end, rules)
        if line_tokens:
            bounds = [0, *_line_boundaries(text, line_tokens, rules), len(line_tokens)]
            for first, last in pairwise(bounds):
                index = len(sentences)
                sentences.append((line_tokens[first][0], line_tokens[last - 1][1]))
                tokens.extend((start, end, index) for start, end, _ in line_tokens[first:last])
        line_start = line_end + 1
    return Segmentation(sentences, tokens)


def _field_records(text: str, lang: str, field: Field, sentence_offset: int) -> tuple[list[Sentence], list[Token]]:
    found = segment(text, lang)
    sentences = [Sentence(start, end, field) for start, end in found.sentences]
    tokens = [
        Token(text[start:end], start, end, field, sentence=index + sentence_offset)
        for start, end, index in found.tokens
    ]
    return sentences, tokens


def split_article(article: AnalysedArticle) -> AnalysedArticle:
    """Fill ``sentences`` and ``tokens`` for the title (first) and the text."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for field in (Field.TITLE, Field.TEXT):
        text = article.field_text(field)
        if text:
            field_sentences, field_tokens = _field_records(text, article.lang, field, len(sentences))
            sentences.extend(field_sentences)
            tokens.extend(field_tokens)
    return replace(article, sentences=tuple(sentences), tokens=tuple(tokens))


@register_stage("sentences")
def make_sentences_stage() -> Stage:
    return Stage(name="sentences", requires=(), assigns=("sentences", "tokens"), run=split_article)
