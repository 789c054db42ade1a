"""Score the time tagger against the DATE spans of an NER-UK style IOB file.

Each segment's text is rebuilt from its tokens (``evaluation.iob``) and tagged
with no publication date (NER-UK has none), so only detection is scored: where
the expressions are, not what they mean.

- exact: a predicted span counts only where a gold DATE span has the same
  start and end;
- overlap: a predicted span counts where it overlaps a gold DATE span, and a
  gold span is found where some predicted span overlaps it.

Explicit ranges (``з 9 по 11 серпня``, ``2015-2016 років``) are left out of
the predictions and counted apart: NER-UK tags them PERIOD, not DATE, so
scoring them against DATE would count a convention as an error. Decades and
centuries (``1990-х``, ``XX століття``), which NER-UK does tag DATE, stay in.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from khronika.analysis.timex.tagger import tag_times
from khronika.evaluation.iob import Segment, bio_spans, read_iob, segment_text
from khronika.records import TimeExpression, TimeRange

Interval = tuple[int, int]
GOLD_TYPE = "DATE"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _scores(correct_predicted: int, predicted: int, found_gold: int, gold: int) -> dict[str, float]:
    precision = _ratio(correct_predicted, predicted)
    recall = _ratio(found_gold, gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def is_explicit_range(expression: TimeExpression) -> bool:
    """Two dates joined (NER-UK's PERIOD), as against a decade or century (its DATE)."""
    return isinstance(expression.value, TimeRange) and not expression.approximate


def _overlaps(span: Interval, others: Sequence[Interval]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def evaluate_timex(path: str | Path, lang: str = "uk", *, details: bool = False) -> dict[str, Any]:
    """Precision, recall and F1 of ``tag_times`` on the DATE spans of ``path``.

    ``details`` adds the missed gold spans and the wrong predictions (as text),
    for tuning.
    """
    segments = read_iob(path)
    gold_total = predicted_total = exact = overlap_predicted = overlap_gold = ranges = tokens = 0
    seconds = 0.0
    missed: list[str] = []
    wrong: list[str] = []
    for segment in segments:
        text, gold = _gold(segment)
        tokens += len(segment.tokens)
        started = time.perf_counter()
        expressions = tag_times(text, lang, None)
        seconds += time.perf_counter() - started
        predicted: list[Interval] = []
        for expression in expressions:
            if is_explicit_range(expression):
                ranges += 1
            else:
                predicted.append((expression.start, expression.end))
        gold_set, predicted_set = set(gold), set(predicted)
        gold_total += len(gold)
        predicted_total += len(predicted)
        exact += len(gold_set & predicted_set)
        overlap_predicted += sum(_overlaps(span, gold) for span in predicted)
        overlap_gold += sum(_overlaps(span, predicted) for span in gold)
        if details:
            missed += [text[start:end] for start, end in gold if (start, end) not in predicted_set]
            wrong += [text[start:end] for start, end in predicted if (start, end) not in gold_set]
    report: dict[str, Any] = {
        "exact": _scores(exact, predicted_total, exact, gold_total),
        "overlap": _scores(overlap_predicted, predicted_total, overlap_gold, gold_total),
        "gold": gold_total,
        "predicted": predicted_total,
        "ranges_left_out": ranges,
        "segments": len(segments),
        "tokens_per_s": round(tokens / seconds) if seconds else None,
    }
    if details:
        report["missed"] = missed
        report["wrong"] = wrong
    return report


def _gold(segment: Segment) -> tuple[str, list[Interval]]:
    rebuilt = segment_text(segment.tokens)
    spans = bio_spans(segment.tags, rebuilt.offsets)
    return rebuilt.text, [(start, end) for start, end, kind in spans if kind == GOLD_TYPE]
