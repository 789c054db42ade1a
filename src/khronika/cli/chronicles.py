"""``khronika chronicle`` and ``khronika background``: dated lines, each citing its reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from khronika.cli.common import open_from_context, print_json, reports_errors
from khronika.cli.render_chronicle import echo
from khronika.views.chronicles import BackgroundContext, ChronicleContext

FORMAT_CHOICES = click.Choice(["text", "md", "html", "json"])


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options both commands share."""
    for option in reversed(
        [
            click.option("--format", "fmt", type=FORMAT_CHOICES, default="text", show_default=True),
            click.option("--json", "as_json", is_flag=True, help="The same as --format json."),
            click.option(
                "--max-dates", type=int, metavar="N", help="At most N dates, the best ranked [default: every date]."
            ),
            click.option("--per-date", type=int, default=1, show_default=True, metavar="K", help="Lines per date."),
            click.option(
                "--lang",
                metavar="L",
                help="Tell lines in this language where a report of the event is in it [default: the most frequent].",
            ),
        ]
    ):
        command = option(command)
    return command


def _show(context: ChronicleContext | BackgroundContext, fmt: str, as_json: bool) -> None:
    if as_json or fmt == "json":
        print_json(context.to_json())
    else:
        echo(context, fmt)


@click.command()
@click.argument("story_id", type=int, required=False)
@click.option("--storyline", "storyline_id", type=int, metavar="ID", help="The chronicle of a whole storyline.")
@_options
@click.pass_context
@reports_errors
def chronicle(
    ctx: click.Context,
    story_id: int | None,
    storyline_id: int | None,
    fmt: str,
    as_json: bool,
    max_dates: int | None,
    per_date: int,
    lang: str | None,
) -> None:
    """A story's (or storyline's) chronicle: a line per date, citing every report of it."""
    with open_from_context(ctx) as kh:
        context = ChronicleContext.load(kh, story_id, storyline_id, max_dates, per_date, lang)
    _show(context, fmt, as_json)


@click.command()
@click.argument("entity")
@click.argument("other", metavar="[ENTITY2]", required=False)
@_options
@click.pass_context
@reports_errors
def background(
    ctx: click.Context,
    entity: str,
    other: str | None,
    fmt: str,
    as_json: bool,
    max_dates: int | None,
    per_date: int,
    lang: str | None,
) -> None:
    """The dated events involving ENTITY (or both ENTITY and ENTITY2), across every story."""
    with open_from_context(ctx) as kh:
        context = BackgroundContext.load(kh, entity, other, max_dates, per_date, lang)
    _show(context, fmt, as_json)


COMMANDS = (chronicle, background)
