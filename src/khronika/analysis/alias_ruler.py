"""The alias table as a second opinion on any NER backend's spans.

A model trained on one corpus errs on names every reader knows: it types
Євросоюз a place, misses БЕЛТА inside unpaired quotes, or swallows the word
before TUT.by. Names in ``rules/common/aliases.json`` are facts, so:

1. a span that *is* an alias name takes the alias entry's type;
2. a span that *ends* in an alias name after lowercase words is cut to the name,
   and one made of two alias names is split in two;
3. an alias name that no span covers becomes a span (capitalised words only,
   matched by surface form or lemma, up to three words).
"""

from __future__ import annotations

from collections.abc import Sequence

from khronika.analysis.aliases import AliasGroup, find_any_alias_group
from khronika.analysis.ner import NerSpan
from khronika.records import EntityType, Field, Token

_MAX_WORDS = 3


def _group(words: Sequence[Token], text: str, lang: str) -> AliasGroup | None:
    surface = text[words[0].start : words[-1].end]
    found = find_any_alias_group(surface, lang)
    if found is None and all(t.lemma for t in words):
        found = find_any_alias_group(" ".join(t.lemma for t in words), lang)
    return found


def apply_alias_table(
    spans: list[NerSpan], tokens: dict[Field, list[Token]], texts: dict[Field, str], lang: str
) -> list[NerSpan]:
    result: list[NerSpan] = []
    for span in spans:
        inside = _trim_punctuation([t for t in tokens.get(span.field, []) if t.start >= span.start and t.end <= span.end])
        if inside:
            span = NerSpan(span.field, inside[0].start, inside[-1].end, span.type)
        if not inside:
            result.append(span)
            continue
        group = _group(inside, texts[span.field], lang)
        if group is not None:
            result.append(NerSpan(span.field, span.start, span.end, EntityType(group.type)))
            continue
        result.extend(_cut_to_alias(span, inside, texts[span.field], lang))
    for field, field_tokens in tokens.items():
        covered = [(s.start, s.end) for s in result if s.field is field]
        result += _uncovered_aliases(field, field_tokens, texts[field], lang, covered)
    return sorted(result, key=lambda s: (s.field != Field.TITLE, s.start))


_OPENING = frozenset("«„“‘")
_CLOSING = frozenset("»”’\"")


def _trim_punctuation(words: list[Token]) -> list[Token]:
    """A name neither starts nor ends with punctuation, but for quotes it opens
    and closes itself (``«Слуга народу»``): ``БЕЛТА",`` is ``БЕЛТА``."""
    while words and not any(ch.isalnum() for ch in words[-1].text):
        closes = words[-1].text in _CLOSING and any(w.text in _OPENING for w in words[:-1])
        if closes:
            break
        words = words[:-1]
    while words and not any(ch.isalnum() for ch in words[0].text):
        opens = words[0].text in _OPENING and any(w.text in _CLOSING for w in words[1:])
        if opens:
            break
        words = words[1:]
    return words


def _lowercase_word(token: Token) -> bool:
    """``каналі`` and ``Telegram-каналі`` (a common noun with a name glued on)."""
    return token.text.rsplit("-", 1)[-1][:1].islower()


def _cut_to_alias(span: NerSpan, inside: list[Token], text: str, lang: str) -> list[NerSpan]:
    """``Telegram-каналі TUT.by`` -> ``TUT.by``; ``Білорусі Олександр Лукашенко``
    (two names run together) -> ``Білорусі`` and ``Олександр Лукашенко``."""
    for size in range(min(_MAX_WORDS, len(inside) - 1), 0, -1):
        head, tail = inside[:-size], inside[-size:]
        group = _group(tail, text, lang)
        if group is None:
            continue
        tail_span = NerSpan(span.field, tail[0].start, tail[-1].end, EntityType(group.type))
        if all(_lowercase_word(t) for t in head):
            return [tail_span]
        head_group = _group(head, text, lang) if len(head) <= _MAX_WORDS else None
        if head_group is not None:
            return [NerSpan(span.field, head[0].start, head[-1].end, EntityType(head_group.type)), tail_span]
    return [span]


def _uncovered_aliases(
    field: Field, tokens: list[Token], text: str, lang: str, covered: list[tuple[int, int]]
) -> list[NerSpan]:
    found: list[NerSpan] = []
    index = 0
    while index < len(tokens):
        start = tokens[index]
        if not start.text[:1].isupper() or any(a < start.end and start.start < b for a, b in covered):
            index += 1
            continue
        for size in range(min(_MAX_WORDS, len(tokens) - index), 0, -1):
            words = tokens[index : index + size]
            if _trim_punctuation(words) != words or any(a < words[-1].end and words[0].start < b for a, b in covered):
                continue
            group = _group(words, text, lang)
            if group is not None:
                found.append(NerSpan(field, words[0].start, words[-1].end, EntityType(group.type)))
                covered.append((words[0].start, words[-1].end))
                index += size - 1
                break
        index += 1
    return found
