"""Chronicles of ML-Crisis topics scored as news-tls scores timelines (no store involved).

    PYTHONPATH=src python scripts/timeline_experiment.py ../shared/data/ml-crisis/es [more DIRs]
        [--topic egypt ...] [--cache /tmp/khronika-timeline-cache] [--set published_weight=0.5 ...]
        [--json]

Each ``DIR/<topic>/<YYYY-MM-DD>/<id>.txt`` is one article published on its folder's
date; the topic's reference is ``DIR/reference/<topic>.txt``. Articles are read,
extracted and analysed in memory (analysed articles are pickled under ``--cache``,
keyed by file and pipeline version, so a rerun only redoes the chronicle), then all
of a topic's articles make one chronicle with the reference's number of dates and
mean sentences per date, within the reference's span (as news-tls does), and the
chronicle is scored: tilse-compatible figures and the same alignment with the
``unicode`` tokeniser. ``seconds`` is analysis plus chronicle plus scoring (with
what the cache saved counted as it was measured when the cache was written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import pickle
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from khronika import PIPELINE_VERSION
from khronika.analysis.pipeline import Pipeline
from khronika.evaluation import timeline_docs
from khronika.evaluation.timeline import (
    TimelineScores,
    figures,
    mean_scores,
    read_reference_file,
    score_timeline,
)
from khronika.settings import Settings
from khronika.stories.chronicle import ChronicleSettings, build_chronicle
from khronika.stories.chronicle_records import ChronicleArticle


def topic_files(root: Path, topic: str) -> list[Path]:
    return timeline_docs.topic_files(root / topic)


def analyse_topic(root: Path, topic: str, cache: Path | None) -> tuple[list[ChronicleArticle], float]:
    """The topic's articles analysed, and the seconds that took (from the cache if there)."""
    files = topic_files(root, topic)
    key = hashlib.sha1(
        "\n".join([PIPELINE_VERSION, *(f"{p}:{p.stat().st_mtime_ns}" for p in files)]).encode()
    ).hexdigest()[:16]
    cached = cache / f"{root.name}-{topic}-{key}.pickle" if cache else None
    if cached and cached.exists():
        with cached.open("rb") as handle:
            stored: tuple[list[ChronicleArticle], float] = pickle.load(handle)
        return stored
    start = time.perf_counter()
    settings = Settings()
    lang = root.name if len(root.name) == 2 else None
    articles = timeline_docs.analyse_topic(root / topic, lang, Pipeline(settings.analysis_stages), settings)
    seconds = time.perf_counter() - start
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as handle:
            pickle.dump((articles, seconds), handle)
    return articles, seconds


def run_topic(root: Path, topic: str, cache: Path | None, overrides: dict[str, Any]) -> dict[str, Any]:
    articles, analysis_seconds = analyse_topic(root, topic, cache)
    start = time.perf_counter()
    reference = read_reference_file(root / "reference" / f"{topic}.txt")
    settings = timeline_docs.reference_settings(reference, **overrides)
    chronicle = build_chronicle(articles, settings)
    chronicle_seconds = time.perf_counter() - start
    predicted = {dt.date.fromisoformat(day): lines for day, lines in chronicle.as_timeline().items()}
    tilse_like = score_timeline(predicted, reference)
    unicode = score_timeline(predicted, reference, tokeniser="unicode")
    return {
        "topic": topic,
        "articles": len(articles),
        "dates": len(chronicle.entries),
        "reference_dates": len(reference),
        "per_date": settings.per_date,
        "scores": tilse_like,
        "unicode_scores": unicode,
        "chronicle_seconds": chronicle_seconds,
        "seconds": analysis_seconds + (time.perf_counter() - start),
    }


def _row(name: str, scores: TimelineScores, unicode: TimelineScores, extra: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"topic": name, **figures(scores), **figures(unicode, "unicode_")}
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()} | (
        {"note": extra} if extra else {}
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--topic", action="append", default=None)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/khronika-timeline-cache"))
    parser.add_argument("--set", action="append", default=[], help="a ChronicleSettings field: name=value")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    types = {f.name: f.type for f in fields(ChronicleSettings)}
    overrides: dict[str, Any] = {}
    for item in args.set:
        name, value = item.split("=", 1)
        if name not in types:
            parser.error(f"--set: no setting {name}")
        kind = str(types[name])
        overrides[name] = float(value) if "float" in kind else value == "true" if "bool" in kind else int(value)
    report: list[dict[str, Any]] = []
    for root in args.dirs:
        topics = args.topic or sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "reference")
        results = [run_topic(root, topic, args.cache, overrides) for topic in topics]
        for r in results:
            note = f"{r['articles']} articles, {r['dates']}/{r['reference_dates']} dates, k={r['per_date']}, "
            note += f"{r['seconds']:.1f} s (chronicle {1000 * r['chronicle_seconds']:.0f} ms)"
            report.append({"lang": root.name, **_row(r["topic"], r["scores"], r["unicode_scores"], note)})
        mean = mean_scores([r["scores"] for r in results])
        unicode_mean = mean_scores([r["unicode_scores"] for r in results])
        report.append({"lang": root.name, **_row("MEAN", mean, unicode_mean)})
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return
    keys = ["ar1_f", "ar2_f", "concat_r1_f", "concat_r2_f", "date_f1", "unicode_ar1_f", "unicode_ar2_f"]
    print("lang topic   " + " ".join(f"{k:>13}" for k in keys))
    for row in report:
        print(f"{row['lang']:4} {row['topic']:7} " + " ".join(f"{row[k]:13.4f}" for k in keys), row.get("note", ""))


if __name__ == "__main__":
    main()
