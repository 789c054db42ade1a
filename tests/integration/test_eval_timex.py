"""Scoring the time tagger on NER-UK style IOB files: a small fixture, then NER-UK itself."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from khronika.cli.main import main
from khronika.evaluation.iob import bio_spans, read_iob, segment_text
from khronika.evaluation.timex import evaluate_timex
from tests.conftest import SHARED, requires_shared

NER_UK_TRAIN = SHARED / "data" / "ner-uk" / "train.iob"
FLOORS = json.loads((Path(__file__).resolve().parents[2] / "quality" / "floors.json").read_text())["timex_ner_uk_train"]

# segment 1: "У березні 2014 р. Петро поїхав." (DATE "березні 2014 р.");
# segment 2: "9 серпня, 80,1 %." (DATE "9 серпня"; a second, unfound DATE "тоді")
FIXTURE = """У O
березні B-DATE
2014 I-DATE
р I-DATE
. I-DATE
Петро B-PERS
поїхав O
. O



9 B-DATE
серпня I-DATE
, O
80,1 O
% O
, O
тоді B-DATE
. O


"""


@pytest.fixture
def iob_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.iob"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_segments_split_on_two_or_more_blank_lines(iob_file: Path) -> None:
    segments = read_iob(iob_file)
    assert [len(segment.tokens) for segment in segments] == [8, 8]
    assert segments[0].tags[:3] == ("O", "B-DATE", "I-DATE")


def test_segment_text_reads_like_a_page_and_spans_follow_tokens(iob_file: Path) -> None:
    first, second = read_iob(iob_file)
    rebuilt = segment_text(first.tokens)
    assert rebuilt.text == "У березні 2014 р. Петро поїхав."
    assert [rebuilt.text[start:end] for start, end in rebuilt.offsets] == list(first.tokens)
    spans = bio_spans(first.tags, rebuilt.offsets)
    assert [(rebuilt.text[start:end], kind) for start, end, kind in spans] == [
        ("березні 2014 р.", "DATE"),
        ("Петро", "PERS"),
    ]
    assert segment_text(second.tokens).text == "9 серпня, 80,1%, тоді."


def test_bio_spans_start_a_span_on_a_stray_inside_tag() -> None:
    offsets = [(0, 1), (2, 3), (4, 5)]
    assert bio_spans(["I-DATE", "B-DATE", "O"], offsets) == [(0, 1, "DATE"), (2, 3, "DATE")]
    assert bio_spans(["B-LOC", "I-DATE", "I-DATE"], offsets) == [(0, 1, "LOC"), (2, 5, "DATE")]


def test_malformed_line_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.iob"
    path.write_text("слово O\nбезтегу\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.iob:2"):
        read_iob(path)


def test_scores_on_the_fixture(iob_file: Path) -> None:
    report = evaluate_timex(iob_file)
    assert (report["gold"], report["predicted"]) == (3, 2)
    assert report["exact"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8}
    assert report["overlap"] == report["exact"]
    assert report["tokens_per_s"] > 0


def test_cli_eval_timex(iob_file: Path) -> None:
    evaluate = main.commands.get("eval")
    assert isinstance(evaluate, click.Group) and "timex" in evaluate.commands
    result = CliRunner().invoke(main, ["eval", "timex", "--iob", str(iob_file), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["exact"]["f1"] == 0.8 and report["gold"] == 3


def test_ner_uk_train_scores_stay_above_floors() -> None:
    requires_shared(NER_UK_TRAIN)
    report = evaluate_timex(NER_UK_TRAIN)
    assert report["gold"] == 1206
    for kind in ("exact", "overlap"):
        assert report[kind]["f1"] >= FLOORS[kind]["f1"], report
