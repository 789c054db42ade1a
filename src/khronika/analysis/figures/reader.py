"""Figures: every number with what it counts, normalised, and who gives it.

Lexicons live in ``rules/<lang>/figures.json``: number words (``три``,
``п'ятьох``), scale words (``тисяч``, ``млн``), vague amounts (``тисячі`` =
thousands, approximate), qualifiers (``понад`` = over), percent and currency
words, and for each measure (deaths, injured, detained, participants,
vote_share, …) the word stems that name it. A figure's measure is the nearest
measure word in its own clause (``за ніч затримали близько трьох тисяч людей,
травми отримали десятки …``: 3,000 detained, dozens injured; a word before the
number wins a tie), else the nearest in its sentence; a sentence with a bare number
and no measure word (``Правозахисники говорять про п'ятьох.``) takes the measure of
the figure just before it in the same paragraph. A figure's ``subject`` is the
candidate of a vote share, else the group it counts where one is named after it
(``39 сотрудников милиции``; people in general name none): figures of two groups
are two quantities. A bare number that shares the measure of the one before it (``3 killed in
Homs, 5 in Hama``, ``… 84 ракети. Резніков написав, що ракет було 75``) keeps that
one's group and place where it names none. A figure's source is its sentence's
claim, else the name that gives the count with a verb of counting
(``figures.givers``: ``ДСНС називає 19 загиблих``); its place and day are read by
``figures.frame``. Numbers (digits, words, ranges, scales, units) are read by
``figures.numbers``; those that count nothing (clock times, years) are left out by
``figures.non_counts``; a count of people is a whole number (3.07 is a price), and
a sum of money counts money, whatever the sentence says of deaths.

Speed: a sentence with no digit and no number word is passed over first (one
``map`` over the article's word forms, one pass over the text for digit runs, whose
numbers are then read where they start). Words' number and measure readings are
cached, tokens come from the article's token index (``analysis.token_index``, let
go here, the last stage to read it), measure words and clause breaks read once.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from itertools import compress, count, repeat
from operator import is_not
from typing import TypeVar

from khronika.analysis.claims.sources import CLAUSE_BREAK
from khronika.analysis.figures.frame import event_places, nearest_time
from khronika.analysis.figures.frame import sentence_time as frame_sentence_time
from khronika.analysis.figures.givers import count_giver
from khronika.analysis.figures.non_counts import counts_nothing, looks_like_year
from khronika.analysis.figures.numbers import (
    Raw,
    _Rules,
    digit_runs,
    extend,
    measure_of_word,
    merge_ranges,
    raw_numbers,
    rules_for,
    word_kind,
)
from khronika.analysis.figures.numbers import parse_number as parse_number  # re-exported: tests use it
from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.analysis.token_index import article_tokens, release_article_tokens
from khronika.records import (
    AnalysedArticle,
    Claim,
    EntityMention,
    EntityType,
    Field,
    Figure,
    TimeExpression,
    Token,
)
from khronika.records_json import figure_from_json as figure_from_json  # re-exported: stories read stored figures
from khronika.records_json import figure_json as figure_json  # re-exported: evaluation prints figures

_SPACE_RUN = re.compile(r"\s+")
_PEOPLE = frozenset({"deaths", "injured", "detained", "participants", "evacuated"})  # counts of people: whole


class _Words:
    """A sentence's tokens as the figures stage reads them: where each starts (None
    where they are not in text order), the clause breaks and the words naming a
    measure among them (by token index), read once per sentence."""

    def __init__(self, tokens: Sequence[Token], starts: list[int] | None, rules: _Rules) -> None:
        self.tokens = tokens
        self.starts = starts
        self.breaks = [i for i, t in enumerate(tokens) if t.text in CLAUSE_BREAK]
        self.measured: list[int] = []  # indices of the words naming a measure
        self.measures: list[str] = []  # the measure each names
        known = rules.measure_cache
        for i, token in enumerate(tokens):
            measure = known[token.text] if token.text in known else measure_of_word(rules, token.text)
            if measure is not None:
                self.measured.append(i)
                self.measures.append(measure)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The indices of the first and last token starting inside ``[start, end)``."""
        if self.starts is None:
            inside = [i for i, t in enumerate(self.tokens) if start <= t.start < end]
            return (inside[0], inside[-1]) if inside else None
        first = bisect.bisect_left(self.starts, start)
        stop = bisect.bisect_left(self.starts, end, lo=first)
        return (first, stop - 1) if stop > first else None

    def after(self, end: int) -> Sequence[Token]:
        """The tokens starting at or after ``end``, in order."""
        if self.starts is None:
            return [t for t in self.tokens if t.start >= end]
        return self.tokens[bisect.bisect_left(self.starts, end) :]


def _nearest_measure(words: _Words, low: int, high: int, first: int, last: int) -> str | None:
    """The measure named by the word nearest the number at token indices ``first``..``last``
    among the words ``low``..``high - 1``; a word before it wins a tie (``затримали … людей``)."""
    measured = words.measured
    at = bisect.bisect_left(measured, first) - 1  # the last before the number
    before = at if at >= 0 and measured[at] >= low else None
    at = bisect.bisect_right(measured, last)  # the first after it
    after = at if at < len(measured) and measured[at] < high else None
    if after is not None and (before is None or (measured[after] - last) * 2 + 1 < (first - measured[before]) * 2):
        return words.measures[after]
    return words.measures[before] if before is not None else None


def _measure(words: _Words, start: int, end: int, alone: bool, next_start: int | None = None) -> str | None:
    """The measure of the number at ``start``..``end``: named in its own clause (between
    commas, dashes, semicolons) where one is, else, for the sentence's only number,
    anywhere in the sentence (of several, the others' measures are not its own:
    ``136.000 muertos …, mientras que 2,5 millones de personas necesitan ayuda``)."""
    span = words.span(start, end)
    if span is None:
        return None
    first, last = span
    breaks = words.breaks
    at = bisect.bisect_left(breaks, first)
    clause_start = breaks[at - 1] + 1 if at else 0
    at = bisect.bisect_right(breaks, last, lo=at)
    clause_end = breaks[at] if at < len(breaks) else len(words.tokens)
    if next_start is not None and (following := words.span(next_start, next_start + 1)) is not None:
        # a measure word past the next number is that number's (``2,5 millones de personas
        # necesitan ayuda y más de 250.000 se han refugiado``: the refugees are 250.000)
        clause_end = min(clause_end, max(following[0], last + 1))
    own = _nearest_measure(words, clause_start, clause_end, first, last)
    return own if own is not None or not alone else _nearest_measure(words, 0, len(words.tokens), first, last)


_ELLIPSIS_WORDS = frozenset({"in", "at", "en", "à", "a", "dans", "у", "в", "на", "і", "и", "y", "et", "and"})


def _elliptic(after: Sequence[Token]) -> bool:
    """Whether a number with no measure of its own may share the one before it: nothing,
    punctuation or a preposition follows it (``5 in Hama``), not a noun or a verb of its
    own (``2,5 millones de personas necesitan ayuda``, ``250.000 se han refugiado``)."""
    if not after:
        return True
    first = after[0]
    if not first.text[:1].isalpha():
        return True
    if first.tags:
        return bool(first.tags & {"PREP", "CONJ", "PNCT"})
    return first.text.lower() in _ELLIPSIS_WORDS


def _counted_group(tokens: Sequence[Token], end: int, rules: _Rules) -> str | None:
    """Who the number counts where a group is named after it (``39 сотрудников
    милиции`` -> сотрудник, ``50 гражданских лиц`` -> гражданский лицо, ``39 police
    officers``), None for people in general or a measure word (``людей``, ``deaths``).
    Tagged languages read adjectives and the noun; others the words up to a stop word."""
    words: list[str] = []
    tokens = [t for t in tokens if t.start >= end]
    if len(tokens) > 2 and f"{tokens[0].text} {tokens[1].text}".lower() in rules.partitive:
        tokens = tokens[2:]  # ``trois de ses petits-enfants``: the group past ``de ses``
    for token in tokens:
        low = (token.lemma or token.text).lower()
        if token.pos is not None:
            if token.pos in {"ADJF", "PRTF"} and len(words) < 3:
                if measure_of_word(rules, token.text) is None:  # ``41 збиту ракету``: a measure, no group
                    words.append(low)
                continue
            if token.pos == "NOUN":
                words.append(low)
            break
        if not rules.count_stop or not token.text.replace("-", "").isalpha() or token.text.lower() in rules.count_stop:
            break
        if words and measure_of_word(rules, token.text) is not None:
            break  # ``6 militares murieron``: the group ends at the measure word
        words.append(low)
        if len(words) == 3:
            break
    if not words or measure_of_word(rules, words[-1]) is not None:
        return None
    if len(words) == 1 and words[0] in rules.generic_counted:
        return None
    return " ".join(words)


def _within_any(raw: Raw, spans: Sequence[TimeExpression | EntityMention]) -> bool:
    """Whether the number lies inside one of ``spans`` (a date, a name)."""
    start, end = raw.start, raw.end
    return any(span.start <= start and end <= span.end for span in spans)


_SentenceStarts = dict[Field, tuple[list[int], list[int]]]  # field -> its sentences' starts and indices


def _sentence_starts(article: AnalysedArticle) -> _SentenceStarts:
    starts: _SentenceStarts = {}
    for index, sentence in enumerate(article.sentences):
        field_starts = starts.setdefault(sentence.field, ([], []))
        field_starts[0].append(sentence.start)
        field_starts[1].append(index)
    return starts


def _sentences_with_numbers(
    article: AnalysedArticle, rules: _Rules, sentence_starts: _SentenceStarts
) -> dict[int, tuple[list[int], bool]]:
    """The sentences holding a digit or a number word, each with where its runs of
    digits start and whether it holds a number word: the other sentences are passed
    over (most sentences of an article). One pass over the text and one ``map`` over
    the article's word forms (their cached kinds; a form's lemma is taken to be the
    same wherever it occurs). A run of digits between two sentences goes to the one
    before."""
    tokens = article.tokens
    indexed = article_tokens(tokens)
    kinds = list(map(rules.word_cache.get, indexed.texts, repeat(False)))  # False: not seen before
    found: dict[int, tuple[list[int], bool]] = {}
    sentence_ids = indexed.sentence_ids
    for i in compress(count(), map(is_not, kinds, repeat(None))):
        if sentence_ids[i] in found:
            continue
        kind = kinds[i]
        if kind is False:
            kind = word_kind(rules, tokens[i])
        if kind is not None:
            found[sentence_ids[i]] = ([], True)
    for field, (starts, indices) in sentence_starts.items():
        text = article.field_text(field)
        for digit in digit_runs(text):
            at = bisect.bisect_right(starts, digit) - 1
            if at >= 0:
                found.setdefault(indices[at], ([], False))[0].append(digit)
    return found


_Spanned = TypeVar("_Spanned", TimeExpression, EntityMention)


def _by_sentence(
    article: AnalysedArticle, items: Sequence[_Spanned], starts: _SentenceStarts
) -> dict[int, list[_Spanned]]:
    """Sentence index -> the items (times, mentions) lying inside that sentence."""
    grouped: dict[int, list[_Spanned]] = {}
    sentences = article.sentences
    for item in items:
        found = starts.get(item.field)
        if found is None:
            continue
        at = bisect.bisect_right(found[0], item.start) - 1
        if at >= 0 and item.end <= sentences[found[1][at]].end:
            grouped.setdefault(found[1][at], []).append(item)
    return grouped


def find_figures(article: AnalysedArticle, claims: Sequence[Claim]) -> list[Figure]:
    """Every figure of the article, in text order. Pure."""
    rules = rules_for(article.lang)
    figures: list[Figure] = []
    previous: Figure | None = None
    indexed = article_tokens(article.tokens)
    claims_of: dict[int, list[tuple[int, Claim]]] = defaultdict(list)
    for position, said in enumerate(claims):
        claims_of[said.sentence].append((position, said))
    times_of: dict[int, list[TimeExpression]] | None = None  # built at the first sentence with a number
    mentions_of: dict[int, list[EntityMention]] | None = None
    starts = _sentence_starts(article)
    with_numbers = _sentences_with_numbers(article, rules, starts)
    for index, sentence in enumerate(article.sentences):
        if index not in with_numbers:
            continue
        text = article.field_text(sentence.field)
        s_start, s_end = sentence.start, min(sentence.end, len(text))
        own_tokens = indexed.sentence(index, sentence.field)
        tokens = own_tokens.tokens
        if previous is not None and (
            previous.sentence != index - 1 or "\n" in text[article.sentences[index - 1].end : s_start]
        ):
            previous = None
        if times_of is None or mentions_of is None:
            times_of = _by_sentence(article, article.times, starts)
            mentions_of = _by_sentence(article, article.entities, starts)
        times, mentions = times_of.get(index, []), mentions_of.get(index, [])
        raws = [
            raw
            for raw in raw_numbers(text, s_start, s_end, tokens, rules, *with_numbers[index])
            if not _within_any(raw, times)
            and not _within_any(raw, mentions)
            and not counts_nothing(text, raw.start, raw.end, article.lang)
        ]
        if not raws:
            continue
        sentence_time = frame_sentence_time(article, index, times)
        own = claims_of.get(index, [])
        places = event_places(mentions, own)
        found_here: list[Figure] = []
        words = _Words(tokens, own_tokens.starts, rules)
        merged = merge_ranges(text, raws, rules)
        for position, raw in enumerate(merged):
            end, value, value_max, unit = extend(text, raw, s_end, rules)
            next_start = merged[position + 1].start if position + 1 < len(merged) else None
            start, qualifier = raw.start, None
            if rules.qualifiers and (hit := rules.qualifiers.search(text, max(s_start, start - 25), start)):
                start, qualifier = hit.start(), rules.qualifier_names.get(_SPACE_RUN.sub(" ", hit.group(1).lower()))
            if qualifier is None and not rules.round_scales.isdisjoint(text[raw.start : end].lower().split()):
                qualifier = "about"  # ``un millar de personas``, ``une centaine``: a round number, about so many
            measure = (
                "money" if unit and unit != "percent" else _measure(words, raw.start, end, len(merged) == 1, next_start)
            )
            before = found_here[-1] if found_here else previous
            elliptic = measure is None and before is not None and unit == before.unit and _elliptic(words.after(end))
            if elliptic and before is not None:
                measure = before.measure  # ``3 killed in Homs, 5 in Hama``
            if measure in _PEOPLE and not value.is_integer():  # 3.07 people: a price or a rate, no count
                measure = None
            subject = None
            if measure == "vote_share":
                people = [m for m in mentions if m.type is EntityType.PER and m.end <= start]
                subject = people[-1].canonical if people else None
            elif unit is None:
                subject = _counted_group(words.after(end), end, rules)
                if elliptic and subject is None and before is not None:
                    subject = before.subject  # ``… 84 ракети. Резніков написав, що ракет було 75.``
            counted = bool(unit or subject) or any(measure_of_word(rules, t.text) for t in words.after(end)[:2])
            if looks_like_year(text[raw.start : end], value, qualifier is not None, counted):
                continue  # ``en 2011``: a year, not a count (``non_counts.py``)
            claim_index: int | None = next(
                (i for i, c in own if c.content_start <= start and end <= c.content_end), None
            )
            if claim_index is None and own:
                claim_index = own[0][0]
            claim = claims[claim_index] if claim_index is not None else None
            source, source_kind = (claim.source, claim.source_kind) if claim else (None, None)
            at = places
            if claim is None and (giver := count_giver(text, tokens, mentions, raw.start, article.lang)):
                # ``ДСНС називає 19 загиблих``: a name gives the count; a place in its phrase is its own
                source, source_kind = giver.source, giver.kind
                at = [m for m in places if not (giver.phrase_start <= m.start and m.end <= giver.phrase_end)]
            place = min(at, key=lambda m: abs(m.start - start)).canonical if at else None
            if elliptic and place is None and before is not None:
                place = before.place  # the elliptic count goes on in the frame of the one before
            time = nearest_time(times, start, sentence_time)
            found_here.append(
                Figure(
                    index,
                    sentence.field,
                    text[start:end],
                    start,
                    end,
                    value,
                    qualifier,
                    raw.approximate or qualifier == "about",
                    unit,
                    measure,
                    subject,
                    source,
                    source_kind,
                    claim_index,
                    time.value if time and isinstance(time.value, str) else None,
                    time.text if time else None,
                    place,
                    value_max,
                )
            )
        figures.extend(found_here)
        previous = found_here[-1] if found_here else previous
    release_article_tokens()  # the last stage to read them: the article need not outlive its analysis
    return figures


@register_stage("figures")
def make_figures_stage() -> Stage:
    return Stage(
        "figures",
        requires=("claims", "times"),
        assigns=("figures",),
        run=lambda article: replace(article, figures=tuple(find_figures(article, article.claims))),
        languages=DEEP_LANGUAGES,
    )
