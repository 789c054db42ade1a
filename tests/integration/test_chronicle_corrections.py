"""Hand corrections of chronicle lines (``chronicle hide|unhide|pin|speaker``): kept as
decisions, obeyed by every later chronicle, after a recluster and a later ingest too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

COUNCIL = (
    "Council meeting report\n\n"
    "On 3 March 2021 the city council of Kyiv met and voted for the new school budget of the city.\n\n"
    "On 1 March 2021 the mayor of Kyiv presented the school budget to the press in the city hall.\n\n"
    "The mayor of Kyiv said that the budget would be spent on the schools of the city this year.\n"
)
LATER = (
    "Council budget row\n\n"
    "On 3 March 2021 the city council of Kyiv voted for the new school budget of the city after a long debate.\n\n"
    "Teachers of Kyiv protested on Friday against the school budget of the city outside the hall.\n"
)


def _ingest(cli: Cli, tmp_path: Path, name: str, text: str, published: str) -> None:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    result = cli("ingest", str(page), "--published", published, "-q")
    assert result.exit_code == 0, result.output


def _chronicle(cli: Cli) -> dict[str, Any]:
    (story,) = cli.json("stories")
    return cli.json("chronicle", str(story["id"]))


def _lines(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {entry["date"]: entry["lines"] for entry in report["entries"]}


def test_hide_pin_and_speaker_last_and_are_listed(cli: Cli, tmp_path: Path) -> None:
    _ingest(cli, tmp_path, "council.txt", COUNCIL, "2021-03-05")
    before = _lines(_chronicle(cli))
    assert {"2021-03-01", "2021-03-03"} <= set(before)
    vote = before["2021-03-03"][0]
    assert vote["ref"] == f"{vote['citations'][0]['article_id']}:{vote['citations'][0]['sentence']}"
    text = cli("chronicle", str(cli.json("stories")[0]["id"]))
    assert f"#{vote['ref']}" in text.stdout

    hidden = cli.json("chronicle", "hide", vote["ref"])
    assert hidden["kind"] == "chronicle hide" and hidden["text"] == vote["text"]
    assert "2021-03-03" not in _lines(_chronicle(cli))

    # the last sentence, dated by nothing, becomes a line of the day it is pinned to
    article_id = vote["citations"][0]["article_id"]
    sentences = cli.json("article", str(article_id))["sentences"]
    last = f"{article_id}:{len(sentences) - 1}"
    assert cli("chronicle", "pin", last, "2021-02-20").exit_code == 0
    said = cli("chronicle", "speaker", last, "the mayor's office")
    assert said.exit_code == 0 and "said by the mayor's office" in said.stdout
    lines = _lines(_chronicle(cli))
    (pinned,) = lines["2021-02-20"]
    assert "spent on the schools" in pinned["text"] and pinned["speaker"] == "the mayor's office"
    assert pinned["citations"][0]["claim_source_kind"] == "hand"

    # a later article reporting the hidden event does not bring it back; recluster obeys
    _ingest(cli, tmp_path, "later.txt", LATER, "2021-03-06")
    assert cli("recluster").exit_code == 0
    lines = _lines(_chronicle(cli))
    assert "2021-03-03" not in lines and "2021-02-20" in lines
    kinds = [d["kind"] for d in cli.json("decisions")]
    assert kinds == ["chronicle hide", "chronicle pin", "chronicle speaker"]

    assert cli("chronicle", "unhide", vote["ref"]).exit_code == 0
    (again,) = _lines(_chronicle(cli))["2021-03-03"]
    assert {c["article_id"] for c in again["citations"]} == {article_id, article_id + 1}


def test_a_correction_naming_no_line_is_a_one_line_error(cli: Cli, tmp_path: Path) -> None:
    _ingest(cli, tmp_path, "council.txt", COUNCIL, "2021-03-05")
    (article,) = cli.json("articles")
    for args, words in [
        (("hide", "12"), "no line reference"),
        (("hide", "999:0"), "999"),
        (("hide", f"{article['id']}:99"), "sentences"),
        (("pin", f"{article['id']}:0", "2021-02-30"), "no date"),
        (("speaker", f"{article['id']}:0", "  "), "empty"),
    ]:
        result = cli("chronicle", *args)
        assert result.exit_code != 0 and words in result.output and "Traceback" not in result.output, (
            args,
            result.output,
        )
    assert cli.json("decisions") == []


def test_a_stored_chronicle_runs_no_analysis_stage_and_old_rows_get_their_sheet(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import khronika
    from khronika import chronicles

    _ingest(cli, tmp_path, "council.txt", COUNCIL, "2021-03-05")
    before = _chronicle(cli)
    with khronika.open(cli.db_path) as kh:
        (article,) = kh.articles()
        assert kh.store.chronicle_sheet(article.id) is not None  # made by the ingest
        with monkeypatch.context() as patched:
            patched.setattr(chronicles, "_token_stages", _no_stage)
            patched.setattr(kh, "analyse", _no_stage)
            assert chronicles.story_chronicle(kh, kh.stories()[0].id, None, None, 1, None).entries
        # a row from before sheets were kept: the first chronicle makes and keeps it
        with kh.store.transaction():
            kh.store.save_analysis(article.id, chronicles._stored_analysis(kh, article) or _no_stage())
        assert kh.store.chronicle_sheet(article.id) is None
    assert _chronicle(cli) == before
    with khronika.open(cli.db_path) as kh:
        assert kh.store.chronicle_sheet(kh.articles()[0].id) is not None


def _no_stage(*_: object) -> Any:
    raise AssertionError("a chronicle of stored articles with sheets runs no analysis stage")
