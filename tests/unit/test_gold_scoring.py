"""Scoring stored analyses against the gold sample: alignment, entities, claims, conflicts.

The stored side is built by hand here (what an ingest would have stored), so each
rule of the scorers is checked on its own; tests/integration/test_eval_gold.py runs
the real ingest.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from khronika.evaluation.gold_claims import flagged, score_claims
from khronika.evaluation.gold_entities import score_entities
from khronika.evaluation.gold_ingest import Predicted, _align
from khronika.evaluation.gold_sample import (
    GoldClaim,
    GoldDocument,
    GoldEntity,
    GoldFigure,
    GoldNumber,
    GoldPair,
    GoldSentence,
    Span,
)
from khronika.records import DateSource, Field, Figure, PublicationDate, StoredArticle
from khronika.stories.conflicts import StoredFigure


def _at(text: str, part: str, nth: int = 1) -> Span:
    start = -1
    for _ in range(nth):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _article(text: str, title: str | None = None) -> StoredArticle:
    return StoredArticle(1, "u", title, text, "ru", None, PublicationDate(None, DateSource.NONE), 1, None, "8", "")


def _document(text: str, sentences: list[GoldSentence], lang: str = "ru") -> GoldDocument:
    return GoldDocument("d", lang, "test", text, tuple(sentences))


def _sentence(span: Span, **parts: Any) -> GoldSentence:
    return GoldSentence(span, *(tuple(parts.get(key, ())) for key in ("entities", "claims", "figures", "numbers")))


def test_alignment_finds_a_sentence_whose_white_space_the_cleaning_changed() -> None:
    gold_text = "Титул\nМэр  Москвы\u00a0сказал: да."
    stored_text = "Мэр Москвы сказал: да."
    document = _document(gold_text, [_sentence((6, len(gold_text)))])
    alignment = _align(document, _article(stored_text, "Титул"))
    assert alignment.found == [True]
    stored = _at(stored_text, "Москвы")
    assert alignment.span("text", *stored) == _at(gold_text, "Москвы")
    assert alignment.span("title", 0, 5) is None  # the title is no annotated sentence


def test_a_dropped_sentence_is_not_found_and_its_mentions_count_as_missed() -> None:
    text = "Путин приехал в Минск."
    entity = GoldEntity(_at(text, "Путин"), "PER", "per:putin")
    document = _document(text, [_sentence((0, len(text)), entities=[entity])])
    alignment = _align(document, _article("Совсем другой текст."))
    assert alignment.found == [False]
    result = score_entities([Predicted(document, _article(""), {"entities": []}, alignment, [])])
    assert result["languages"]["ru"]["span"]["recall"] == 0.0 and result["languages"]["ru"]["span"]["gold"] == 1


def _predicted(
    text: str, gold: GoldDocument, analysis: dict[str, Any], figures: list[StoredFigure] | None = None
) -> Predicted:
    return Predicted(gold, _article(text), analysis, _align(gold, _article(text)), figures or [])


def _mention(text: str, part: str, kind: str, entity_id: str, nth: int = 1) -> dict[str, Any]:
    start, end = _at(text, part, nth)
    return {"text": part, "start": start, "end": end, "field": "text", "type": kind, "entity_id": entity_id}


def test_entities_score_exact_spans_and_pair_stored_ids_with_gold_entities() -> None:
    text = "Лукашенко и Лукашенко встретились в Минске, Лукашенко уехал."
    gold_entities = [GoldEntity(_at(text, "Лукашенко", n), "PER", "per:lukashenko") for n in (1, 2, 3)]
    gold_entities.append(GoldEntity(_at(text, "Минске"), "LOC", "loc:minsk"))
    gold = _document(text, [_sentence((0, len(text)), entities=gold_entities)])
    stored = [
        _mention(text, "Лукашенко", "PER", "per:a", 1),
        _mention(text, "Лукашенко", "PER", "per:a", 2),
        _mention(text, "Лукашенко", "PER", "per:b", 3),  # a second stored id for the same man
        _mention(text, "Минске", "ORG", "org:minsk"),  # the right span, the wrong type
        _mention(text, "встретились", "MISC", "misc:x"),  # MISC is not scored
    ]
    result = score_entities([_predicted(text, gold, {"entities": stored})])["languages"]["ru"]
    assert (result["span"]["right"], result["span"]["predicted"], result["span"]["gold"]) == (3, 4, 4)
    assert result["span_and_id"]["right"] == 2  # per:b is not the id that stands for Лукашенко
    assert result["per_type"]["LOC"]["recall"] == 0.0 and result["per_type"]["ORG"]["precision"] == 0.0
    assert result["bcubed"]["precision"] == 1.0 and result["bcubed"]["recall"] < 1.0


def _claim(text: str, source: str, cue: str, content: str) -> dict[str, Any]:
    spans = {
        key: list(_at(text, part))
        for key, part in (("source_span", source), ("cue_span", cue), ("content_span", content))
    }
    return {"field": "text", "source": source, "cue": cue, **spans}


def test_a_claim_is_right_when_its_source_covers_the_head_inside_the_gold_phrase() -> None:
    text = "Аналитики в Москве отмечают, что Кремль молчит. Погода хорошая."
    first = (0, text.index(".") + 1)
    gold_claim = GoldClaim(
        _at(text, "Аналитики в Москве"), _at(text, "Аналитики"), _at(text, "отмечают"), _at(text, "Кремль молчит")
    )
    gold = _document(text, [_sentence(first, claims=[gold_claim]), _sentence((first[1] + 1, len(text)))])
    wrong_head = {
        "claims": [_claim(text, "Москве", "отмечают", "Кремль молчит"), _claim(text, "Погода", "хорошая", "хорошая")]
    }
    result = score_claims([_predicted(text, gold, wrong_head)], ())["languages"]["ru"]["source_cue"]
    assert (result["right"], result["predicted"], result["gold"]) == (
        0,
        2,
        1,
    )  # a claim in the unattributed sentence is wrong
    right = {"claims": [_claim(text, "Аналитики", "отмечают", "Кремль молчит")]}
    scored = score_claims([_predicted(text, gold, right)], ())["languages"]["ru"]
    assert scored["source_cue"]["f1"] == 1.0 and scored["content_f1"] == 1.0


def _figure(text: str, part: str, value: float, source: str | None, measure: str | None = "deaths") -> Figure:
    start, end = _at(text, part)
    return Figure(0, Field.TEXT, part, start, end, value, measure=measure, source=source, place="Минск")


def test_conflicts_are_flagged_by_khronikas_own_rules_and_a_side_without_a_figure_never_is() -> None:
    text = "МВД сообщило о 3 погибших в Минске, а правозащитники говорят о 5 погибших в Минске в 14:00."
    figures = [_figure(text, "3 погибших", 3, "МВД"), _figure(text, "5 погибших", 5, "правозащитники")]
    stored = [StoredFigure(f, 1, 1, date(2020, 8, 10), frozenset({f.source or ""}), text) for f in figures]
    gold = GoldDocument(
        "d", "ru", "test", text,
        (_sentence((0, len(text)),
                   figures=[GoldFigure("f1", _at(text, "3 погибших"), 3, "deaths"), GoldFigure("f2", _at(text, "5 погибших"), 5, "deaths")],
                   numbers=[GoldNumber("n1", _at(text, "14:00"), "clock_time")]),),
    )  # fmt: skip
    predicted = _predicted(text, gold, {"figures": []}, stored)
    true_pair = GoldPair("p1", "d/f1", "d/f2", True, "", True, "test")
    clock_pair = GoldPair("p2", "d/f1", "d/n1", False, "", True, "test")
    assert flagged({"d": predicted}, true_pair) and not flagged({"d": predicted}, clock_pair)
    result = score_claims([predicted], (true_pair, clock_pair))
    assert result["conflicts"]["precision"] == 1.0 and result["conflicts"]["recall"] == 1.0
    assert result["all"]["figures"]["right"] == 2 and result["all"]["figures"]["spurious"] == 0


def test_alignment_leaves_spans_outside_the_annotated_sentences_out() -> None:
    text = "Первая фраза о Киеве. Вторая фраза о Львове."
    gold = _document(text, [_sentence((0, text.index(".") + 1))])
    predicted = _predicted(text, gold, {"entities": [_mention(text, "Львове", "LOC", "loc:lviv")]})
    assert predicted.alignment.span("text", *_at(text, "Львове")) is None
    assert score_entities([predicted])["languages"]["ru"]["span"]["predicted"] == 0
