"""Grid search of ChronicleSettings on one ML-Crisis language (the tuning behind the defaults).

    PYTHONPATH=src python scripts/timeline_grid.py ../shared/data/ml-crisis/es \
        '{"max_words": [30, 40, 60], "lead_weight": [0.3, 0.6], "retrospective_days": [15, 30]}'

Prints the four-topic mean AR-1 F, AR-2 F and Date-F1 of each combination. Tune on
one language, then score the other with ``timeline_experiment.py --set …`` (or give
``--score ../shared/data/ml-crisis/fr``: each combination's figures there too, to read
only for the combination chosen on the first): a setting chosen on a language is
never reported on it. Analysed articles come from ``timeline_experiment.py``'s cache
(``--cache``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
from pathlib import Path

from timeline_experiment import analyse_topic

from khronika.evaluation.timeline import figures, mean_scores, read_reference_file, score_timeline
from khronika.evaluation.timeline_docs import reference_settings
from khronika.stories.chronicle import build_chronicle
from khronika.stories.chronicle_records import ChronicleArticle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("grid", help='JSON: {"setting": [values, ...], ...}')
    parser.add_argument("--cache", type=Path, default=Path("/tmp/khronika-timeline-cache"))
    parser.add_argument("--score", type=Path, default=None, help="another language's DIR, scored with each combination")
    args = parser.parse_args()
    grid: dict[str, list[object]] = json.loads(args.grid)
    datasets = [_load(args.dir, args.cache)] + ([_load(args.score, args.cache)] if args.score else [])
    for values in itertools.product(*grid.values()):
        overrides = dict(zip(grid, values, strict=True))
        line = [json.dumps(overrides)]
        for data in datasets:
            mean = _mean_figures(data, overrides)
            line.append(" ".join(f"{k}={mean[k]:.4f}" for k in ("ar1_f", "ar2_f", "date_f1")))
        print(" | ".join(line), flush=True)


Data = dict[str, tuple[list[ChronicleArticle], dict[dt.date, list[str]]]]


def _load(root: Path, cache: Path) -> Data:
    topics = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "reference")
    return {
        topic: (analyse_topic(root, topic, cache)[0], read_reference_file(root / "reference" / f"{topic}.txt"))
        for topic in topics
    }


def _mean_figures(data: Data, overrides: dict[str, object]) -> dict[str, float]:
    results = []
    for articles, reference in data.values():
        timeline = build_chronicle(articles, reference_settings(reference, **overrides)).as_timeline()
        results.append(score_timeline({dt.date.fromisoformat(d): s for d, s in timeline.items()}, reference))
    return figures(mean_scores(results))


if __name__ == "__main__":
    main()
