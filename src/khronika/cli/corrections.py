"""Storylines and corrections by hand on the command line.

``khronika storylines`` / ``storyline ID`` read the second clustering level;
``story merge|move`` and ``entity merge|split`` store decisions that later ingests
and ``recluster`` obey (``stories/corrections.py``, ``store/sqlite/entity_corrections.py``);
``khronika decisions`` lists them. ``story`` and ``entity`` stay views too:
``khronika story 42`` is ``khronika story show 42`` (``cli/reading.py``).
"""

from __future__ import annotations

import click

from khronika.cli import render
from khronika.cli.common import open_from_context, reports_errors, show
from khronika.cli.reading import entity_show, story_show
from khronika.views.stories import (
    CorrectionContext,
    DecisionsContext,
    DeletionContext,
    StorylineContext,
    StorylinesContext,
)


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
        context = StorylinesContext.load(kh, min_articles, limit)
    show(context, as_json, render.storylines)


@click.command()
@click.argument("storyline_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def storyline(ctx: click.Context, storyline_id: int, as_json: bool) -> None:
    """One storyline: its titles per language, articles per day and its stories."""
    with open_from_context(ctx) as kh:
        context = StorylineContext.load(kh, storyline_id)
    show(context, as_json, render.storyline)


@click.group(cls=ViewOrCorrect, name="story", no_args_is_help=True)
def story() -> None:
    """One story (`story ID [--json]`), or a correction that lasts (`story merge`, `story move`)."""


story.add_command(story_show)


@story.command(name="merge")
@click.argument("story_id", type=int)
@click.argument("merged_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story_merge(ctx: click.Context, story_id: int, merged_id: int, as_json: bool) -> None:
    """Story MERGED_ID's articles join STORY_ID, now and after every recluster."""
    with open_from_context(ctx) as kh:
        context = CorrectionContext.story_merge(kh, story_id, merged_id)
    show(context, as_json, render.correction)


@story.command(name="move")
@click.argument("article_id", type=int)
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story_move(ctx: click.Context, article_id: int, story_id: int, as_json: bool) -> None:
    """Article ARTICLE_ID leaves its story for STORY_ID, now and after every recluster."""
    with open_from_context(ctx) as kh:
        context = CorrectionContext.article_move(kh, article_id, story_id)
    show(context, as_json, render.correction)


@click.group(cls=ViewOrCorrect, name="entity", no_args_is_help=True)
def entity() -> None:
    """One entity (`entity NAME [--json]`), or a correction that lasts (`entity merge`, `entity split`)."""


entity.add_command(entity_show)


@entity.command(name="merge")
@click.argument("name")
@click.argument("merged_name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity_merge(ctx: click.Context, name: str, merged_name: str, as_json: bool) -> None:
    """Entity MERGED_NAME (id or any name) becomes NAME: mentions, names, later ingests."""
    with open_from_context(ctx) as kh:
        context = CorrectionContext.entity_merge(kh, name, merged_name)
    show(context, as_json, render.correction)


@entity.command(name="split")
@click.argument("name")
@click.argument("alias")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity_split(ctx: click.Context, name: str, alias: str, as_json: bool) -> None:
    """The name form ALIAS leaves entity NAME and becomes an entity of its own."""
    with open_from_context(ctx) as kh:
        context = CorrectionContext.entity_split(kh, name, alias)
    show(context, as_json, render.correction)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def decisions(ctx: click.Context, as_json: bool) -> None:
    """Corrections made by hand, in order: what later ingests and recluster obey."""
    with open_from_context(ctx) as kh:
        context = DecisionsContext.load(kh)
    show(context, as_json, render.decisions)


@click.command()
@click.argument("article_ids", type=int, nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def delete(ctx: click.Context, article_ids: tuple[int, ...], as_json: bool) -> None:
    """Delete articles and everything derived from them (versions, analysis, mentions, story
    membership, near-duplicates); their stories are updated, recluster obeys, and an ingest
    of their URLs again is refused unless --restore is given."""
    with open_from_context(ctx) as kh:
        context = DeletionContext.load(kh, list(article_ids))
    show(context, as_json, render.deletions)


COMMANDS = (storylines, storyline, story, entity, decisions, delete)
