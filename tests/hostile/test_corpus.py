"""The hostile corpus through the real ``khronika ingest``: each case's exact line,
the batch goes on, and what was stored before is untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khronika
from khronika.settings import Settings
from tests.conftest import Cli
from tests.hostile.corpus import SECRET, html_page, one_line_page, refused_cases, stored_cases


@pytest.fixture
def stored_before(cli: Cli, tmp_path: Path) -> tuple[int, dict[str, object]]:
    """One good article, stored before the hostile inputs arrive; its JSON as stored."""
    good = tmp_path / "good.html"
    good.write_text(html_page("Добра новина", "добра новина", "https://herald.example/good"), encoding="utf-8")
    (article_id,) = cli.json("ingest", str(good))["articles"]
    return article_id, cli.json("article", str(article_id))


def test_every_refused_case_gets_its_exact_line_and_nothing_stored_changes(
    cli: Cli, tmp_path: Path, stored_before: tuple[int, dict[str, object]]
) -> None:
    cases = refused_cases(tmp_path / "corpus")
    inputs = [name for case in cases for name in case.inputs]
    result = cli("ingest", "--json", *inputs)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    got = {(f["input"], f["reason"], f["kind"]) for f in summary["failed"]}
    for case in cases:
        for failure in case.failures:
            assert (failure.input, failure.reason, failure.kind) in got, f"{case.name}: {sorted(got)}"
    expected = {(f.input, f.reason, f.kind) for case in cases for f in case.failures}
    assert got == expected  # and no failure beyond them
    assert all(set(f) == {"input", "reason", "kind"} for f in summary["failed"])  # one shape for every failure
    assert summary["ingested"] == sum(case.stored for case in cases)
    article_id, before = stored_before
    after = cli.json("article", str(article_id))
    assert after == before
    logged = {f["input"] for f in cli.json("failures", "--limit", "1000")}
    assert logged >= {f.input for case in cases for f in case.failures}


def test_the_plain_output_is_one_line_a_failure(cli: Cli, tmp_path: Path) -> None:
    cases = [
        case for case in refused_cases(tmp_path / "corpus", big=False) if "JSONL" in case.name or "WARC" in case.name
    ]
    result = cli("ingest", *(name for case in cases for name in case.inputs))
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(lines) == sum(len(case.failures) for case in cases)
    assert f"failed: {tmp_path / 'corpus' / 'batch.jsonl'}:2: malformed JSON (Expecting value" in result.stderr
    assert "line 2: malformed" not in result.stderr  # the line number once


def test_what_the_hostile_but_readable_cases_store(tmp_path: Path) -> None:
    found = stored_cases(tmp_path / "corpus")
    with khronika.open(tmp_path / "k.db", Settings(show_progress=False)) as kh:
        stored = {}
        for name, path in found.items():
            report = kh.ingest([str(path)], progress=False)
            assert (report.ingested, report.failed) == (1, []), name
            stored[name] = kh.article(report.articles[0])

    mostly = stored["mostly UTF-8"]
    assert mostly.title == "Заголовок новини про ремонт мосту" and mostly.lang == "uk"
    assert "Ð" not in mostly.text and mostly.text.count("\ufffd") == 2
    assert mostly.extra["decode_warnings"] == ["2 invalid UTF-8 bytes replaced by U+FFFD"]

    assert stored["script in title"].title == "Новина дня"
    assert "alert" not in stored["script in title"].text
    text_file = stored["script in text file"]  # text stays text: its first line is its title, as written
    assert text_file.title == "<script>alert('txt')</script>"
    assert text_file.text.startswith("Рятувальники повідомили про текстовий файл")

    mixed = stored["mixed encodings"]
    assert "змішані кодування" in mixed.text and "друге кодування" in mixed.text and "\ufffd" not in mixed.text
    assert mixed.extra["decode_warnings"] == ["mixed encodings: 2 of 4 lines read as cp1251"]

    assert stored["bidi and zero-width title"].title == "Новина дня для שלום Київ"

    bomb = stored["entity bomb feed"]
    assert "lollol" not in (bomb.title or "") + bomb.text and len(bomb.text) < 5_000
    external = stored["external entity feed"]
    assert SECRET not in (external.title or "") + external.text

    for name in ("quotes in name", "newline in name"):  # the file's URL, percent-encoded: one line, no quotes
        assert stored[name].url == found[name].resolve().as_uri() and not {"\n", '"', " "} & set(stored[name].url)
    assert stored["../ in path and URL"].url == "https://herald.example/dotdot"


def test_a_file_url_names_the_file_with_quotes_and_newlines_intact(tmp_path: Path) -> None:
    path = tmp_path / 'it\'s a "quoted"\nname.txt'
    path.write_text("Заголовок\n\nРятувальники повідомили про пожежу біля Києва, роботи тривали всю ніч.")
    with khronika.open(tmp_path / "k.db", Settings(show_progress=False)) as kh:
        report = kh.ingest([str(path)], progress=False)
        article = kh.article(report.articles[0])
    assert article.url == path.resolve().as_uri() and "\n" not in article.url and '"' not in article.url


@pytest.mark.slow
def test_a_50_mb_single_line_page_under_a_raised_limit_is_analysed_up_to_200_000_characters(
    cli: Cli, tmp_path: Path
) -> None:
    page = one_line_page(tmp_path / "one-line.html", 50 << 20)
    summary = json.loads(cli("--max-bytes", str(60 << 20), "ingest", "--json", str(page)).stdout)
    assert (summary["ingested"], summary["failed"]) == (1, [])
    with khronika.open(cli.db_path) as kh:
        article = kh.article(summary["articles"][0])
        analysis = kh.analysis(article.id)
    assert len(article.text) > 20_000_000  # stored whole: libxml2's 10 MB text-node limit dropped nothing
    assert analysis is not None
    assert max(s["end"] for s in analysis["sentences"] if s["field"] == "text") <= 200_000
    assert any("analysed the first 200,000 only" in warning for warning in analysis["warnings"])
