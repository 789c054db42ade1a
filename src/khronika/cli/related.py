"""``khronika related ARTICLE_ID``: what to read next (``Khronika.related``)."""

from __future__ import annotations

import click

from khronika.cli import render
from khronika.cli.common import open_from_context, reports_errors, show
from khronika.views.stories import RelatedContext


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
        context = RelatedContext.load(kh, article_id, k)
    show(context, as_json, render.related)
