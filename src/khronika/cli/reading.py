"""The read-side commands: entities, stories, who said what, conflicts, recluster.

``cli/main.py`` registers them on the ``khronika`` group; ``story_show`` and
``entity_show`` are the ``show`` subcommands of the ``story`` and ``entity``
groups (``cli/corrections.py``): ``khronika story 42`` is ``khronika story show 42``.
"""

from __future__ import annotations

import click

from khronika.cli import render
from khronika.cli.common import err, open_from_context, reports_errors, show
from khronika.views.common import plural
from khronika.views.entities import ClaimsContext, ConflictsContext, EntitiesContext, EntityContext
from khronika.views.stories import StoriesContext, StoryContext


@click.command()
@click.option("--entity", "entity_name", metavar="NAME", help="Only claims whose source is this entity (any name).")
@click.option("--story", "story_id", type=int, metavar="ID", help="Only claims in this story's articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def claims(ctx: click.Context, entity_name: str | None, story_id: int | None, as_json: bool) -> None:
    """Who said what: attributed claims with their source and cue."""
    with open_from_context(ctx) as kh:
        context = ClaimsContext.load(kh, entity_name, story_id)
    show(context, as_json, render.claims)


@click.command()
@click.option("--story", "story_id", type=int, metavar="ID", help="Only this story's conflicts.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def conflicts(ctx: click.Context, story_id: int | None, as_json: bool) -> None:
    """Conflicting figures: the same measure of one event, values that cannot both be true."""
    with open_from_context(ctx) as kh:
        context = ConflictsContext.load(kh, story_id)
    show(context, as_json, render.conflicts)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.pass_context
@reports_errors
def entities(ctx: click.Context, as_json: bool, limit: int) -> None:
    """People, organisations and places, with their aliases and counts."""
    with open_from_context(ctx) as kh:
        context = EntitiesContext.load(kh, limit)
    show(context, as_json, render.entities)


@click.command(name="show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity_show(ctx: click.Context, name: str, as_json: bool) -> None:
    """One entity by id or by any of its names (Лукашенко, Lukashenko, …)."""
    with open_from_context(ctx) as kh:
        context = EntityContext.load(kh, name)
    show(context, as_json, render.entity)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--storyline", "storyline_id", type=int, metavar="ID", help="Only the stories of this storyline.")
@click.pass_context
@reports_errors
def stories(ctx: click.Context, as_json: bool, min_articles: int, limit: int, storyline_id: int | None) -> None:
    """Stories, largest first: title, languages, days, outlets, articles, top entities, storyline."""
    with open_from_context(ctx) as kh:
        context = StoriesContext.load(kh, min_articles, limit, storyline_id)
    show(context, as_json, render.stories)


@click.command(name="show")
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story_show(ctx: click.Context, story_id: int, as_json: bool) -> None:
    """One story: its titles per language and its articles in date order."""
    with open_from_context(ctx) as kh:
        context = StoryContext.load(kh, story_id)
    show(context, as_json, render.story)


@click.command()
@click.pass_context
@reports_errors
def recluster(ctx: click.Context) -> None:
    """Rebuild every story and storyline from the stored articles, in publication order, obeying the decisions."""
    with open_from_context(ctx, show_progress=err.is_terminal) as kh:
        count = kh.recluster()
        lines = len(kh.storylines())
    err.print(f"{plural(count, 'story', 'stories')} in {plural(lines, 'storyline')}")
