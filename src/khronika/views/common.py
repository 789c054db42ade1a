"""What every view shares: the context protocol and the small formatting rules."""

from __future__ import annotations

from typing import Any, Protocol


class Context(Protocol):
    """A page's or command's data; ``to_json()`` is its JSON twin."""

    def to_json(self) -> Any: ...


def day_span(first: str | None, last: str | None) -> str:
    """``2020-09-14`` for one day, ``2020-09-07…2020-10-14`` for several, ``—`` for none."""
    return str(first or "—") if first == last else f"{first}…{last}"


def plural(number: int, noun: str) -> str:
    """``1 conflict``, ``2 conflicts``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
