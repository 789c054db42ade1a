"""Figures: every number with what it counts, normalised, and who gives it.

Lexicons live in ``rules/<lang>/figures.json``: number words (``три``,
``п'ятьох``), scale words (``тисяч``, ``млн``), vague amounts (``тисячі`` =
thousands, approximate), qualifiers (``понад`` = over), percent and currency
words, and for each measure (deaths, injured, detained, participants,
vote_share, …) the word stems that name it. A figure's measure is the nearest
measure word in its sentence; a sentence with a bare number and no measure word
(``Правозахисники говорять про п'ятьох.``) takes the measure of the figure just
before it in the same paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from khronika.analysis.grouping import tokens_by_sentence
from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.records import AnalysedArticle, Claim, EntityType, Figure, TimeExpression, Token

_DIGITS = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?![\w])")


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "sentence": figure.sentence,
        "field": figure.field.value,
        "text": figure.text,
        "span": [figure.start, figure.end],
        "value": figure.value,
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


@dataclass(frozen=True)
class _Rules:
    decimal_comma: bool
    measures: dict[str, tuple[str, ...]]
    words: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]
    qualifiers: re.Pattern[str] | None
    qualifier_names: dict[str, str]
    currency_words: dict[str, str]
    currency_symbols: dict[str, str]
    percent: tuple[str, ...]


@cache
def rules_for(lang: str) -> _Rules:
    from khronika.rules import load_rules

    data = load_rules(lang, "figures")
    qualifiers = {k.lower(): v for k, v in data.get("qualifiers", {}).items()}
    pattern = None
    if qualifiers:
        body = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(qualifiers, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)({body})\s+$", re.IGNORECASE)
    return _Rules(
        decimal_comma=bool(data.get("decimal_comma", True)),
        measures={k: tuple(v) for k, v in data.get("measures", {}).items()},
        words={k.lower(): float(v) for k, v in data.get("number_words", {}).items()},
        scales={k.lower(): float(v) for k, v in data.get("scales", {}).items()},
        vague={k.lower(): float(v) for k, v in data.get("vague", {}).items()},
        qualifiers=pattern,
        qualifier_names=qualifiers,
        currency_words={k.lower(): v for k, v in data.get("currency_words", {}).items()},
        currency_symbols=dict(data.get("currency_symbols", {})),
        percent=tuple(p.lower() for p in data.get("percent", [])),
    )


def parse_number(text: str, decimal_comma: bool) -> float:
    """``80,1`` -> 80.1 (decimal comma), ``1,200`` -> 1200 in English, ``1 200`` -> 1200."""
    compact = re.sub(r"[ \u00a0\u202f]", "", text)
    if decimal_comma:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
            compact = compact.replace(".", "")
        return float(compact.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", compact):
        compact = compact.replace(",", "")
    return float(compact.replace(",", "."))


@dataclass
class _Raw:
    start: int
    end: int
    value: float
    approximate: bool


def _raw_numbers(text: str, start: int, end: int, tokens: Sequence[Token], rules: _Rules) -> list[_Raw]:
    found: list[_Raw] = []
    for match in _DIGITS.finditer(text, start, end):
        try:
            value = parse_number(match.group(0), rules.decimal_comma)
        except ValueError:
            continue
        found.append(_Raw(match.start(), match.end(), value, False))
    for token in tokens:
        low, lemma = token.text.lower(), token.lemma.lower()
        if any(r.start <= token.start < r.end for r in found):
            continue
        if low in rules.words or lemma in rules.words:
            found.append(_Raw(token.start, token.end, rules.words.get(low, rules.words.get(lemma, 0.0)), False))
        elif low in rules.vague:
            before = [r for r in found if 0 <= token.start - r.end <= 1]
            if not before:
                found.append(_Raw(token.start, token.end, rules.vague[low], True))
    return sorted(found, key=lambda r: r.start)


def _extend(text: str, raw: _Raw, end: int, rules: _Rules) -> tuple[int, float, str | None]:
    """Scale and unit words just after a number: ``2 тисячі``, ``80,1%``, ``5 млн доларів``."""
    position, value, unit = raw.end, raw.value, None
    rest = text[position:end]
    word = re.match(r"\s*([^\W\d]+\.?|%)", rest)
    if word and not raw.approximate:
        key = word.group(1).lower()
        scale = rules.scales.get(key) or rules.scales.get(key.rstrip("."))
        if scale:
            value *= scale
            position += word.end()
            rest = text[position:end]
    for marker in rules.percent:
        hit = re.match(rf"\s*{re.escape(marker)}", rest, re.IGNORECASE)
        if hit:
            return position + hit.end(), value, "percent"
    word = re.match(r"\s*([^\W\d]+)", rest)
    if word and word.group(1).lower() in rules.currency_words:
        return position + word.end(), value, rules.currency_words[word.group(1).lower()]
    symbol = text[raw.start - 1] if raw.start > 0 else ""
    if symbol in rules.currency_symbols:
        return position, value, rules.currency_symbols[symbol]
    return position, value, unit


def _measure(tokens: Sequence[Token], start: int, end: int, rules: _Rules) -> str | None:
    best: tuple[int, str] | None = None
    inside = [i for i, t in enumerate(tokens) if start <= t.start < end]
    if not inside:
        return None
    anchor = inside[0]
    skip = set(inside)
    stems = _measure_stems(rules)
    for i, token in enumerate(tokens):
        if i in skip:
            continue
        found = stems.match(token.text.lower())
        if found is None:
            continue
        measure = next(name for name, value in found.groupdict().items() if value is not None)
        distance = abs(i - anchor) * 2 + (i < anchor)
        if best is None or distance < best[0]:
            best = (distance, _MEASURE_GROUPS[measure])
    return best[1] if best else None


_MEASURE_GROUPS: dict[str, str] = {}
_MEASURE_PATTERNS: dict[int, tuple[_Rules, re.Pattern[str]]] = {}


def _measure_stems(rules: _Rules) -> re.Pattern[str]:
    """One regex over every measure's stems, a named group per measure; the first
    measure whose stem starts the word wins, as in the rules' order. (Cached per
    rules object: rules_for keeps one per language.)"""
    cached = _MEASURE_PATTERNS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    parts = []
    for index, (measure, stems) in enumerate(rules.measures.items()):
        group = f"m{index}"
        _MEASURE_GROUPS[group] = measure
        parts.append(f"(?P<{group}>{'|'.join(re.escape(stem) for stem in stems) or '(?!)'})")
    pattern = re.compile("|".join(parts) or "(?!)")
    _MEASURE_PATTERNS[id(rules)] = (rules, pattern)
    return pattern


def _time_for(times: Sequence[TimeExpression]) -> TimeExpression | None:
    dated = [t for t in times if t.value is not None]
    ordered = dated or list(times)
    return ordered[0] if ordered else None


def _in(start: int, end: int, outer_start: int, outer_end: int) -> bool:
    return outer_start <= start and end <= outer_end


def find_figures(article: AnalysedArticle, claims: Sequence[Claim]) -> list[Figure]:
    """Every figure of the article, in text order. Pure."""
    rules = rules_for(article.lang)
    figures: list[Figure] = []
    previous: Figure | None = None
    for index, sentence in enumerate(article.sentences):
        text = article.field_text(sentence.field)
        s_start, s_end = sentence.start, min(sentence.end, len(text))
        tokens = tokens_by_sentence(article.tokens).get((index, sentence.field), [])
        times = [t for t in article.times if t.field is sentence.field and _in(t.start, t.end, s_start, s_end)]
        mentions = [m for m in article.entities if m.field is sentence.field and _in(m.start, m.end, s_start, s_end)]
        if previous is not None and (
            previous.sentence != index - 1 or "\n" in text[article.sentences[index - 1].end : s_start]
        ):
            previous = None
        sentence_time = _time_for(times)
        if sentence_time is None and index > 0:
            before = article.sentences[index - 1]
            if before.field is sentence.field and "\n" not in text[before.end : s_start]:
                sentence_time = _time_for(
                    [
                        t
                        for t in article.times
                        if t.field is before.field
                        and t.value is not None
                        and _in(t.start, t.end, before.start, before.end)
                    ]
                )
        own = [(i, c) for i, c in enumerate(claims) if c.sentence == index]
        found_here: list[Figure] = []
        for raw in _raw_numbers(text, s_start, s_end, tokens, rules):
            if any(_in(raw.start, raw.end, t.start, t.end) for t in times) or any(
                _in(raw.start, raw.end, m.start, m.end) for m in mentions
            ):
                continue
            end, value, unit = _extend(text, raw, s_end, rules)
            start, qualifier = raw.start, None
            if rules.qualifiers and (hit := rules.qualifiers.search(text, max(s_start, start - 25), start)):
                start, qualifier = hit.start(), rules.qualifier_names.get(re.sub(r"\s+", " ", hit.group(1).lower()))
            measure = _measure(tokens, raw.start, end, rules)
            if measure is None and previous is not None and unit == previous.unit:
                measure = previous.measure
            if measure is None and unit and unit != "percent":
                measure = "money"
            subject = None
            if measure == "vote_share":
                people = [m for m in mentions if m.type is EntityType.PER and m.end <= start]
                subject = people[-1].canonical if people else None
            claim_index: int | None = next(
                (i for i, c in own if c.content_start <= start and end <= c.content_end), None
            )
            if claim_index is None and own:
                claim_index = own[0][0]
            claim = claims[claim_index] if claim_index is not None else None
            places = [m for m in mentions if m.type is EntityType.LOC]
            place = min(places, key=lambda m: abs(m.start - start)).canonical if places else None
            value_text = sentence_time.value if sentence_time and isinstance(sentence_time.value, str) else None
            figure = Figure(
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
                value_text,
                sentence_time.text if sentence_time else None,
                place,
            )
            found_here.append(figure)
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
