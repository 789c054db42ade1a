"""../shared/seed/EXPECTED.md, entities and dates, as tests over the real seed article."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from khronika.analysis.serialize import analysis_json
from khronika.run.document import analyse_source
from khronika.settings import Settings
from tests.conftest import requires_shared
from tests.seed_page import SEED

EXPECTED_ENTITIES = {
    ("Олександр Лукашенко", "PER"): {
        "Лукашенко",
        "Лукашенка",
        "Лукашенку",
        "Олександр Лукашенко",
        "Олександра Лукашенка",
    },
    ("Володимир Путін", "PER"): {"Путіним", "Путін", "Путіна", "Володимиром Путіним"},
    ("Світлана Тихановська", "PER"): {"Світлану Тихановську"},
    ("Білорусь", "LOC"): {"Білорусі", "Білорусь"},
    ("Росія", "LOC"): {"РФ", "Росію", "Росією", "Росія"},
    ("Москва", "LOC"): {"Москву", "Москва"},
    ("Сочі", "LOC"): {"Сочі"},
    ("Мінськ", "LOC"): {"Мінську"},
    ("НАТО", "ORG"): {"НАТО"},
    ("ЦВК", "ORG"): {"ЦВК"},
    ("МВС", "ORG"): {"МВС"},
    ("Bloomberg", "ORG"): {"Bloomberg"},
    ("БЕЛТА", "ORG"): {"БЕЛТА"},
    ("TUT.by", "ORG"): {"TUT.by"},
    ("Євросоюз", "ORG"): {"Євросоюзі"},
}


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    requires_shared(SEED)
    return analysis_json(analyse_source(str(SEED), Settings(), published="2020-09-14"))


def test_every_expected_entity_with_its_surface_forms(seed: dict[str, Any]) -> None:
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in seed["entities"]:
        found[(mention["canonical"], mention["type"])].add(mention["text"])
    for (canonical, kind), forms in EXPECTED_ENTITIES.items():
        assert (canonical, kind) in found, f"{canonical} ({kind}) not found; found {sorted(found)}"
        missing = forms - found[(canonical, kind)]
        assert not missing, f"{canonical}: forms {missing} not resolved to it"


def test_mentions_of_one_person_share_one_entity(seed: dict[str, Any]) -> None:
    ids = {m["entity_id"] for m in seed["entities"] if m["canonical"] == "Олександр Лукашенко"}
    assert len(ids) == 1
    forms = {m["text"] for m in seed["entities"] if m["entity_id"] in ids}
    assert {"Лукашенка", "Олександр Лукашенко"} <= forms


def test_offsets_slice_their_field(seed: dict[str, Any]) -> None:
    for item in [*seed["entities"], *seed["times"]]:
        source = seed["title"] if item["field"] == "title" else seed["text"]
        assert source[item["start"] : item["end"]] == item["text"]
    for sentence in seed["sentences"]:
        assert sentence["end"] > sentence["start"]


def test_title_is_analysed_too(seed: dict[str, Any]) -> None:
    title_entities = {(m["canonical"], m["type"]) for m in seed["entities"] if m["field"] == "title"}
    assert {("Олександр Лукашенко", "PER"), ("Володимир Путін", "PER")} <= title_entities


def test_expected_dates_against_publication(seed: dict[str, Any]) -> None:
    values = {t["text"]: t for t in seed["times"]}
    for text, value in {
        "9 серпня": "2020-08-09",
        "27 серпня": "2020-08-27",
        "8 вересня": "2020-09-08",
        "13 вересня": "2020-09-13",
    }.items():
        assert values[text]["value"] == value and values[text]["granularity"] == "day"
        assert values[text]["anchor"] == "publication" and not values[text]["approximate"]


def test_percentages_are_not_dates_and_vague_times_are_approximate(seed: dict[str, Any]) -> None:
    texts = [t["text"] for t in seed["times"]]
    assert not any("%" in text or "80,1" in text or "10,1" in text for text in texts)
    vague = [t for t in seed["times"] if "місяців тому" in t["text"] or "перші дні" in t["text"]]
    assert len(vague) == 2
    for time in vague:
        assert time["approximate"]
        assert not (isinstance(time["value"], str) and len(time["value"]) == 10), "a vague time got a precise day"
