"""``khronika eval dates`` over a folder laid out as htmldate's tests/ (written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khronika.cli import main
from khronika.errors import UsageError
from khronika.evaluation.dates import dated_pages, evaluate_dates, half_of

PAGES = {
    "https://news.example/2020/09/14/a": ("a.html", "2020-09-14", "<html><body><p>Text long enough to read.</p></body></html>"),
    "https://news.example/b": ("b.html", "2021-03-01", '<html><head><meta property="article:published_time" content="2021-03-01T10:00:00+01:00"></head><body><p>x</p></body></html>'),
    "https://news.example/c": ("c.html", "2019-05-05", '<html><head><meta property="article:published_time" content="2019-05-07T10:00:00+01:00"></head><body><p>x</p></body></html>'),
    "https://news.example/d": ("d.html", "2018-01-02", "<html><body><p>No date anywhere in this page.</p></body></html>"),
}  # fmt: skip


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "test_set").mkdir()
    gold = {}
    for url, (name, day, page) in PAGES.items():
        (tmp_path / "test_set" / name).write_text(page, encoding="utf-8")
        gold[url] = {"file": name, "date": day}
    (tmp_path / "eval_default.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_scores_count_right_wrong_and_missing_days(tmp_path: Path) -> None:
    result = evaluate_dates(_folder(tmp_path), peers=False)
    scores = result["systems"]["khronika"]
    assert (scores["right"], scores["wrong"], scores["none"]) == (2, 1, 1)  # a: URL, b: meta; c: wrong; d: none
    assert scores["accuracy"] == 0.5 and scores["precision"] == round(2 / 3, 4) and scores["recall"] == round(2 / 3, 4)
    assert {miss["file"] for miss in result["khronika_misses"]} == {"c.html", "d.html"}


def test_halves_split_the_pages_stably_and_wholly(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    dev, test = dated_pages(folder, "dev"), dated_pages(folder, "test")
    assert {page.url for page in dev} | {page.url for page in test} == set(PAGES)
    assert not {page.url for page in dev} & {page.url for page in test}
    assert all(half_of(page.url) == "dev" for page in dev)


def test_a_folder_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"eval_default\.json"):
        dated_pages(tmp_path)
    result = CliRunner().invoke(main, ["eval", "dates", "--pages", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "not a folder" in result.output


def test_the_command_prints_khronika_beside_htmldate(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "dates", "--pages", str(_folder(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["systems"]) == {"khronika", "htmldate_fast", "htmldate_extensive"}
    assert report["pages"] == len(PAGES)


def test_dates_from_path_date_what_a_dated_folder_holds(tmp_path: Path) -> None:
    from khronika import open as open_database
    from khronika.ingest import date_in_path

    assert date_in_path("crisis/egypt/2011-01-26/0001.txt") == "2011-01-26"
    assert date_in_path("2011-02-30/x.txt") is None and date_in_path("notes/12011-01-260.txt") is None
    folder = tmp_path / "egypt" / "2011-01-26"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Protests in Cairo\n\nThousands marched in Cairo on Tuesday.\n", encoding="utf-8")
    (tmp_path / "undated.txt").write_text("A note\n\nNothing here names its day at all.\n", encoding="utf-8")
    with open_database(tmp_path / "k.db") as kh:
        kh.ingest([str(tmp_path / "egypt"), str(tmp_path / "undated.txt")], dates_from_path=True, progress=False)
        dates = {article.title: (article.published.day, article.published.source.value) for article in kh.articles()}
    assert dates == {"Protests in Cairo": ("2011-01-26", "path"), "A note": (None, "none")}
