"""``khronika train ner``: a CRF model from an IOB file (NER-UK's format).

The gazetteer feature is counted 5-fold: each contiguous fifth of the training
segments gets the counts of the other four, so the model learns how far to trust a name it has
seen before, as it will meet names at tagging time.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pycrfsuite

from khronika.analysis.entities.ner.crf import CrfSettings, save_settings
from khronika.analysis.entities.ner.crf_features import GROUPS, Featurizer, count_gazetteer
from khronika.analysis.pipeline import Pipeline
from khronika.errors import UsageError
from khronika.evaluation.iob import Segment, bio_spans, read_iob, segment_text
from khronika.evaluation.ner import block_bounds
from khronika.records import AnalysedArticle, DateSource, PublicationDate

DEFAULT_GROUPS = ("base", "window", "morph", "gaz", "quotes", "clusters", "streets", "streetlists")
_KEEP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
_FOLDS = 5


def entity_tags(tags: Sequence[str]) -> list[str]:
    """B-/I- of PER (NER-UK's PERS), ORG and LOC; every other type becomes O."""
    kept = []
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        kept.append(f"{prefix}-{_KEEP[kind]}" if kind in _KEEP else "O")
    return kept


def retokenised(segment: Segment, lang: str) -> tuple[list[str], list[str]]:
    """The segment as khronika tokenises it, with the gold spans projected onto
    those tokens. NER-UK glues quotes to words (``«ЮГ``, ``Комснаб»``) and splits
    ``вул.``; a model trained on its tokens and run on khronika's would see text
    it never learned from, and lose the closing quote of every quoted name."""
    rebuilt = segment_text(segment.tokens)
    spans = bio_spans(entity_tags(segment.tags), rebuilt.offsets)
    article = _tokeniser()(AnalysedArticle(lang, None, rebuilt.text, PublicationDate(None, DateSource.NONE)))
    tokens = [token.text for token in article.tokens]
    tags = ["O"] * len(tokens)
    for start, end, kind in spans:
        inside = [i for i, token in enumerate(article.tokens) if token.start < end and token.end > start]
        for position, index in enumerate(inside):
            tags[index] = f"{'B' if position == 0 else 'I'}-{kind}"
    return tokens, tags


@cache
def _tokeniser() -> Pipeline:
    return Pipeline(("sentences",))


def _merge(counts: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    total: dict[str, Counter[str]] = {}
    for part in counts:
        for key, value in part.items():
            total.setdefault(key, Counter()).update(value)
    return {key: dict(value) for key, value in total.items()}


def train_crf(
    iob: Path,
    out: Path,
    lang: str = "uk",
    groups: tuple[str, ...] = DEFAULT_GROUPS,
    exclude_block: str | None = None,
    c1: float = 0.05,
    c2: float = 0.1,
    max_iterations: int = 300,
    min_freq: int = 0,
    gap: int = 0,
) -> dict[str, Any]:
    """Train on ``iob`` (less the contiguous ``exclude_block``, e.g. ``0.7:0.85``,
    kept out for evaluation, and ``gap`` segments either side of it, so that a
    document cut by the block's edge does not lend its names to both sides) and
    write ``out`` with its settings beside it.
    ``min_freq`` drops (attribute, label) features seen fewer times than that."""
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise UsageError(f"unknown feature groups: {', '.join(sorted(unknown))} (known: {', '.join(GROUPS)})")
    segments: list[Segment] = read_iob(iob)
    if exclude_block:
        start, end = block_bounds(len(segments), exclude_block)
        segments = segments[: max(start - gap, 0)] + segments[end + gap :]
    data = [retokenised(segment, lang) for segment in segments]
    settings = CrfSettings(lang, tuple(groups), {})
    base = settings.featurizer()
    # contiguous folds: segments run in document order, and interleaved folds would
    # let a document's own names into "the other folds", teaching the model to
    # trust the gazetteer far more than it deserves on unseen text
    bounds = [len(data) * k // _FOLDS for k in range(_FOLDS + 1)]
    parts = [data[bounds[k] : bounds[k + 1]] for k in range(_FOLDS)]
    folds = [count_gazetteer(part, base) for part in parts]
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for fold, part in enumerate(parts):
        others = _merge([c for i, c in enumerate(folds) if i != fold])
        featurizer = Featurizer(base.groups, base.morph, others, base.clusters)
        for tokens, tags in part:
            trainer.append(featurizer.sequence(tokens), tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": min_freq,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    save_settings(out, CrfSettings(lang, tuple(groups), _merge(folds)))
    return {
        "model": str(out),
        "segments": len(data),
        "tokens": sum(len(tokens) for tokens, _ in data),
        "groups": list(groups),
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": out.stat().st_size,
    }
