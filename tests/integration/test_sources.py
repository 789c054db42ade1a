"""Every kind of SOURCE, identity, versions, copies and outlets."""

from __future__ import annotations

import json
from pathlib import Path

import khronika
from tests.conftest import Cli
from tests.fixtures.pages import PARAGRAPHS, page, warc_bytes, write_pages


def test_directory_is_read_recursively_and_glob_expands(kh: khronika.Khronika, tmp_path: Path) -> None:
    write_pages(tmp_path / "a", 2, "a")
    write_pages(tmp_path / "a" / "deeper", 2, "b")
    (tmp_path / "a" / "notes.py").write_text("print('not an article')")
    report = kh.ingest([str(tmp_path / "a")], progress=False)
    failed = [(f.input, f.reason, f.kind) for f in report.failed]  # a skipped file is said, not silent
    assert (report.ingested, failed) == (
        4,
        [(str(tmp_path / "a" / "notes.py"), "unsupported file type .py", "unsupported")],
    )
    write_pages(tmp_path / "g", 3, "g")
    report = kh.ingest([str(tmp_path / "g" / "*.html")], progress=False)
    assert report.ingested == 3


def test_text_file_title_only_when_it_looks_like_one(kh: khronika.Khronika, tmp_path: Path) -> None:
    titled = tmp_path / "titled.txt"
    titled.write_text("Wildfire near Hillside\n\n" + "\n".join(PARAGRAPHS["en"]))
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("\n".join(PARAGRAPHS["en"]))
    report = kh.ingest([str(titled), str(untitled)], published="2020-09-15", progress=False)
    first, second = (kh.article(i) for i in report.articles)
    assert first.title == "Wildfire near Hillside" and first.text.startswith("Firefighters")
    assert second.title is None and second.text.startswith("Firefighters battled")
    assert first.published.value == "2020-09-15" and first.outlet is None


def test_jsonl_identity_extra_fields_and_bad_lines(kh: khronika.Khronika, tmp_path: Path) -> None:
    lines = [
        {
            "url": "https://wire.example/a?utm_source=rss",
            "title": "Fire",
            "text": " ".join(PARAGRAPHS["en"]),
            "published": "2020-09-15T08:00:00Z",
            "source": "Wire",
            "section": "world",
        },
        {"id": 7, "html": page("Пожежа", "uk", url="https://ignored.example/x"), "lang": "uk"},
        {"title": "no identity", "text": "some text that is long enough to be an article"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n{not json\n")
    report = kh.ingest([str(path)], progress=False)
    assert report.ingested == 2
    reasons = {f.input: f.reason for f in report.failed}  # the line number in the input, not again in the reason
    assert reasons[f"{path}:3"] == 'needs a "url" or an "id"'
    assert reasons[f"{path}:4"].startswith("malformed JSON (")
    wire, jsonl_id = (kh.article(i) for i in report.articles)
    assert wire.url == "https://wire.example/a" and wire.outlet == "Wire" and wire.extra == {"section": "world"}
    assert wire.published.value == "2020-09-15T08:00:00+00:00" and wire.published.source.value == "metadata"
    assert jsonl_id.url == f"{path.resolve().as_uri()}#id=7" and jsonl_id.lang == "uk"
    assert kh.ingest([str(path)], progress=False).ingested == 0


def test_warc_records_become_articles_with_headers(kh: khronika.Khronika, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        warc_bytes(
            {
                "https://herald.example/1": page("Fire one", url="https://herald.example/1"),
                "https://herald.example/2": page("Вогонь", "uk", url=None, site=None),
            }
        )
    )
    report = kh.ingest([str(path)], progress=False)
    assert (report.ingested, report.failed) == (2, [])
    second = kh.article(report.articles[1])
    assert second.url == "https://herald.example/2"
    assert second.http_headers["Content-Type"] == "text/html; charset=utf-8"
    assert second.outlet == "herald.example" and second.lang == "uk"


def test_same_url_changed_text_is_a_new_version_and_same_text_elsewhere_a_copy(
    kh: khronika.Khronika, tmp_path: Path
) -> None:
    original = tmp_path / "v1.html"
    original.write_text(page("Fire", url="https://herald.example/fire"))
    first = kh.ingest([str(original)], progress=False).articles[0]
    changed = tmp_path / "v2.html"
    changed.write_text(
        page(
            "Fire",
            url="https://herald.example/fire",
            paragraphs=[*PARAGRAPHS["en"], "Update: the fire is now contained."],
        )
    )
    report = kh.ingest([str(changed)], progress=False)
    assert report.articles == [first] and report.ingested == 1
    stored = kh.article(first)
    assert stored.version == 2 and "contained" in stored.text
    assert [v.version for v in kh.store.article_versions(first)] == [1, 2]
    syndicated = tmp_path / "copy.html"
    syndicated.write_text(page("Fire", url="https://other.example/fire-copy", site="Other Daily"))
    copy_id = kh.ingest([str(syndicated)], progress=False).articles[0]
    assert copy_id != first and kh.article(copy_id).copy_of == first
    assert kh.article(copy_id).outlet == "Other Daily"


def test_outlet_from_source_option_site_name_or_domain(kh: khronika.Khronika, tmp_path: Path) -> None:
    named = tmp_path / "named.html"
    named.write_text(page("Fire", url="https://news.herald.example.co.uk/fire"))
    bare = tmp_path / "bare.html"
    bare.write_text(page("Пожежа", "uk", url="https://news.kyiv-post.co.uk/fire", site=None))
    report = kh.ingest([str(named), str(bare)], progress=False)
    assert [kh.article(i).outlet for i in report.articles] == ["Test Herald", "kyiv-post.co.uk"]
    forced = tmp_path / "forced.html"
    forced.write_text(page("Пожар", "ru", url="https://x.example/ru"))
    assert kh.article(kh.ingest([str(forced)], source="Агентство", progress=False).articles[0]).outlet == "Агентство"


def test_stdin_reads_one_document(cli: Cli) -> None:
    result = cli("ingest", "-", "--json", input=page("From stdin", url="https://herald.example/stdin"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ingested"] == 1
    assert cli.json("article", "1")["url"] == "https://herald.example/stdin"


def test_cli_listing_and_stats(cli: Cli, tmp_path: Path) -> None:
    write_pages(tmp_path / "p", 2)
    uk = tmp_path / "uk.html"
    uk.write_text(page("Пожежа біля Горбів", "uk", url="https://visnyk.example/fire", site="Вісник"))
    cli.json("ingest", str(tmp_path))
    assert [a["language"] for a in cli.json("articles", "--lang", "uk")] == ["uk"]
    assert len(cli.json("articles", "--outlet", "Test Herald")) == 2
    stats = cli.json("stats")
    assert stats["articles"] == 3 and stats["by_lang"] == {"en": 2, "uk": 1}
    text = cli("article", "3", "--text").stdout
    assert text.startswith("У вівторок рятувальники")


def test_language_editions_of_one_outlet_share_its_domain(kh: khronika.Khronika, tmp_path: Path) -> None:
    (tmp_path / "en.html").write_text(page("Fire", url="https://chronicle.example/en/fire", site="Kyiv Chronicle"))
    (tmp_path / "uk.html").write_text(
        page("Пожежа", "uk", url="https://chronicle.example/uk/fire", site="Київська хроніка")
    )
    kh.ingest([str(tmp_path)], progress=False)
    found = kh.articles(outlet="chronicle.example")
    assert sorted(a.outlet or "" for a in found) == ["Kyiv Chronicle", "Київська хроніка"]
    assert {a.domain for a in found} == {"chronicle.example"}
