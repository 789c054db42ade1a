"""``python -m khronika.cli``: the ``khronika`` command."""

from khronika.cli.main import main

main()
