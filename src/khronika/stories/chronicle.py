"""A story's chronicle from its analysed articles: dated lines, each citing its reports.

The steps follow DATEWISE (Ghalandari and Ifrim 2020; ``chronicle_dates.py`` picks
and ranks the dates and collects each date's candidate sentences), then per date:

* candidates are cleaned (list bullets off; headings, teasers, credits, quoted
  posts and fragments too short or too long to be a line are dropped) and each
  sentence serves one date only; bibliography and link lines date nothing
  (``chronicle_dates.py``);
* each is scored by centrality: the cosine of its TF-IDF lemma bag to the date's
  centroid (the mean of the named-date candidates plus the mean of the lead
  candidates, as DATEWISE's PM-Mean), the lead ones weighted down, and so are
  sentences naming several dates, while a sentence recalling its date from days
  later counts up to twice a report of the day (looking back keeps what mattered);
* the best ``per_date`` become lines; a later candidate that repeats a line (lemma
  cosine over ``duplicate_similarity``, or, across languages, the same entities
  and figures) joins that line as another citation instead of becoming a line.

A line cites every report with its article, outlet, URL, language and, where the
analysis attributes the sentence, the claim's source; where the analysis holds a
``Conflict`` over the sentence's figures, the line carries it as a ``Dispute``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from khronika.stories.chronicle_dates import (
    DateWeights,
    article_candidates,
    is_source_note,
    rank_dates,
)
from khronika.stories.chronicle_edits import ChronicleEdits, pinned_candidates
from khronika.stories.chronicle_records import (
    Candidate,
    Chronicle,
    ChronicleArticle,
    ChronicleEntry,
    ChronicleSentence,
    Citation,
    Dispute,
)
from khronika.stories.chronicle_settings import ChronicleSettings as ChronicleSettings  # the settings live there
from khronika.stories.chronicle_sheet import sentence_bags

Vector = dict[str, float]
# list bullets, and the clock times live blogs start their lines with ("07.28. ")
_BULLET = re.compile(r"^(?:[\s•·▪►*–—-]+|\d{1,2}[.:h]\d{2}\.?\s+)+")
_LINE_END = re.compile(r"[.!?…»\"”)]$")
_POST = re.compile(r"(?<![\w@#&])[@#][^\W\d]\w+")  # an @handle or a #hashtag


@dataclass(frozen=True)
class _Option:
    candidate: Candidate
    text: str
    vector: Vector
    score: float


def _normalised(counts: Counter[str], idf: dict[str, float]) -> Vector:
    vector = {word: count * idf.get(word, 0.0) for word, count in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {word: v / norm for word, v in vector.items()} if norm else {}


def _cosine(first: Vector, second: Vector) -> float:
    if len(first) > len(second):
        first, second = second, first
    return sum(v * second.get(word, 0.0) for word, v in first.items())


def _mean(vectors: Sequence[Vector]) -> Vector:
    total: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for word, v in vector.items():
            total[word] += v / len(vectors)
    return total


def _centroid(named: list[Vector], lead: list[Vector], shared_terms: bool) -> Vector:
    """The date's centroid: the mean of the named-date candidates plus the mean of the lead
    ones; with ``shared_terms`` and both kinds present, only the terms both share (PM-Mean)."""
    if not named or not lead:
        return _mean(named or lead)
    named_mean, lead_mean = _mean(named), _mean(lead)
    words = named_mean.keys() & lead_mean.keys() if shared_terms else named_mean.keys() | lead_mean.keys()
    centroid = {w: named_mean.get(w, 0.0) + lead_mean.get(w, 0.0) for w in words}
    return centroid or _mean(named + lead)


def clean_sentence(text: str) -> str:
    return _BULLET.sub("", " ".join(text.split())).strip()


def _is_line(text: str, words: int, settings: ChronicleSettings) -> bool:
    """A sentence that can stand as a line: long enough, not a heading, a fragment or a post
    (``@SultanAlQassemi: … #RamadanMassacre``: a reaction quoted, not the event told)."""
    if not settings.min_words <= words <= settings.max_words or _POST.search(text):
        return False
    return bool(_LINE_END.search(text)) or words >= 2 * settings.min_words


class _Sentences:
    """Per-sentence text, lemma vector, entities and figures, computed once."""

    def __init__(
        self, articles: Sequence[ChronicleArticle], candidates: Sequence[Candidate], edits: ChronicleEdits
    ) -> None:
        # lemma bags of the candidate sentences only; their document frequencies are the IDF
        self.articles = articles
        self.edits = edits
        wanted: dict[int, set[int]] = defaultdict(set)
        for candidate in candidates:
            wanted[candidate.article].add(candidate.sentence)
        bags: dict[tuple[int, int], Counter[str]] = {}
        frequency: Counter[str] = Counter()
        for a, sentence_ids in wanted.items():
            article = articles[a]
            kept = article.sheet.bags if article.sheet is not None else {}
            missing = {s for s in sentence_ids if s not in kept}  # no sheet, or a sentence pinned by hand
            made = sentence_bags(article.analysis, missing) if missing else {}
            for s in sentence_ids:
                bag = Counter(kept[s] if s in kept else made.get(s, {}))
                bags[a, s] = bag
                frequency.update(bag.keys())
        self._entities: dict[tuple[int, int], frozenset[str]] = {}
        total = max(len(bags), 1)
        idf = {word: math.log(total / count) + 1.0 for word, count in frequency.items()}
        self.vectors = {key: _normalised(bag, idf) for key, bag in bags.items()}
        self.lengths = {key: sum(bag.values()) for key, bag in bags.items()}

    def text(self, a: int, s: int) -> str:
        analysis = self.articles[a].analysis
        sentence = analysis.sentences[s]
        return clean_sentence(analysis.field_text(sentence.field)[sentence.start : sentence.end])

    def entities(self, a: int, s: int) -> frozenset[str]:
        if (a, s) not in self._entities:
            analysis = self.articles[a].analysis
            sentence = analysis.sentences[s]
            self._entities[a, s] = frozenset(
                e.entity_id
                for e in analysis.entities
                if e.field is sentence.field and sentence.start <= e.start < sentence.end
            )
        return self._entities[a, s]

    def figures(self, a: int, s: int) -> frozenset[float]:
        return frozenset(f.value for f in self.articles[a].analysis.figures if f.sentence == s)

    def citation(self, a: int, s: int) -> Citation:
        article = self.articles[a]
        claim = next((c for c in article.analysis.claims if c.sentence == s), None)
        source, kind = (claim.source, claim.source_kind) if claim else (None, None)
        if (article.id, s) in self.edits.speakers:  # a speaker set by hand
            source, kind = self.edits.speakers[article.id, s], "hand"
        return Citation(
            article.id, s, self.text(a, s), article.analysis.lang, article.outlet, article.url, source, kind
        )

    def key(self, candidate: Candidate) -> tuple[int, int]:
        """The candidate's sentence as decisions name it: (article id, sentence index)."""
        return self.articles[candidate.article].id, candidate.sentence

    def disputes(self, a: int, s: int) -> tuple[Dispute, ...]:
        return tuple(
            Dispute(c.measure, c.first_source, c.first_value, c.second_source, c.second_value)
            for c in self.articles[a].analysis.conflicts
            if s in (c.first_sentence, c.second_sentence)
        )


def _same_event(sentences: _Sentences, first: Candidate, second: Candidate, similarity: float) -> bool:
    if similarity <= 0.0:
        return False
    key_a, key_b = (first.article, first.sentence), (second.article, second.sentence)
    if _cosine(sentences.vectors.get(key_a, {}), sentences.vectors.get(key_b, {})) >= similarity:
        return True
    lang_a = sentences.articles[first.article].analysis.lang
    lang_b = sentences.articles[second.article].analysis.lang
    if lang_a == lang_b:
        return False
    # across languages lemmas differ: the same actors (two or more) and the same figures
    entities_a, entities_b = sentences.entities(*key_a), sentences.entities(*key_b)
    shared = len(entities_a & entities_b) / max(len(entities_a | entities_b), 1)
    return (
        len(entities_a & entities_b) >= 2
        and shared >= similarity
        and (sentences.figures(*key_a) == sentences.figures(*key_b))
    )


def _weight(
    candidate: Candidate, published: str | None, dates_named: Counter[tuple[int, int]], settings: ChronicleSettings
) -> float:
    """How much a candidate's centrality counts: lead sentences less, a sentence naming
    several dates (a background summary) less toward each of them, and with
    ``retrospective_days``, a sentence recalling its date from later more than a report
    of the day (up to twice, at that many days): looking back, writers keep what
    mattered, where the day's report has every detail."""
    if not candidate.explicit:
        return settings.lead_weight
    named = dates_named[candidate.article, candidate.sentence]
    weight = float(max(named, 1) ** -settings.multi_date_weight)
    horizon = settings.retrospective_days
    if horizon > 0 and published and len(candidate.date) == 10:
        days_after = (dt.date.fromisoformat(published) - dt.date.fromisoformat(candidate.date)).days
        weight *= 1 + min(max(days_after, 0), horizon) / horizon
    return weight


def _select(
    sentences: _Sentences,
    candidates: list[Candidate],
    used: set[tuple[int, int]],
    dates_named: Counter[tuple[int, int]],
    settings: ChronicleSettings,
) -> list[ChronicleSentence]:
    options: list[_Option] = []
    seen_texts: dict[str, list[Citation] | None] = {}
    pins = sentences.edits.pins
    for candidate in candidates:
        key = (candidate.article, candidate.sentence)
        text = sentences.text(*key)
        if key in used:
            continue
        if sentences.key(candidate) not in pins and (
            candidate.announced or candidate.background or not _is_line(text, sentences.lengths.get(key, 0), settings)
        ):
            continue
        options.append(_Option(candidate, text, sentences.vectors.get(key, {}), 0.0))
    if not options:
        return []
    named = [o.vector for o in options if o.candidate.explicit]
    lead = [o.vector for o in options if not o.candidate.explicit]
    centroid = _centroid(named, lead, settings.shared_terms)
    scored = sorted(
        (
            _Option(
                o.candidate,
                o.text,
                o.vector,
                _cosine(o.vector, centroid)
                * _weight(
                    o.candidate, sentences.articles[o.candidate.article].analysis.published.day, dates_named, settings
                ),
            )
            for o in options
        ),
        # scores rounded: sums over bags in another order differ in the last bits, and ties
        # must go to the earlier article whatever the order a bag was kept in
        key=lambda o: (
            sentences.key(o.candidate) not in pins,
            -round(o.score, 9),
            o.candidate.article,
            o.candidate.sentence,
        ),
    )
    hidden = sentences.edits.hidden

    def shown(cites: list[Citation]) -> bool:
        return not any((c.article_id, c.sentence) in hidden for c in cites)

    lines: list[tuple[_Option, list[Citation]]] = []
    for option in scored:
        a, s = option.candidate.article, option.candidate.sentence
        normalised = option.text.casefold()
        if normalised in seen_texts:  # a copy of the text: cited by its line, if it made one
            duplicate = seen_texts[normalised]
        else:
            duplicate = next(
                (
                    cites
                    for line, cites in lines
                    if _same_event(sentences, line.candidate, option.candidate, settings.duplicate_similarity)
                ),
                None,
            )
        if duplicate is not None:
            duplicate.append(sentences.citation(a, s))
            used.add((a, s))
        elif (
            sentences.key(option.candidate) in hidden or sum(shown(c) for _, c in lines) < settings.per_date
        ) and normalised not in seen_texts:
            lines.append((option, [sentences.citation(a, s)]))
            used.add((a, s))
            duplicate = lines[-1][1]
        seen_texts.setdefault(normalised, duplicate)
    return [
        ChronicleSentence(
            line.text,
            tuple(cites),
            round(line.score, 6),
            line.candidate.explicit,
            sentences.disputes(line.candidate.article, line.candidate.sentence),
        )
        for line, cites in lines
        if shown(cites)
    ]


SentenceFilter = Callable[[ChronicleArticle, int], bool]


def _candidates(index: int, article: ChronicleArticle, settings: ChronicleSettings) -> list[Candidate]:
    """The article's candidates: from its sheet where it was made under these settings."""
    sheet = article.sheet
    if sheet is not None and (sheet.lead_sentences, sheet.publication_days, sheet.months) == (
        settings.lead_sentences,
        settings.publication_days,
        settings.months,
    ):
        return [
            Candidate(index, c.sentence, c.date, c.granularity, c.explicit, c.announced, c.background)
            for c in sheet.candidates
        ]  # not dataclasses.replace: ten times slower, and a story has thousands
    return article_candidates(index, article, settings.lead_sentences, settings.publication_days, settings.months)


def build_chronicle(
    articles: Sequence[ChronicleArticle],
    settings: ChronicleSettings | None = None,
    sentence_filter: SentenceFilter | None = None,
    edits: ChronicleEdits | None = None,
) -> Chronicle:
    """The chronicle of ``articles``: its best dates in date order, each with its lines.
    ``sentence_filter(article, sentence index)``, where given, keeps only the candidate
    sentences it accepts: dates are ranked and lines chosen among those alone.
    ``edits`` are the corrections by hand (``stories/chronicle_edits.py``)."""
    settings = settings or ChronicleSettings()
    edits = edits or ChronicleEdits()
    found = [candidate for i, article in enumerate(articles) for candidate in _candidates(i, article, settings)]
    candidates = [
        candidate
        for candidate in pinned_candidates(found, list(articles), edits)
        if (sentence_filter is None or sentence_filter(articles[candidate.article], candidate.sentence))
        and (
            (articles[candidate.article].id, candidate.sentence) in edits.pins
            or not is_source_note(articles[candidate.article], candidate.sentence)
        )
    ]
    by_date: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_date[candidate.date].append(candidate)
    sentences = _Sentences(articles, candidates, edits)
    dates_named = Counter((c.article, c.sentence) for c in candidates if c.explicit)
    used: set[tuple[int, int]] = set()
    entries: list[ChronicleEntry] = []
    weights = DateWeights(
        settings.published_weight,
        settings.sentence_weight,
        settings.announced_weight,
        settings.recent_weight,
        settings.recent_days,
        settings.mention_weight,
        settings.mention_days_weight,
        settings.late_weight,
        settings.late_days,
    )
    pinned_dates = {c.date for c in candidates if sentences.key(c) in edits.pins}
    ranked = rank_dates(articles, candidates, weights, settings.span)
    ranked.sort(key=lambda evidence: evidence.date not in pinned_dates)  # stable: pinned dates first
    unpinned = 0  # entries of dates no line is pinned to
    for evidence in ranked:
        if settings.max_dates is not None and evidence.date not in pinned_dates and unpinned >= settings.max_dates:
            break
        lines = _select(sentences, by_date[evidence.date], used, dates_named, settings)
        if lines:
            unpinned += evidence.date not in pinned_dates
            entries.append(
                ChronicleEntry(
                    evidence.date,
                    evidence.granularity,
                    tuple(lines),
                    evidence.score,
                    evidence.mentions,
                    evidence.published,
                )
            )
    entries.sort(key=lambda entry: entry.date)
    return Chronicle(tuple(entries), len(articles), asdict(settings))
