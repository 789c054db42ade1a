"""The CLI is a thin layer: each ``--json`` output is its view's ``to_json()``, built
from the API on the same database; the commands import the API and the views only;
``story`` and ``entity`` are registered once, as view-or-correct groups."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import khronika
from khronika.cli.main import main
from khronika.views.articles import ArticleContext, ArticlesContext, FailuresContext, StatsContext
from khronika.views.common import Context
from khronika.views.entities import ClaimsContext, ConflictsContext, EntitiesContext, EntityContext
from khronika.views.stories import (
    DecisionsContext,
    RelatedContext,
    StoriesContext,
    StoryContext,
    StorylineContext,
    StorylinesContext,
)
from tests.integration.test_http_feeds_watch import full_items, rss

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLI_PACKAGE = Path(khronika.__file__).resolve().parent / "cli"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("views") / "demo.db"
    sources = [str(EXAMPLES / name) for name in ("html", "feed.xml", "corpus.warc.gz")]
    with khronika.open(db) as kh:
        kh.ingest([*sources, str(db.parent / "missing.html")], progress=False)  # and one failure
        kh.merge_stories(1, 2)  # and one decision
    return db


def _run(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


Build = Callable[[khronika.Khronika], Context]
VIEWS: list[tuple[list[str], Build]] = [
    (["articles"], lambda kh: ArticlesContext.load(kh)),
    (["article", "1"], lambda kh: ArticleContext.load(kh, 1)),
    (["failures"], lambda kh: FailuresContext.load(kh, 100)),
    (["stats"], lambda kh: StatsContext.load(kh)),
    (["stories"], lambda kh: StoriesContext.load(kh, 1, 100)),
    (["story", "1"], lambda kh: StoryContext.load(kh, 1)),
    (["storylines"], lambda kh: StorylinesContext.load(kh, 1, 100)),
    (["storyline", "1"], lambda kh: StorylineContext.load(kh, 1)),
    (["entities", "--limit", "12"], lambda kh: EntitiesContext.load(kh, 12)),
    (["entity", "Lukashenko"], lambda kh: EntityContext.load(kh, "Lukashenko")),
    (["claims"], lambda kh: ClaimsContext.load(kh)),
    (["conflicts"], lambda kh: ConflictsContext.load(kh)),
    (["related", "1"], lambda kh: RelatedContext.load(kh, 1)),
    (["decisions"], lambda kh: DecisionsContext.load(kh)),
]


@pytest.mark.parametrize(("args", "build"), VIEWS, ids=[" ".join(args) for args, _ in VIEWS])
def test_the_json_output_is_the_views_context(demo_db: Path, args: list[str], build: Build) -> None:
    printed = _run(demo_db, *args, "--json").stdout
    with khronika.open(demo_db) as kh:
        context = build(kh)
    assert printed == json.dumps(context.to_json(), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(printed)  # the example corpus gives every view something to show


def test_the_json_shapes_the_cli_used_to_build(demo_db: Path) -> None:
    article = json.loads(_run(demo_db, "article", "1", "--json").stdout)
    assert {"id", "text", "dropped", "sentences", "entities", "copy_group"} <= set(article)
    assert set(article["copy_group"]) == {"id", "copies", "near_duplicates"}
    failures = json.loads(_run(demo_db, "failures", "--json").stdout)
    assert all(set(failure) == {"run", "input", "reason", "kind", "at"} for failure in failures)
    conflicts = json.loads(_run(demo_db, "conflicts", "--json").stdout)
    assert list(conflicts) == ["conflicts"] and conflicts["conflicts"]
    assert list(conflicts["conflicts"][0]) == ["measure", "event", "sides", "story"]
    related = json.loads(_run(demo_db, "related", "1", "--json").stdout)
    assert list(related) == ["article", "related"] and related["article"] == 1 and related["related"]


def test_the_tables_show_what_the_context_holds(demo_db: Path) -> None:
    with khronika.open(demo_db) as kh:
        story = kh.story(1)
        entity = kh.entity("Lukashenko")
    shown = _run(demo_db, "story", "1").stdout
    assert f"(story 1, {story.summary.articles} articles, {story.summary.sources} sources" in shown
    assert all(f"#{item.id} " in shown for item in story.articles_list)
    shown = _run(demo_db, "entity", "Lukashenko").stdout
    assert entity.summary.canonical in shown and len(shown.splitlines()) == 2 + len(entity.articles_list)


def test_story_and_entity_are_view_or_correct_groups_registered_once(demo_db: Path) -> None:
    for name, subcommands in (("story", {"show", "merge", "move"}), ("entity", {"show", "merge", "split"})):
        group = main.commands[name]
        assert isinstance(group, click.Group) and set(group.commands) == subcommands
    assert _run(demo_db, "story", "1").stdout == _run(demo_db, "story", "show", "1").stdout
    assert (
        _run(demo_db, "entity", "Minsk", "--json").stdout == _run(demo_db, "entity", "show", "Minsk", "--json").stdout
    )


ALLOWED = ("khronika", "khronika.api", "khronika.offline", "khronika.errors", "khronika.settings", "khronika.records")


def test_the_commands_import_the_api_and_the_views_only() -> None:
    """Anything the CLI needs from the layers below comes through the API (any
    import, also inside a function: a lazy one bypasses the API just the same)."""
    bypasses = []
    for path in sorted(CLI_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("khronika") and not (
                    name in ALLOWED or name.startswith(("khronika.cli", "khronika.views", "khronika.results"))
                ):
                    bypasses.append(f"{path.name}: {name}")
    assert bypasses == []


def test_watch_goes_through_the_api_with_its_interval(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(full_items(2)))
    db = tmp_path / "watch.db"
    result = CliRunner().invoke(main, ["--db", str(db), "watch", str(feed), "--every", "1s", "--polls", "1"])
    assert result.exit_code == 0, result.output
    assert "poll 1: 2 new" in result.stderr and "watch done: 1 poll: 2 new articles" in result.stderr
    refused = CliRunner().invoke(main, ["--db", str(db), "watch", str(feed), "--every", "soon"])
    assert refused.exit_code == 2 and "not an interval" in refused.stderr
    with khronika.open(db) as kh:
        assert kh.watch([str(feed)], "1s", polls=1).ingested == 0  # unchanged file: nothing new


@pytest.mark.parametrize("command", ["ingest", "analyze"])
def test_one_published_check_for_ingest_and_analyze(tmp_path: Path, command: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Minsk, 14 September. Thousands marched.", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), command, str(page), "--published", "14/09"])
    assert result.exit_code == 2
    assert "--published: not an ISO date" in result.stderr
