"""Each bad input: a one-line reason naming it, the batch goes on, the store intact."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.fixtures.pages import page, truncated, warc_bytes


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.html"
    path.write_text(page("Fire near Hillside", url="https://herald.example/fire"))
    return path


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path | str, str]]:
    """name -> (input, words its reason must contain)."""
    empty = tmp_path / "empty.html"
    empty.write_text("  \n")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    warc = tmp_path / "cut.warc.gz"
    pages = {f"https://herald.example/{n}": page(f"Story {n}", url=f"https://herald.example/{n}") for n in range(6)}
    warc.write_bytes(truncated(warc_bytes(pages), 0.6))
    cut_gzip = tmp_path / "page.html.gz"
    cut_gzip.write_bytes(truncated(gzip.compress(page("Gz", url="https://herald.example/gz").encode() * 20), 0.5))
    markup = tmp_path / "markup.html"
    markup.write_text("<html><head><title>Nav only</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text(
        '{"url": "https://x.example/1", "text": "A short but real article body about the fire."}\n{"url": oops}\n'
    )
    not_xml = tmp_path / "feed.xml"
    not_xml.write_text("this is a plain text note, not a feed at all\n")
    huge = tmp_path / "huge.html"
    huge.write_text(page("Huge", url="https://herald.example/huge", paragraphs=["word " * 60_000]))
    return {
        "missing": (tmp_path / "nope.html", "no such file"),
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "truncated warc": (warc, "truncated or corrupt WARC"),
        "truncated gzip": (cut_gzip, "truncated or corrupt gzip"),
        "no article text": (markup, "no article text"),
        "malformed jsonl": (jsonl, "malformed JSON ("),
        "oversized": (huge, "size limit"),
        "feed not XML": (not_xml, "not an RSS/Atom feed"),
        "missing glob": (str(tmp_path / "none-*.html"), "no files match"),
    }


def test_every_bad_input_gets_a_reason_and_the_store_stays_intact(cli: Cli, good: Path, tmp_path: Path) -> None:
    first = cli.json("ingest", str(good))
    before = cli.json("article", str(first["articles"][0]))
    bad = _bad_inputs(tmp_path)
    result = cli("--max-bytes", "200000", "ingest", "--json", *(str(path) for path, _ in bad.values()), str(good))
    assert result.exit_code == 0, result.output  # the good page was found already stored
    summary = __import__("json").loads(result.stdout)
    reasons = {f["input"]: f["reason"] for f in summary["failed"]}
    for name, (path, words) in bad.items():
        matching = [r for i, r in reasons.items() if str(path) in i]
        assert matching, f"{name}: no failure reported for {path}"
        assert any(words in r for r in matching), f"{name}: {matching}"
        assert all("\n" not in r for r in matching)
    assert reasons[f"{tmp_path / 'bad.jsonl'}:2"].startswith("malformed JSON (")  # the line named once, in the input
    assert summary["duplicates"] == 1
    assert summary["ingested"] >= 1  # the WARC records before the cut, and the valid JSONL line
    after = cli.json("article", str(first["articles"][0]))
    # its copy group may grow (the WARC records before the cut carry the same text); the article itself may not change
    after.pop("copy_group"), before.pop("copy_group")
    assert after == before
    logged = cli.json("failures")
    assert {f["input"] for f in logged} >= set(reasons)


def test_exit_status_is_1_when_every_input_fails_and_2_for_usage(cli: Cli, tmp_path: Path, good: Path) -> None:
    result = cli("ingest", str(tmp_path / "missing.html"))
    assert result.exit_code == 1
    assert "missing.html: no such file or directory" in result.stderr
    assert "Traceback" not in result.output
    assert cli("ingest", "--published", "14/09/2020", str(good)).exit_code == 2
    assert cli("ingest").exit_code == 2
    assert cli("article", "999").exit_code == 1
    assert "no article with id 999" in cli("article", "999").stderr


def test_a_file_that_is_not_a_database_is_refused_cleanly(tmp_path: Path, good: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not sqlite " * 100)
    result = Cli(not_db)("ingest", str(good))
    assert result.exit_code == 1
    assert "not a usable khronika database" in result.stderr
    assert not_db.read_text().startswith("this is not sqlite")
