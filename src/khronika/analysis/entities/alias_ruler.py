"""The alias table as a second opinion on any NER backend's spans.

A model trained on one corpus errs on names every reader knows: it types
Євросоюз a place, misses БЕЛТА inside unpaired quotes, or swallows the word
before TUT.by. Names in ``rules/common/aliases.json`` are facts, so:

1. a span that *is* an alias name takes the alias entry's type;
2. a span that *ends* in an alias name after lowercase words is cut to the name,
   and one made of two alias names is split in two;
3. an alias name that no span covers becomes a span (capitalised words only,
   matched by surface form or lemma, up to three words).

Spans are worked on as token index ranges, so the cost is linear in the tokens.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from khronika.analysis.entities.aliases import AliasGroup, find_any_alias_group
from khronika.analysis.entities.ner import NerSpan
from khronika.records import EntityType, Field, Token

_MAX_WORDS = 3
_OPENING = frozenset("«„“‘")
_CLOSING = frozenset('»”’"')


def _group(words: Sequence[Token], text: str, lang: str) -> AliasGroup | None:
    surface = text[words[0].start : words[-1].end]
    found = find_any_alias_group(surface, lang)
    if found is None and all(t.lemma for t in words):
        found = find_any_alias_group(" ".join(t.lemma for t in words), lang)
    return found


def _trim_punctuation(words: Sequence[Token]) -> Sequence[Token]:
    """A name neither starts nor ends with punctuation, but for quotes it opens
    and closes itself (``«Слуга народу»``): ``БЕЛТА",`` is ``БЕЛТА``."""
    while words and not any(ch.isalnum() for ch in words[-1].text):
        if words[-1].text in _CLOSING and any(w.text in _OPENING for w in words[:-1]):
            break
        words = words[:-1]
    while words and not any(ch.isalnum() for ch in words[0].text):
        if words[0].text in _OPENING and any(w.text in _CLOSING for w in words[1:]):
            break
        words = words[1:]
    return words


def _may_start_name(token: Token) -> bool:
    """Capitalised, no pronoun, and short words only as acronyms: ``Он`` (he) is
    not ``ООН``, though their Latin keys meet."""
    word = token.text
    return word[:1].isupper() and token.pos != "NPRO" and (len(word) > 3 or word.isupper())


def _lowercase_word(token: Token) -> bool:
    """``каналі`` and ``Telegram-каналі`` (a common noun with a name glued on)."""
    return token.text.rsplit("-", 1)[-1][:1].islower()


def _span(field: Field, words: Sequence[Token], kind: EntityType | str) -> NerSpan:
    return NerSpan(field, words[0].start, words[-1].end, EntityType(kind))


def apply_alias_table(
    spans: list[NerSpan], tokens: dict[Field, list[Token]], texts: dict[Field, str], lang: str
) -> list[NerSpan]:
    result: list[NerSpan] = []
    starts = {field: [t.start for t in field_tokens] for field, field_tokens in tokens.items()}
    for span in spans:
        field_tokens = tokens.get(span.field, [])
        first = bisect.bisect_left(starts.get(span.field, []), span.start)
        last = first
        while last < len(field_tokens) and field_tokens[last].end <= span.end:
            last += 1
        inside = _trim_punctuation(field_tokens[first:last])
        if not inside:
            result.append(span)
            continue
        group = _group(inside, texts[span.field], lang)
        if group is not None:
            result.append(_span(span.field, inside, group.type))
        else:
            result.extend(_cut_to_alias(_span(span.field, inside, span.type), inside, texts[span.field], lang))
    for field, field_tokens in tokens.items():
        covered = [False] * len(field_tokens)
        for span in result:
            if span.field is field:
                first = bisect.bisect_left(starts[field], span.start)
                for index in range(first, len(field_tokens)):
                    if field_tokens[index].start >= span.end:
                        break
                    covered[index] = True
        result += _uncovered_aliases(field, field_tokens, texts[field], lang, covered)
    return sorted(result, key=lambda s: (s.field != Field.TITLE, s.start))


def _cut_to_alias(span: NerSpan, inside: Sequence[Token], text: str, lang: str) -> list[NerSpan]:
    """``Telegram-каналі TUT.by`` -> ``TUT.by``; ``Білорусі Олександр Лукашенко``
    (two names run together) -> ``Білорусі`` and ``Олександр Лукашенко``."""
    for size in range(min(_MAX_WORDS, len(inside) - 1), 0, -1):
        head, tail = inside[:-size], inside[-size:]
        group = _group(tail, text, lang)
        if group is None:
            continue
        if all(_lowercase_word(t) for t in head):
            return [_span(span.field, tail, group.type)]
        head_group = _group(head, text, lang) if len(head) <= _MAX_WORDS else None
        if head_group is not None:
            return [_span(span.field, head, head_group.type), _span(span.field, tail, group.type)]
    return [span]


def _uncovered_aliases(field: Field, tokens: list[Token], text: str, lang: str, covered: list[bool]) -> list[NerSpan]:
    found: list[NerSpan] = []
    index = 0
    while index < len(tokens):
        if covered[index] or not _may_start_name(tokens[index]):
            index += 1
            continue
        for size in range(min(_MAX_WORDS, len(tokens) - index), 0, -1):
            words = tokens[index : index + size]
            if any(covered[index : index + size]) or len(_trim_punctuation(words)) != size:
                continue
            group = _group(words, text, lang)
            if group is not None:
                found.append(_span(field, words, group.type))
                covered[index : index + size] = [True] * size
                index += size - 1
                break
        index += 1
    return found
