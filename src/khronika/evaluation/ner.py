"""``khronika eval ner``: exact-span precision, recall and F1 on an NER-UK style file.

Each segment's text is rebuilt from its tokens (``evaluation.iob``) and goes
through khronika's own stages (sentences, morphology, the language's NER
backend), so the figure is what an ingest gets, tokenisation included. NER-UK's
PERS is PER; its types other than PER, ORG and LOC count as O. Micro-averaged
over PER, ORG and LOC.

A dev block carved from a training file flatters a model: the names of the block
mostly occur in the rest of the file too. With ``unseen`` and a ``block``, an
``unseen`` score is added, counted over the gold and predicted mentions whose
text (lowercased) is no gold name of the rest of the file: how a model trained
on the rest does on names it never saw, as on new text.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from khronika.analysis.entities.ner import NerBackend, backend_for, configured_backends, load_backend
from khronika.analysis.entities.ner.crf import shipped_model
from khronika.analysis.pipeline import Pipeline
from khronika.errors import UsageError
from khronika.evaluation.iob import Segment, Span, bio_spans, read_iob, segment_text
from khronika.records import AnalysedArticle, DateSource, PublicationDate

SCORED_TYPES = ("PER", "ORG", "LOC")
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
_CRF_BACKENDS = ("crf", "crf-uk")
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


def block_bounds(count: int, block: str) -> tuple[int, int]:
    """``"0.7:0.85"`` over ``count`` segments -> (first index, index past the last)."""
    start_text, _, end_text = block.partition(":")
    try:
        start, end = float(start_text or 0), float(end_text or 1)
    except ValueError:
        raise ValueError(f"block {block!r} is not START:END, fractions of the file such as 0.7:0.85") from None
    if not 0 <= start < end <= 1:
        raise ValueError(f"block {block!r} is not START:END with 0 <= START < END <= 1")
    return int(count * start), int(count * end)


def check_block(option: str, block: str | None) -> None:
    """A clear error naming the option when ``block`` is given and malformed."""
    if block:
        try:
            block_bounds(1, block)
        except ValueError as error:
            raise UsageError(f"{option}: {error}") from None


def contiguous_block(segments: list[Segment], block: str | None) -> list[Segment]:
    """``"0.85:1"`` -> the last 15% of segments, in file order (a dev split that
    does not leak names the way a random one would)."""
    if not block:
        return segments
    start, end = block_bounds(len(segments), block)
    return segments[start:end]


def names_outside(segments: list[Segment], block: str) -> set[str]:
    """The gold PER, ORG and LOC names (lowercased text) of the segments outside ``block``."""
    inside = {id(segment) for segment in contiguous_block(segments, block)}
    names: set[str] = set()
    for segment in segments:
        if id(segment) not in inside:
            rebuilt = segment_text(segment.tokens)
            names.update(
                rebuilt.text[start:end].lower() for start, end, _ in gold_entity_spans(segment, rebuilt.offsets)
            )
    return names


def model_of(spec: str) -> Path | None:
    """The CRF model file a backend spec names (``crf-uk``: the shipped one), else None."""
    name, _, option = spec.partition(":")
    if name not in _CRF_BACKENDS:
        return None
    return Path(option) if option else shipped_model()


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def training_data_warnings(path: Path | str, spec: str) -> list[str]:
    """A warning when ``path`` is the file the model of ``spec`` was trained on: the
    SHA-256 of its content is in the model's ``.fingerprint`` file, stored beside it."""
    model = model_of(spec)
    fingerprint = model.with_suffix(".fingerprint") if model else None
    if fingerprint is None or not fingerprint.is_file():
        return []
    known = set(_SHA256.findall(fingerprint.read_text(encoding="utf-8", errors="replace")))
    if file_sha256(path) not in known:
        return []
    return [
        f"{path} is the training data of the NER model {model.name if model else spec} (its SHA-256 is in "
        f"{fingerprint.name}): these scores flatter the model; score a file it was not trained on"
    ]


def evaluate_ner(
    path: Path | str,
    lang: str = "uk",
    backend: str | None = None,
    block: str | None = None,
    unseen: bool = False,
) -> dict[str, Any]:
    everything = read_iob(path)
    segments = contiguous_block(everything, block)
    seen_names = names_outside(everything, block) if unseen and block else None
    backends = configured_backends()
    spec = backend or backends.get(lang) or backends["*"]
    warnings = training_data_warnings(path, spec)
    recogniser: NerBackend = load_backend(backend) if backend else backend_for(lang)
    prepare = Pipeline(("sentences", "morphology"))
    # load the model outside the timing: tokens/s is the tagging speed of a running process
    recogniser.recognise(prepare(AnalysedArticle(lang, None, "Київ", PublicationDate(None, DateSource.NONE))))
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in SCORED_TYPES}
    new_names: Counter[str] = Counter()
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
        if seen_names is not None:
            gold_new = {span for span in gold if rebuilt.text[span[0] : span[1]].lower() not in seen_names}
            predicted_new = {span for span in predicted if rebuilt.text[span[0] : span[1]].lower() not in seen_names}
            new_names.update(tp=len(gold_new & predicted_new), predicted=len(predicted_new), gold=len(gold_new))
    elapsed = time.perf_counter() - started
    per_type = {kind: {**prf(c["tp"], c["predicted"], c["gold"]), "support": c["gold"]} for kind, c in counts.items()}
    total = sum(counts.values(), Counter())
    result: dict[str, Any] = {
        "file": str(path),
        "segments": len(segments),
        "tokens": tokens,
        "micro": prf(total["tp"], total["predicted"], total["gold"]),
        "per_type": per_type,
        "tokens_per_s": round(tokens / elapsed, 1) if elapsed else 0.0,
        "warnings": warnings,
    }
    if seen_names is not None:
        result["unseen"] = {
            **prf(new_names["tp"], new_names["predicted"], new_names["gold"]),
            "support": new_names["gold"],
        }
    return result
