"""Stories on ingest: assignment in the store, recluster, the ``stories``/``story`` commands."""

from __future__ import annotations

from pathlib import Path

import khronika
from khronika.settings import Settings
from tests.conftest import Cli
from tests.fixtures.pages import FLOOD_EN, SOCHI_EN, SOCHI_UK, NewsPages, write_news_pages
from tests.fixtures.stories import stories_by_page

PAGES: NewsPages = {
    "sochi-uk": ("Лукашенко зустрівся з Путіним у Сочі", "uk", SOCHI_UK, "2020-09-14"),
    "sochi-en": ("Lukashenko meets Putin in Sochi", "en", SOCHI_EN, "2020-09-14"),
    "flood-en": ("Floods hit Valparaíso fishermen", "en", FLOOD_EN, "2020-09-14"),
}


def _write(tmp_path: Path, names: list[str]) -> list[str]:
    return write_news_pages(tmp_path, PAGES, names)


def _assignments(db_path: Path) -> dict[str, int]:
    with khronika.open(db_path) as kh:
        return stories_by_page(kh)


def test_one_event_in_two_languages_is_one_story_and_another_event_is_another(
    kh: khronika.Khronika, tmp_path: Path, db_path: Path
) -> None:
    kh.ingest(_write(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]), progress=False)
    stories = _assignments(db_path)
    assert stories["sochi-uk"] == stories["sochi-en"]
    assert stories["flood-en"] != stories["sochi-uk"]


def test_recluster_gives_the_ingest_time_assignment(kh: khronika.Khronika, tmp_path: Path, db_path: Path) -> None:
    kh.ingest(_write(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]), progress=False)
    before = _assignments(db_path)
    assert kh.recluster(progress=False) == 2
    assert _assignments(db_path) == before


def test_recluster_in_a_new_process_and_resume_after_reopening(tmp_path: Path, db_path: Path) -> None:
    """Ingest in two sessions (the clusterer resumes from the saved state), then recluster."""
    with khronika.open(db_path) as kh:
        kh.ingest(_write(tmp_path, ["sochi-uk"]), progress=False)
    with khronika.open(db_path) as kh:
        kh.ingest(_write(tmp_path, ["sochi-en", "flood-en"]), progress=False)
    resumed = _assignments(db_path)
    assert resumed["sochi-uk"] == resumed["sochi-en"] != resumed["flood-en"]
    with khronika.open(db_path) as kh:
        kh.recluster(progress=False)
    assert _assignments(db_path) == resumed


def test_recluster_without_stored_bags_reanalyses_the_text(
    kh: khronika.Khronika, tmp_path: Path, db_path: Path
) -> None:
    """Articles stored without a term bag (ingested unanalysed, analysed later): recluster
    makes their bags from the stages re-run on the text and gives the ingest-time stories."""
    pages = _write(tmp_path, ["sochi-uk", "sochi-en", "flood-en"])
    kh.ingest(pages, progress=False)
    before = _assignments(db_path)
    with khronika.open(tmp_path / "bagless.db", Settings(analyse_on_ingest=False, show_progress=False)) as bagless:
        bagless.ingest(pages, progress=False)
        assert bagless.reanalyse(progress=False) == 3  # analyses and entities stored, no bag, no story
        ids = [article.id for article in bagless.articles()]
        assert [bagless.store.stories.bag(article_id) for article_id in ids] == [None, None, None]
        assert stories_by_page(bagless) == {}
        bagless.recluster(progress=False)
        assert stories_by_page(bagless) == before
        assert all(bagless.store.stories.bag(article_id) is not None for article_id in ids)


def test_reingest_adds_no_membership_twice(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    paths = _write(tmp_path, ["sochi-uk", "sochi-en", "flood-en"])
    cli.json("ingest", *paths)
    cli.json("ingest", *paths)
    with khronika.open(db_path) as kh:
        assert len(kh.store.stories.story_assignments()) == 3
        assert sum(story.articles for story in kh.store.stories.stories()) == 3


def test_stories_and_story_json(cli: Cli, tmp_path: Path) -> None:
    cli.json("ingest", *_write(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]))
    stories = cli.json("stories")
    assert [story["articles"] for story in stories] == [2, 1]
    sochi = stories[0]
    assert set(sochi) >= {
        "id", "title", "titles", "languages", "first_day", "last_day", "outlets", "articles", "top_entities",
        "storyline",
    }  # fmt: skip
    assert isinstance(sochi["storyline"], int)
    assert sorted(sochi["languages"]) == ["en", "uk"]
    assert sochi["titles"] == {"en": "Lukashenko meets Putin in Sochi", "uk": "Лукашенко зустрівся з Путіним у Сочі"}
    assert sochi["first_day"] == sochi["last_day"] == "2020-09-14"
    assert sochi["articles_per_day"] == {"2020-09-14": 2}
    assert {"per:lukashenko", "per:putin"} <= {entity["id"] for entity in sochi["top_entities"]}
    story = cli.json("story", str(sochi["id"]))
    assert story["storyline"] == sochi["storyline"]
    assert [item["lang"] for item in story["articles_list"]] == ["uk", "en"]
    assert set(story["articles_list"][0]) >= {"id", "published", "lang", "outlet", "title", "url"}
    missing = cli("story", "999")
    assert missing.exit_code != 0
    assert "no story" in missing.output
