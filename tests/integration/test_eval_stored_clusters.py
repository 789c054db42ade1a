"""``khronika eval clusters --docs``: stories made on ingest, scored against topic folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli.main import main
from khronika.evaluation.stored_clusters import labelled_files
from tests.conftest import SHARED, requires_shared

ROOT = Path(__file__).resolve().parents[2]
ML_CRISIS = SHARED / "data" / "ml-crisis"
# the built-in stories configuration's floors (quality/floors.json)
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())["clusters"]["ml_crisis_storyline"]

EGYPT_ES = "Las protestas en Egipto contra Mubarak crecen en El Cairo. Mubarak y el ejército de Egipto responden."
EGYPT_FR = (
    "Les manifestations en Égypte contre Moubarak grandissent au Caire. Moubarak et l'armée de l'Égypte répondent."
)
SYRIA_ES = "En Siria, las fuerzas de Asad atacan Homs. Asad culpa a terroristas de la violencia en Siria."
SYRIA_FR = "En Syrie, les forces d'Assad attaquent Homs. Assad accuse des terroristes de la violence en Syrie."


def _layout(tmp_path: Path) -> list[Path]:
    texts = {("es", "egypt"): EGYPT_ES, ("fr", "egypt"): EGYPT_FR, ("es", "syria"): SYRIA_ES, ("fr", "syria"): SYRIA_FR}
    for (lang, topic), text in texts.items():
        folder = tmp_path / lang / topic / "2011-02-01"
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(text, encoding="utf-8")
        (tmp_path / lang / "reference").mkdir(exist_ok=True)
        (tmp_path / lang / "reference" / "x.txt").write_text("not a topic", encoding="utf-8")
    return [tmp_path / "es", tmp_path / "fr"]


def test_docs_layout_is_read_in_publication_order_without_reference(tmp_path: Path) -> None:
    files = labelled_files(_layout(tmp_path))
    assert [(item.topic, item.lang) for item in files] == [
        ("egypt", "es"), ("syria", "es"), ("egypt", "fr"), ("syria", "fr"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "config", [[], ["--config", str(ROOT / "quality/clusters-mlcrisis.json")]], ids=["built-in", "mlcrisis"]
)
def test_eval_clusters_docs_meets_across_languages(tmp_path: Path, config: list[str]) -> None:
    dirs = _layout(tmp_path)
    args = ["eval", "clusters", "--level", "storyline", *config]
    result = CliRunner().invoke(main, [*args, "--docs", str(dirs[0]), "--docs", str(dirs[1]), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["docs"] == report["scored"] == 4
    assert report["labels"] == 2
    assert report["bcubed_f1"] == 1.0


def test_eval_clusters_wants_exactly_one_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "clusters"])
    assert result.exit_code != 0
    assert "exactly one of --jsonl" in result.output


def test_ml_crisis_sample_floor() -> None:
    """A per-topic sample with the built-in configuration (the full set takes minutes)."""
    requires_shared(ML_CRISIS)
    docs = ["--docs", str(ML_CRISIS / "es"), "--docs", str(ML_CRISIS / "fr"), "--limit", "25"]
    result = CliRunner().invoke(main, ["eval", "clusters", "--level", "storyline", *docs, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["bcubed_f1"] >= FLOORS["sample_25_bcubed_f1"], report


@pytest.mark.slow
def test_ml_crisis_full_storylines_stay_above_floor() -> None:
    """The whole es+fr set (1,260 files) with the built-in configuration: the issue's
    target is B-cubed F1 0.90 (quality/clusters-mlcrisis.json, an experiment, gets 0.905)."""
    requires_shared(ML_CRISIS)
    docs = ["--docs", str(ML_CRISIS / "es"), "--docs", str(ML_CRISIS / "fr")]
    result = CliRunner().invoke(main, ["eval", "clusters", "--level", "storyline", *docs, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["docs"] == 1260 and report["labels"] == 4
    assert report["bcubed_f1"] >= FLOORS["bcubed_f1"], report
    assert report["clusters"] <= FLOORS["max_clusters"], report
