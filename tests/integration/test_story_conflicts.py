"""Conflicting figures across the articles of a story (``khronika conflicts --story``),
``claims --story``, and the rules of ``khronika.stories.conflicts`` on their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import khronika
from khronika.records import Field, Figure
from khronika.stories.conflicts import StoredFigure, figures_conflict
from tests.conftest import Cli
from tests.fixtures.pages import page
from tests.fixtures.stories import ids_by_page, stories_by_page

CLASHES = "Сутички у Житомирі: є загиблі"
# three reports of one event written apart (not rewrites of one text, which the
# near-duplicate finder would rightly group as one source)
OFFICIAL = [
    "За даними МВС, під час сутичок у Житомирі загинули троє людей.",
    "Протест біля обласної адміністрації почався після того, як демонстранти перекрили центральну вулицю.",
    "Поліція затримала кількох учасників акції.",
]
RIGHTS = [
    "Правозахисники заявили, що внаслідок сутичок у Житомирі загинули п'ятеро людей.",
    "Активісти вимагають розслідування дій силовиків та звільнення затриманих демонстрантів.",
    "Житомирська обласна адміністрація події не коментує.",
]
OFFICIAL_LATER = [
    "МВС повідомило, що жертвами зіткнень у Житомирі стали п'ятеро людей.",
    "Слідчі відкрили кримінальне провадження щодо масових заворушень біля будівлі адміністрації.",
    "Мер міста закликав мешканців утриматися від нових акцій протесту.",
]
ELECTION_CEC = [
    "За даними ЦВК, Андрій Коваленко набрав 55% голосів виборців Полтави.",
    "Повторне голосування на виборах мера Полтави не знадобиться, кажуть члени комісії.",
]
ELECTION_RIVAL = [
    "Як повідомляє Укрінформ, Олена Мельник набрала 40% голосів виборців Полтави.",
    "Штаб кандидатки визнав поразку на виборах мера і привітав переможця.",
]


def _write(tmp_path: Path, name: str, site: str, title: str, paragraphs: list[str], day: str = "2020-09-14") -> str:
    path = tmp_path / f"{name}.html"
    path.write_text(
        page(title, "uk", url=f"https://{site}/{name}", site=site, paragraphs=paragraphs, published=f"{day}T10:00:00")
    )
    return str(path)


def _stories(db_path: Path) -> dict[str, int]:
    with khronika.open(db_path) as kh:
        return stories_by_page(kh)


def _ids(db_path: Path) -> dict[str, int]:
    with khronika.open(db_path) as kh:
        return ids_by_page(kh)


def _sides(conflict: dict[str, object]) -> dict[str, float]:
    sides = conflict["sides"]
    assert isinstance(sides, list)
    return {side["source"]: side["value"] for side in sides}


def test_officials_three_rights_group_five_is_one_conflict_citing_both(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json(
        "ingest",
        _write(tmp_path, "official", "visnyk.example", CLASHES, OFFICIAL),
        _write(tmp_path, "rights", "kurier.example", CLASHES, RIGHTS),
    )
    stories, ids = _stories(db_path), _ids(db_path)
    assert stories["official"] == stories["rights"]
    found = cli.json("conflicts", "--story", str(stories["official"]))
    [conflict] = found["conflicts"]
    assert conflict["measure"] == "deaths"
    assert _sides(conflict) == {"МВС": 3.0, "правозахисники": 5.0}
    by_source = {side["source"]: side for side in conflict["sides"]}
    assert by_source["МВС"]["article"] == ids["official"] and by_source["правозахисники"]["article"] == ids["rights"]
    assert "троє" in by_source["МВС"]["sentence"] and "п'ятеро" in by_source["правозахисники"]["sentence"]
    assert set(conflict["event"]) == {"date", "place"}
    assert cli.json("conflicts")["conflicts"] == found["conflicts"]


def test_one_agency_text_on_two_sites_is_one_source(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json(
        "ingest",
        _write(tmp_path, "wire-a", "visnyk.example", CLASHES, OFFICIAL),
        _write(tmp_path, "wire-b", "dzerkalo.example", CLASHES, OFFICIAL),
        _write(tmp_path, "rights", "kurier.example", CLASHES, RIGHTS),
    )
    stories, ids = _stories(db_path), _ids(db_path)
    assert stories["wire-a"] == stories["wire-b"] == stories["rights"]
    [conflict] = cli.json("conflicts", "--story", str(stories["rights"]))["conflicts"]
    by_source = {side["source"]: side for side in conflict["sides"]}
    assert set(by_source) == {"МВС", "правозахисники"}
    assert by_source["МВС"]["articles"] == sorted([ids["wire-a"], ids["wire-b"]])


def test_an_update_by_the_same_source_is_no_conflict(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json(
        "ingest",
        _write(tmp_path, "morning", "visnyk.example", CLASHES, OFFICIAL),
        _write(tmp_path, "evening", "kurier.example", CLASHES + ": нові дані", OFFICIAL_LATER),
    )
    stories, ids = _stories(db_path), _ids(db_path)
    assert stories["morning"] == stories["evening"]
    claims = cli.json("claims", "--story", str(stories["morning"]))
    assert {(claim["article"], claim["source"]) for claim in claims} == {
        (ids["morning"], "МВС"),
        (ids["evening"], "МВС"),
        (ids["evening"], "Мер міста"),  # a call (``закликав``) is reported speech too, with no figure
    }
    assert cli.json("conflicts", "--story", str(stories["morning"]))["conflicts"] == []


def test_vote_shares_of_two_candidates_are_no_conflict(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json(
        "ingest",
        _write(tmp_path, "cec", "visnyk.example", "Вибори мера Полтави", ELECTION_CEC),
        _write(tmp_path, "poll", "kurier.example", "Вибори мера Полтави", ELECTION_RIVAL),
    )
    stories = _stories(db_path)
    assert stories["cec"] == stories["poll"]
    claims = cli.json("claims", "--story", str(stories["cec"]))
    assert {claim["source"] for claim in claims} >= {"ЦВК", "Укрінформ"}
    assert cli.json("conflicts", "--story", str(stories["cec"]))["conflicts"] == []


def test_claims_of_one_story_only(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    cli.json(
        "ingest",
        _write(tmp_path, "official", "visnyk.example", CLASHES, OFFICIAL),
        _write(tmp_path, "cec", "kurier.example", "Вибори мера Полтави", ELECTION_CEC),
    )
    stories, ids = _stories(db_path), _ids(db_path)
    assert stories["official"] != stories["cec"]
    claims = cli.json("claims", "--story", str(stories["official"]))
    assert claims and {claim["article"] for claim in claims} == {ids["official"]}
    assert "МВС" in {claim["source"] for claim in claims}


@pytest.mark.parametrize("command", ["conflicts", "claims"])
def test_unknown_story_is_a_clear_error(cli: Cli, command: str) -> None:
    khronika.open(cli.db_path).close()  # a database, empty: read commands refuse a missing one
    result = cli(command, "--story", "999", "--json")
    assert result.exit_code == 1
    assert "no story with id 999" in result.stderr and "Traceback" not in result.output


def _figure(
    source: str,
    value: float,
    article: int,
    group: int,
    day: str,
    event: str | None = None,
    place: str | None = "Мінськ",
) -> StoredFigure:
    figure = Figure(0, Field.TEXT, str(value), 0, 1, value, measure="deaths", source=source, date=event, place=place)
    return StoredFigure(figure, article, group, date.fromisoformat(event or day), frozenset({source.lower()}), "")


def test_rules_copies_updates_and_moments() -> None:
    officials = _figure("МВС", 3, 1, 1, "2020-09-14")
    assert figures_conflict(officials, _figure("правозахисники", 5, 2, 2, "2020-09-14"))
    assert figures_conflict(officials, _figure("правозахисники", 5, 2, 2, "2020-09-15"))  # within a day
    # one copy group: never a conflict between themselves
    assert not figures_conflict(officials, _figure("правозахисники", 5, 2, 1, "2020-09-14"))
    # the same source later: an update
    assert not figures_conflict(officials, _figure("мвс", 5, 3, 3, "2020-09-14"))
    # different sources, days apart, no event date: two moments of a growing toll
    assert not figures_conflict(officials, _figure("правозахисники", 5, 4, 4, "2020-09-16"))
    # event dates given: those are compared, not the articles' days
    dated = _figure("МВС", 3, 1, 1, "2020-09-14", event="2020-09-13")
    assert figures_conflict(dated, _figure("правозахисники", 5, 5, 5, "2020-09-17", event="2020-09-13"))
    assert not figures_conflict(dated, _figure("правозахисники", 5, 5, 5, "2020-09-14", event="2020-09-14"))
    # no shared place and no shared event day: two tolls of a story, not one quantity
    unplaced = _figure("МВС", 3, 1, 1, "2020-09-14", place=None)
    assert not figures_conflict(unplaced, _figure("правозахисники", 5, 2, 2, "2020-09-14", place=None))
    assert not figures_conflict(officials, _figure("правозахисники", 5, 2, 2, "2020-09-14", place="Гродно"))
    assert figures_conflict(
        _figure("МВС", 3, 1, 1, "2020-09-14", event="2020-09-13", place=None),
        _figure("правозахисники", 5, 2, 2, "2020-09-14", event="2020-09-13", place=None),
    )
