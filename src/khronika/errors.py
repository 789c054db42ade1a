"""Errors that carry the input they concern and a one-line reason.

Codes follow spaCy's habit (E001 …) so messages can be looked up and tested.
"""

from __future__ import annotations


class KhronikaError(Exception):
    """Base class: ``str(err)`` is a complete one-line message for a user."""

    code = "E000"


class InputError(KhronikaError):
    """One input could not be read or made into an article."""

    code = "E001"

    def __init__(self, input_name: str, reason: str, kind: str = "") -> None:
        super().__init__(f"{input_name}: {reason}")
        self.input_name = input_name
        self.reason = reason
        self.kind = kind  # a records.FailureKind word; empty: the one the reason describes


class UsageError(KhronikaError):
    """A bad option value or argument (exit status 2)."""

    code = "E002"


class NotFoundError(KhronikaError):
    """An article, entity or story id that the store does not hold."""

    code = "E003"


class StoreError(KhronikaError):
    """The database cannot be opened or is not a khronika database."""

    code = "E004"
