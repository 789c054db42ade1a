"""Which dates a chronicle has, and which sentences speak of each (DATEWISE's first steps).

Ghalandari and Ifrim (2020) pick a timeline's dates by how often articles *refer*
to them, not by how many were published on them, and collect a date's candidate
sentences from both: sentences that name the date, and the lead sentences of
articles published on it (or the day after). Here:

* a sentence names a date through a time expression of the analysis that is exact
  (not ``approximate``: ``кілька місяців тому`` never becomes a date), of day (or,
  if asked, month) granularity, and not after a conditional cue of its sentence
  (``якщо``, ``si``: what would happen is no event); a date after the article's
  publication, or after a future cue (``буде``, ``va a``), is no event yet, but
  that it was announced counts for the date;
* ``today`` words (``сьогодні``, ``hoy``, ``aujourd'hui``, per language), which the
  time tagger leaves alone, name the publication day;
* a lead sentence that names no date is a weaker candidate for its article's
  publication day (and the days before it, ``publication_days``), unless it reads
  as future or hedged (cues in ``rules/<lang>/chronicle.json``, or a verb the
  morphology tags ``futr``);
* a date's score counts the distinct days on which articles named it (a date
  recalled all week outranks one that a single day's reports all named: a burst
  of copies and follow-ups of one day is one day's news), plus weighted counts of
  the articles (copy groups) naming it, of those published on it, of those that
  announced it beforehand, and of the sentences that name it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from khronika.records import AnalysedArticle, Field, TimeAnchor, TimeExpression, TimeGranularity
from khronika.rules import load_rules
from khronika.stories.chronicle_records import Candidate, ChronicleArticle

# a bibliography or link line (``[21] Ghannoushi, S. «…», The Guardian, 11/03/11``,
# ``… disponible en: http://…``): its date is when a source appeared, no event
_SOURCE_NOTE = re.compile(r"https?://|\bwww\.\w|^\W*\[\d+\]")


@dataclass(frozen=True)
class DateEvidence:
    date: str
    granularity: TimeGranularity
    mentions: int  # groups (copy groups, else articles) with a sentence naming the date
    published: int  # groups published on the date
    sentences: int  # sentences naming the date
    score: float


@dataclass(frozen=True)
class Cues:
    """A language's cue words as whole-word patterns (None where the language has none)."""

    conditional: re.Pattern[str] | None
    future: re.Pattern[str] | None
    today: tuple[str, ...]
    not_today: tuple[str, ...]
    since: re.Pattern[str] | None  # matches a 'since' word at the end of the text before a date

    @staticmethod
    def first(pattern: re.Pattern[str] | None, words: str) -> int | None:
        """The offset of the first cue in ``words`` (normalised), else None."""
        found = pattern.search(words) if pattern else None
        return found.start() if found else None


@cache
def language_cues(lang: str) -> Cues:
    rules = load_rules(lang, "chronicle")

    def pattern(*keys: str) -> re.Pattern[str] | None:
        words = sorted({_normalise(w) for key in keys for w in rules.get(key, ())}, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, words))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if words else None

    since = pattern("since")
    since_before = re.compile(since.pattern + r"\W*$") if since else None

    def words(key: str) -> tuple[str, ...]:
        return tuple(_normalise(w) for w in rules.get(key, ()))

    return Cues(
        pattern("conditional"), pattern("future", "not_event"), words("today"), words("not_today"), since_before
    )


def _find_words(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each of ``words`` occurs in ``text`` as a whole word (``str.find``: no regex
    scan of a whole article)."""
    found = []
    for word in words:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                found.append((at, end))
            at = text.find(word, end)
    return sorted(found)


def _today_times(analysis: AnalysedArticle, cues: Cues) -> list[TimeExpression]:
    """``сьогодні``, ``hoy``, ``aujourd'hui``: the publication day, as a time expression."""
    published = analysis.published.day
    if not published or not cues.today:
        return []
    text = _normalise(analysis.text)
    if len(text) != len(analysis.text):  # a letter whose lowercase is longer: offsets would shift
        return []
    excluded = _find_words(text, cues.not_today) + [(t.start, t.end) for t in analysis.times if t.field is Field.TEXT]
    return [
        TimeExpression(analysis.text[at:end], at, end, published, TimeGranularity.DAY, anchor=TimeAnchor.PUBLICATION)
        for at, end in _find_words(text, cues.today)
        if not any(start <= at < stop for start, stop in excluded)
    ]


def _normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("ʼ", "'")


def event_date(time: TimeExpression, published: str | None, months: bool) -> tuple[str, TimeGranularity, bool] | None:
    """The date an expression names, its granularity and whether it was still to come
    when the article was written; None where it names no date."""
    value = time.value
    if time.approximate or not isinstance(value, str) or value.startswith("--"):
        return None
    is_day = time.granularity is TimeGranularity.DAY and len(value) == 10
    is_month = months and time.granularity is TimeGranularity.MONTH and len(value) == 7
    if not (is_day or is_month):
        return None
    date = value
    return date, time.granularity, bool(published and date > published[: len(date)])


def _times_by_sentence(analysis: AnalysedArticle, extra: Sequence[TimeExpression]) -> dict[int, list[TimeExpression]]:
    by_sentence: dict[int, list[TimeExpression]] = defaultdict(list)
    spans = [(s.start, s.end, i) for i, s in enumerate(analysis.sentences) if s.field is Field.TEXT]
    starts = [start for start, _, _ in spans]
    for time in (*analysis.times, *extra):
        if time.field is not Field.TEXT:
            continue
        at = bisect.bisect_right(starts, time.start) - 1
        if at >= 0 and time.start < spans[at][1]:
            by_sentence[spans[at][2]].append(time)
    return by_sentence


def _future_sentences(analysis: AnalysedArticle, up_to: int) -> set[int]:
    """Sentences up to index ``up_to`` with a verb the morphology tags future (pymorphy3's
    ``futr``); tokens come in sentence order."""
    found: set[int] = set()
    for token in analysis.tokens:
        if token.sentence > up_to:
            break
        if "futr" in token.tags:
            found.add(token.sentence)
    return found


def _reads_as_future(text: str, cues: Cues) -> bool:
    return Cues.first(cues.future, text) is not None or Cues.first(cues.conditional, text) is not None


def article_candidates(
    index: int,
    article: ChronicleArticle,
    lead_sentences: int = 5,
    publication_days: int = 2,
    months: bool = False,
) -> list[Candidate]:
    """The article's sentences that name an event date, and its undated lead sentences."""
    analysis = article.analysis
    published = analysis.published.day
    cues = language_cues(analysis.lang)
    times = _times_by_sentence(analysis, _today_times(analysis, cues))
    body = [i for i, sentence in enumerate(analysis.sentences) if sentence.field is Field.TEXT]
    leads = body[:lead_sentences]
    future = _future_sentences(analysis, leads[-1]) if leads else set()
    found: list[Candidate] = []
    body_position = 0
    for i, sentence in enumerate(analysis.sentences):
        if sentence.field is not Field.TEXT:
            continue
        is_lead = body_position < lead_sentences
        body_position += 1
        if i not in times and not is_lead:
            continue
        text = _normalise(analysis.text[sentence.start : sentence.end])
        dates: dict[str, tuple[TimeGranularity, bool, bool]] = {}
        cue = Cues.first(cues.conditional, text) if i in times else None
        future_cue = Cues.first(cues.future, text) if i in times else None
        for time in times.get(i, ()):
            event = event_date(time, published, months)
            at = time.start - sentence.start
            if event and (cue is None or cue > at):
                # a future or hedged cue before the date: announced, not reported
                later = event[2] or (future_cue is not None and future_cue < at)
                since = bool(cues.since and cues.since.search(text[max(0, at - 16) : at]))
                dates.setdefault(event[0], (event[1], later, since))
        found.extend(
            Candidate(index, i, date, gran, True, later, since) for date, (gran, later, since) in dates.items()
        )
        if i not in times and published and is_lead and i not in future and not _reads_as_future(text, cues):
            day = dt.date.fromisoformat(published)
            for back in range(publication_days):
                date = (day - dt.timedelta(days=back)).isoformat()
                found.append(Candidate(index, i, date, TimeGranularity.DAY, False))
    return found


@dataclass(frozen=True)
class DateWeights:
    """What a date's score adds to the groups (copy groups, else articles) naming it."""

    published: float = 0.5  # per group published on the date
    sentences: float = 0.0  # per sentence naming it
    announced: float = 0.0  # per group naming it before it came
    recent: float = 0.0  # per group naming it within ``recent_days`` after it: news, not background
    recent_days: int = 2
    mentions: float = 0.0  # per group naming it
    mention_days: float = 1.0  # per distinct publication day of the articles naming it
    late: float = 0.0  # per group naming it more than ``late_days`` after it: still recalled
    late_days: int = 30


def _days_between(first: str, second: str) -> int:
    return (dt.date.fromisoformat(second[:10]) - dt.date.fromisoformat(first[:10])).days


def rank_dates(
    articles: Sequence[ChronicleArticle],
    candidates: Sequence[Candidate],
    weights: DateWeights | None = None,
    span: tuple[str, str] | None = None,
) -> list[DateEvidence]:
    """Dates by score, best first (see ``DateWeights``); ties go to more sentences, then
    the earlier date. With ``span``, only dates within it (ISO, inclusive)."""
    weights = weights or DateWeights()

    def group(i: int) -> tuple[str, int]:
        group_id = articles[i].copy_group
        return ("group", group_id) if group_id is not None else ("article", articles[i].id)

    mentions: dict[str, set[tuple[str, int]]] = defaultdict(set)
    announced: dict[str, set[tuple[str, int]]] = defaultdict(set)
    recent: dict[str, set[tuple[str, int]]] = defaultdict(set)
    late: dict[str, set[tuple[str, int]]] = defaultdict(set)
    mention_days: dict[str, set[str]] = defaultdict(set)
    sentences: dict[str, int] = defaultdict(int)
    granularity: dict[str, TimeGranularity] = {}
    for candidate in candidates:
        granularity.setdefault(candidate.date, candidate.granularity)
        if candidate.announced:
            announced[candidate.date].add(group(candidate.article))
        elif candidate.explicit:
            mentions[candidate.date].add(group(candidate.article))
            sentences[candidate.date] += 1
            day = articles[candidate.article].analysis.published.day
            # an undated article is a day of its own
            mention_days[candidate.date].add(day or f"{group(candidate.article)}")
            if day:
                lag = _days_between(candidate.date, day)
                if lag <= weights.recent_days:
                    recent[candidate.date].add(group(candidate.article))
                if lag > weights.late_days:
                    late[candidate.date].add(group(candidate.article))
    published: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for i, article in enumerate(articles):
        day = article.analysis.published.day
        if day:
            published[day].add(group(i))
    ranked = []
    for date, gran in granularity.items():
        if span and not span[0] <= date[: len(span[0])] <= span[1]:
            continue
        score = (
            weights.mentions * len(mentions[date])
            + weights.mention_days * len(mention_days[date])
            + weights.late * len(late[date])
            + weights.published * len(published.get(date, ()))
            + weights.sentences * sentences[date]
            + weights.announced * len(announced[date])
            + weights.recent * len(recent[date])
        )
        ranked.append(
            DateEvidence(date, gran, len(mentions[date]), len(published.get(date, ())), sentences[date], score)
        )
    ranked.sort(key=lambda d: (-d.score, -d.sentences, d.date))
    return ranked


def is_source_note(article: ChronicleArticle, index: int) -> bool:
    """A bibliography or link line: its date names no event."""
    sentence = article.analysis.sentences[index]
    return bool(_SOURCE_NOTE.search(article.analysis.field_text(sentence.field)[sentence.start : sentence.end]))
