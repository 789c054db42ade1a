"""Viterbi decoding of a crfsuite model in numpy, with scores cached per word form.

python-crfsuite spends most of its tagging time turning Python feature strings
into C++ attributes and looking each one up in the model's dictionary: about
forty strings per token, built afresh for every token. But a linear-chain CRF's
score of a label at a token is just the sum of the weights of the token's
features, and most of those features belong to a word form (its own spelling,
morphology and gazetteer features, and what its neighbours see of it). So this
reads the model's weights once (``Tagger.info()``), sums them per word form into
a ``(5, labels)`` block (own features, and as seen from offsets -2, -1, +1, +2),
caches that block, and adds only the few context features (quotes, sentence
start, word bigrams) per token. Viterbi then runs over all the paragraphs of an
article at once, padded into one array. The labels are crfsuite's own (the same
model, the same scores up to float rounding); ``tests/unit/test_crf.py`` checks
that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pycrfsuite

from khronika.analysis.entities.ner.crf_features import OFFSETS, Featurizer

_CACHE_LIMIT = 200_000
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


class CompiledCrf:
    """A crfsuite model's weights, for tagging many sequences fast."""

    def __init__(self, tagger: pycrfsuite.Tagger, featurizer: Featurizer) -> None:
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        index = {label: i for i, label in enumerate(self.labels)}
        size = len(self.labels)
        self.transitions: FloatArray = np.zeros((size, size))
        for (before, after), weight in info.transitions.items():
            self.transitions[index[before], index[after]] = weight
        self.ids: dict[str, int] = {}
        for attribute, _ in info.state_features:
            self.ids.setdefault(attribute, len(self.ids))
        self.matrix: FloatArray = np.zeros((len(self.ids) + 1, size))  # the last row: no weight at all
        for (attribute, label), weight in info.state_features.items():
            self.matrix[self.ids[attribute], index[label]] = weight
        self.none = len(self.ids)
        self.featurizer = featurizer
        self.window = "window" in featurizer.groups
        self.pads = [self.matrix[self.ids.get(f"{offset}:pad", self.none)] for offset in OFFSETS]
        self._blocks: dict[str, tuple[FloatArray, str | None]] = {}
        # "bi-1=w=a|w=b" -> "w=a" (and, for a word with "|" in it, every cut at a "|")
        self._bigram_lefts = {
            body[:cut]
            for attribute in self.ids
            if attribute.startswith(("bi-1=", "bi+1="))
            for body in [attribute[5:]]
            for cut, char in enumerate(body)
            if char == "|"
        }

    def _sum(self, features: Sequence[str]) -> FloatArray:
        ids, none = self.ids, self.none
        total: FloatArray = self.matrix[[ids.get(feature, none) for feature in features]].sum(axis=0)
        return total

    def block(self, word: str) -> tuple[FloatArray, str | None]:
        """Rows: the word's own score, then what it adds to a token 2 and 1 before
        it, and 1 and 2 after it (``OFFSETS`` order, seen from that token); and
        the word's ``w=…`` when some bigram the model kept starts with it."""
        hit = self._blocks.get(word)
        if hit is not None:
            return hit
        if len(self._blocks) > _CACHE_LIMIT:
            self._blocks.clear()
        own, shared, _ = self.featurizer.word(word)
        rows = [self._sum(own)]
        rows += [self._sum([f"{offset}:{x}" for x in shared] if self.window else []) for offset in OFFSETS]
        hit = (np.stack(rows), shared[0] if shared[0] in self._bigram_lefts else None)
        self._blocks[word] = hit
        return hit

    def emissions(self, sequences: Sequence[Sequence[str]]) -> FloatArray:
        """Label scores of every token of the (non-empty) sequences, one after
        another, as crfsuite would sum them."""
        tokens = [token for sequence in sequences for token in sequence]
        found_blocks = [self.block(token) for token in tokens]
        blocks = np.stack([block for block, _ in found_blocks])
        scores: FloatArray = blocks[:, 0].copy()
        lengths = np.array([len(sequence) for sequence in sequences])
        starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        position = np.arange(len(tokens)) - starts  # within its sequence
        length = np.repeat(lengths, lengths)
        if self.window:
            for row, offset in enumerate(OFFSETS, start=1):
                # the token at i + offset shows token i its row for ``offset``
                inside = (position + offset >= 0) & (position + offset < length)
                source = np.clip(np.arange(len(tokens)) + offset, 0, len(tokens) - 1)
                scores += np.where(inside[:, None], blocks[source, row], self.pads[row - 1])
        at: list[int] = []
        found: list[int] = []
        ids, none, first = self.ids, self.none, 0
        for sequence in sequences:
            for i, features in enumerate(self.featurizer.context(sequence), start=first):
                for feature in features:
                    key = ids.get(feature, none)
                    if key != none:
                        at.append(i)
                        found.append(key)
            if self.window:
                self._bigrams(
                    sequence, [left for _, left in found_blocks[first : first + len(sequence)]], first, at, found
                )
            first += len(sequence)
        np.add.at(scores, at, self.matrix[found])
        return scores

    def _bigrams(
        self, sequence: Sequence[str], lefts: list[str | None], first: int, at: list[int], found: list[int]
    ) -> None:
        """The ``bi-1=…|…`` and ``bi+1=…|…`` features, built only for a word pair
        whose left word starts some bigram the model kept (a few hundred do)."""
        for i in range(len(sequence) - 1):
            left = lefts[i]
            if left is not None:
                right = self.featurizer.word(sequence[i + 1])[1][0]
                for name, where in (("bi+1", i), ("bi-1", i + 1)):
                    key = self.ids.get(f"{name}={left}|{right}")
                    if key is not None:
                        at.append(first + where)
                        found.append(key)

    def tag_many(self, sequences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The best label sequence of each token sequence (Viterbi, all at once).

        The sequences are padded at the front, so that all end at the last step:
        a sequence's first token starts afresh from its own score, and the back
        pointers are followed from the last step for all sequences together."""
        kept = [sequence for sequence in sequences if sequence]
        if not kept:
            return [[] for _ in sequences]
        lengths = np.array([len(sequence) for sequence in kept])
        longest, size = int(lengths.max()), len(self.labels)
        rows = np.arange(len(kept))
        starts = longest - lengths
        # time-major, so that each step reads one contiguous (sequence, label) slice
        steps = np.zeros((longest, len(kept), size))
        steps[
            np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths),
            np.repeat(rows, lengths),
        ] = self.emissions(kept)
        best = steps[0]
        back = []
        for t in range(1, longest):
            candidates = best[:, :, None] + self.transitions  # (sequence, from, to)
            back.append(candidates.argmax(axis=1))
            best = np.where((starts == t)[:, None], steps[t], candidates.max(axis=1) + steps[t])
        state = best.argmax(axis=1)
        path = [state]
        for pointers in reversed(back):
            state = pointers[rows, state]
            path.append(state)
        found = np.stack(path[::-1], axis=1).tolist()  # (sequence, step)
        labels = self.labels
        tagged = iter([[labels[k] for k in found[row][int(starts[row]) :]] for row in range(len(kept))])
        return [next(tagged) if sequence else [] for sequence in sequences]
