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
are two quantities. Numbers themselves (digits, multi-word numbers,
ranges, scale and unit words) are read by ``khronika.analysis.figure_numbers``.

Speed: a sentence with no digit and no number word is passed over before
anything else is looked up; words' number and measure readings are cached.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from khronika.analysis.attribution_sources import CLAUSE_BREAK
from khronika.analysis.figure_numbers import (
    _Rules,
    extend,
    measure_of_word,
    merge_ranges,
    raw_numbers,
    rules_for,
    word_kind,
)
from khronika.analysis.figure_numbers import parse_number as parse_number  # re-exported: tests use it
from khronika.analysis.grouping import tokens_by_sentence
from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
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

_DIGIT_RUN = re.compile(r"\d+")
_SPACE_RUN = re.compile(r"\s+")


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "sentence": figure.sentence,
        "field": figure.field.value,
        "text": figure.text,
        "span": [figure.start, figure.end],
        "value": figure.value,
        "value_max": figure.value_max,
        "qualifier": figure.qualifier,
        "approximate": figure.approximate,
        "unit": figure.unit,
        "measure": figure.measure,
        "subject": figure.subject,
        "source": figure.source,
        "source_kind": figure.source_kind,
        "claim": figure.claim,
        "date": figure.date,
        "date_text": figure.date_text,
        "place": figure.place,
    }


def figure_from_json(data: dict[str, Any]) -> Figure:
    """A stored figure (``figure_json``) back as a record."""
    start, end = data["span"]
    value_max = data.get("value_max")
    return Figure(
        data["sentence"], Field(data["field"]), data["text"], start, end, float(data["value"]),
        data.get("qualifier"), bool(data.get("approximate")), data.get("unit"), data.get("measure"),
        data.get("subject"), data.get("source"), data.get("source_kind"), data.get("claim"), data.get("date"),
        data.get("date_text"), data.get("place"), float(value_max) if value_max is not None else None,
    )  # fmt: skip


def _nearest_measure(tokens: Sequence[Token], first: int, last: int, rules: _Rules) -> str | None:
    """The measure named by the word of ``tokens`` nearest the number at token indices
    ``first``..``last`` (a word before it wins a tie: ``затримали … людей``)."""
    best: tuple[int, str] | None = None
    for i, token in enumerate(tokens):
        if first <= i <= last:
            continue
        measure = measure_of_word(rules, token.text)
        if measure is None:
            continue
        distance = (first - i) * 2 if i < first else (i - last) * 2 + 1
        if best is None or distance < best[0]:
            best = (distance, measure)
    return best[1] if best else None


def _measure(tokens: Sequence[Token], start: int, end: int, rules: _Rules) -> str | None:
    """The measure of the number at ``start``..``end``: named in its own clause (between
    commas, dashes, semicolons) where one is, else anywhere in the sentence; the
    number's own words left out."""
    inside = [i for i, t in enumerate(tokens) if start <= t.start < end]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    clause_start = next((i + 1 for i in range(first - 1, -1, -1) if tokens[i].text in CLAUSE_BREAK), 0)
    clause_end = next((i for i in range(last + 1, len(tokens)) if tokens[i].text in CLAUSE_BREAK), len(tokens))
    clause = tokens[clause_start:clause_end]
    own = _nearest_measure(clause, first - clause_start, last - clause_start, rules)
    return own if own is not None else _nearest_measure(tokens, first, last, rules)


def _counted_group(tokens: Sequence[Token], end: int, rules: _Rules) -> str | None:
    """Who the number counts where a group is named after it (``39 сотрудников
    милиции`` -> сотрудник, ``50 гражданских лиц`` -> гражданский лицо, ``39 police
    officers``), None for people in general or a measure word (``людей``, ``deaths``).
    Tagged languages read adjectives and the noun; others the words up to a stop word."""
    words: list[str] = []
    for token in tokens:
        if token.start < end:
            continue
        low = (token.lemma or token.text).lower()
        if token.pos is not None:
            if token.pos in {"ADJF", "PRTF"} and len(words) < 3:
                words.append(low)
                continue
            if token.pos == "NOUN":
                words.append(low)
            break
        if not rules.count_stop or not token.text.isalpha() or token.text.lower() in rules.count_stop:
            break
        words.append(low)
        if len(words) == 3:
            break
    if not words or measure_of_word(rules, words[-1]) is not None:
        return None
    if len(words) == 1 and words[0] in rules.generic_counted:
        return None
    return " ".join(words)


def _time_for(times: Sequence[TimeExpression]) -> TimeExpression | None:
    dated = [t for t in times if t.value is not None]
    ordered = dated or list(times)
    return ordered[0] if ordered else None


def _in(start: int, end: int, outer_start: int, outer_end: int) -> bool:
    return outer_start <= start and end <= outer_end


def _sentences_with_numbers(article: AnalysedArticle, rules: _Rules) -> set[int]:
    """Indices of the sentences holding a digit or a number word, in one pass over the
    text and the tokens: the others are passed over (most sentences of an article)."""
    found: set[int] = set()
    known = rules.word_cache
    for token in article.tokens:
        if token.sentence in found:
            continue
        kind = known.get(token.text, False)
        if kind is False:
            kind = word_kind(rules, token)
        if kind is not None:
            found.add(token.sentence)
    for field in {s.field for s in article.sentences}:
        indices = [i for i, s in enumerate(article.sentences) if s.field is field]
        starts = [article.sentences[i].start for i in indices]
        for digit in _DIGIT_RUN.finditer(article.field_text(field)):
            at = bisect.bisect_right(starts, digit.start()) - 1
            if at >= 0:
                found.add(indices[at])
    return found


_Spanned = TypeVar("_Spanned", TimeExpression, EntityMention)


def _by_sentence(article: AnalysedArticle, items: Sequence[_Spanned]) -> dict[int, list[_Spanned]]:
    """Sentence index -> the items (times, mentions) lying inside that sentence."""
    starts: dict[Field, tuple[list[int], list[int]]] = {}
    for index, sentence in enumerate(article.sentences):
        field_starts = starts.setdefault(sentence.field, ([], []))
        field_starts[0].append(sentence.start)
        field_starts[1].append(index)
    grouped: dict[int, list[_Spanned]] = defaultdict(list)
    for item in items:
        if item.field not in starts:
            continue
        positions, indices = starts[item.field]
        at = bisect.bisect_right(positions, item.start) - 1
        if at >= 0 and item.end <= article.sentences[indices[at]].end:
            grouped[indices[at]].append(item)
    return grouped


def _sentence_time(article: AnalysedArticle, index: int, times: list[TimeExpression]) -> TimeExpression | None:
    """The sentence's own time, else a dated time of the sentence before it in the same paragraph."""
    own = _time_for(times)
    if own is not None or index == 0:
        return own
    sentence, before = article.sentences[index], article.sentences[index - 1]
    text = article.field_text(sentence.field)
    if before.field is not sentence.field or "\n" in text[before.end : sentence.start]:
        return None
    return _time_for(
        [
            t
            for t in article.times
            if t.field is before.field and t.value is not None and _in(t.start, t.end, before.start, before.end)
        ]
    )


def find_figures(article: AnalysedArticle, claims: Sequence[Claim]) -> list[Figure]:
    """Every figure of the article, in text order. Pure."""
    rules = rules_for(article.lang)
    figures: list[Figure] = []
    previous: Figure | None = None
    grouped = tokens_by_sentence(article.tokens)
    claims_of: dict[int, list[tuple[int, Claim]]] = defaultdict(list)
    for position, said in enumerate(claims):
        claims_of[said.sentence].append((position, said))
    times_of: dict[int, list[TimeExpression]] | None = None  # built at the first sentence with a number
    mentions_of: dict[int, list[EntityMention]] | None = None
    with_numbers = _sentences_with_numbers(article, rules)
    for index, sentence in enumerate(article.sentences):
        if index not in with_numbers:
            continue
        text = article.field_text(sentence.field)
        s_start, s_end = sentence.start, min(sentence.end, len(text))
        tokens = grouped.get((index, sentence.field), [])
        if previous is not None and (
            previous.sentence != index - 1 or "\n" in text[article.sentences[index - 1].end : s_start]
        ):
            previous = None
        if times_of is None or mentions_of is None:
            times_of, mentions_of = _by_sentence(article, article.times), _by_sentence(article, article.entities)
        times, mentions = times_of.get(index, []), mentions_of.get(index, [])
        raws = [
            raw
            for raw in raw_numbers(text, s_start, s_end, tokens, rules)
            if not any(_in(raw.start, raw.end, t.start, t.end) for t in times)
            and not any(_in(raw.start, raw.end, m.start, m.end) for m in mentions)
        ]
        if not raws:
            continue
        sentence_time = _sentence_time(article, index, times)
        own = claims_of.get(index, [])
        places = [m for m in mentions if m.type is EntityType.LOC]
        found_here: list[Figure] = []
        for raw in merge_ranges(text, raws, rules):
            end, value, value_max, unit = extend(text, raw, s_end, rules)
            start, qualifier = raw.start, None
            if rules.qualifiers and (hit := rules.qualifiers.search(text, max(s_start, start - 25), start)):
                start, qualifier = hit.start(), rules.qualifier_names.get(_SPACE_RUN.sub(" ", hit.group(1).lower()))
            measure = _measure(tokens, raw.start, end, rules)
            before = found_here[-1] if found_here else previous
            if measure is None and before is not None and unit == before.unit:
                measure = before.measure
            if measure is None and unit and unit != "percent":
                measure = "money"
            subject = None
            if measure == "vote_share":
                people = [m for m in mentions if m.type is EntityType.PER and m.end <= start]
                subject = people[-1].canonical if people else None
            elif unit is None:
                subject = _counted_group(tokens, end, rules)
            claim_index: int | None = next(
                (i for i, c in own if c.content_start <= start and end <= c.content_end), None
            )
            if claim_index is None and own:
                claim_index = own[0][0]
            claim = claims[claim_index] if claim_index is not None else None
            place = min(places, key=lambda m: abs(m.start - start)).canonical if places else None
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
                    claim.source if claim else None,
                    claim.source_kind if claim else None,
                    claim_index,
                    sentence_time.value if sentence_time and isinstance(sentence_time.value, str) else None,
                    sentence_time.text if sentence_time else None,
                    place,
                    value_max,
                )
            )
        figures.extend(found_here)
        previous = found_here[-1] if found_here else previous
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
