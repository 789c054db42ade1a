"""`khronika eval entities --gold` and `eval claims --gold` on a small gold sample of
their own: a shared file and a written document, ingested for real."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from khronika.cli.main import main
from khronika.evaluation.gold_sample import file_hash, sentence_hash

SHARED_TEXT = "Protestas en Egipto\nMiles de personas marcharon en El Cairo. La policía no dio cifras.\n"
WRITTEN = "Заява президента\nПрезидент Володимир Зеленський заявив, що країна не піде на поступки."


def _at(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def _sentence(text: str, part: str, **more: Any) -> dict[str, Any]:
    span = _at(text, part)
    return {"span": span, "sha": sentence_hash(text[span[0] : span[1]]), **more}


def _sample(tmp_path: Path) -> tuple[Path, Path]:
    shared = tmp_path / "shared"
    folder = shared / "data" / "ml-crisis" / "es" / "egypt" / "2011-01-28"
    folder.mkdir(parents=True)
    (folder / "x_1.txt").write_text(SHARED_TEXT, encoding="utf-8")
    shared_doc = {
        "doc": "es-1", "lang": "es", "split": "test", "file": "data/ml-crisis/es/egypt/2011-01-28/x_1.txt",
        "sha256": file_hash(SHARED_TEXT), "published": "2011-01-28",
        "sentences": [
            _sentence(SHARED_TEXT, "Miles de personas marcharon en El Cairo.",
                      entities=[{"span": _at(SHARED_TEXT, "El Cairo"), "type": "LOC", "entity": "loc:cairo"}],
                      figures=[{"id": "f1", "span": _at(SHARED_TEXT, "Miles"), "value": 1000, "measure": "participants"}]),
            _sentence(SHARED_TEXT, "La policía no dio cifras."),
        ],
    }  # fmt: skip
    claim = {
        "source": _at(WRITTEN, "Президент Володимир Зеленський"), "head": _at(WRITTEN, "Володимир Зеленський"),
        "cue": _at(WRITTEN, "заявив"), "content": _at(WRITTEN, "країна не піде на поступки"),
    }  # fmt: skip
    written_doc = {
        "doc": "uk-1", "lang": "uk", "split": "dev", "written": True, "text": WRITTEN, "published": "2024-03-12",
        "sentences": [
            _sentence(WRITTEN, "Президент Володимир Зеленський заявив, що країна не піде на поступки.",
                      entities=[{"span": _at(WRITTEN, "Володимир Зеленський"), "type": "PER", "entity": "per:zelensky"}],
                      claims=[claim])
        ],
    }  # fmt: skip
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "sample.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in (shared_doc, written_doc)), encoding="utf-8"
    )
    return gold, shared


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, ["eval", *args])


def test_eval_entities_scores_each_language_of_the_sample(tmp_path: Path) -> None:
    gold, shared = _sample(tmp_path)
    result = _run("entities", "--gold", str(gold), "--shared", str(shared), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 2 and set(report["languages"]) == {"es", "uk"}
    uk = report["languages"]["uk"]
    assert uk["per_type"]["PER"]["gold"] == 1 and uk["per_type"]["PER"]["right"] == 1, uk
    assert report["languages"]["es"]["per_type"]["LOC"]["gold"] == 1
    only_test = json.loads(
        _run("entities", "--gold", str(gold), "--shared", str(shared), "--split", "test", "--json").stdout
    )
    assert only_test["documents"] == 1 and set(only_test["languages"]) == {"es"}


def test_eval_claims_reads_the_sample_and_scores_attribution_figures_and_conflicts(tmp_path: Path) -> None:
    gold, shared = _sample(tmp_path)
    result = _run("claims", "--gold", str(gold), "--shared", str(shared), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["languages"]["uk"]["source_cue"]["gold"] == 1
    assert report["languages"]["uk"]["source_cue"]["right"] == 1, report["languages"]["uk"]
    assert report["languages"]["es"]["source_cue"]["gold"] == 0  # both es sentences are unattributed
    assert report["all"]["figures"]["gold"] == 1 and report["conflicts"]["pairs"] == 0
    table = _run("claims", "--gold", str(gold), "--shared", str(shared))
    assert table.exit_code == 0 and "source+cue" in table.output


def test_a_changed_shared_file_is_a_one_line_error_not_a_score(tmp_path: Path) -> None:
    gold, shared = _sample(tmp_path)
    (shared / "data/ml-crisis/es/egypt/2011-01-28/x_1.txt").write_text(SHARED_TEXT + "Más.\n", encoding="utf-8")
    result = _run("entities", "--gold", str(gold), "--shared", str(shared))
    assert result.exit_code == 2
    assert "SHA-256 differs" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_claims_jsonl_gold_refuses_the_sample_options(tmp_path: Path) -> None:
    jsonl = tmp_path / "claims.jsonl"
    jsonl.write_text(json.dumps({"lang": "uk", "text": "Дощ.", "claims": [], "figures": []}) + "\n", encoding="utf-8")
    assert _run("claims", "--gold", str(jsonl), "--json").exit_code == 0
    refused = _run("claims", "--gold", str(jsonl), "--split", "test")
    assert refused.exit_code == 2 and "--split" in refused.output
