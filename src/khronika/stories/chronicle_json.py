"""A chronicle as JSON and back, exactly: what the store keeps of a built chronicle
(``store/protocols/chronicles.py``). ``chronicle_from_json(chronicle_json(c), c.settings)``
equals ``c``; the settings are the caller's (they are what it asked for)."""

from __future__ import annotations

from typing import Any

from khronika.records import TimeGranularity
from khronika.stories.chronicle_records import Chronicle, ChronicleEntry, ChronicleSentence, Citation, Dispute


def chronicle_json(chronicle: Chronicle) -> dict[str, Any]:
    return {
        "articles": chronicle.articles,
        "entries": [
            [
                entry.date,
                entry.granularity.value,
                [_sentence_json(s) for s in entry.sentences],
                entry.score,
                entry.mentions,
                entry.published,
            ]
            for entry in chronicle.entries
        ],
    }


def _sentence_json(sentence: ChronicleSentence) -> list[Any]:
    citations = [
        [c.article_id, c.sentence, c.text, c.lang, c.outlet, c.url, c.claim_source, c.claim_source_kind]
        for c in sentence.citations
    ]
    disputes = [[d.measure, d.first_source, d.first_value, d.second_source, d.second_value] for d in sentence.disputes]
    return [sentence.text, citations, sentence.score, sentence.explicit, disputes]


def chronicle_from_json(data: dict[str, Any], settings: dict[str, Any]) -> Chronicle:
    """A kept chronicle; KeyError, TypeError or ValueError where it is none."""
    entries = tuple(
        ChronicleEntry(date, TimeGranularity(granularity), tuple(_sentence(s) for s in sentences), score, mentions,
                       published)
        for date, granularity, sentences, score, mentions, published in data["entries"]
    )  # fmt: skip
    return Chronicle(entries, int(data["articles"]), settings)


def _sentence(data: list[Any]) -> ChronicleSentence:
    text, citations, score, explicit, disputes = data
    return ChronicleSentence(
        text,
        tuple(Citation(*c) for c in citations),
        score,
        explicit,
        tuple(Dispute(*d) for d in disputes),
    )
