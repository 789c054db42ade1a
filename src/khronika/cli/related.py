"""``khronika related ARTICLE_ID``: what to read next (``Khronika.related``)."""

from __future__ import annotations

import click
from rich.markup import escape

from khronika.cli.common import err, open_from_context, out, print_json, reports_errors


@click.command()
@click.argument("article_id", type=int)
@click.option("--k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="How many articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def related(ctx: click.Context, article_id: int, k: int, as_json: bool) -> None:
    """Related reading: same story first, then same storyline, then shared entities;
    never the article or its copies."""
    with open_from_context(ctx) as kh:
        found = kh.related(article_id, k)
    if as_json:
        print_json({"article": article_id, "related": found})
        return
    for item in found:
        why = item["why"]
        if item["shared_entities"]:
            why += ": " + ", ".join(item["shared_entities"])
        outlet = f"  [{escape(item['outlet'])}]" if item["outlet"] else ""
        out.print(
            f"{item['published'] or '—'}  #{item['id']}  {item['lang']}  {escape(item['title'] or '')}{outlet}"
            f"  [dim]({escape(why)})[/]"
        )
    err.print(f"{len(found)} related articles")
