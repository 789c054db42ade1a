"""The read-side views of the store: entities, stories, who said what.

``cli/main.py`` registers these commands on the ``khronika`` group. ``cluster_table`` and
``print_titles`` render stories here and storylines in ``cli/corrections.py`` alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from khronika.cli.common import day_span, err, open_from_context, out, print_json, reports_errors


def cluster_table(found: list[dict[str, Any]], second: str, second_cell: Callable[[dict[str, Any]], str]) -> Table:
    """Stories or storylines, one a row: id, ``second``, articles, days, languages, title, top entities."""
    table = Table("id", second, "articles", "days", "langs", "title", "entities", box=None)
    for cluster in found:
        names = ", ".join(entity["name"] for entity in cluster["top_entities"])
        table.add_row(
            str(cluster["id"]), second_cell(cluster), str(cluster["articles"]),
            day_span(cluster["first_day"], cluster["last_day"]), ",".join(cluster["languages"]),
            escape(cluster["title"] or ""), escape(names),
        )  # fmt: skip
    return table


def print_titles(titles: dict[str, str]) -> None:
    """A story's or storyline's title in each language, one a line."""
    for lang, title in titles.items():
        out.print(f"  {lang}: {escape(title)}")


@click.command()
@click.option("--entity", "entity_name", metavar="NAME", help="Only claims whose source is this entity (any name).")
@click.option("--story", "story_id", type=int, metavar="ID", help="Only claims in this story's articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def claims(ctx: click.Context, entity_name: str | None, story_id: int | None, as_json: bool) -> None:
    """Who said what: attributed claims with their source and cue."""
    with open_from_context(ctx) as kh:
        found = kh.claims(entity_name, story_id)
    if as_json:
        print_json(found)
        return
    for claim in found:
        quote = "«»" if claim["quote"] else ""
        cited = f" citing {escape(claim['cited_source'])}" if claim["cited_source"] else ""
        out.print(
            f"[dim]{claim['published'] or '—'} #{claim['article']}[/] [bold]{escape(claim['source'])}[/]"
            f" ({claim['source_kind']}{cited}) [italic]{escape(claim['cue'])}[/]{quote}: {escape(claim['content'])}"
        )
    err.print(f"{len(found)} claims")


@click.command()
@click.option("--story", "story_id", type=int, metavar="ID", help="Only this story's conflicts.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def conflicts(ctx: click.Context, story_id: int | None, as_json: bool) -> None:
    """Conflicting figures: the same measure of one event, values that cannot both be true."""
    with open_from_context(ctx) as kh:
        found = kh.conflicts(story_id)
    if as_json:
        print_json({"conflicts": found})
        return
    for conflict in found:
        event = ", ".join(str(v) for v in conflict["event"].values() if v) or "same event"
        story = f" story {conflict['story']}" if conflict.get("story") is not None else ""
        out.print(f"[bold]{escape(conflict['measure'])}[/] ({escape(event)}){story}")
        for side in conflict["sides"]:
            articles = ", ".join(f"#{article}" for article in side.get("articles") or [side["article"]])
            sources = ", ".join(side.get("sources") or [side["source"]])
            out.print(
                f"  {escape(side['text'] or str(side['value']))} — {escape(sources)} ({articles}):"
                f" {escape(side['sentence'])}"
            )
    err.print(f"{len(found)} conflict{'' if len(found) == 1 else 's'}")


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.pass_context
@reports_errors
def entities(ctx: click.Context, as_json: bool, limit: int) -> None:
    """People, organisations and places, with their aliases and counts."""
    with open_from_context(ctx) as kh:
        found = kh.entities(limit)
    if as_json:
        print_json(found)
        return
    table = Table("id", "type", "name", "articles", "mentions", "aliases", box=None)
    for e in found:
        aliases = ", ".join(a for a in e["aliases"] if a != e["canonical"])
        table.add_row(
            escape(e["id"]), e["type"], escape(e["canonical"]), str(e["articles"]), str(e["mentions"]), escape(aliases)
        )
    out.print(table)


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def entity(ctx: click.Context, name: str, as_json: bool) -> None:
    """One entity by id or by any of its names (Лукашенко, Lukashenko, …)."""
    with open_from_context(ctx) as kh:
        found = kh.entity(name)
    if as_json:
        print_json(found)
        return
    out.print(f"[bold]{escape(found['canonical'])}[/] ({found['type']}, {escape(found['id'])})")
    out.print(f"aliases: {escape(', '.join(found['aliases']))}")
    for item in found["articles_list"]:
        out.print(f"  {item['published'] or '—'}  #{item['id']}  {escape(item['title'] or '')}  ({item['mentions']}×)")


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
        found = kh.stories(min_articles, limit, storyline_id)
    if as_json:
        print_json(found)
        return
    out.print(cluster_table(found, "line", lambda story: str(story["storyline"] or "—")))


@click.command()
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def story(ctx: click.Context, story_id: int, as_json: bool) -> None:
    """One story: its titles per language and its articles in date order."""
    with open_from_context(ctx) as kh:
        found = kh.story(story_id)
    if as_json:
        print_json(found)
        return
    out.print(
        f"[bold]{escape(found['title'] or '')}[/] (story {found['id']}, {found['articles']} articles, {found['sources']} sources,"
        f" storyline {found['storyline'] or '—'})"
    )
    print_titles(found["titles"])
    for item in found["articles_list"]:
        outlet = f"  [{escape(item['outlet'])}]" if item["outlet"] else ""
        copy = f"  [dim](copy of #{item['copy_of']})[/]" if item.get("copy_of") else ""
        out.print(
            f"  {item['published'] or '—'}  #{item['id']}  {item['lang']}  {escape(item['title'] or '')}{outlet}{copy}"
        )


@click.command()
@click.pass_context
@reports_errors
def recluster(ctx: click.Context) -> None:
    """Rebuild every story and storyline from the stored articles, in publication order, obeying the decisions."""
    with open_from_context(ctx, show_progress=err.is_terminal) as kh:
        count = kh.recluster()
        lines = len(kh.storylines())
    err.print(f"{count} stories in {lines} storylines")
