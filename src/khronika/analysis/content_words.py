"""Content words: the lemmas that say what an article is about (story terms read them).

Worker processes slim an analysis's tokens to these (``story_tokens``) before sending
it back to the writer: tokens are not stored, and the story terms are all that is
read of them after the analysis (``stories/assign.term_bag``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from khronika.records import Token

MIN_TERM_LENGTH = 3  # shorter lemmas are mostly function words (de, la, il, на, та)
# pymorphy3 parts of speech that carry content (uk, ru); other languages have no tags
CONTENT_POS = frozenset({"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND"})


def content_lemma(token: Token) -> str | None:
    """The token's lemma, lowercased, if it is a content word; else None."""
    if token.pos is not None and token.pos not in CONTENT_POS:
        return None
    return _content_word(token.lemma or token.text)


@lru_cache(maxsize=1 << 16)  # a stream repeats its words: the checks run once per distinct word
def _content_word(word: str) -> str | None:
    lemma = word.lower()
    if len(lemma) < MIN_TERM_LENGTH or not lemma.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return None
    return lemma


def story_tokens(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens ``term_bag`` reads, slimmed (worker processes send these back, not all)."""
    return tuple(
        Token("", token.start, token.end, token.field, lemma, token.pos, sentence=token.sentence)
        for token in tokens
        if (lemma := content_lemma(token)) is not None
    )
