"""A rich progress bar on standard error for long work, silent for short work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class Advance(Protocol):
    def __call__(self, label: str) -> None: ...


@contextmanager
def progress_bar(total: int, description: str, enabled: bool) -> Iterator[Advance]:
    """Yield ``advance(label)``; draws a bar only when ``enabled`` and standard error is
    a terminal: elsewhere (a pipe, a log file, a notebook's captured stream) a bar is
    only noise, and rich's transient bar would leave a blank line there."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda label: None
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}", style="dim"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total, label="")

        def advance(label: str) -> None:
            bar.update(task, advance=1, label=label[-50:])

        yield advance
