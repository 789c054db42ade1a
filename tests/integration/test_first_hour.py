"""A user's first hour (issue #14): a mistyped ``--db`` is an error, not an empty
database; piped listings are whole; ``analyze`` shows all it found and reads what
``ingest`` reads; counts are singular or plural as they should be; the API writes
nothing to stderr without a progress bar; old versions can be listed."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import khronika
from khronika.cli.main import main
from khronika.errors import NotFoundError
from khronika.records import IngestReport
from tests.conftest import Cli
from tests.integration.test_http_feeds_watch import full_items, rss

# the commands that open no database: they store what they read (ingest, watch) or read files only
NO_DATABASE_NEEDED = {("ingest",), ("watch",), ("analyze",), ("eval",), ("train",)}


def _leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        if (*path, name)[:1] in NO_DATABASE_NEEDED:
            continue
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def _with_arguments(path: tuple[str, ...], command: click.Command) -> tuple[str, ...]:
    """The command line with a value for each argument (and required option): ``1`` for
    a number, a name otherwise; so a command added later is checked too."""
    args: list[str] = []
    for param in command.params:
        value = "1" if isinstance(param.type, click.types.IntParamType) else "Lukashenko"
        if isinstance(param, click.Argument):
            args += [value] * max(param.nargs, 1)
        elif param.required:
            args += [f"--{param.name}", value]
    return (*path, *args)


READ_COMMANDS = [_with_arguments(path, command) for path, command in _leaf_commands(main)]
SHORTHANDS = [("story", "1"), ("entity", "Lukashenko"), ("article", "1", "--versions"), ("article", "1", "--json")]


def test_every_command_that_opens_the_database_is_in_the_list() -> None:
    names = {" ".join(line[:2]) if line[0] in ("story", "entity") else line[0] for line in READ_COMMANDS}
    expected = {"articles", "article", "stats", "stories", "story show", "story merge", "story move", "storylines"}
    expected |= {"storyline", "entities", "entity show", "entity merge", "entity split", "claims", "conflicts"}
    expected |= {"related", "failures", "decisions", "reanalyze", "recluster"}
    assert expected <= names


@pytest.mark.parametrize("command", READ_COMMANDS + SHORTHANDS, ids=" ".join)
def test_a_missing_database_is_one_line_and_exit_1_and_is_not_created(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", str(missing), *command], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: no khronika database at {missing} (ingest creates one)\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no file, no -wal, no -shm


def test_the_default_database_is_refused_too_when_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KHRONIKA_DB", raising=False)
    result = CliRunner().invoke(main, ["stats"], catch_exceptions=False)
    assert (
        result.exit_code == 1 and result.stderr == "error: no khronika database at khronika.db (ingest creates one)\n"
    )
    assert not (tmp_path / "khronika.db").exists()


def _page(directory: Path, name: str, title: str, body: str, url: str | None = None) -> Path:
    path = directory / name
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    path.write_text(
        f"<html><head><title>{title}</title>{canonical}"
        '<meta property="article:published_time" content="2020-09-14"></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    return path


BODY = "Тисячі людей вийшли на вулиці Мінська в неділю, повідомив Олександр Лукашенко."


def test_ingest_creates_the_database_and_says_so_once(cli: Cli, tmp_path: Path) -> None:
    page = _page(tmp_path, "a.html", "Протести в Мінську", BODY)
    first = cli("ingest", str(page))
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines() == [f"created database {cli.db_path}", "ingested 1, already stored 0, failed 0"]
    again = cli("ingest", str(page))
    assert again.stderr.splitlines() == ["ingested 0, already stored 1, failed 0"]
    assert cli("stats").exit_code == 0


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (("ingest", "page.html", "--published", "14/09"), "--published: not an ISO date"),
        (("watch", "feed.xml", "--every", "soon"), "not an interval: 'soon'"),
    ],
)
def test_a_bad_argument_creates_no_database(tmp_path: Path, command: tuple[str, ...], reason: str) -> None:
    missing = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["--db", str(missing), *command], catch_exceptions=False)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {reason}")
    assert len(result.stderr.splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_watch_creates_the_database_and_says_so(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(full_items(1)))
    db = tmp_path / "watch.db"
    result = CliRunner().invoke(main, ["--db", str(db), "watch", str(feed), "--every", "1s", "--polls", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"created database {db}" and lines.count(f"created database {db}") == 1
    assert "watch done: 1 poll: 1 new article, 0 already stored, 0 failures" in lines
    assert db.exists()


def test_the_api_opens_a_missing_database_only_when_asked_to_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(NotFoundError, match=re.escape(f"no khronika database at {missing} (ingest creates one)")):
        khronika.open(missing, create=False)
    assert not missing.exists()
    with khronika.open(missing) as kh:  # the default: created, as before
        assert kh.stats().articles == 0
    with khronika.open(missing, create=False) as kh:
        assert kh.stats().articles == 0


# -- output that fits a pipe ------------------------------------------------------------


def test_a_piped_listing_prints_whole_values_tab_separated(cli: Cli, tmp_path: Path) -> None:
    title = ("Тисячі людей вийшли на вулиці Мінська в неділю, і це дуже довгий заголовок " * 3)[:150].strip()
    assert len(title) >= 149
    cli("ingest", str(_page(tmp_path, "long.html", title, BODY)))
    result = cli("articles")  # CliRunner's stdout is no terminal
    assert result.exit_code == 0
    assert "…" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "date", "lang", "outlet", "title"]
    assert lines[1].split("\t")[1:3] == ["2020-09-14", "uk"] and lines[1].split("\t")[4] == title
    assert result.stderr == "1 article\n"
    stats = cli("stats").stdout.splitlines()
    assert "articles\t1" in stats and all("…" not in line for line in stats)
    for command, header in (("stories", "line"), ("storylines", "stories")):
        lines = cli(command).stdout.splitlines()  # the issue's `2020-09-07…202…`: cut to 80 columns
        assert lines[0].split("\t") == ["id", header, "articles", "days", "langs", "title", "entities"]
        row = lines[1].split("\t")
        assert row[3:6] == ["2020-09-14", "uk", title] and "Олександр Лукашенко" in row[6], command


# -- analyze -------------------------------------------------------------------------------

REPORT = """<html><head><title>Протести в Мінську</title></head><body><article>
<h1>Протести в Мінську</h1>
<p>Мінськ, 14 вересня. Тисячі людей вийшли на вулиці Мінська в неділю, повідомив Олександр Лукашенко.</p>
<p>Загалом, за офіційними даними, загинули троє людей.</p>
<p>Правозахисники говорять про п'ятьох загиблих.</p>
<p>Фото: Reuters</p>
<p>Підписуйтесь на наш Telegram-канал</p>
</article></body></html>"""


def _sections(output: str) -> dict[str, list[list[str]]]:
    """Plain ``analyze`` output: its sections (a title line, a header, rows), by title."""
    sections: dict[str, list[list[str]]] = {}
    for block in output.strip().split("\n\n")[1:]:
        title, _header, *rows = block.split("\n")
        sections[title] = [row.split("\t") for row in rows]
    return sections


@pytest.mark.parametrize("name", ["report.html", "report.html.gz"])
def test_analyze_prints_every_part_of_the_analysis(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(REPORT.encode()) if name.endswith(".gz") else REPORT.encode())
    result = cli("analyze", str(path), "--published", "2020-09-14")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Протести в Мінську · uk · 5 sentences"
    sections = _sections(result.stdout)
    assert list(sections) == ["entities", "times", "claims", "figures", "conflicts", "credits", "dropped lines"]
    assert ["PER", "Олександр Лукашенко"] in [row[:2] for row in sections["entities"]]
    assert ["14 вересня", "2020-09-14"] in [row[:2] for row in sections["times"]]
    assert ["офіційні дані", "official body", "за офіційними даними", "загинули троє людей"] in sections["claims"]
    assert [row[:5] for row in sections["figures"] if row[2] == "deaths"] == [
        ["троє", "3", "deaths", "—", "офіційні дані"],
        ["п'ятьох", "5", "deaths", "—", "правозахисники"],
    ]
    assert sections["conflicts"] == [["deaths", "офіційні дані", "троє", "правозахисники", "п'ятьох"]]
    assert sections["credits"] == [["Reuters"]]
    assert ["prompt", "Підписуйтесь на наш Telegram-канал"] in sections["dropped lines"]
    data = json.loads(cli("analyze", str(path), "--published", "2020-09-14", "--json").stdout)
    assert data["credits"] == ["Reuters"] and {"text": "Фото: Reuters", "rule": "credit"} in data["dropped"]
    assert len(data["conflicts"]) == 1 and not cli.db_path.exists()


def test_analyze_reads_a_gzipped_text_file_as_text(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "note.txt.gz"
    path.write_bytes(gzip.compress("<b>Мінськ</b>, 14 вересня. Тисячі людей вийшли на вулиці Мінська.".encode()))
    data = json.loads(cli("analyze", str(path), "--json").stdout)
    assert data["text"].startswith("<b>Мінськ</b>")  # a .txt is text, never parsed as HTML (as ingest reads it)


def test_analyze_refuses_what_holds_many_documents_and_broken_gzip(cli: Cli, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(full_items(1)))
    result = cli("analyze", str(feed))
    assert result.exit_code == 1
    assert result.stderr == f"error: {feed}: is a feed file: analyze takes one document (use ingest for many)\n"
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(gzip.compress(REPORT.encode())[:40])
    result = cli("analyze", str(broken))
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {broken}: truncated or corrupt gzip file")
    assert len(result.stderr.splitlines()) == 1


# -- messages -----------------------------------------------------------------------------


def test_counts_are_singular_for_one(cli: Cli, tmp_path: Path) -> None:
    cli("ingest", str(_page(tmp_path, "a.html", "Протести в Мінську", BODY)))
    assert cli("articles").stderr == "1 article\n"
    assert cli("recluster").stderr == "1 story in 1 storyline\n"
    assert cli("reanalyze", "--all").stderr == "analysed 1 article\n"
    assert cli("article", "1", "--dropped").stderr == "0 dropped lines\n"
    assert cli("claims").stderr == "1 claim\n"
    story = cli("story", "1").stdout.splitlines()[0]
    assert "1 article, 1 source," in story
    assert "(storyline 1, 1 story, 1 article," in cli("storyline", "1").stdout
    merged = cli("entity", "merge", "Мінськ", "Олександр Лукашенко")
    assert merged.exit_code == 0 and ": 1 mention in 1 article, names " in merged.stdout
    cli("ingest", str(_page(tmp_path, "b.html", "Інша новина", "Лукашенко зустрівся з Путіним у Сочі.")))
    assert cli("articles").stderr == "2 articles\n"


def test_the_api_writes_nothing_to_stderr_without_a_bar(
    kh: khronika.Khronika, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pages = [str(_page(tmp_path, f"p{i}.html", f"Новина {i}", f"{BODY} Номер {i}.")) for i in range(8)]
    report = kh.ingest(pages)  # more than the progress threshold, stderr no terminal: no bar
    assert report.ingested == 8
    assert kh.recluster() > 0 and kh.reanalyse(only_older=False) == 8
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_an_ingest_report_gives_its_json_as_data_and_as_text() -> None:
    report = IngestReport(ingested=1, articles=[7])
    assert report.to_json() == {"ingested": 1, "duplicates": 0, "failed": [], "articles": [7]}
    assert isinstance(report.to_json_text(), str) and json.loads(report.to_json_text()) == report.to_json()


def test_ingest_json_prints_the_report_as_json_text(cli: Cli, tmp_path: Path) -> None:
    result = cli("ingest", str(_page(tmp_path, "a.html", "Протести в Мінську", BODY)), "--json")
    assert json.loads(result.stdout) == {"ingested": 1, "duplicates": 0, "failed": [], "articles": [1]}


# -- old versions --------------------------------------------------------------------------


def test_article_versions_lists_every_version_oldest_first(cli: Cli, tmp_path: Path) -> None:
    url = "https://herald.example/minsk"
    cli("ingest", str(_page(tmp_path, "v1.html", "Протести в Мінську", BODY, url)))
    cli("ingest", str(_page(tmp_path, "v2.html", "Протести в Мінську: оновлено", BODY + " Оновлено.", url)))
    listed = cli.json("article", "1", "--versions")
    assert [(v["version"], v["title"]) for v in listed] == [
        (1, "Протести в Мінську"),
        (2, "Протести в Мінську: оновлено"),
    ]
    assert listed[0]["stored_at"] <= listed[1]["stored_at"] and listed[0]["content_hash"] != listed[1]["content_hash"]
    plain = cli("article", "1", "--versions")
    assert plain.stdout.splitlines()[0].split("\t") == ["version", "stored", "content hash", "title"]
    assert plain.stdout.splitlines()[2].split("\t")[3] == "Протести в Мінську: оновлено"
    assert plain.stderr == "2 versions\n"
    with khronika.open(cli.db_path) as kh:
        versions = kh.article_versions(1)
        assert [(v.version, v.content_hash) for v in versions] == [(v["version"], v["content_hash"]) for v in listed]
        with pytest.raises(NotFoundError, match="no article with id 9"):
            kh.article_versions(9)
    unknown = cli("article", "9", "--versions")
    assert unknown.exit_code == 1 and unknown.stderr.splitlines() == [f"error: no article with id 9 in {cli.db_path}"]
    both = cli("article", "1", "--versions", "--dropped")
    assert both.exit_code == 2 and "exclude each other" in both.stderr


def test_python_dash_m_khronika_runs_the_command_without_a_warning(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-m", "khronika", "--db", str(missing), "stats"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: no khronika database at {missing} (ingest creates one)\n"
