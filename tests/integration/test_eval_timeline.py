"""``khronika eval timeline`` on a small topic written here (ML-Crisis layout), and its option errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli.main import main

ARTICLES = {
    "2021-03-04/a_1.txt": "Council in Kyiv\n\nOn 3 March 2021 the city council of Kyiv approved the new budget for schools.\n",
    "2021-03-05/b_2.txt": "Budget vote\n\nThe council approved the budget for the schools of Kyiv on 3 March 2021, officials said.\n",
    "2021-03-11/c_3.txt": "Strike\n\nOn 10 March 2021 teachers in Kyiv went on strike over the new school budget plan.\n",
}
REFERENCE = (
    "2021-03-03\nThe Kyiv city council approves the school budget.\n--------------------------------\n"
    "2021-03-10\nTeachers in Kyiv strike over the budget.\n--------------------------------\n"
)


@pytest.fixture
def topic(tmp_path: Path) -> Path:
    root = tmp_path / "en" / "kyiv"
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "en" / "reference").mkdir()
    (tmp_path / "en" / "reference" / "kyiv.txt").write_text(REFERENCE, encoding="utf-8")
    return root


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["eval", "timeline", *args])
    return result.exit_code, result.output


def test_a_topic_is_scored_against_its_reference(topic: Path) -> None:
    code, output = _run("--topic", str(topic), "--json")
    assert code == 0, output
    (row,) = json.loads(output)["topics"]
    assert row["lang"] == "en" and row["articles"] == 3 and row["reference_dates"] == 2
    assert row["date_f1"] == 1.0 and row["concat_r1_f"] > 0.3 and row["seconds"] >= 0
    assert {"ar1_f", "ar2_f", "concat_r2_f", "unicode_ar1_f", "unicode_concat_r2_f"} <= row.keys()
    code, same = _run("--docs", str(topic), "--reference", str(topic.parent / "reference" / "kyiv.txt"), "--json")
    assert code == 0 and json.loads(same)["topics"][0] | {"seconds": 0} == row | {"seconds": 0}


def test_several_topics_have_their_mean(topic: Path) -> None:
    code, output = _run("--topic", str(topic), "--topic", str(topic))
    assert code == 0, output
    assert "en/kyiv" in output and "MEAN" in output and "ar1_f" in output


@pytest.mark.parametrize(
    "args",
    [(), ("--docs", "DIR"), ("--topic", "DIR", "--reference", "REF"), ("--topic", "missing")],
)
def test_option_errors_are_one_line(topic: Path, args: tuple[str, ...]) -> None:
    reference = str(topic.parent / "reference" / "kyiv.txt")
    args = tuple(str(topic) if a == "DIR" else reference if a == "REF" else a for a in args)
    code, output = _run(*args)
    assert code == 2 and output.startswith("error:") and len(output.strip().splitlines()) == 1, output
