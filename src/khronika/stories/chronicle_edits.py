"""Chronicle lines corrected by hand: hidden, pinned to a date, or given their speaker.

Each correction names one sentence of one stored article (its id and sentence index,
as a chronicle's citations give them, with the sentence's text to find it again after
a re-analysis splits the article differently). ``chronicles.py`` reads the decisions
and hands the engine (``stories/chronicle.py``) one ``ChronicleEdits``:

* hidden: a line citing a hidden sentence is not shown, and reports of the same event
  do not come back as a line of their own; the date's next line takes its place;
* pinned: the sentence is a line of the given date (first among its lines, shown even
  past ``--max-dates``), and a candidate of no other date;
* speaker: the sentence's citations name this source instead of the analysis's.

Later decisions about one sentence replace earlier ones of the same kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from khronika.errors import UsageError
from khronika.records import TimeGranularity
from khronika.store.protocols.decisions import CHRONICLE_HIDE, CHRONICLE_PIN, CHRONICLE_SPEAKER
from khronika.stories.chronicle_records import Candidate, ChronicleArticle

SentenceKey = tuple[int, int]  # (article id, sentence index)
SentenceText = Callable[[ChronicleArticle, int], str]
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


def line_date(value: str) -> str:
    """``value`` checked as a chronicle date: ``YYYY-MM-DD`` (a real day) or ``YYYY-MM``."""
    import datetime as dt

    if _DATE.match(value):
        try:
            if len(value) == 10:
                dt.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise UsageError(f"{value!r} is no date: give YYYY-MM-DD or YYYY-MM")


def sentence_ref(value: str) -> SentenceKey:
    """``ARTICLE:SENTENCE`` (as ``khronika chronicle`` prints each line's) as two ints."""
    article, _, sentence = value.partition(":")
    if not (article.isdigit() and sentence.isdigit()):
        raise UsageError(f"{value!r} is no line reference: give ARTICLE:SENTENCE, e.g. 12:3")
    return int(article), int(sentence)


@dataclass(frozen=True)
class ChronicleEdits:
    hidden: frozenset[SentenceKey] = frozenset()
    pins: Mapping[SentenceKey, str] = field(default_factory=dict)  # -> ISO date
    speakers: Mapping[SentenceKey, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.hidden or self.pins or self.speakers)


def edits_from_decisions(
    decisions: Iterable[Mapping[str, Any]], articles: Mapping[int, ChronicleArticle], text_of: SentenceText
) -> ChronicleEdits:
    """The edits that still apply to ``articles`` (id -> article): each decision's sentence
    found again by its text (``text_of(article, index)``), at its index or elsewhere in the
    article; a decision whose article or sentence is gone applies to nothing."""
    hidden: set[SentenceKey] = set()
    pins: dict[SentenceKey, str] = {}
    speakers: dict[SentenceKey, str] = {}
    for decision in decisions:
        arguments = decision["arguments"]
        article = articles.get(int(arguments["article"]))
        if article is None:
            continue
        index = _find_sentence(article, int(arguments["sentence"]), str(arguments.get("text", "")), text_of)
        if index is None:
            continue
        key = (article.id, index)
        if decision["kind"] == CHRONICLE_HIDE:
            if arguments.get("hidden", True):
                hidden.add(key)
            else:
                hidden.discard(key)
        elif decision["kind"] == CHRONICLE_PIN:
            pins[key] = str(arguments["date"])
        elif decision["kind"] == CHRONICLE_SPEAKER:
            speakers[key] = str(arguments["speaker"])
    return ChronicleEdits(frozenset(hidden), pins, speakers)


def _find_sentence(article: ChronicleArticle, index: int, text: str, text_of: SentenceText) -> int | None:
    count = len(article.analysis.sentences)
    if not text:
        return index if index < count else None
    if index < count and text_of(article, index) == text:
        return index
    return next((i for i in range(count) if text_of(article, i) == text), None)


def pinned_candidates(
    candidates: list[Candidate], articles: list[ChronicleArticle], edits: ChronicleEdits
) -> list[Candidate]:
    """``candidates`` with each pinned sentence on its pinned date alone."""
    if not edits.pins:
        return candidates
    positions = {article.id: i for i, article in enumerate(articles)}
    pinned = {(positions[aid], s): date for (aid, s), date in edits.pins.items() if aid in positions}
    kept = [c for c in candidates if (c.article, c.sentence) not in pinned]
    for (position, sentence), date in sorted(pinned.items()):
        granularity = TimeGranularity.DAY if len(date) == 10 else TimeGranularity.MONTH
        kept.append(Candidate(position, sentence, date, granularity, explicit=True))
    return kept
