"""What every view shares: the context protocol and the small formatting rules."""

from __future__ import annotations

from typing import Any, Protocol


class Context(Protocol):
    """A page's or command's data; ``to_json()`` is its JSON twin."""

    def to_json(self) -> Any: ...


def day_span(first: str | None, last: str | None) -> str:
    """``2020-09-14`` for one day, ``2020-09-07…2020-10-14`` for several, ``—`` for none."""
    return str(first or "—") if first == last else f"{first}…{last}"


def plural(number: int, noun: str, nouns: str | None = None) -> str:
    """``1 conflict``, ``2 conflicts``; ``nouns`` where the plural is no ``s`` away (``stories``)."""
    return f"{number} {noun}" if number == 1 else f"{number} {nouns or noun + 's'}"


def number(value: float) -> str:
    """A figure's value as written plainly: ``1500000``, ``2.5`` (no ``1.5e+06``, no ``100.0``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
