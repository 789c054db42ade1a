"""``khronika eval extraction`` over a folder laid out as trafilatura's tests/ (tests/fixtures/extraction_pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli import main
from khronika.errors import UsageError
from khronika.evaluation.extraction import evaluate_extraction, gold_pages, half_of, page_counts, score

PAGES = Path(__file__).parent.parent / "fixtures" / "extraction_pages"


def test_snippets_found_and_missed_are_counted_as_trafilatura_counts_them() -> None:
    page = next(page for page in gold_pages(PAGES) if page.path.name == "council.html")
    body = "The town council  voted on Tuesday\nto build a new footbridge. All rights reserved"
    assert page_counts(page, body) == (1, 1, 1)  # white space collapsed; a 'without' found is a false positive
    assert score([(1, 1, 1), (2, 0, 0)]) == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "tp": 3, "fp": 1, "fn": 1}


def test_khronika_keeps_the_articles_and_drops_the_furniture() -> None:
    result = evaluate_extraction(PAGES, peers=False)
    assert sum(result["pages"].values()) == 3  # the entry whose page is missing is skipped
    totals = [result["halves"][half]["khronika"] for half in ("dev", "test")]
    assert sum(s["tp"] for s in totals) == 4 and sum(s["fp"] for s in totals) == 0
    assert sum(s["fn"] for s in totals) == 1  # the empty page
    assert [miss["file"] for miss in result["dev_misses"]] == (
        ["empty.html"] if half_of("https://herald.example/empty") == "dev" else []
    )


def test_halves_split_by_the_seed_and_cover_every_page() -> None:
    pages = gold_pages(PAGES)
    result = evaluate_extraction(PAGES, peers=False)
    assert result["pages"] == {half: sum(half_of(page.url) == half for page in pages) for half in ("dev", "test")}
    assert result["seed"]


def test_a_folder_without_gold_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"evaldata\.json"):
        gold_pages(tmp_path)
    result = CliRunner().invoke(main, ["eval", "extraction", "--pages", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "not a folder" in result.output and "Traceback" not in result.output


def test_the_command_prints_khronika_beside_trafilaturas_three_modes() -> None:
    result = CliRunner().invoke(main, ["eval", "extraction", "--pages", str(PAGES), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for half in ("dev", "test"):
        assert set(report["halves"][half]) == {"khronika", "trafilatura", "trafilatura_precision", "trafilatura_recall"}
    table = CliRunner().invoke(main, ["eval", "extraction", "--pages", str(PAGES)])
    assert table.exit_code == 0 and "trafilatura_precision" in table.output
