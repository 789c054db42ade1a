"""Storylines and corrections by hand on the command line.

``khronika storylines`` / ``storyline ID`` read the second clustering level;
``story merge|move`` and ``entity merge|split`` store decisions that later ingests
and ``recluster`` obey (``stories/corrections.py``, ``store/sqlite/entity_corrections.py``);
``khronika decisions`` lists them. ``story`` and ``entity`` stay views too:
``khronika story 42`` is ``khronika story show 42``. ``cli/main.py`` registers these
commands, replacing the plain ``story`` and ``entity`` views with the groups.
"""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from khronika.cli.common import day_span, err, open_from_context, out, print_json, reports_errors
from khronika.cli.reading import cluster_table, print_titles
from khronika.cli.reading import entity as entity_view
from khronika.cli.reading import story as story_view


class ViewOrCorrect(click.Group):
    """A group whose first argument, when it is no subcommand, goes to ``show``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.pass_context
@reports_errors
def storylines(ctx: click.Context, as_json: bool, min_articles: int, limit: int) -> None:
    """Storylines (long-running situations), largest first: title, stories, articles, days, languages."""
    with open_from_context(ctx) as kh:
        found = kh.storylines(min_articles, limit)
    if as_json:
        print_json(found)
        return
    out.print(cluster_table(found, "stories", lambda line: str(line["stories"])))


@click.command()
@click.argument("storyline_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def storyline(ctx: click.Context, storyline_id: int, as_json: bool) -> None:
    """One storyline: its titles per language, articles per day and its stories."""
    with open_from_context(ctx) as kh:
        found = kh.storyline(storyline_id)
    if as_json:
        print_json(found)
        return
    out.print(
        f"[bold]{escape(found['title'] or '')}[/] (storyline {found['id']}, {found['stories']} stories,"
        f" {found['articles']} articles, {day_span(found['first_day'], found['last_day'])})"
    )
    print_titles(found["titles"])
    for item in found["stories_list"]:
        days = day_span(item["first_day"], item["last_day"])
        out.print(f"  story {item['id']}  {days}  {item['articles']} articles  {escape(item['title'] or '')}")


def _report(as_json: bool, result: dict[str, Any], line: str) -> None:
    if as_json:
        print_json(result)
    else:
        out.print(f"{escape(line)} (decision {result['decision']})")


@click.group(cls=ViewOrCorrect, name="story", no_args_is_help=True)
def story() -> None:
    """One story (`story ID [--json]`), or a correction that lasts (`story merge`, `story move`)."""


story.add_command(story_view, "show")


@story.command(name="merge")
@click.argument("story_id", type=int)
@click.argument("merged_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story_merge(ctx: click.Context, story_id: int, merged_id: int, as_json: bool) -> None:
    """Story MERGED_ID's articles join STORY_ID, now and after every recluster."""
    with open_from_context(ctx) as kh:
        result = kh.merge_stories(story_id, merged_id)
    moved = ", ".join(f"#{article}" for article in result["articles_moved"])
    line = f"story {story_id} now holds {result['articles']} articles: story {merged_id} ({moved}) merged into it"
    _report(as_json, result, line)


@story.command(name="move")
@click.argument("article_id", type=int)
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story_move(ctx: click.Context, article_id: int, story_id: int, as_json: bool) -> None:
    """Article ARTICLE_ID leaves its story for STORY_ID, now and after every recluster."""
    with open_from_context(ctx) as kh:
        result = kh.move_article(article_id, story_id)
    line = f"article #{article_id} moved from story {result['from_story']} to story {story_id}"
    if result["storyline"] != result["from_storyline"]:
        line += f" (storyline {result['from_storyline']} -> {result['storyline']})"
    _report(as_json, result, line)


@click.group(cls=ViewOrCorrect, name="entity", no_args_is_help=True)
def entity() -> None:
    """One entity (`entity NAME [--json]`), or a correction that lasts (`entity merge`, `entity split`)."""


entity.add_command(entity_view, "show")


@entity.command(name="merge")
@click.argument("name")
@click.argument("merged_name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity_merge(ctx: click.Context, name: str, merged_name: str, as_json: bool) -> None:
    """Entity MERGED_NAME (id or any name) becomes NAME: mentions, names, later ingests."""
    with open_from_context(ctx) as kh:
        result = kh.merge_entities(name, merged_name)
    names = ", ".join(result["aliases"])
    line = (
        f"entity {result['merged']} merged into {result['entity']}: {result['mentions']} mentions in"
        f" {result['articles']} articles, names {names or '—'}"
    )
    _report(as_json, result, line)


@entity.command(name="split")
@click.argument("name")
@click.argument("alias")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity_split(ctx: click.Context, name: str, alias: str, as_json: bool) -> None:
    """The name form ALIAS leaves entity NAME and becomes an entity of its own."""
    with open_from_context(ctx) as kh:
        result = kh.split_entity(name, alias)
    line = (
        f"{alias!r} split from {result['entity']} as new entity {result['new_entity']}: {result['mentions']}"
        f" mentions in {result['articles']} articles"
    )
    _report(as_json, result, line)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def decisions(ctx: click.Context, as_json: bool) -> None:
    """Corrections made by hand, in order: what later ingests and recluster obey."""
    with open_from_context(ctx) as kh:
        found = kh.decisions()
    if as_json:
        print_json(found)
        return
    table = Table("id", "kind", "arguments", "made", box=None)
    for decision in found:
        arguments = ", ".join(f"{key}={value}" for key, value in decision["arguments"].items())
        table.add_row(str(decision["id"]), decision["kind"], escape(arguments), decision["created_at"])
    out.print(table)
    err.print(f"{len(found)} decisions")


COMMANDS = (storylines, storyline, story, entity, decisions)
