"""The old per-sentence token grouping, kept as the reference the article token index (analysis/token_index.py) is tested against.

Stages that look at one sentence at a time would otherwise scan every token of
the article for every sentence (quadratic in the article's length).
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from khronika.records import Field, Token

_last: tuple[tuple[Token, ...], dict[tuple[int, Field], list[Token]]] | None = None


def tokens_by_sentence(tokens: tuple[Token, ...]) -> dict[tuple[int, Field], list[Token]]:
    """(sentence index, field) -> its tokens; the last article's grouping is kept,
    as the claims and figures stages ask for the same article in turn."""
    global _last
    if _last is not None and _last[0] is tokens:
        return _last[1]
    grouped: dict[tuple[int, Field], list[Token]] = defaultdict(list)
    for token in tokens:
        grouped[(token.sentence, token.field)].append(token)
    _last = (tokens, grouped)
    return grouped


_starts: tuple[tuple[Token, ...], dict[Field, tuple[list[int], list[Token]]]] | None = None


def tokens_within(tokens: tuple[Token, ...], field: Field, start: int, end: int) -> list[Token]:
    """The tokens of ``field`` lying inside ``[start, end)``, by binary search."""
    global _starts
    if _starts is None or _starts[0] is not tokens:
        by_field: dict[Field, list[Token]] = defaultdict(list)
        for token in tokens:
            by_field[token.field].append(token)
        _starts = (tokens, {f: ([t.start for t in ts], ts) for f, ts in by_field.items()})
    starts, field_tokens = _starts[1].get(field, ([], []))
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end, lo=first)
    return [t for t in field_tokens[first:last] if t.end <= end]
