from khronika.progress import progress_bar


def test_progress_bar_counts_and_disabled_bar_is_silent(capsys) -> None:  # type: ignore[no-untyped-def]
    with progress_bar(3, "ingest", enabled=False) as advance:
        for name in ("a", "b", "c"):
            advance(name)
    assert capsys.readouterr().err == ""
    with progress_bar(2, "ingest", enabled=True) as advance:
        advance("a")
        advance("b")
