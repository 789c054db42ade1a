"""Score the stories the store makes on ingest against topic labels (ML-Crisis layout).

The layout is ``DIR/<topic>/<YYYY-MM-DD>/<id>.txt``: the folder date is the
publication date, the topic is the gold label, and every file is one item, even
where two topics hold the same text (they are stored as two articles, copies of
one text). A ``reference`` folder is not a topic and is skipped. Several DIRs (one
per language: ``ml-crisis/es ml-crisis/fr``) are ingested together, in publication
order, into a fresh temporary store, which makes stories and storylines at once
(``stories/assign.py``); each article's story, or its story's storyline, is then its
cluster at ``level``, and the metrics are those of ``evaluation/clusters.py``.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import khronika
from khronika.evaluation.clusters import scores
from khronika.ingest import IngestOptions, ReadResult, apply_options
from khronika.ingest.files import read_document
from khronika.records import RawDocument
from khronika.settings import Settings
from khronika.urls import file_url

SKIPPED_FOLDERS = frozenset({"reference"})
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class LabelledFile:
    path: Path
    topic: str
    day: str
    lang: str | None  # from the DIR's name where it is a two-letter code


def labelled_files(dirs: Sequence[Path], per_topic: int | None = None) -> list[LabelledFile]:
    """Every ``DIR/<topic>/<day>/<file>.txt`` in publication order; with ``per_topic``,
    an evenly spaced sample of at most that many per topic and DIR (spanning its days)."""
    found: list[LabelledFile] = []
    for root in dirs:
        if not root.is_dir():
            raise ValueError(f"{root}: no such directory")
        lang = root.name if _LANG.fullmatch(root.name) else None
        for topic_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in SKIPPED_FOLDERS):
            files = [
                LabelledFile(path, topic_dir.name, path.parent.name, lang)
                for path in sorted(topic_dir.glob("*/*.txt"))
                if _DAY.fullmatch(path.parent.name)
            ]
            if per_topic is not None and len(files) > per_topic:
                step = len(files) / per_topic
                files = [files[math.floor(i * step)] for i in range(per_topic)]
            found.extend(files)
    if not found:
        raise ValueError("no DIR/<topic>/<YYYY-MM-DD>/<id>.txt files found")
    return sorted(found, key=lambda item: (item.day, item.lang or "", item.path.name, item.topic))


def _documents(files: list[LabelledFile], settings: Settings) -> Iterator[ReadResult]:
    for item in files:
        document = read_document(item.path, "text", settings)
        if isinstance(document, RawDocument):
            document = apply_options(document, IngestOptions(published=item.day))
            if item.lang:
                document = replace(document, lang=item.lang)
        yield document


def evaluate_stored_clusters(
    dirs: Sequence[Path],
    *,
    level: str = "storyline",
    config: Path | None = None,
    per_topic: int | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Ingest the files into a fresh temporary store and score its stories or storylines against topics."""
    files = labelled_files(dirs, per_topic)
    settings = Settings(show_progress=False, stories_config=str(config) if config else None)
    if workers is not None:
        settings = settings.with_(workers=workers)
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="khronika-eval-") as folder,
        khronika.open(Path(folder) / "eval.db", settings) as kh,
    ):
        report = kh.ingest_documents(_documents(files, settings), command="eval clusters")
        story_by_url = kh.store.stories.clusters_by_url("storyline" if level == "storyline" else "story")
    seconds = time.perf_counter() - started
    gold: list[str] = []
    predicted: list[int] = []
    for item in files:
        story = story_by_url.get(file_url(item.path))
        if story is not None:
            gold.append(item.topic)
            predicted.append(int(story))
    result: dict[str, Any] = scores(gold, predicted)
    result.update(
        {
            "clusters": len(set(predicted)),
            "labels": len(set(gold)),
            "docs": len(files),
            "scored": len(gold),
            "failed": len(report.failed),
            "seconds": round(seconds, 1),
            "docs_per_s": round(len(files) / seconds, 1) if seconds else 0,
            "level": level,
        }
    )
    return result
