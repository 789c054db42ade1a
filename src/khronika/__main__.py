"""``python -m khronika``: the ``khronika`` command (``khronika.cli``), imported when
run: nothing below the command line imports it (tests/unit/test_import_graph.py)."""


def run() -> None:
    from khronika.cli import main

    main(prog_name="khronika")


if __name__ == "__main__":
    run()
