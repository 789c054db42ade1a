"""The ``khronika`` command: each command is a few lines around an API call."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from threadpoolctl import threadpool_limits

import khronika
from khronika.api import check_arguments
from khronika.cli import render
from khronika.cli.chronicles import COMMANDS as CHRONICLE_COMMANDS
from khronika.cli.common import err, open_from_context, plain_log, printable, reports_errors, show
from khronika.cli.corrections import COMMANDS as CORRECTION_COMMANDS
from khronika.cli.evaluate import evaluate, train
from khronika.cli.reading import claims, conflicts, entities, recluster, stories
from khronika.cli.related import related
from khronika.errors import UsageError
from khronika.settings import DEFAULT_MAX_BYTES, Settings
from khronika.views.articles import (
    AnalyzeContext,
    ArticleContext,
    ArticlesContext,
    FailuresContext,
    StatsContext,
    VersionsContext,
)
from khronika.views.common import plural


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
@click.option(
    "--allow-private-addresses",
    is_flag=True,
    help="Fetch URLs on loopback, private, link-local and metadata addresses too (refused by default).",
)
@click.option(
    "--stories-config",
    type=click.Path(exists=True, dir_okay=False),
    envvar="KHRONIKA_STORIES_CONFIG",
    help="Story and storyline weights (e.g. quality/clusters-news-e5.json) [default: built-in].",
)
@click.version_option(khronika.__version__, prog_name="khronika")
@click.pass_context
def main(
    ctx: click.Context, db: Path | None, max_bytes: int, allow_private_addresses: bool, stories_config: str | None
) -> None:
    """khronika: a news story tracker. Ingest articles; read them back."""
    # one BLAS thread: khronika's matrices are small (slovnet's convolutions, the CRF
    # decoder), and OpenBLAS threads waiting for a busy core spin: Russian analysis
    # took 24.5 ms an article with two threads on a busy 2-core machine, 12.1 with one
    # (one thread costs ~1 ms on an idle machine)
    threadpool_limits(limits=1)
    ctx.obj = {
        "db": db,
        "settings": Settings(
            max_bytes=max_bytes, allow_private_addresses=allow_private_addresses, stories_config=stories_config
        ),
    }


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", metavar="DATE", help="Publication date (ISO) for documents that carry none of their own.")
@click.option("--source", "source_name", metavar="NAME", help="Outlet name for every document.")
@click.option(
    "--dates-from-path", is_flag=True, help="Date each document by a day its path names (…/2011-01-26/x.txt)."
)
@click.option("--restore", is_flag=True, help="Store again the URLs deleted by `khronika delete` (else refused).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-failure lines.")
@click.pass_context
@reports_errors
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    published: str | None,
    source_name: str | None,
    dates_from_path: bool,
    restore: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Ingest HTML, text, JSONL, RSS/Atom, OPML, WARC files, directories, globs or URLs (- for stdin)."""
    check_arguments(published=published)  # a bad date creates no database
    with open_from_context(ctx, create=True, show_progress=not quiet and not as_json and err.is_terminal) as kh:
        report = kh.ingest(
            list(sources), published=published, source=source_name, dates_from_path=dates_from_path, restore=restore
        )
    if as_json:
        click.echo(report.to_json_text())
    else:
        if not quiet:
            for failure in report.failed:
                err.print(f"[red]failed:[/] {escape(printable(failure.input))}: {escape(failure.reason)}")
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
    check_arguments(every=every)  # a bad interval creates no database
    with open_from_context(ctx, create=True, show_progress=False) as kh:
        kh.watch(list(sources), every, polls=polls, log=None if quiet else plain_log)


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
    with open_from_context(ctx) as kh:
        context = ArticlesContext.load(kh, lang=lang, outlet=outlet, undated=undated, limit=limit)
    show(context, as_json, render.articles)


@main.command()
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="The stored article as JSON.")
@click.option("--text", "as_text", is_flag=True, help="Only the stored text.")
@click.option("--dropped", is_flag=True, help="The lines removed as boilerplate, with their rule.")
@click.option("--versions", is_flag=True, help="Every stored version: number, when stored, text hash, title.")
@click.pass_context
@reports_errors
def article(ctx: click.Context, article_id: int, as_json: bool, as_text: bool, dropped: bool, versions: bool) -> None:
    """Show one stored article."""
    if sum((as_text, dropped, versions)) > 1:
        raise UsageError("--text, --dropped and --versions exclude each other")
    with open_from_context(ctx) as kh:
        if versions:
            show(VersionsContext.load(kh, article_id), as_json, render.article_versions)
            return
        context = ArticleContext.load(kh, article_id)
    shown = render.article_text if as_text else render.article_dropped if dropped else render.article
    show(context, as_json, shown)


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option("--published", metavar="DATE", help="Publication date (ISO): the anchor for relative dates.")
@click.option("--lang", help="The document's language (ISO 639-1), instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="The analysed article as JSON.")
@click.pass_context
@reports_errors
def analyze(ctx: click.Context, source: str, published: str | None, lang: str | None, as_json: bool) -> None:
    """Analyse one document (HTML or text) without storing it."""
    context = AnalyzeContext.load(source, ctx.obj["settings"], published=published, lang=lang)
    for warning in context.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    show(context, as_json, render.analysis)


@main.command()
@click.option("--all", "every", is_flag=True, help="Every stored article.")
@click.option("--older", is_flag=True, help="Articles analysed by an older pipeline version, or not at all [default].")
@click.pass_context
@reports_errors
def reanalyze(ctx: click.Context, every: bool, older: bool) -> None:
    """Re-run the analysis stages on stored articles (after a model or rules upgrade)."""
    if every and older:
        raise UsageError("--all and --older exclude each other")
    with open_from_context(ctx, show_progress=err.is_terminal) as kh:
        count = kh.reanalyse(only_older=not every)
    err.print(f"analysed {plural(count, 'article')}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.pass_context
@reports_errors
def failures(ctx: click.Context, as_json: bool, limit: int) -> None:
    """What past runs could not ingest, and why (newest first)."""
    with open_from_context(ctx) as kh:
        context = FailuresContext.load(kh, limit)
    show(context, as_json, render.failures)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@reports_errors
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the database holds."""
    with open_from_context(ctx) as kh:
        context = StatsContext.load(kh)
    show(context, as_json, render.stats)


for command in (claims, conflicts, entities, stories, recluster, related, *CORRECTION_COMMANDS, evaluate, train):
    main.add_command(command)
for command in CHRONICLE_COMMANDS:  # chronicle, background
    main.add_command(command)

if __name__ == "__main__":
    main()
