"""Score attribution and figures against ``quality/claims-gold.jsonl``.

Each line: ``{"lang", "text", "claims": [{"source", "cue", "content", "quote"}],
"figures": [{"text", "value", "measure"}]}`` (a range adds ``"value_max"``).
Every sentence is analysed with khronika's own stages (sentences, morphology,
entities, timex), then ``find_claims`` and ``find_figures`` run on it.

- source+cue: a predicted claim matches a gold one when both its source and its
  cue match case-insensitively (the source may also match by its first four
  letters of each word, a crude lemma match for inflected gold forms);
- content: token-overlap F1 of the content of each matched pair, averaged;
- figures: a gold figure is right when a predicted figure overlapping its text
  has the same value and measure (and, for a range, the same ``value_max``).

The real-text gold sample (``quality/gold/``, read by ``gold_sample``) is scored by
``gold_claims`` instead: ``eval claims --gold quality/gold`` picks it by its format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from khronika.analysis.claims.attribution import claim_json, find_claims
from khronika.analysis.figures.reader import figure_json, find_figures
from khronika.analysis.pipeline import Pipeline
from khronika.records import AnalysedArticle, Claim, DateSource, PublicationDate

_STAGES = ("sentences", "morphology", "entities", "timex")
_WORD = re.compile(r"\w+")


def _stem(name: str) -> str:
    return " ".join(word[:4] for word in _WORD.findall(name.lower()))


def _same_source(gold: str, predicted: str) -> bool:
    return gold.lower() == predicted.lower() or _stem(gold) == _stem(predicted)


def _same_maximum(gold: float | None, predicted: float | None) -> bool:
    """A gold range (``value_max``) needs the same upper end; a gold single value, none."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(float(gold) - predicted) < 1e-6


def overlap_f1(gold: str, predicted: str) -> float:
    """Word-overlap F1 of two spans' texts (case-folded words, counted with repeats)."""
    g, p = _WORD.findall(gold.lower()), _WORD.findall(predicted.lower())
    common = sum(min(g.count(w), p.count(w)) for w in set(g))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _f1(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_claims(path: str | Path, *, details: bool = False) -> dict[str, Any]:
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return evaluate_claim_items(lines, details=details)


def evaluate_claim_items(lines: list[dict[str, Any]], *, details: bool = False) -> dict[str, Any]:
    """Score gold items already read (the gold file's lines, or a dev set read in
    place by ``scripts/attribution_devset.py``); a gold claim with no content is
    scored for source and cue only."""
    pipeline = Pipeline(_STAGES)
    gold_claims = predicted_claims = matched = 0
    content_scores: list[float] = []
    gold_figures = right_figures = 0
    errors: list[dict[str, Any]] = []
    for item in lines:
        article = pipeline(AnalysedArticle(item["lang"], None, item["text"], PublicationDate(None, DateSource.NONE)))
        claims = find_claims(article)
        figures = find_figures(article, claims)
        gold = list(item.get("claims", []))
        gold_claims += len(gold)
        predicted_claims += len(claims)
        unmatched: list[Claim] = list(claims)
        for wanted in gold:
            hit = next(
                (
                    c
                    for c in unmatched
                    if _same_source(wanted["source"], c.source) and wanted["cue"].lower() == c.cue.lower()
                ),
                None,
            )
            if hit is None:
                errors.append({"text": item["text"], "missed": wanted})
                continue
            unmatched.remove(hit)
            matched += 1
            if wanted.get("content"):
                content_scores.append(overlap_f1(wanted["content"], item["text"][hit.content_start : hit.content_end]))
        errors.extend({"text": item["text"], "wrong": claim_json(c, item["text"])} for c in unmatched)
        for wanted in item.get("figures", []):
            gold_figures += 1
            where = item["text"].find(wanted["text"])
            ok = any(
                f.start < where + len(wanted["text"]) and where < f.end
                and abs(f.value - float(wanted["value"])) < 1e-6 and f.measure == wanted["measure"]
                and _same_maximum(wanted.get("value_max"), f.value_max)
                for f in figures
            )  # fmt: skip
            right_figures += ok
            if not ok:
                errors.append({"text": item["text"], "figure": wanted, "got": [figure_json(f) for f in figures]})
    result: dict[str, Any] = {
        "sentences": len(lines),
        "source_cue": _f1(matched, predicted_claims, gold_claims),
        "content_f1": round(sum(content_scores) / len(content_scores), 4) if content_scores else 0.0,
        "figures": {
            "gold": gold_figures,
            "right": right_figures,
            "accuracy": round(right_figures / gold_figures, 4) if gold_figures else 0.0,
        },
        "claims": {"gold": gold_claims, "predicted": predicted_claims, "matched": matched},
    }
    if details:
        result["errors"] = errors
    return result
