"""``khronika delete``: an article and all derived from it go, its story and storyline
follow, ``recluster`` obeys, and its URL is refused on ingest until ``--restore``."""

from __future__ import annotations

from pathlib import Path

import pytest

import khronika
from khronika.errors import NotFoundError
from tests.conftest import Cli
from tests.fixtures.pages import page
from tests.fixtures.stories import ids_by_page, levels_by_page
from tests.integration.test_storylines import PAGES, write_pages


def _copy_of(tmp_path: Path, name: str) -> str:
    """The page ``name`` again at another URL: an exact copy of it."""
    title, lang, paragraphs, day = PAGES[name]
    path = tmp_path / f"{name}-copy.html"
    path.write_text(page(title, lang, url=f"https://mirror.example/{name}-copy", paragraphs=paragraphs,
                         published=f"{day}T10:00:00"))  # fmt: skip
    return str(path)


def _sizes(kh: khronika.Khronika) -> dict[int, int]:
    return {story.id: story.articles for story in kh.stories()}


def test_delete_removes_the_article_and_what_was_derived_and_recluster_obeys(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    cli.json("ingest", *write_pages(tmp_path, list(PAGES)), _copy_of(tmp_path, "sochi-en"))
    with khronika.open(db_path) as kh:
        ids, levels = ids_by_page(kh), levels_by_page(kh)
        gone, copy = ids["sochi-en"], ids["sochi-en-copy"]
        assert kh.article(copy).copy_of == gone
        story, storyline = levels["sochi-en"]
        sizes = _sizes(kh)
        line_size = kh.storyline(storyline).summary.articles
        lukashenko = {item.id for item in kh.entity("Lukashenko").articles_list}
        assert gone in lukashenko
    result = cli.json("delete", str(gone))
    assert result == [{"decision": 1, "article": gone, "url": "https://wire.example/sochi-en", "story": story,
                       "storyline": storyline}]  # fmt: skip
    with khronika.open(db_path) as kh:
        with pytest.raises(NotFoundError):
            kh.article(gone)
        assert kh.store.article_versions(gone) == [] and kh.store.analysis(gone) is None
        assert gone not in {item.id for item in kh.entity("Lukashenko").articles_list}
        assert _sizes(kh)[story] == sizes[story] - 1
        assert kh.storyline(storyline).summary.articles == line_size - 1
        assert kh.article(copy).copy_of is None  # the copy stays, now an original
        assert gone not in kh.copy_group(copy).copies
        assert all(claim.article != gone for claim in kh.claims())
        assert gone not in {item.id for item in kh.related(ids["sochi-uk"])}
    assert "no article with id" in cli("article", str(gone)).output
    cli("recluster")
    with khronika.open(db_path) as kh:
        assert "sochi-en" not in levels_by_page(kh) and gone not in {a.id for a in kh.articles()}
        assert sum(_sizes(kh).values()) == sum(sizes.values()) - 1
    assert [decision["kind"] for decision in cli.json("decisions")] == ["article delete"]


def test_a_deleted_url_is_refused_on_ingest_until_restored(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    paths = write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en"])
    cli.json("ingest", *paths)
    with khronika.open(db_path) as kh:
        gone = ids_by_page(kh)["flood-en"]
    cli.json("delete", str(gone))
    refused = cli("ingest", "--json", paths[2])
    assert refused.exit_code == 1
    report = refused.stdout
    assert '"kind": "deleted"' in report and "--restore" in report and paths[2] in report
    assert khronika.open(db_path).failures()[0].kind == "deleted"  # newest first
    again = cli.json("ingest", "--restore", paths[2])
    assert again["ingested"] == 1
    with khronika.open(db_path) as kh:
        assert "flood-en" in levels_by_page(kh)
    assert [decision["kind"] for decision in cli.json("decisions")] == ["article delete", "article restore"]
    assert cli.json("ingest", paths[2])["duplicates"] == 1  # restored: an ordinary article again


def test_deleting_a_story_s_only_article_empties_it_and_a_later_merge_decision_survives(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]))
    with khronika.open(db_path) as kh:
        ids, levels = ids_by_page(kh), levels_by_page(kh)
    cli.json("story", "merge", str(levels["sochi-uk"][0]), str(levels["flood-en"][0]))
    cli.json("delete", str(ids["flood-en"]), str(ids["sochi-en"]))
    with khronika.open(db_path) as kh:
        assert [story.articles for story in kh.stories()] == [1]
    cli("recluster")
    cli.json("ingest", *write_pages(tmp_path, ["call-en"]))
    with khronika.open(db_path) as kh:
        assert sorted(levels_by_page(kh)) == ["call-en", "sochi-uk"]


def test_deleting_an_unknown_article_deletes_none_of_those_named(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk"]))
    with khronika.open(db_path) as kh:
        kept = ids_by_page(kh)["sochi-uk"]
    result = cli("delete", str(kept), str(kept + 100))
    assert result.exit_code == 1 and f"no article with id {kept + 100}" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with khronika.open(db_path) as kh:
        assert kh.article(kept).id == kept and kh.decisions() == []
    assert cli("delete", str(kept), str(kept)).exit_code != 0
