"""Reading the numbers of a sentence for the figures stage: digits, number words,
multi-word numbers and ranges, with the scale, percent and currency words after them.

Lexicons live in ``rules/<lang>/figures.json`` (see ``figures.reader``). The steps:

1. digits (``400``, ``1 200``, ``80,1``), read by ``parse_number``;
2. number words, joined into one number where they compose (``двадцять п'ять`` = 25,
   ``сто двадцять`` = 120, ``two hundred`` = 200, ``тисяча двісті`` = 1200,
   ``twenty-five`` = 25): a word joins the number before it when it is smaller than
   the order of the last word (``двадцять`` then ``п'ять``), a scale word
   (``тисяча``, ``million``) or ``hundred`` after a smaller number multiplies it;
   vague amounts (``тисячі`` = thousands, ``десятки``) stand alone, approximate;
3. ranges: two numbers joined by a dash (``3–5``) or by the language's range words
   (``від 3 до 5``, ``between 3 and 5``) become one figure with ``value_max``
   (``merge_ranges``, run after dates and names are left out, so ``12-13 вересня``
   stays a date);
4. ``extend``: a scale word (``2 тисячі``, ``5 млн``), percent (``80,1%``) or
   currency (``40 мільйонів гривень``, ``$5``) just after the number.

Per-word lookups are cached (``_Rules.word_cache``): the stage sees the same words
in article after article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from khronika.records import Token
from khronika.text import WORD_APOSTROPHES

# not the head of a longer run (``17.42h``, a clock glued to its unit, is no 17)
DIGITS = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?![\w]|[.,]\d)")
_SPACES = re.compile(r"[ \u00a0\u202f]")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NEXT_WORD = re.compile(r"\s*([^\W\d]+\.?|%)")
_NEXT_LETTERS = re.compile(r"\s*([^\W\d]+)")
_DASH_BETWEEN = re.compile(r"\s?[–—-]\s?")
_NON_DIGITS = re.compile(r"\D+")
_WORD_CACHE_LIMIT = 100_000

# what one word is to a number: ("number", 25.0), ("scale", 1000.0), ("vague", 1000.0), ("connector", 0.0)
WordKind = tuple[str, float]


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
    percent: re.Pattern[str] | None
    connectors: frozenset[str]
    range_openers: re.Pattern[str] | None  # ``від`` before the first number
    range_joiners: re.Pattern[str] | None  # `` до `` between the two
    measure_stems: re.Pattern[str]  # one named group per measure, in the rules' order
    measure_groups: dict[str, str]  # group name -> measure
    generic_counted: frozenset[str]  # lemmas of people in general: ``людина``, ``people``
    count_stop: frozenset[str]  # untagged languages: words that end a counted group
    round_scales: frozenset[str]  # ``un millar``, ``une centaine``, ``сотня``: about that many
    scale_articles: frozenset[str]  # ``un``/``a`` before a scale word is one of it (``a million``)
    partitive: frozenset[str]  # ``de ses``, ``of the``: a counted group follows (``trois de ses petits-enfants``)
    word_cache: dict[str, WordKind | None] = field(default_factory=dict, compare=False)
    measure_cache: dict[str, str | None] = field(default_factory=dict, compare=False)


def _phrases(phrases: Sequence[str], template: str) -> re.Pattern[str] | None:
    if not phrases:
        return None
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))
    pattern = template.format(body)
    if pattern.startswith(r"(?<!\w)") and all(p[:1].isalpha() for p in phrases):
        # a look-ahead for the phrases' first letters adds nothing to what matches,
        # but the regex engine then passes over other positions much faster
        pattern = "(?=[" + "".join(sorted({p[0] for p in phrases})) + "])" + pattern
    return re.compile(pattern, re.IGNORECASE)


@cache
def rules_for(lang: str) -> _Rules:
    from khronika.rules import load_rules

    data = load_rules(lang, "figures")
    qualifiers = {k.lower(): v for k, v in data.get("qualifiers", {}).items()}
    ranges = [(opener.lower(), joiner.lower()) for opener, joiner in data.get("ranges", [])]
    groups = {f"m{index}": measure for index, measure in enumerate(data.get("measures", {}))}
    stems = [
        f"(?P<m{index}>{'|'.join(re.escape(stem) for stem in stems) or '(?!)'})"
        for index, stems in enumerate(data.get("measures", {}).values())
    ]
    return _Rules(
        decimal_comma=bool(data.get("decimal_comma", True)),
        measures={k: tuple(v) for k, v in data.get("measures", {}).items()},
        words={k.lower(): float(v) for k, v in data.get("number_words", {}).items()},
        scales={k.lower(): float(v) for k, v in data.get("scales", {}).items()},
        vague={k.lower(): float(v) for k, v in data.get("vague", {}).items()},
        qualifiers=_phrases(list(qualifiers), r"(?<!\w)({})(?:\s+|(?<=['’]))$"),  # ``plus d'une centaine``
        qualifier_names=qualifiers,
        currency_words={k.lower(): v for k, v in data.get("currency_words", {}).items()},
        currency_symbols=dict(data.get("currency_symbols", {})),
        percent=_phrases([p.lower() for p in data.get("percent", [])], r"\s*(?:{})"),
        connectors=frozenset(w.lower() for w in data.get("number_connectors", [])),
        range_openers=_phrases([o for o, _ in ranges], r"(?<!\w)(?:{})\s+$"),
        range_joiners=_phrases([j for _, j in ranges], r"\s+(?:{})\s+"),
        measure_stems=re.compile("|".join(stems) or "(?!)"),
        measure_groups=groups,
        generic_counted=frozenset(w.lower() for w in data.get("generic_counted", [])),
        count_stop=frozenset(w.lower() for w in data.get("count_stop_words", [])),
        round_scales=frozenset(w.lower() for w in data.get("round_scales", [])),
        scale_articles=frozenset(w.lower() for w in data.get("scale_articles", [])),
        partitive=frozenset(" ".join(w.lower().split()) for w in data.get("partitive", [])),
    )


def measure_of_word(rules: _Rules, word: str) -> str | None:
    """The measure a word names (``загиблих`` -> deaths): the first measure whose stem
    starts the word, in the rules' order (cached per word)."""
    cache_ = rules.measure_cache
    if word in cache_:
        return cache_[word]
    found = rules.measure_stems.match(word.lower())
    measure = rules.measure_groups[found.lastgroup] if found and found.lastgroup else None
    if len(cache_) > _WORD_CACHE_LIMIT:
        cache_.clear()
    cache_[word] = measure
    return measure


_parsed: dict[tuple[str, bool], float] = {}


def parse_number(text: str, decimal_comma: bool) -> float:
    """``80,1`` -> 80.1 (decimal comma), ``1,200`` -> 1200 in English, ``1 200`` -> 1200
    (cached per text: the same numbers come back in article after article)."""
    key = (text, decimal_comma)
    value = _parsed.get(key)
    if value is None:
        value = _parse_number(text, decimal_comma)
        if len(_parsed) > _WORD_CACHE_LIMIT:
            _parsed.clear()
        _parsed[key] = value
    return value


def _parse_number(text: str, decimal_comma: bool) -> float:
    compact = _SPACES.sub("", text)
    if decimal_comma:
        if _THOUSANDS_DOT.fullmatch(compact):
            compact = compact.replace(".", "")
        return float(compact.replace(",", "."))
    if _THOUSANDS_COMMA.fullmatch(compact):
        compact = compact.replace(",", "")
    return float(compact.replace(",", "."))


class Raw(NamedTuple):
    """A number found in the text, before its scale, unit and qualifier are read."""

    start: int
    end: int
    value: float
    approximate: bool
    value_max: float | None = None


def _single_word(rules: _Rules, low: str, lemma: str) -> WordKind | None:
    if low in rules.words:
        return "number", rules.words[low]
    if low in rules.vague and low not in rules.scales:  # ``hundreds`` (lemma ``hundred``) is vague
        return "vague", rules.vague[low]
    if lemma in rules.words:
        return "number", rules.words[lemma]
    if low in rules.scales and low not in rules.vague:
        return "scale", rules.scales[low]
    if low in rules.vague:
        return "vague", rules.vague[low]
    if low in rules.scales or lemma in rules.scales:
        return "scale", rules.scales.get(low, rules.scales.get(lemma, 0.0))
    if low in rules.connectors:
        return "connector", 0.0
    return None


def word_kind(rules: _Rules, token: Token) -> WordKind | None:
    """What the token is to a number (cached per word form: a form's lemma is
    taken to be the same wherever it occurs)."""
    key = token.text
    cache_ = rules.word_cache
    if key in cache_:
        return cache_[key]
    low, lemma = token.text.lower().translate(WORD_APOSTROPHES), token.lemma.lower().translate(WORD_APOSTROPHES)
    kind = _single_word(rules, low, lemma)
    if kind is None and "-" in low.strip("-"):  # twenty-five
        parts = [_single_word(rules, part, part) for part in low.split("-")]
        if all(part is not None and part[0] == "number" for part in parts):
            value = _compose([part[1] for part in parts if part is not None])
            kind = ("number", value) if value is not None else None
    if len(cache_) > _WORD_CACHE_LIMIT:
        cache_.clear()
    cache_[key] = kind
    return kind


def _trailing_zeros(value: float) -> int:
    number, zeros = int(value), 0
    while number and number % 10 == 0:
        number, zeros = number // 10, zeros + 1
    return zeros


def _compose(values: Sequence[float]) -> float | None:
    """Additive number words as one number (``[20, 5]`` -> 25), None where they do not compose."""
    total, last = 0.0, 0.0
    for value in values:
        if last and len(str(int(value))) > _trailing_zeros(last):
            return None
        total, last = total + value, value
    return total


class _Sequence:
    """Number words being joined into one number: ``total`` of finished scale groups
    (``дві тисячі``) and ``current``, the group being read."""

    def __init__(self, start: int) -> None:
        self.start = self.end = start
        self.total = self.current = self.last = 0.0
        self.words = 0

    def add(self, kind: str, value: float, start: int, end: int) -> bool:
        """Take the word if it continues the number; False where it starts a new one."""
        if kind == "scale":
            if self.words and self.current == 0:
                return False
            self.total += max(self.current, 1.0) * value
            self.current = self.last = 0.0
        elif value == 100 and 0 < self.current < 100:  # two hundred
            self.current *= value
            self.last = self.current
        elif self.last and len(str(int(value))) > _trailing_zeros(self.last):
            return False  # ``п'ять двадцять``: two numbers
        else:
            self.current += value
            self.last = value
        if not self.words:
            self.start = start
        self.end = end
        self.words += 1
        return True

    @property
    def value(self) -> float:
        return self.total + self.current


def _word_numbers(text: str, tokens: Sequence[Token], digits: list[Raw], rules: _Rules) -> list[Raw]:
    found: list[Raw] = []
    sequence: _Sequence | None = None
    gap_end = -1  # where the sequence's last word ended

    def close() -> None:
        nonlocal sequence
        if sequence is not None and sequence.words:
            found.append(Raw(sequence.start, sequence.end, sequence.value, False))
        sequence = None

    known = rules.word_cache
    article: Token | None = None  # the word before, where it is ``un``/``a``
    for token in tokens:
        kind = known[token.text] if token.text in known else word_kind(rules, token)
        if kind is None:
            if sequence is not None:
                close()
            article = token if token.text.lower() in rules.scale_articles else None
            continue
        if sequence is not None and text[gap_end : token.start].strip(" -\u00a0"):
            close()  # not joined to the number before
        name, value = kind
        after_digits = any(0 <= token.start - raw.end <= 1 for raw in digits)
        if name == "connector":
            if sequence is not None and sequence.words and (sequence.last == 0 or _trailing_zeros(sequence.last) >= 2):
                gap_end = token.end  # two hundred [and] five
                continue
            close()
            continue
        if name == "vague" and not (sequence and sequence.words):
            close()
            if not after_digits:
                found.append(Raw(token.start, token.end, value, True))
            continue
        if name == "vague":
            name = "scale"
        if name == "scale" and sequence is None and (after_digits or "." in token.text or len(token.text) < 4):
            continue  # ``2 тисячі``, ``5 млн``: extend() reads it with the digits
        if sequence is None:
            sequence = _Sequence(token.start)
        if not sequence.add(name, value, token.start, token.end):
            close()
            sequence = _Sequence(token.start)
            sequence.add(name, value, token.start, token.end)
        if sequence.words == 1 and name == "scale" and article is not None and article.end < token.start:
            sequence.start = article.start  # ``un millar``, ``a million``: the number starts at the article
        gap_end = token.end
        article = None
    close()
    return found


def digit_runs(text: str) -> list[int]:
    """Where the runs of digits of ``text`` start (a number in digits starts at one):
    where a run of non-digits ends, as the regex engine runs through non-digits far
    faster than it searches for digits."""
    starts = [run.end() for run in _NON_DIGITS.finditer(text) if run.end() < len(text)]
    if text and not _NON_DIGITS.match(text):
        starts.insert(0, 0)
    return starts


def _digits_at(text: str, start: int, end: int, run_starts: Sequence[int]) -> list[re.Match[str]]:
    """``DIGITS.finditer(text, start, end)``'s matches, tried only where runs of digits start."""
    matches: list[re.Match[str]] = []
    reached = start
    for position in run_starts:
        if reached <= position < end and (match := DIGITS.match(text, position, end)):
            matches.append(match)
            reached = match.end()
    return matches


def raw_numbers(
    text: str,
    start: int,
    end: int,
    tokens: Sequence[Token],
    rules: _Rules,
    run_starts: Sequence[int] | None = None,
    number_words: bool = True,
) -> list[Raw]:
    """Every number of ``text[start:end]`` (digits and number words), in text order.
    ``run_starts``, where known (``digit_runs``), are where the runs of digits start:
    a number in digits starts at one, so it is read there rather than searched for.
    ``number_words`` False: the tokens hold no number word (none is looked for)."""
    found: list[Raw] = []
    for match in DIGITS.finditer(text, start, end) if run_starts is None else _digits_at(text, start, end, run_starts):
        try:
            value = parse_number(match.group(0), rules.decimal_comma)
        except ValueError:
            continue
        found.append(Raw(match.start(), match.end(), value, False))
    if not number_words:
        return found  # numbers in digits only: found in text order
    covered = {position for r in found for position in range(r.start, r.end)}
    words = [t for t in tokens if t.start not in covered] if covered else tokens
    found.extend(_word_numbers(text, words, found, rules))
    return sorted(found, key=lambda r: r.start)


def merge_ranges(text: str, raws: list[Raw], rules: _Rules) -> list[Raw]:
    """Join ``3–5``, ``від 3 до 5``, ``between 3 and 5`` into one number with ``value_max``."""
    merged: list[Raw] = []
    i = 0
    while i < len(raws):
        first = raws[i]
        second = raws[i + 1] if i + 1 < len(raws) else None
        if second is not None and not first.approximate and not second.approximate and first.value < second.value:
            between = text[first.end : second.start]
            opener = (
                rules.range_openers.search(text, max(0, first.start - 20), first.start) if rules.range_openers else None
            )
            if _DASH_BETWEEN.fullmatch(between):
                merged.append(Raw(first.start, second.end, first.value, False, second.value))
                i += 2
                continue
            if opener and rules.range_joiners and rules.range_joiners.fullmatch(between):
                merged.append(Raw(opener.start(), second.end, first.value, False, second.value))
                i += 2
                continue
        merged.append(first)
        i += 1
    return merged


def extend(text: str, raw: Raw, end: int, rules: _Rules) -> tuple[int, float, float | None, str | None]:
    """Scale and unit words just after a number: ``2 тисячі``, ``80,1%``, ``5 млн доларів``.
    Returns the figure's end, value, range maximum and unit."""
    position, value, value_max = raw.end, raw.value, raw.value_max
    word = _NEXT_WORD.match(text, position, end)
    if word and not raw.approximate:
        key = word.group(1).lower()
        scale = rules.scales.get(key) or rules.scales.get(key.rstrip("."))
        if scale:
            value *= scale
            value_max = value_max * scale if value_max is not None else None
            position = word.end()
    if rules.percent and (hit := rules.percent.match(text, position, end)):
        return hit.end(), value, value_max, "percent"
    word = _NEXT_LETTERS.match(text, position, end)
    if word and word.group(1).lower() in rules.currency_words:
        return word.end(), value, value_max, rules.currency_words[word.group(1).lower()]
    symbol = text[raw.start - 1] if raw.start > 0 else ""
    if symbol in rules.currency_symbols:
        return position, value, value_max, rules.currency_symbols[symbol]
    return position, value, value_max, None
