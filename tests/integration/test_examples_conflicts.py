"""The sample corpus (examples/html) was written with one disagreement: deaths in
the Belarus protests, three by the officials' count against five by the rights
groups'. Ingesting it must report that conflict with the right sides and none of
the false ones seen before: vague ``hundreds`` against ``more than 400``, a
figure given the wrong measure (3,000 detained read as injured), two counted groups
(civilians vs police), and one source's update (State Emergency Service, 9 then 11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import khronika
from khronika.store import SQLiteStore
from khronika.stories.who_said_what import stored_conflicts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "html"
OFFICIAL = {"officials", "офіційні дані", "официальные данные", "МВС", "МВД"}
RIGHTS = {"human rights groups", "правозахисники", "правозащитники"}


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = tmp_path_factory.mktemp("examples") / "demo.db"
    with khronika.open(db) as kh:
        report = kh.ingest([str(EXAMPLES)], progress=False)
    assert report.failed == []
    store = SQLiteStore(db)
    try:
        return stored_conflicts(store)
    finally:
        store.close()


def _sides(conflict: dict[str, Any]) -> list[tuple[float, str]]:
    return sorted((side["value"], side["source"]) for side in conflict["sides"])


def test_the_deaths_conflict_is_officials_three_against_rights_groups_five(conflicts: list[dict[str, Any]]) -> None:
    deaths = [c for c in conflicts if c["measure"] == "deaths" and {s["value"] for s in c["sides"]} == {3.0, 5.0}]
    assert deaths, conflicts
    for conflict in deaths:
        (_, low_source), (_, high_source) = _sides(conflict)
        assert low_source in OFFICIAL and high_source in RIGHTS, conflict
    languages = {name for c in deaths for side in c["sides"] for name in side["sources"]}
    assert {"officials", "human rights groups", "правозащитники"} <= languages
    assert len(deaths) == 1, deaths  # one disagreement, however many reports and languages carry it


def test_every_conflict_is_the_intended_one(conflicts: list[dict[str, Any]]) -> None:
    for conflict in conflicts:
        assert conflict["measure"] == "deaths", conflict
        assert {s["value"] for s in conflict["sides"]} == {3.0, 5.0}, conflict


def test_none_of_the_false_patterns(conflicts: list[dict[str, Any]]) -> None:
    sides = [side for c in conflicts for side in c["sides"]]
    texts = {side["text"] for side in sides}
    sources = {side["source"] for side in sides}
    assert "hundreds" not in texts  # vague: agrees with more than 400
    assert "близько трьох тисяч" not in texts and "39" not in texts  # detained; another group
    assert not {"State Emergency Service", "Ukraine's State Emergency Service"} & sources  # an update
    assert not [s for s in sources if s and s.lower().startswith(("по ", "за ", "according"))]  # cue as source
