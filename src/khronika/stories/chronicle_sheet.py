"""An article's chronicle sheet: what chronicles read of its tokens, made once.

The store keeps an article's analysis without its tokens, yet a chronicle needs two
things only tokens give: which sentences are candidates of which dates (future verbs
are read from the morphology) and the lemma bags that score them. ``make_sheet``
computes both when the article is analysed (in the ingest workers, and by
``reanalyze``), and the store keeps the result beside the analysis; a chronicle of
stored articles then reads analyses and sheets and runs no analysis stage, so adding
an article to a story costs its own sheet, whatever the store holds.

A sheet is made under the default candidate settings (``lead_sentences``,
``publication_days``, ``months`` of ``ChronicleSettings``); a chronicle asked for
other ones computes candidates from the tokens instead.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from khronika.records import AnalysedArticle, Field, TimeGranularity
from khronika.stories.chronicle_dates import article_candidates
from khronika.stories.chronicle_records import Candidate, ChronicleArticle, ChronicleSheet

DEFAULT_LEAD_SENTENCES = 5
DEFAULT_PUBLICATION_DAYS = 2


def sentence_bags(analysis: AnalysedArticle, sentences: set[int]) -> dict[int, dict[str, int]]:
    """Lemma counts of the body words of these sentences (what centrality compares)."""
    bags: dict[int, Counter[str]] = {s: Counter() for s in sentences}
    for token in analysis.tokens:
        bag = bags.get(token.sentence)
        if bag is not None and token.text[0].isalpha() and token.field is Field.TEXT:
            bag[(token.lemma or token.text).lower()] += 1
    return {s: dict(bag) for s, bag in bags.items()}


def make_sheet(
    analysis: AnalysedArticle,
    lead_sentences: int = DEFAULT_LEAD_SENTENCES,
    publication_days: int = DEFAULT_PUBLICATION_DAYS,
    months: bool = False,
) -> ChronicleSheet:
    """The sheet of an analysis that still has its tokens."""
    candidates = article_candidates(0, ChronicleArticle(0, analysis), lead_sentences, publication_days, months)
    bags = sentence_bags(analysis, {c.sentence for c in candidates})
    return ChronicleSheet(tuple(candidates), bags, lead_sentences, publication_days, months)


def sheet_json(sheet: ChronicleSheet) -> dict[str, Any]:
    return {
        "candidates": [
            [c.sentence, c.date, c.granularity.value, c.explicit, c.announced, c.background] for c in sheet.candidates
        ],
        "bags": {str(s): bag for s, bag in sheet.bags.items()},
        "settings": [sheet.lead_sentences, sheet.publication_days, sheet.months],
    }


def sheet_from_json(data: dict[str, Any]) -> ChronicleSheet:
    """A kept sheet; KeyError, TypeError or ValueError where it is no sheet."""
    candidates = tuple(
        Candidate(0, int(s), str(date), TimeGranularity(gran), bool(explicit), bool(announced), bool(background))
        for s, date, gran, explicit, announced, background in data["candidates"]
    )
    bags = {int(s): {str(w): int(n) for w, n in bag.items()} for s, bag in data["bags"].items()}
    lead, days, months = data["settings"]
    return ChronicleSheet(candidates, bags, int(lead), int(days), bool(months))
