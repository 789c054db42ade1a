"""An organisation's acronym and the place it serves, as one name: ``МВД Белоруссии``,
``МИД Литвы``, ``СК России`` (the gold guideline's whole name with a place inside it).

A tagger trained on NER-UK or natasha's corpus often gives the acronym and the
place in the genitive as two spans; in Russian and Ukrainian an all-caps
organisation followed, after one space, by a place is one organisation. A place
before the acronym (``Харківської ОВА``) is left as the tagger gave it.
"""

from __future__ import annotations

from khronika.analysis.entities.abbreviations import is_abbreviation
from khronika.analysis.entities.ner import NerSpan
from khronika.records import EntityType, Field

JOINING_LANGUAGES = frozenset({"ru", "uk"})


def with_places_joined(spans: list[NerSpan], texts: dict[Field, str], lang: str) -> list[NerSpan]:
    if lang not in JOINING_LANGUAGES:
        return spans
    ordered = sorted(spans, key=lambda s: (s.field != Field.TITLE, s.start))
    joined: list[NerSpan] = []
    for span in ordered:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.field is span.field
            and last.type is EntityType.ORG
            and span.type is EntityType.LOC
            and texts[span.field][last.end : span.start] == " "
            and is_abbreviation(texts[span.field][last.start : last.end])
        ):
            joined[-1] = NerSpan(span.field, last.start, span.end, EntityType.ORG)
            continue
        joined.append(span)
    return joined
