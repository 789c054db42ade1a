"""The real-text gold sample's quality gate: `khronika eval entities` and `eval claims` on
the test half of quality/gold (its shared documents are read from ../shared), against
the floors in quality/floors.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from khronika.cli.main import main
from tests.conftest import SHARED, requires_shared

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["gold_sample"]


def _report(command: str) -> dict[str, Any]:
    requires_shared(SHARED / "data" / "ml-crisis")
    args = ["eval", command, "--gold", str(ROOT / FLOORS["gold"]), "--split", FLOORS["split"], "--shared", str(SHARED)]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_entities_on_the_gold_test_half_stay_above_floors() -> None:
    report = _report("entities")
    floors = FLOORS["entities"]
    low = {
        (lang, key): (report["languages"][lang]["span_and_id"][key], floor)
        for lang, wanted in floors["span_and_id"].items()
        for key, floor in wanted.items()
        if report["languages"][lang]["span_and_id"][key] < floor
    }
    if report["all"]["span_and_id"]["f1"] < floors["span_and_id_all_f1"]:
        low["all", "f1"] = (report["all"]["span_and_id"]["f1"], floors["span_and_id_all_f1"])
    assert not low, f"below the floor (measured, floor): {low}"


def test_attribution_figures_and_conflicts_on_the_gold_test_half_stay_above_floors() -> None:
    report = _report("claims")
    floors = FLOORS["claims"]
    low = {
        lang: (report["languages"][lang]["source_cue"]["f1"], floor)
        for lang, floor in floors["source_cue_f1"].items()
        if report["languages"][lang]["source_cue"]["f1"] < floor
    }
    if report["all"]["figures"]["accuracy"] < floors["figure_accuracy"]:
        low["figures"] = (report["all"]["figures"]["accuracy"], floors["figure_accuracy"])
    for key, floor in floors["conflicts"].items():
        if report["conflicts"][key] < floor:
            low[f"conflicts {key}"] = (report["conflicts"][key], floor)
    assert not low, f"below the floor (measured, floor): {low}"
