"""Storylines: the second clustering level, made on ingest with the stories, and its views."""

from __future__ import annotations

from pathlib import Path

import khronika
from tests.conftest import Cli
from tests.fixtures.pages import FLOOD_EN, SOCHI_EN, SOCHI_UK, NewsPages, write_news_pages
from tests.fixtures.stories import levels_by_page as levels

# the same actors a month later, another event: a phone call about the loan and integration
CALL_EN = [
    "Alexander Lukashenko and Vladimir Putin spoke by phone about the Russian loan to Belarus, the Kremlin said.",
    "Lukashenko thanked Putin for the first tranche; Minsk and Moscow discussed integration and gas prices.",
]
CALL_UK = [
    "Олександр Лукашенко і Володимир Путін обговорили телефоном російський кредит Білорусі, повідомив Кремль.",
    "Лукашенко подякував Путіну за перший транш; Мінськ і Москва обговорили інтеграцію та ціни на газ.",
]

PAGES: NewsPages = {
    "sochi-uk": ("Лукашенко зустрівся з Путіним у Сочі", "uk", SOCHI_UK, "2020-09-14"),
    "sochi-en": ("Lukashenko meets Putin in Sochi", "en", SOCHI_EN, "2020-09-14"),
    "flood-en": ("Floods hit Valparaíso fishermen", "en", FLOOD_EN, "2020-09-15"),
    "call-en": ("Lukashenko and Putin discuss the loan by phone", "en", CALL_EN, "2020-10-14"),
    "call-uk": ("Лукашенко і Путін обговорили кредит телефоном", "uk", CALL_UK, "2020-10-14"),
}


def write_pages(tmp_path: Path, names: list[str]) -> list[str]:
    return write_news_pages(tmp_path, PAGES, names)


def test_two_events_with_the_same_actors_a_month_apart_are_two_stories_in_one_storyline(
    kh: khronika.Khronika, tmp_path: Path
) -> None:
    kh.ingest(write_pages(tmp_path, list(PAGES)), progress=False)
    found = levels(kh)
    sochi, call, flood = found["sochi-uk"], found["call-en"], found["flood-en"]
    assert found["sochi-en"] == sochi  # an uk and an en report of one event: one story, one storyline
    assert found["call-uk"] == call
    assert sochi[0] != call[0]  # two stories …
    assert sochi[1] == call[1]  # … in one storyline
    assert flood[1] != sochi[1]  # an unrelated event has a storyline of its own


def test_a_late_arriving_older_article_joins_the_story_of_its_own_days(kh: khronika.Khronika, tmp_path: Path) -> None:
    """The September reports arrive after October's phone call: they still make their
    own story, in the call's storyline, and the late English one joins the Ukrainian."""
    kh.ingest(write_pages(tmp_path, ["call-en", "call-uk", "sochi-uk"]), progress=False)
    kh.ingest(write_pages(tmp_path, ["sochi-en"]), progress=False)
    found = levels(kh)
    assert found["call-en"] == found["call-uk"]
    assert found["sochi-en"] == found["sochi-uk"]
    assert found["sochi-uk"][0] != found["call-en"][0]
    assert found["sochi-uk"][1] == found["call-en"][1]


def test_every_article_of_a_story_shares_its_storyline(kh: khronika.Khronika, tmp_path: Path) -> None:
    kh.ingest(write_pages(tmp_path, list(PAGES)), progress=False)
    lines_by_story: dict[int, set[int]] = {}
    for story, line in levels(kh).values():
        lines_by_story.setdefault(story, set()).add(line)
    assert all(len(lines) == 1 for lines in lines_by_story.values())


def test_recluster_rebuilds_both_levels_as_ingest_in_publication_order_did(
    kh: khronika.Khronika, tmp_path: Path
) -> None:
    kh.ingest(write_pages(tmp_path, list(PAGES)), progress=False)
    ingested = levels(kh)
    kh.recluster(progress=False)
    first = levels(kh)
    kh.recluster(progress=False)
    assert levels(kh) == first == ingested


def test_storylines_storyline_and_stories_of_a_storyline(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, list(PAGES)))
    storylines = cli.json("storylines")
    belarus = storylines[0]
    assert (belarus["articles"], belarus["stories"]) == (4, 2)
    assert sorted(belarus["languages"]) == ["en", "uk"]
    assert set(belarus["titles"]) == {"en", "uk"}
    assert belarus["title"] in {PAGES[name][0] for name in ("sochi-uk", "sochi-en", "call-en", "call-uk")}
    assert (belarus["first_day"], belarus["last_day"]) == ("2020-09-14", "2020-10-14")
    assert belarus["articles_per_day"] == {"2020-09-14": 2, "2020-10-14": 2}
    assert belarus["outlets"] == ["Test Herald"]
    assert {"per:lukashenko", "per:putin"} <= {entity["id"] for entity in belarus["top_entities"]}

    stories = cli.json("stories", "--storyline", str(belarus["id"]))
    assert len(stories) == 2
    assert {story["storyline"] for story in stories} == {belarus["id"]}
    assert {story["first_day"] for story in stories} == {"2020-09-14", "2020-10-14"}
    assert len(cli.json("stories")) == 3

    detail = cli.json("storyline", str(belarus["id"]))
    assert sorted(story["id"] for story in detail["stories_list"]) == sorted(story["id"] for story in stories)
    text = cli("storylines")
    assert text.exit_code == 0
    assert "Lukashenko" in text.output or "Лукашенко" in text.output


def test_unknown_storyline_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["flood-en"]))
    for args in (["storyline", "99"], ["stories", "--storyline", "99"]):
        result = cli(*args)
        assert result.exit_code != 0
        assert "no storyline with id 99" in result.output
        assert "Traceback" not in result.output
