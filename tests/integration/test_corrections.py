"""Corrections by hand that last: story merge/move and entity merge/split, kept as
decisions that later ingests and ``recluster`` obey."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import khronika
from khronika.store.protocols.stories import ClusterLevel
from tests.conftest import Cli
from tests.fixtures.pages import page
from tests.fixtures.stories import ids_by_page, levels_by_page
from tests.integration.test_storylines import write_pages

MAYOR = {
    "castro": ("Mayor inspects the harbour", ["Mayor Jorge Castro inspected the flooded harbour of Valparaíso."]),
    "sharp": ("Harbour repairs begin", ["Jorge Sharp, the mayor of Valparaíso, said harbour repairs would begin."]),
    "castro-again": ("Mayor visits fishermen", ["Mayor Jorge Castro visited the fishermen of Valparaíso on Friday."]),
}


def _write_mayor(tmp_path: Path, name: str) -> str:
    title, paragraphs = MAYOR[name]
    path = tmp_path / f"{name}.html"
    path.write_text(
        page(title, "en", url=f"https://wire.example/{name}", paragraphs=paragraphs, published="2020-09-20T10:00")
    )
    return str(path)


def levels(db_path: Path) -> dict[str, tuple[int, int]]:
    with khronika.open(db_path) as kh:
        return levels_by_page(kh)


def _article_ids(db_path: Path) -> dict[str, int]:
    with khronika.open(db_path) as kh:
        return ids_by_page(kh)


def _mentioned(db_path: Path, article: int) -> set[str]:
    with khronika.open(db_path) as kh:
        return set(kh.store.stories.entity_ids(article))


def test_story_merge_survives_recluster_and_a_later_ingest(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]))
    before = levels(db_path)
    sochi, flood = before["sochi-uk"][0], before["flood-en"][0]
    assert sochi != flood
    result = cli.json("story", "merge", str(sochi), str(flood))
    assert result["articles"] == 3 and result["articles_moved"] == [_article_ids(db_path)["flood-en"]]
    merged = levels(db_path)
    assert len({story for story, _ in merged.values()}) == 1
    assert len({line for _, line in merged.values()}) == 1  # the merged story's articles share a storyline
    assert "no story" in cli("story", str(flood)).output
    cli("recluster")
    assert len({story for story, _ in levels(db_path).values()}) == 1
    cli.json("ingest", *write_pages(tmp_path, ["call-en"]))
    cli("recluster")
    after = levels(db_path)
    assert after["sochi-uk"][0] == after["sochi-en"][0] == after["flood-en"][0]
    decisions = cli.json("decisions")
    assert [decision["kind"] for decision in decisions] == ["story merge"]


def test_story_move_survives_recluster_and_a_later_ingest(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]))
    ids, before = _article_ids(db_path), levels(db_path)
    flood_story = before["flood-en"][0]
    result = cli.json("story", "move", str(ids["sochi-en"]), str(flood_story))
    assert (result["from_story"], result["story"]) == (before["sochi-en"][0], flood_story)
    for _ in range(2):
        found = levels(db_path)
        assert found["sochi-en"] == found["flood-en"]  # story and storyline follow the move
        assert found["sochi-en"][0] != found["sochi-uk"][0]
        cli.json("ingest", *write_pages(tmp_path, ["call-en", "call-uk"]))
        cli("recluster")
    found = levels(db_path)
    assert found["sochi-en"][0] == found["flood-en"][0] != found["sochi-uk"][0]
    text = cli("story", "move", str(ids["sochi-en"]), str(found["flood-en"][0]))
    assert text.exit_code != 0 and "already in story" in text.output


def _days(db_path: Path, level: ClusterLevel, cluster_id: int) -> tuple[str | None, str | None]:
    """The day span the store keeps for a story or storyline (store ids are clusterer ids + 1)."""
    with khronika.open(db_path) as kh:
        kept = kh.store.stories.level_state(level).clusters[cluster_id - 1]
    assert kept.id == cluster_id - 1
    return _iso(kept.first_day), _iso(kept.last_day)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def test_a_story_that_loses_an_article_spans_the_days_it_keeps(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en", "call-en", "call-uk"]))
    ids, before = _article_ids(db_path), levels(db_path)
    flood_story, flood_line = before["flood-en"]
    cli.json("story", "move", str(ids["call-en"]), str(flood_story))  # 2020-10-14 joins the floods of 2020-09-15
    assert _days(db_path, "story", flood_story) == ("2020-09-15", "2020-10-14")
    cli.json("story", "move", str(ids["call-en"]), str(before["sochi-en"][0]))  # and leaves them again
    assert _days(db_path, "story", flood_story) == ("2020-09-15", "2020-09-15")
    assert _days(db_path, "storyline", flood_line) == ("2020-09-15", "2020-09-15")


def test_recluster_with_decisions_reproduces_the_same_assignment(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en", "call-en", "call-uk"]))
    ids, before = _article_ids(db_path), levels(db_path)
    cli.json("story", "move", str(ids["call-en"]), str(before["flood-en"][0]))
    cli.json("story", "merge", str(before["sochi-uk"][0]), str(before["call-uk"][0]))
    cli("recluster")
    first = levels(db_path)
    cli("recluster")
    assert levels(db_path) == first
    assert first["call-en"][0] == first["flood-en"][0]
    assert first["call-uk"][0] == first["sochi-uk"][0] == first["sochi-en"][0]


def test_entity_merge_survives_a_later_ingest(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", _write_mayor(tmp_path, "castro"), _write_mayor(tmp_path, "sharp"))
    castro, sharp = cli.json("entity", "Jorge Castro"), cli.json("entity", "Jorge Sharp")
    assert castro["id"] != sharp["id"]
    result = cli.json("entity", "merge", "Jorge Sharp", "Jorge Castro")
    assert (result["entity"], result["merged"], result["mentions"]) == (sharp["id"], castro["id"], 1)
    merged = cli.json("entity", castro["id"])  # the old id, and the old name, lead to the kept entity
    assert merged["id"] == sharp["id"]
    assert "Jorge Castro" in merged["aliases"] and merged["articles"] == 2
    ids = _article_ids(db_path)
    assert _mentioned(db_path, ids["castro"]) & {castro["id"], sharp["id"]} == {sharp["id"]}
    cli.json("ingest", _write_mayor(tmp_path, "castro-again"))
    assert sharp["id"] in _mentioned(db_path, _article_ids(db_path)["castro-again"])
    assert castro["id"] not in _mentioned(db_path, _article_ids(db_path)["castro-again"])
    with khronika.open(db_path) as kh:  # no term bag names the merged id any more
        bags = [kh.store.stories.bag(article.id) for article in kh.articles()]
        assert all(castro["id"] not in entity for bag in bags if bag is not None for entity in bag.entities)
        assert len([bag for bag in bags if bag is not None]) == 3
    assert "merged into" in cli("entity", "merge", "Jorge Sharp", "Valparaíso").output


def test_entity_split_survives_a_later_ingest(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en"]))
    lukashenko = cli.json("entity", "Lukashenko")
    assert {"Alexander Lukashenko", "Олександр Лукашенко"} <= set(lukashenko["aliases"])
    result = cli.json("entity", "split", "Lukashenko", "Alexander Lukashenko")
    new_id = result["new_entity"]
    assert new_id != lukashenko["id"] and result["mentions"] > 0
    ids = _article_ids(db_path)
    assert new_id in _mentioned(db_path, ids["sochi-en"])
    assert lukashenko["id"] not in _mentioned(db_path, ids["sochi-en"])
    assert _mentioned(db_path, ids["sochi-uk"]) >= {lukashenko["id"]}
    assert "Alexander Lukashenko" not in cli.json("entity", lukashenko["id"])["aliases"]
    with khronika.open(db_path) as kh:  # the stories' and storylines' entity counts follow at once
        stories = kh.store.stories
        story = stories.story_of(ids["sochi-en"])
        assert story is not None
        storyline = stories.storyline_of(story)
        assert storyline is not None
        assert new_id in stories.stories(story)[0].entity_weights
        assert new_id in stories.storylines(storyline)[0].entity_weights
    cli.json("ingest", *write_pages(tmp_path, ["call-en", "call-uk"]))
    ids = _article_ids(db_path)
    assert new_id in _mentioned(db_path, ids["call-en"]) and lukashenko["id"] not in _mentioned(db_path, ids["call-en"])
    assert lukashenko["id"] in _mentioned(db_path, ids["call-uk"])
    assert [decision["kind"] for decision in cli.json("decisions")] == ["entity split"]


def test_bad_ids_and_names_give_clear_errors(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json("ingest", *write_pages(tmp_path, ["sochi-uk", "sochi-en", "flood-en"]))
    found = levels(db_path)
    story = found["sochi-uk"][0]
    cases = {
        ("story", "merge", str(story), "999"): "no story with id 999",
        ("story", "merge", str(story), str(story)): "with itself",
        ("story", "move", "999", str(story)): "no article with id 999",
        ("story", "move", str(_article_ids(db_path)["flood-en"]), "999"): "no story with id 999",
        ("entity", "merge", "Lukashenko", "Nobody Atall"): "no entity named 'Nobody Atall'",
        ("entity", "merge", "Lukashenko", "Lukashenko"): "one entity already",
        ("entity", "split", "Nobody Atall", "X"): "no entity named 'Nobody Atall'",
        ("entity", "split", "Lukashenko", "Vladimir Putin"): "has no name 'Vladimir Putin'",
        ("entity", "split", "Valparaíso", "Valparaíso"): "the only name",
    }
    for args, message in cases.items():
        result = cli(*args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert cli.json("decisions") == []
    assert cli.json("story", str(story))["id"] == story  # `story ID` still shows a story
