"""What every command shares: the consoles, JSON output, and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from khronika.api import Khronika
from khronika.api import open as open_database
from khronika.errors import KhronikaError, NotFoundError, UsageError
from khronika.settings import Settings, default_db_path
from khronika.views.common import Context

F = TypeVar("F", bound=Callable[..., Any])
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _plain(cell: Any) -> str:
    """A table cell's text without its markup, on one line (tabs and newlines as spaces)."""
    if isinstance(cell, str):
        cell = Text.from_markup(cell)
    return (cell.plain if isinstance(cell, Text) else str(cell)).translate(_ONE_LINE)


_ONE_LINE = str.maketrans("\t\n\r", "   ")


def print_table(table: Table) -> None:
    """A table on stdout: rich, fitted to the width, on a terminal; elsewhere (a pipe, a
    file) its title, header and rows one a line, cells tab-separated and whole, never
    cut to a width nor ellipsised (``cut -f5``, ``sort -t$'\\t'``)."""
    if out.is_terminal:
        out.print(table)
        return
    if table.title:
        click.echo(_plain(table.title))
    if table.show_header:
        click.echo("\t".join(_plain(column.header) for column in table.columns))
    for row in zip(*(column.cells for column in table.columns), strict=True):
        click.echo("\t".join(_plain(cell) for cell in row))


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


C = TypeVar("C", bound=Context)


def show(context: C, as_json: bool, render: Callable[[C], None]) -> None:
    """A command's output: its context's JSON twin with ``--json``, else its rendering."""
    if as_json:
        print_json(context.to_json())
    else:
        render(context)


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def printable(name: str) -> str:
    """A name (a path, a URL) with its control characters written out (``\\n``), so a
    file name holding a newline still prints on one line."""
    return name.translate(_CONTROL)


def plain_log(line: str) -> None:
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


def open_from_context(ctx: click.Context, create: bool = False, **changes: Any) -> Khronika:
    """The database the ``khronika`` group's options name, with settings changed.

    Only the commands that store what they read (``ingest``, ``watch``) pass ``create``:
    they create a missing database and say so; every other command refuses one with
    a NotFoundError (a mistyped ``--db`` is no empty database)."""
    settings: Settings = ctx.obj["settings"]
    path = ctx.obj["db"] if ctx.obj["db"] is not None else default_db_path()
    existed = path.exists()
    kh = open_database(path, settings.with_(**changes) if changes else settings, create=create)
    if not existed:
        err.print(f"created database {printable(str(path))}", markup=False)
    return kh
