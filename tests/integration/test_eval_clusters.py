"""Scoring online clustering on labelled JSON lines: a small fixture, then MStream's Tweets set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khronika.evaluation.clusters import evaluate_clusters, read_labelled
from tests.conftest import SHARED, requires_shared

ROOT = Path(__file__).resolve().parents[2]
TWEETS = SHARED / "data" / "mstream" / "Tweets.jsonl"
CONFIG = ROOT / "quality" / "clusters-tweets.json"  # an experiment tuned on Tweets alone
# the built-in stories configuration's floors (quality/floors.json)
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["clusters"]["tweets_story"]

LINES = [
    {"id": "1", "text": "flood kerala rescue boats villages", "label": "flood"},
    {"id": "2", "title": "Kerala flood", "text": "rescue teams reach villages cut off by the flood", "label": "flood"},
    {"id": "3", "text": "parliament budget vote tax deficit", "label": "budget", "published": "2020-09-14"},
    {"id": "4", "text": "budget vote parliament passes tax plan", "label": "budget", "lang": "en"},
    {"id": "5", "text": "kerala flood rescue boats death toll", "label": "flood"},
    {"id": "6", "text": "tax deficit budget parliament opposition", "label": "budget"},
]


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in LINES) + "\n", encoding="utf-8")
    return path


def test_reads_lines_with_optional_fields(labelled: Path) -> None:
    documents, labels = read_labelled(labelled)
    assert labels == ["flood", "flood", "budget", "budget", "flood", "budget"]
    assert documents[1].terms.count("kerala") == 2  # a title's words weigh more
    assert str(documents[2].published) == "2020-09-14" and documents[3].lang == "en"


def test_bad_line_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "a", "label": "x"}\n{"id": "2", "text": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        read_labelled(path)


@pytest.mark.parametrize("config", [None, CONFIG], ids=["built-in", "tweets"])
def test_scores_on_the_fixture(labelled: Path, config: Path | None) -> None:
    report = evaluate_clusters(labelled, batches=2, config=config)
    assert report["docs"] == 6 and report["labels"] == 2
    assert report["nmi"] == 1.0 and report["bcubed_f1"] == 1.0 and report["clusters"] == 2
    assert report["mean_batch_nmi"] == 1.0 and len(report["batch_nmi"]) == 2
    assert report["docs_per_s"] > 0


@pytest.mark.slow
def test_tweets_scores_stay_above_floors() -> None:
    requires_shared(TWEETS)
    report = evaluate_clusters(TWEETS, batches=16)  # the built-in configuration, as on ingest
    assert report["docs"] == 30322 and report["labels"] == 269
    assert report["nmi"] >= FLOORS["nmi"], report
    assert report["mean_batch_nmi"] >= FLOORS["mean_batch_nmi_16"], report
    assert report["bcubed_f1"] >= FLOORS["bcubed_f1"], report
    assert report["clusters"] <= FLOORS["max_clusters"], report


def test_cli_eval_clusters(labelled: Path) -> None:
    import click
    from click.testing import CliRunner

    from khronika.cli.main import main

    evaluate = main.commands.get("eval")
    if not isinstance(evaluate, click.Group) or "clusters" not in evaluate.commands:
        pytest.skip("`khronika eval clusters` is not registered in cli/evaluate.py yet")
    args = ["eval", "clusters", "--jsonl", str(labelled), "--config", str(CONFIG), "--batches", "2", "--json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["nmi"] == 1.0 and report["mean_batch_nmi"] == 1.0 and report["clusters"] == 2
