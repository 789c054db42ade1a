"""The sample corpus's stories and storylines with the built-in configuration (no
--stories-config): ingested as `make demo` does (examples/html, examples/feed.xml,
examples/corpus.warc.gz in one command), read back through `khronika stories --json`
and `khronika story ID --json`, and scored with B-cubed against examples/manifest.json
(8 stories in 5 storylines), against the floors in quality/floors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from khronika.cli.main import main
from khronika.evaluation.clusters import bcubed

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["examples_stories"]


def _cli(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def story_and_storyline_by_url(db: Path) -> dict[str, tuple[int, int]]:
    """Each stored article's story and storyline, as `khronika stories --json` and
    `khronika story ID --json` print them."""
    placed: dict[str, tuple[int, int]] = {}
    for story in _cli(db, "stories", "--limit", "10000", "--json"):
        for article in _cli(db, "story", str(story["id"]), "--json")["articles_list"]:
            placed[article["url"]] = (story["id"], story["storyline"])
    return placed


def score_against_manifest(placed: dict[str, tuple[int, int]], manifest: dict[str, Any]) -> dict[str, Any]:
    """B-cubed precision, recall and F1 at both levels, and the cluster counts; a page
    the store did not place counts as a cluster of its own."""
    report: dict[str, Any] = {}
    for index, level in enumerate(("story", "storyline")):
        gold = [page[level] for page in manifest["pages"]]
        predicted = [
            placed[p["url"]][index] if p["url"] in placed else f"unplaced:{p['url']}" for p in manifest["pages"]
        ]
        precision, recall, f1 = bcubed(gold, predicted)
        report[level] = {"precision": precision, "recall": recall, "f1": f1, "clusters": len(set(predicted))}
    return report


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    sources = [str(EXAMPLES / name) for name in ("html", "feed.xml", "corpus.warc.gz")]
    _cli(db, "ingest", *sources)
    manifest = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
    return score_against_manifest(story_and_storyline_by_url(db), manifest)


def test_the_scorer_counts_a_split_and_a_merge() -> None:
    manifest = {
        "pages": [{"url": u, "story": s, "storyline": s[0]} for u, s in (("a", "x1"), ("b", "x1"), ("c", "y1"))]
    }
    split = score_against_manifest({"a": (1, 1), "b": (2, 1), "c": (3, 2)}, manifest)
    assert split["story"]["precision"] == 1.0 and split["story"]["recall"] < 1.0
    assert split["storyline"]["f1"] == 1.0
    merged = score_against_manifest({"a": (1, 1), "b": (1, 1)}, manifest)  # c unplaced: a cluster of its own
    assert merged["story"]["f1"] == 1.0 and merged["story"]["clusters"] == 2


@pytest.mark.parametrize("level", ["story", "storyline"])
def test_sample_corpus_stories_stay_above_floors(report: dict[str, Any], level: str) -> None:
    measured, floor = report[level], FLOORS[level]
    assert measured["f1"] >= floor["bcubed_f1"], report
    assert measured["clusters"] <= floor["max_clusters"], report
