"""The records of a chronicle: its input (analysed articles with their identity) and output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from khronika.records import AnalysedArticle, TimeGranularity


@dataclass(frozen=True)
class Candidate:
    """A sentence that may tell what happened on ``date``."""

    article: int  # index into the chronicle's articles
    sentence: int  # index into that article's sentences
    date: str
    granularity: TimeGranularity
    explicit: bool  # named by the sentence (else: a lead sentence dated by publication)
    announced: bool = False  # named before it came: evidence the date matters, never a line of it
    background: bool = False  # named as the start of what the sentence tells (``since 15 March``)


@dataclass(frozen=True)
class ChronicleSheet:
    """What a chronicle reads of an article's tokens, made once when the article is
    analysed and kept beside its analysis (which keeps no tokens): its candidate
    sentences under the candidate settings given, and their lemma bags. With a sheet,
    a chronicle re-runs no analysis stage on the article (``stories/chronicle_sheet.py``)."""

    candidates: tuple[Candidate, ...]  # ``article`` 0: the chronicle sets its own index
    bags: dict[int, dict[str, int]]  # sentence index -> lemma counts
    lead_sentences: int
    publication_days: int
    months: bool


@dataclass(frozen=True)
class ChronicleArticle:
    """One article a chronicle is built from: its analysis and what a line cites. With a
    ``sheet`` the analysis may come without tokens."""

    id: int
    analysis: AnalysedArticle
    url: str = ""
    outlet: str | None = None
    copy_group: int | None = None  # articles of one group (copies of one text) count once
    sheet: ChronicleSheet | None = None


@dataclass(frozen=True)
class Citation:
    """Where a chronicle sentence was reported, and who says so where it is attributed."""

    article_id: int
    sentence: int  # index into that article's sentences
    text: str
    lang: str
    outlet: str | None = None
    url: str = ""
    claim_source: str | None = None
    claim_source_kind: str | None = None


@dataclass(frozen=True)
class Dispute:
    """Figures of one measure that sources give differently (from an analysis ``Conflict``)."""

    measure: str
    first_source: str
    first_value: float
    second_source: str
    second_value: float


@dataclass(frozen=True)
class ChronicleSentence:
    """One line of an entry: the chosen sentence, then every report of the same event."""

    text: str
    citations: tuple[Citation, ...]
    score: float  # centrality among the date's candidates
    explicit: bool  # the sentence names its date (else it is dated by its article's publication)
    disputes: tuple[Dispute, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.lang for c in self.citations))


@dataclass(frozen=True)
class ChronicleEntry:
    date: str  # ISO: YYYY-MM-DD, or YYYY-MM for a month entry
    granularity: TimeGranularity
    sentences: tuple[ChronicleSentence, ...]
    score: float  # the date's rank score
    mentions: int  # articles (copy groups) that refer to the date
    published: int  # articles (copy groups) published on it


@dataclass(frozen=True)
class Chronicle:
    entries: tuple[ChronicleEntry, ...]
    articles: int
    settings: dict[str, Any] = field(default_factory=dict)

    def as_timeline(self) -> dict[str, list[str]]:
        """Date to sentence texts, the form timeline metrics score."""
        return {entry.date: [s.text for s in entry.sentences] for entry in self.entries}


@dataclass(frozen=True)
class Background:
    """The dated events involving an entity (or both of a pair) across the stored
    articles: their chronicle, and the story of every article its lines cite."""

    names: tuple[str, ...]  # as asked: one entity, or a pair
    entity_ids: tuple[tuple[str, ...], ...]  # per name, the entities it names: a line mentions one of each
    chronicle: Chronicle
    article_stories: dict[int, int | None] = field(default_factory=dict)  # article id -> story id

    def stories_of(self, sentence: ChronicleSentence) -> tuple[int, ...]:
        """The stories a line's citations belong to, in citation order."""
        stories = (self.article_stories.get(c.article_id) for c in sentence.citations)
        return tuple(dict.fromkeys(s for s in stories if s is not None))


@dataclass(frozen=True)
class LineCorrection:
    """What ``khronika chronicle hide|pin|speaker`` kept: a decision on one sentence."""

    decision: int
    kind: str
    article: int
    sentence: int
    text: str
    hidden: bool | None = None
    date: str | None = None
    speaker: str | None = None
