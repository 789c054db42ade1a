"""The ``khronika`` command line: thin renderers of the API."""

from khronika.cli.main import main

__all__ = ["main"]
