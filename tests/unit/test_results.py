"""The API's result records: JSON in field order, and a loud failure when a lower
layer hands over a shape the records do not know."""

from __future__ import annotations

import json
from typing import Any

import pytest

from khronika.results import (
    ConflictEvent,
    StoredAnalysis,
    StoreStats,
    StoryConflict,
    StoryDetail,
    StorySummary,
    TopEntity,
    as_json,
)

STORY: dict[str, Any] = {
    "id": 3, "title": "Протести в Мінську", "titles": {"uk": "Протести в Мінську", "ru": "Протесты в Минске"},
    "languages": ["uk", "ru"], "first_day": "2020-09-13", "last_day": "2020-09-14", "outlets": ["a.ua", "b.ru"],
    "articles": 4, "sources": 3, "top_entities": [{"id": "loc:minsk", "name": "Мінськ", "articles": 4}],
    "articles_per_day": {"2020-09-13": 1, "2020-09-14": 3}, "storyline": 2,
}  # fmt: skip


def test_a_record_gives_back_the_dict_it_was_made_from_in_the_same_order() -> None:
    story = StorySummary.from_dict(STORY)
    assert story.top_entities == (TopEntity("loc:minsk", "Мінськ", 4),)
    assert story.languages == ("uk", "ru")
    assert json.dumps(story.to_json(), ensure_ascii=False) == json.dumps(STORY, ensure_ascii=False)


def test_a_detail_keeps_its_list_after_the_summary() -> None:
    article = {"id": 7, "published": "2020-09-14", "lang": "uk", "outlet": None, "title": "t", "url": "u", "copy_of": 5}
    detail = StoryDetail.from_dict(STORY | {"articles_list": [article]})
    assert detail.id == 3 and detail.articles_list[0].copy_of == 5
    assert list(detail.to_json()) == [*STORY, "articles_list"]
    assert detail.to_json()["articles_list"] == [article]


def test_a_new_or_missing_key_from_below_fails_loudly() -> None:
    with pytest.raises(TypeError):
        StorySummary.from_dict(STORY | {"novelty": 1})
    with pytest.raises(KeyError):
        StorySummary.from_dict({key: value for key, value in STORY.items() if key != "titles"})
    with pytest.raises(TypeError):
        StoreStats(**{"database": "x.db"})  # the counts are missing


def test_a_story_conflict_nests_its_event_and_sides() -> None:
    side = {
        "value": 100, "value_max": None, "text": "100", "source": "police", "source_kind": "official body",
        "article": 1, "sentence": "Police said 100.", "articles": [1, 2], "sources": ["police"],
    }  # fmt: skip
    raw = {"measure": "detained", "event": {"date": "2020-09-13", "place": None}, "sides": [side], "story": 4}
    conflict = StoryConflict.from_dict(raw)
    assert conflict.event == ConflictEvent("2020-09-13", None)
    assert conflict.sides[0].articles == (1, 2)
    assert conflict.to_json() == raw
    assert json.dumps(conflict.to_json()) == json.dumps(raw)  # an int value stays an int: 100, not 100.0


def test_as_json_turns_tuples_into_lists_and_leaves_plain_values() -> None:
    assert as_json((TopEntity("a", "A", 1), {"k": (1, 2)}, None)) == [
        {"id": "a", "name": "A", "articles": 1}, {"k": [1, 2]}, None,
    ]  # fmt: skip


def test_a_stored_analysis_reads_its_parts_and_keeps_the_document_as_stored() -> None:
    document = {"language": "uk", "sentences": [{"start": 0, "end": 5, "field": "text"}], "warnings": ["short"]}
    analysis = StoredAnalysis(document)
    assert analysis.sentences == document["sentences"] and analysis.warnings == ["short"]
    assert analysis.entities == [] and analysis.claims == []  # an older pipeline's document: no such part
    assert analysis["language"] == "uk"
    with pytest.raises(KeyError):
        analysis["entities"]
    assert list(analysis.to_json()) == ["language", "sentences", "warnings"]
