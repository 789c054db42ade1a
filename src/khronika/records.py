"""The frozen records every stage passes on.

Data flows one way: a source yields ``RawDocument``; ``extract`` turns it into an
``Article``; the store keeps articles and answers with ``StoredArticle``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DateSource(StrEnum):
    """Where an article's publication date came from (its provenance)."""

    GIVEN = "given"  # --published, or a feed/JSONL field the user supplied
    METADATA = "metadata"  # HTML meta tags, JSON-LD, <time>, feed entry, HTTP headers
    URL = "url"  # a /2020/09/14/ path in the article URL
    TEXT = "text"  # a full date printed in the page text
    PATH = "path"  # a folder or file named by its day (…/2011-01-26/x.txt), with --dates-from-path
    NONE = "none"  # no date found: the article is stored undated


class DocumentKind(StrEnum):
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True)
class RawDocument:
    """One input document before extraction: bytes or text plus where it came from.

    ``url`` is the identity the document would have if the page names no canonical
    URL of its own. ``input_name`` is what the user typed (a path, a URL, a line
    of a JSONL file) and names the document in error messages.
    """

    url: str
    input_name: str
    kind: DocumentKind
    content: bytes
    charset: str | None = None  # declared by HTTP headers or a WARC record, if any
    title: str | None = None  # given by a feed or JSONL, used if the page has none
    published: str | None = None  # ISO date/datetime given alongside the document
    published_source: DateSource = DateSource.NONE
    outlet: str | None = None  # --source NAME or a JSONL "source" field
    lang: str | None = None  # a language the input declares for certain
    http_headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    canonical_from_page: bool = True  # False where identity is fixed (JSONL ids)


@dataclass(frozen=True)
class PublicationDate:
    """A publication date with its provenance; ``value`` is ISO 8601.

    ``value`` is ``YYYY-MM-DD`` or, where the source gives a time,
    ``YYYY-MM-DDTHH:MM[:SS][+HH:MM]``; ``utc_offset`` is set only when given.
    """

    value: str | None
    source: DateSource
    has_time: bool = False
    utc_offset: str | None = None

    @property
    def day(self) -> str | None:
        return self.value[:10] if self.value else None


@dataclass(frozen=True)
class RelatedLink:
    """A "read also" teaser removed from the body; kept as related reading."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class DroppedLine:
    """A line removed from the body, with the rule that removed it."""

    text: str
    rule: str


@dataclass(frozen=True)
class Article:
    """A cleaned, dated, language-tagged article, ready to store and analyse."""

    url: str
    input_name: str
    title: str | None
    text: str
    lang: str
    outlet: str | None
    published: PublicationDate
    domain: str | None = None  # registered domain of the URL: one outlet, any edition
    credits: tuple[str, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    dropped: tuple[DroppedLine, ...] = ()
    http_headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class FailureKind(StrEnum):
    """What sort of failure an IngestFailure is: one short machine word (``--json``'s ``kind``)."""

    MISSING = "missing"  # no such file, no file matches the pattern
    UNREADABLE = "unreadable"  # the file or stream cannot be read
    EMPTY = "empty"  # nothing in it, or no article text once the markup is gone
    TOO_LARGE = "too_large"  # over --max-bytes (while reading or inflating)
    UNSUPPORTED = "unsupported"  # binary data, a file type or media type khronika does not read
    MALFORMED = "malformed"  # broken JSON, WARC, gzip, feed, OPML or markup
    ENCODING = "encoding"  # text that decodes to nothing sensible
    REFUSED = "refused"  # a private address, a file: link from a feed, robots.txt
    NETWORK = "network"  # DNS, connection, timeout, TLS, an HTTP error status
    DELETED = "deleted"  # a URL deleted by hand (khronika delete), ingested without --restore
    INTERNAL = "internal"  # a bug of khronika's own


# phrases of a reason -> its kind, for failures made without one (first match wins)
_REASON_KINDS = (
    (("no such file", "no files match", "names nothing"), FailureKind.MISSING),
    (("size limit",), FailureKind.TOO_LARGE),
    (("cannot read",), FailureKind.UNREADABLE),
    (("refused", "disallowed by robots", "not an http(s) URL"), FailureKind.REFUSED),
    (("internal error", "extraction failed", "analysis failed"), FailureKind.INTERNAL),
    (
        ("malformed", "truncated", "corrupt", "not an RSS", "not an OPML", "not parseable", "nested", "not a JSON"),
        FailureKind.MALFORMED,
    ),
    (("empty", "no article text", "holds no", "no WARC records", "no text", "lists no"), FailureKind.EMPTY),
    (("binary data", "unsupported", "not an HTML page", "links to a feed"), FailureKind.UNSUPPORTED),
    (
        ("HTTP ", "connection", "timed out", "host not found", "TLS error", "cannot fetch", "bad HTTP"),
        FailureKind.NETWORK,
    ),
    (("decode", "encoding", "charset"), FailureKind.ENCODING),
)


def failure_kind(reason: str) -> FailureKind:
    """The kind a reason describes; ``malformed`` for one that names none."""
    for phrases, kind in _REASON_KINDS:
        if any(phrase in reason for phrase in phrases):
            return kind
    return FailureKind.MALFORMED


@dataclass(frozen=True)
class IngestFailure:
    """An input that could not be ingested, and why, in one line.

    ``kind`` is one FailureKind word; a failure made without one (older callers)
    gets the kind its reason describes. The reason is always one line."""

    input: str
    reason: str
    kind: str = ""

    def __post_init__(self) -> None:
        one_line = " ".join(self.reason.split())
        if one_line != self.reason:
            object.__setattr__(self, "reason", one_line)
        if not self.kind:
            object.__setattr__(self, "kind", str(failure_kind(one_line)))

    def to_json(self) -> dict[str, str]:
        """The one shape of a failure under ``--json``."""
        return {"input": self.input, "reason": self.reason, "kind": str(self.kind)}


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store holds it (its latest version)."""

    id: int
    url: str
    title: str | None
    text: str
    lang: str
    outlet: str | None
    published: PublicationDate
    version: int
    copy_of: int | None
    pipeline_version: str
    ingested_at: str
    domain: str | None = None
    credits: tuple[str, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    dropped: tuple[DroppedLine, ...] = ()
    http_headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class StoreOutcome(StrEnum):
    NEW = "new"
    NEW_VERSION = "new_version"
    COPY = "copy"  # new article whose text equals an already stored one
    DUPLICATE = "duplicate"  # same URL, same text: nothing added


@dataclass
class IngestReport:
    """What one ingest run did. ``to_json()`` is its JSON-ready data (a dict, as every
    record's ``to_json`` in khronika), ``to_json_text()`` that as JSON text: what
    ``ingest --json`` prints."""

    ingested: int = 0
    duplicates: int = 0
    failed: list[IngestFailure] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": [failure.to_json() for failure in self.failed],
            "articles": self.articles,
        }

    def to_json_text(self) -> str:
        import json  # the records load no more than they need (tests/unit/test_import_graph.py)

        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


# -- analysis ---------------------------------------------------------------------
# Offsets are character offsets into one field of the article: its ``title`` or
# its ``text`` (both as stored, apostrophes normalised).


class Field(StrEnum):
    TITLE = "title"
    TEXT = "text"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    field: Field = Field.TEXT


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark with its lemma and morphological tags."""

    text: str
    start: int
    end: int
    field: Field = Field.TEXT
    lemma: str = ""
    pos: str | None = None  # NOUN, VERB, ADJF, … (pymorphy3 / OpenCorpora names)
    tags: frozenset[str] = frozenset()  # case, number, gender, Name, Surn, Geox, …
    sentence: int = 0  # index into the article's sentences


class EntityType(StrEnum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"


@dataclass(frozen=True)
class EntityMention:
    text: str
    start: int
    end: int
    field: Field
    type: EntityType
    canonical: str  # nominative, full form, in the article's language and script
    entity_id: str  # stable key shared by every mention of one real-world thing


class TimeGranularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class TimeAnchor(StrEnum):
    EXPLICIT = "explicit"  # the expression names its own date (9 серпня 2020)
    PUBLICATION = "publication"  # resolved against the publication date (вчора, 9 серпня)


@dataclass(frozen=True)
class TimeRange:
    start: str
    end: str


@dataclass(frozen=True)
class TimeExpression:
    """``value``: ISO date (``2020-08-09``, ``2020-08``, ``2020``), a range, or the
    year-less ISO 8601 form (``--08-09``) where no year can be known."""

    text: str
    start: int
    end: int
    value: str | TimeRange | None
    granularity: TimeGranularity
    approximate: bool = False
    anchor: TimeAnchor = TimeAnchor.EXPLICIT
    field: Field = Field.TEXT


@dataclass(frozen=True)
class Claim:
    """Who said what: a source, the cue that attributes, and the content's span."""

    sentence: int
    field: Field
    source: str
    source_kind: str  # person, organisation, official body, media, group, unnamed
    source_start: int
    source_end: int
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    quote: bool
    entity_id: str | None = None
    cited_source: str | None = None
    cited_source_kind: str | None = None


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, normalised, and whose claim it is."""

    sentence: int
    field: Field
    text: str
    start: int
    end: int
    value: float
    qualifier: str | None = None
    approximate: bool = False
    unit: str | None = None
    measure: str | None = None
    subject: str | None = None
    source: str | None = None
    source_kind: str | None = None
    claim: int | None = None
    date: str | None = None
    date_text: str | None = None
    place: str | None = None
    value_max: float | None = None  # a range's upper end (``від 3 до 5``: value 3, value_max 5)


@dataclass(frozen=True)
class Conflict:
    """Two figures of one measure and event from different sources that cannot both be true."""

    measure: str
    first: int
    second: int
    first_source: str
    second_source: str
    first_value: float
    second_value: float
    first_sentence: int
    second_sentence: int


@dataclass(frozen=True)
class AnalysedArticle:
    """An article with the output of the analysis stages (see analysis/pipeline.py)."""

    lang: str
    title: str | None
    text: str
    published: PublicationDate
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[str, ...] = ()

    def field_text(self, field: Field) -> str:
        return (self.title or "") if field is Field.TITLE else self.text

    @staticmethod
    def unanalysed(article: Article | StoredArticle) -> AnalysedArticle:
        """The input of the analysis stages: an article's language, title, text and date."""
        return AnalysedArticle(article.lang, article.title, article.text, article.published)
