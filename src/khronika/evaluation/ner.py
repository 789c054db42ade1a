"""``khronika eval ner``: exact-span precision, recall and F1 on an NER-UK style file.

Each segment's text is rebuilt from its tokens (``evaluation.iob``) and goes
through khronika's own stages (sentences, morphology, the language's NER
backend), so the figure is what an ingest gets, tokenisation included. NER-UK's
PERS is PER; its types other than PER, ORG and LOC count as O. Micro-averaged
over PER, ORG and LOC.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from khronika.analysis.ner import NerBackend, backend_for, load_backend
from khronika.analysis.pipeline import Pipeline
from khronika.evaluation.iob import Segment, Span, bio_spans, read_iob, segment_text
from khronika.records import AnalysedArticle, DateSource, PublicationDate

SCORED_TYPES = ("PER", "ORG", "LOC")
_GOLD_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def gold_entity_spans(segment: Segment, offsets: Sequence[tuple[int, int]]) -> set[Span]:
    return {
        (start, end, _GOLD_TYPES[kind]) for start, end, kind in bio_spans(segment.tags, offsets) if kind in _GOLD_TYPES
    }


def prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def contiguous_block(segments: list[Segment], block: str | None) -> list[Segment]:
    """``"0.85:1"`` -> the last 15% of segments, in file order (a dev split that
    does not leak names the way a random one would)."""
    if not block:
        return segments
    start_text, _, end_text = block.partition(":")
    start, end = float(start_text or 0), float(end_text or 1)
    return segments[int(len(segments) * start) : int(len(segments) * end)]


def evaluate_ner(
    path: Path | str, lang: str = "uk", backend: str | None = None, block: str | None = None
) -> dict[str, Any]:
    segments = contiguous_block(read_iob(path), block)
    recogniser: NerBackend = load_backend(backend) if backend else backend_for(lang)
    prepare = Pipeline(("sentences", "morphology"))
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in SCORED_TYPES}
    tokens = 0
    started = time.perf_counter()
    for segment in segments:
        rebuilt = segment_text(segment.tokens)
        tokens += len(segment.tokens)
        gold = gold_entity_spans(segment, rebuilt.offsets)
        article = prepare(AnalysedArticle(lang, None, rebuilt.text, PublicationDate(None, DateSource.NONE)))
        predicted = {
            (s.start, s.end, s.type.value) for s in recogniser.recognise(article) if s.type.value in SCORED_TYPES
        }
        for kind in SCORED_TYPES:
            gold_kind = {span for span in gold if span[2] == kind}
            predicted_kind = {span for span in predicted if span[2] == kind}
            counts[kind].update(tp=len(gold_kind & predicted_kind), predicted=len(predicted_kind), gold=len(gold_kind))
    elapsed = time.perf_counter() - started
    per_type = {kind: {**prf(c["tp"], c["predicted"], c["gold"]), "support": c["gold"]} for kind, c in counts.items()}
    total = sum(counts.values(), Counter())
    return {
        "file": str(path),
        "segments": len(segments),
        "tokens": tokens,
        "micro": prf(total["tp"], total["predicted"], total["gold"]),
        "per_type": per_type,
        "tokens_per_s": round(tokens / elapsed, 1) if elapsed else 0.0,
    }
