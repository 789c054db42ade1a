"""Copies grouped on ingest and counted as one source; related reading; ``khronika related``."""

from __future__ import annotations

import json
from pathlib import Path

import khronika
from khronika.settings import Settings
from tests.conftest import Cli
from tests.fixtures.pages import page

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

AGENCY = [
    "Belarusian leader Alexander Lukashenko flew to Sochi on Monday to meet Vladimir Putin, the Kremlin said.",
    "Putin promised Minsk a loan of 1.5 billion dollars and said that Russia would stand by its ally.",
    "Lukashenko told Putin that the protests in Minsk had been organised from abroad, and thanked him for support.",
    "The two leaders also discussed joint military exercises and the price of Russian gas for Belarus next year.",
]
OWN_REPORT = [
    "In Sochi, Vladimir Putin received Alexander Lukashenko at his residence: the first meeting since the election.",
    "Moscow will lend Belarus 1.5 billion dollars, Putin announced, while Lukashenko blamed foreign powers for the "
    "unrest at home.",
    "Gas prices and military drills were also on the table, according to the Kremlin spokesman Dmitry Peskov.",
]
FLOODS = [
    "Heavy rain flooded the port of Valparaíso in Chile, and fishermen lost their boats to the storm on Monday.",
    "The harbour master said the water would recede by the weekend while fishermen counted the damage.",
]
# outlet -> (title, paragraphs)
PAGES = {
    "wire": ("Putin promises Lukashenko a loan in Sochi", AGENCY),
    "herald": ("Putin promises Lukashenko a loan in Sochi", AGENCY),  # the same text: an exact copy
    "courier": (  # the agency text with the outlet's own intro and outro lines
        "Russia to lend Belarus $1.5bn",
        ["As the agency reported from Sochi on Monday evening:", *AGENCY, "Read more about Belarus on our site."],
    ),
    "gazette": ("Sochi talks: loan for Minsk", OWN_REPORT),
    "tribune": ("Floods hit Valparaíso fishermen", FLOODS),
}


def _write(tmp_path: Path) -> list[str]:
    paths = []
    for outlet, (title, paragraphs) in PAGES.items():
        path = tmp_path / f"{outlet}.html"
        html = page(
            title, url=f"https://{outlet}.example/sochi", site=outlet.title(), paragraphs=paragraphs,
            published="2020-09-14T10:00:00+00:00",
        )  # fmt: skip
        path.write_text(html)
        paths.append(str(path))
    return paths


def _ids(db_path: Path) -> dict[str, int]:
    with khronika.open(db_path) as kh:
        return {article.url.split("//")[1].split(".")[0]: article.id for article in kh.articles()}


def _story_of(kh: khronika.Khronika, article_id: int) -> int:
    return next(
        story.id for story in kh.stories() if article_id in {item.id for item in kh.story(story.id).articles_list}
    )


def test_syndicated_copies_are_one_group_and_one_source(kh: khronika.Khronika, tmp_path: Path, db_path: Path) -> None:
    kh.ingest(_write(tmp_path), progress=False)
    ids = _ids(db_path)
    groups = kh.store.copy_group_map()
    group = min(ids["wire"], ids["herald"], ids["courier"])
    assert {name: groups.get(ids[name]) for name in PAGES} == {
        "wire": group, "herald": group, "courier": group, "gazette": None, "tribune": None,
    }  # fmt: skip
    story = kh.story(_story_of(kh, ids["wire"]))
    members = {item.id for item in story.articles_list}
    assert {ids["wire"], ids["herald"], ids["courier"]} <= members
    copies_in_story = len({ids["wire"], ids["herald"], ids["courier"]} & members)
    assert story.summary.sources == story.summary.articles - copies_in_story + 1
    marked = {item.id: item.copy_of for item in story.articles_list}
    assert marked[ids["herald"]] == group and marked[ids["courier"]] == group and marked[group] is None
    assert kh.copy_group(ids["courier"]).id == group
    assert kh.copy_group(ids["gazette"]).to_json() == {"id": None, "copies": [], "near_duplicates": []}


def test_related_never_returns_the_article_or_its_copies(kh: khronika.Khronika, tmp_path: Path, db_path: Path) -> None:
    kh.ingest(_write(tmp_path), progress=False)
    ids = _ids(db_path)
    copies = {ids["wire"], ids["herald"], ids["courier"]}
    for article_id in copies:
        found = kh.related(article_id, k=10)
        assert not {item.id for item in found} & copies
        assert ids["gazette"] in {item.id for item in found}
    from_gazette = [item.id for item in kh.related(ids["gazette"], k=10)]
    assert len(set(from_gazette) & copies) == 1  # one syndicated text, shown once
    same_story = len({kh.store.stories.story_of(ids["gazette"]), kh.store.stories.story_of(ids["wire"])}) == 1
    first = kh.related(ids["gazette"], k=10)[0]
    assert first.why == "story" if same_story else first.why in ("storyline", "entities")
    assert first.shared_entities  # it says which names it shares


def test_related_cli_json_and_a_bad_id(kh: khronika.Khronika, tmp_path: Path, db_path: Path, cli: Cli) -> None:
    kh.ingest(_write(tmp_path), progress=False)
    ids = _ids(db_path)
    data = cli.json("related", str(ids["gazette"]), "--k", "2")
    assert data["article"] == ids["gazette"]
    assert 1 <= len(data["related"]) <= 2
    for item in data["related"]:
        assert set(item) == {"id", "title", "lang", "outlet", "published", "url", "why", "score", "shared_entities"}
        assert item["why"] in ("story", "storyline", "entities")
    result = cli("related", "9999")
    assert result.exit_code == 1
    assert "no article with id 9999" in result.stderr
    assert "Traceback" not in result.output
    assert cli("related", str(ids["gazette"]), "--k", "0").exit_code == 2
    article = cli.json("article", str(ids["herald"]))
    assert article["copy_group"]["copies"] == sorted(kh.store.copies_of(ids["herald"]))


def test_the_examples_syndicated_pair_and_rewrite_are_grouped(kh: khronika.Khronika) -> None:
    manifest = json.loads((EXAMPLES / "manifest.json").read_text())
    pages = {p["id"]: p for p in manifest["pages"]}
    chosen = ["by-sochi-05", "by-sochi-06", "by-protests-13", "by-protests-14", "by-sochi-04", "by-protests-12"]
    kh.ingest([str(EXAMPLES / pages[name]["path"]) for name in chosen], progress=False)
    by_url = {article.url.rstrip("/"): article.id for article in kh.articles()}
    ids = {name: by_url[pages[name]["url"].rstrip("/")] for name in chosen}
    groups = kh.store.copy_group_map()
    assert groups[ids["by-sochi-05"]] == groups[ids["by-sochi-06"]]
    assert groups[ids["by-protests-13"]] == groups[ids["by-protests-14"]]
    assert groups[ids["by-sochi-05"]] != groups[ids["by-protests-13"]]
    assert ids["by-sochi-04"] not in groups and ids["by-protests-12"] not in groups


def test_articles_stored_without_analysis_are_signed_by_a_later_ingest(tmp_path: Path, db_path: Path) -> None:
    paths = _write(tmp_path)
    with khronika.open(db_path, Settings(analyse_on_ingest=False)) as plain:
        plain.ingest([paths[0], paths[2]], progress=False)  # wire, courier: no analysis, no signature yet
        assert len(plain.store.queued()) == 2
        assert plain.store.copy_group_map() == {}
    with khronika.open(db_path) as kh:
        kh.ingest([paths[3]], progress=False)  # gazette, analysed: its ingest signs the queue too
        ids = _ids(db_path)
        assert kh.store.queued() == []
        assert kh.store.copy_group_map() == {ids["wire"]: ids["wire"], ids["courier"]: ids["wire"]}
