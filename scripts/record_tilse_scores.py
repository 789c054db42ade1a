"""Score the fixture timelines with tilse (Perl ROUGE-1.5.5) once and record the figures.

tilse pulls spaCy, numba and textacy, so it lives in a venv of its own, never in
khronika's; its ROUGE needs Perl's XML::DOM and DB_File:

    apt-get install -y libxml-parser-perl libxml-dom-perl
    python3 -m venv /tmp/tilse-venv && /tmp/tilse-venv/bin/pip install tilse
    /tmp/tilse-venv/bin/python scripts/record_tilse_scores.py

It writes ``tests/fixtures/timeline/tilse-scores.json``, which
``tests/unit/test_timeline_metric.py`` checks khronika's metric against. The
fixtures are read with khronika's own reader (loaded from ``src/`` without the
package's heavy ``__init__``), so both sides score the same timelines.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

from tilse.data.timelines import GroundTruth, Timeline  # type: ignore[import-not-found]  # its own venv
from tilse.evaluation import rouge  # type: ignore[import-not-found]
from tilse.evaluation.util import get_f_score  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "timeline"
PAIRS = ("a", "b")
# single summaries that exercise the tokeniser, stop words, the exception table and
# the stemmer: (peer sentences, model sentences)
SUMMARY_PAIRS = [
    (
        ["The children were running and ate apples; mice went hopping."],
        ["A child runs, eats an apple: the mouse goes hop-hopping!"],
    ),
    (
        ["Generalizations: relational, conditional, hopefulness and formalities."],
        ["Generalization of relations; conditionally hopeful formality, 2011-02-11."],
    ),
    (
        ["L’ armée égyptienne a déployé ses chars ; «Jour de la colère» à Tahrir ^ 24 morts."],
        ["Les chars de l’ armée se déploient au Caire : 24 morts , selon l’ ONG ."],
    ),
    (
        ["Yesterday's crying babies, yelling sadly, agreed happily < hidden tail"],
        ["Babies cried and yelled; the agreement was happy."],
    ),
]


def _khronika_timeline_module() -> types.ModuleType:
    package = types.ModuleType("khronika")
    package.__path__ = [str(ROOT / "src" / "khronika")]
    sys.modules["khronika"] = package
    import khronika.evaluation.timeline as timeline

    return timeline


def _prf(scores: dict[str, float]) -> dict[str, float]:
    return {"precision": scores["precision"], "recall": scores["recall"], "f": scores["f_score"]}


def main() -> None:
    reader = _khronika_timeline_module()
    evaluator = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"})
    output: dict[str, object] = {"tilse": "0.2.1", "rouge": "ROUGE-1.5.5 -n 2 -m -s -f A -t 2", "pairs": {}}
    pairs: dict[str, object] = {}
    for name in PAIRS:
        predicted = reader.read_reference_file(FIXTURES / f"predicted-{name}.txt")
        reference = reader.read_reference_file(FIXTURES / f"reference-{name}.txt")
        pred_tl, ref_tl = Timeline(predicted), GroundTruth([Timeline(reference)])
        aligned = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, ref_tl)
        concat = evaluator.evaluate_concat(pred_tl, ref_tl)
        shared = len(set(predicted) & set(reference))
        date_p, date_r = shared / len(predicted), shared / len(reference)
        pairs[name] = {
            "ar1": _prf(aligned["rouge_1"]),
            "ar2": _prf(aligned["rouge_2"]),
            "concat_r1": _prf(concat["rouge_1"]),
            "concat_r2": _prf(concat["rouge_2"]),
            "date": {"precision": date_p, "recall": date_r, "f": get_f_score(date_p, date_r)},
        }
    output["pairs"] = pairs
    counts = []
    for peer, model in SUMMARY_PAIRS:
        raw = evaluator.rouge.score_summary([s.split() for s in peer], {"0": [s.split() for s in model]})
        counts.append({"peer": peer, "model": model, **dict(sorted(raw.items()))})
    output["summaries"] = counts
    target = FIXTURES / "tilse-scores.json"
    target.write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
