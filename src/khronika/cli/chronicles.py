"""``khronika chronicle`` and ``khronika background``: dated lines, each citing its reports;
``chronicle hide|unhide|pin|speaker ARTICLE:SENTENCE``: corrections of lines that last."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from khronika.cli import render
from khronika.cli.common import open_from_context, print_json, reports_errors, show
from khronika.cli.corrections import ViewOrCorrect
from khronika.cli.render_chronicle import echo
from khronika.views.chronicles import BackgroundContext, ChronicleContext, LineCorrectionContext

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


class _ChronicleGroup(ViewOrCorrect):
    """``chronicle`` alone is ``chronicle show``, which says what it needs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, args or ["show"])


@click.group(cls=_ChronicleGroup, name="chronicle")
def chronicle() -> None:
    """A story's (or storyline's) chronicle (`chronicle ID`, `chronicle --storyline ID`), or a
    correction of one of its lines that lasts (`chronicle hide|unhide|pin|speaker ARTICLE:SENTENCE`,
    the reference each line ends with)."""


@chronicle.command(name="show")
@click.argument("story_id", type=int, required=False)
@click.option("--storyline", "storyline_id", type=int, metavar="ID", help="The chronicle of a whole storyline.")
@_options
@click.pass_context
@reports_errors
def chronicle_show(
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


def _correct(ctx: click.Context, ref: str, as_json: bool, **change: Any) -> None:
    with open_from_context(ctx) as kh:  # a missing database is the first error
        context = LineCorrectionContext.load(kh, ref, **change)
    show(context, as_json, render.correction)


_REF = click.argument("ref", metavar="ARTICLE:SENTENCE")
_JSON = click.option("--json", "as_json", is_flag=True)


@chronicle.command(name="hide")
@_REF
@_JSON
@click.pass_context
@reports_errors
def chronicle_hide(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Hide the line citing this sentence from every chronicle and background; reports
    of the same event do not come back in its place."""
    _correct(ctx, ref, as_json, hidden=True)


@chronicle.command(name="unhide")
@_REF
@_JSON
@click.pass_context
@reports_errors
def chronicle_unhide(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Undo `chronicle hide` of this sentence."""
    _correct(ctx, ref, as_json, hidden=False)


@chronicle.command(name="pin")
@_REF
@click.argument("date", metavar="DATE")
@_JSON
@click.pass_context
@reports_errors
def chronicle_pin(ctx: click.Context, ref: str, date: str, as_json: bool) -> None:
    """Make the sentence a line of DATE (YYYY-MM-DD or YYYY-MM), and of no other date."""
    _correct(ctx, ref, as_json, date=date)


@chronicle.command(name="speaker")
@_REF
@click.argument("name", metavar="NAME")
@_JSON
@click.pass_context
@reports_errors
def chronicle_speaker(ctx: click.Context, ref: str, name: str, as_json: bool) -> None:
    """Say who says what the sentence reports, wherever it is cited."""
    _correct(ctx, ref, as_json, speaker=name)


COMMANDS = (chronicle, background)
