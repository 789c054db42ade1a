"""The tokens of one article indexed once for the claims and figures stages.

Both stages pass over an article's tokens to find the few sentences worth reading
(a cue word, a number word), then read those sentences' tokens, and the pronoun
resolution of claims looks up the tokens of entity mentions. ``article_tokens``
keeps the tokens' texts, sentence indices, starts and fields in lists, so that each
stage's pass is one dictionary look-up per word run in C (``map`` over ``texts``),
and a sentence's tokens are a binary search away (``sentence``). The by-field index for
span look-ups (``within``) is built only when asked for. The last article's index
is kept, as the claims and figures stages ask for the same article in turn, until
the figures stage, its last reader, lets it go (``release_article_tokens``): a
finished article is not kept alive (and freed inside the next article's analysis).

A sentence's tokens keep the old per-sentence grouping's
meaning (the tokens of that sentence index and field, in article order) whatever
order the tokens come in: the analysis gives them sentence by sentence, and where
they are not, they are grouped in one pass instead. Binary searches over a
sentence's starts take a token to end where or after it starts.
"""

from __future__ import annotations

import bisect
from operator import attrgetter
from typing import NamedTuple

from khronika.records import Field, Token

_field = attrgetter("field")
_start = attrgetter("start")


class SentenceTokens(NamedTuple):
    """One sentence's tokens in article order, where they start (None where not in
    text order) and where they start among the article's tokens (-1 where they are
    not one run of them)."""

    tokens: list[Token]
    starts: list[int] | None
    first: int


class ArticleTokens:
    """An article's tokens: their texts and sentence indices, by sentence, and (on
    demand) by field."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        self._listed = list(tokens)
        self.texts: list[str] = [t.text for t in tokens]
        self.sentence_ids: list[int] = [t.sentence for t in tokens]
        self._starts: list[int] = [t.start for t in tokens]
        self._fields: list[Field] = [t.field for t in tokens]
        self._grouped: dict[tuple[int, Field], list[Token]] | None = None
        if self.sentence_ids != sorted(self.sentence_ids):
            self._grouped = {}
            for token in tokens:
                self._grouped.setdefault((token.sentence, token.field), []).append(token)
        self._sentences: dict[tuple[int, Field], SentenceTokens] = {}
        self._by_field: dict[Field, tuple[list[int], list[Token]]] | None = None

    def sentence(self, index: int, field: Field) -> SentenceTokens:
        """The tokens of sentence ``index`` of ``field`` (read once)."""
        key = (index, field)
        found = self._sentences.get(key)
        if found is None:
            first = -1
            if self._grouped is not None:
                tokens = self._grouped.get(key, [])
            else:
                ids = self.sentence_ids
                first = bisect.bisect_left(ids, index)
                last = bisect.bisect_right(ids, index, lo=first)
                tokens = self._listed[first:last]
                if self._fields[first:last].count(field) != len(tokens):
                    first, tokens = -1, [t for t in tokens if t.field is field]
            starts = self._starts[first : first + len(tokens)] if first >= 0 else list(map(_start, tokens))
            found = SentenceTokens(tokens, starts if starts == sorted(starts) else None, first)
            self._sentences[key] = found
        return found

    def sentence_values(self, values: list[int], sentence: SentenceTokens) -> list[int] | None:
        """The items of ``values`` (one per token of the article) of the sentence's
        tokens, None where they are not one run of the article's tokens."""
        first = sentence.first
        return values[first : first + len(sentence.tokens)] if first >= 0 else None

    def within(self, field: Field, start: int, end: int) -> list[Token]:
        """The tokens of ``field`` lying inside ``[start, end)``, by binary search
        (the old grouping's answer, kept in the tests as the reference)."""
        if self._by_field is None:
            self._by_field = self._field_runs()
        starts, field_tokens = self._by_field.get(field, ([], []))
        first = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end, lo=first)
        return [t for t in field_tokens[first:last] if t.end <= end]

    def _field_runs(self) -> dict[Field, tuple[list[int], list[Token]]]:
        """Field -> the starts and the tokens of that field, in article order."""
        fields, by_field = self._fields, {}
        first = 0
        while first < len(fields):  # each field's tokens one run of the article's: title, then text
            field = fields[first]
            count = fields.count(field)
            if fields[first : first + count].count(field) != count:
                break
            by_field[field] = (self._starts[first : first + count], self._listed[first : first + count])
            first += count
        else:
            return by_field
        by_field = {}  # a field's tokens in more than one run
        for position, field in enumerate(fields):
            starts, tokens = by_field.setdefault(field, ([], []))
            starts.append(self._starts[position])
            tokens.append(self._listed[position])
        return by_field


_last: ArticleTokens | None = None


def article_tokens(tokens: tuple[Token, ...]) -> ArticleTokens:
    """The index of ``tokens`` (an article's), built once for the last article."""
    global _last
    if _last is None or _last.tokens is not tokens:
        _last = ArticleTokens(tokens)
    return _last


def release_article_tokens() -> None:
    """Forget the last article's index (the figures stage, its last reader, calls
    this), so that the module does not keep a finished article's tokens alive."""
    global _last
    _last = None
