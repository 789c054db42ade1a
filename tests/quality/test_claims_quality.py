"""The who-said-what quality gate: `khronika eval claims` on the project's gold set."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from khronika.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["claims_gold"]


def test_claims_gold_scores_stay_above_floors() -> None:
    result = CliRunner().invoke(main, ["eval", "claims", "--gold", str(ROOT / FLOORS["file"]), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["source_cue"]["f1"] >= FLOORS["source_cue_f1"], report["source_cue"]
    assert report["figures"]["accuracy"] >= FLOORS["figure_accuracy"], report["figures"]
