"""The ``khronika`` command: each command is a few lines around an API call."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import khronika
from khronika.errors import KhronikaError, NotFoundError, UsageError
from khronika.render import article_json, stats_table
from khronika.settings import DEFAULT_MAX_BYTES, Settings

F = TypeVar("F", bound=Callable[..., Any])
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _plain_log(line: str) -> None:
    """Log lines hold URLs and reasons from the outside: never read them as markup."""
    err.print(line, markup=False)


def reports_errors(command: F) -> F:
    """Turn khronika errors into one-line messages and exit codes, never tracebacks."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UsageError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            sys.exit(2)
        except NotFoundError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            sys.exit(1)
        except KhronikaError as error:
            err.print(f"[red]error:[/] {escape(str(error))}")
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file [default: $KHRONIKA_DB or ./khronika.db]",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse pages larger than this.",
)
@click.version_option(khronika.__version__, prog_name="khronika")
@click.pass_context
def main(ctx: click.Context, db: Path | None, max_bytes: int) -> None:
    """khronika: a news story tracker. Ingest articles; read them back."""
    ctx.obj = {"db": db, "settings": Settings(max_bytes=max_bytes)}


def _open(ctx: click.Context, **changes: Any) -> khronika.Khronika:
    settings: Settings = ctx.obj["settings"]
    return khronika.open(ctx.obj["db"], settings.with_(**changes) if changes else settings)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", metavar="DATE", help="Publication date (ISO) for documents that carry none of their own.")
@click.option("--source", "source_name", metavar="NAME", help="Outlet name for every document.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-failure lines.")
@click.pass_context
@reports_errors
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    published: str | None,
    source_name: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Ingest HTML, text, JSONL, RSS/Atom, OPML, WARC files, directories, globs or URLs (- for stdin)."""
    with _open(ctx, show_progress=not quiet and not as_json and err.is_terminal) as kh:
        report = kh.ingest(list(sources), published=published, source=source_name)
    if as_json:
        _print_json(report.to_json())
    else:
        if not quiet:
            for failure in report.failed:
                err.print(f"[red]failed:[/] {escape(failure.input)}: {escape(failure.reason)}")
        err.print(f"ingested {report.ingested}, already stored {report.duplicates}, failed {len(report.failed)}")
    if report.failed and report.ingested == 0 and report.duplicates == 0:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Poll interval: 30s, 15m, 1h.")
@click.option("--polls", type=click.IntRange(min=1), help="Stop after this many polls (default: until Ctrl-C).")
@click.option("--quiet", "-q", is_flag=True)
@click.pass_context
@reports_errors
def watch(ctx: click.Context, sources: tuple[str, ...], every: str, polls: int | None, quiet: bool) -> None:
    """Follow RSS/Atom feeds (or an OPML list of them) and ingest new items."""
    from khronika.watch import parse_interval, watch_feeds

    interval = parse_interval(every)
    with _open(ctx, show_progress=False) as kh:
        watch_feeds(kh, list(sources), interval, polls=polls, log=None if quiet else _plain_log)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--lang", help="Only articles in this language (ISO 639-1, or und).")
@click.option("--outlet", help="Only articles of this outlet (its name or its domain).")
@click.option("--undated", is_flag=True, help="Only articles with no publication date.")
@click.option("--limit", type=click.IntRange(min=1))
@click.pass_context
@reports_errors
def articles(
    ctx: click.Context, as_json: bool, lang: str | None, outlet: str | None, undated: bool, limit: int | None
) -> None:
    """List stored articles."""
    with _open(ctx) as kh:
        found = kh.articles(lang=lang, outlet=outlet, undated=undated, limit=limit)
    if as_json:
        _print_json([article_json(a, with_text=False) for a in found])
        return
    table = Table("id", "date", "lang", "outlet", "title", box=None)
    for a in found:
        table.add_row(
            str(a.id), a.published.day or "—", a.lang, escape(a.outlet or "—"), escape(a.title or a.text[:70])
        )
    out.print(table)
    err.print(f"{len(found)} articles")


@main.command()
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="The stored article as JSON.")
@click.option("--text", "as_text", is_flag=True, help="Only the stored text.")
@click.option("--dropped", is_flag=True, help="The lines removed as boilerplate, with their rule.")
@click.pass_context
@reports_errors
def article(ctx: click.Context, article_id: int, as_json: bool, as_text: bool, dropped: bool) -> None:
    """Show one stored article."""
    with _open(ctx) as kh:
        found = kh.article(article_id)
    if as_json:
        _print_json(article_json(found, with_text=True))
    elif as_text:
        click.echo(found.text)
    elif dropped:
        for line in found.dropped:
            out.print(f"[dim]{line.rule:>14}[/]  {escape(line.text)}")
        err.print(f"{len(found.dropped)} dropped lines")
    else:
        out.print(f"[bold]{escape(found.title or '(no title)')}[/]")
        date = found.published.value or "undated"
        out.print(
            f"[dim]{escape(found.outlet or '—')} · {date} ({found.published.source.value}) · {found.lang} · {escape(found.url)}[/]"
        )
        if found.credits:
            out.print(f"[dim]credit: {escape(', '.join(found.credits))}[/]")
        out.print()
        out.print(escape(found.text))
        for link in found.related:
            out.print(f"[dim]related:[/] {escape(link.title)} {escape(link.url or '')}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.pass_context
@reports_errors
def failures(ctx: click.Context, as_json: bool, limit: int) -> None:
    """What past runs could not ingest, and why (newest first)."""
    with _open(ctx) as kh:
        found = kh.failures(limit)
    if as_json:
        _print_json([{"run": f.run_id, "input": f.input, "reason": f.reason, "at": f.at} for f in found])
        return
    for f in found:
        out.print(f"[dim]{f.at}[/] {escape(f.input)}: {escape(f.reason)}")
    err.print(f"{len(found)} failures")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the database holds."""
    with _open(ctx) as kh:
        data = kh.stats()
    if as_json:
        _print_json(data)
    else:
        out.print(stats_table(data))


if __name__ == "__main__":
    main()
