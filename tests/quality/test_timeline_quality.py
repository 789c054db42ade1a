"""The chronicle quality gate: `khronika eval timeline` on one ML-Crisis topic per language
(the smallest, from ../shared), against the floors in quality/floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli.main import main
from tests.conftest import SHARED, requires_shared

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["timeline"]
FIGURES = ("ar1_f", "ar2_f", "concat_r1_f", "concat_r2_f", "date_f1")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_timeline_scores_stay_above_floors(lang: str) -> None:
    floors = FLOORS[lang]
    topic = SHARED / "data" / "ml-crisis" / lang / floors["topic"]
    requires_shared(topic)
    result = CliRunner().invoke(main, ["eval", "timeline", "--topic", str(topic), "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["topics"]
    assert row["lang"] == lang and row["articles"] > 0 and row["dates"] > 0, row
    low = {key: (row[key], floors[key]) for key in FIGURES if row[key] < floors[key]}
    assert not low, f"below the floor (measured, floor): {low}"
