"""The time tagger's grammars: one regex per language, built from its word lists.

``grammar_for`` reads ``rules/<lang>/timex.json`` once and compiles one pattern
that finds every expression in one pass: an alternation of named kinds (the
top-level groups, read by ``timex_resolve.INTERPRETERS``), longest readings
first, plus a cheap trigger pattern of where an expression may start. The JSON keys:

- ``months`` (12 lists), ``weekdays`` (7): every grammatical form. Alone,
  ``ambiguous_months`` (``лютий`` "fierce", ``May``) need a ``month_context`` word
  before them, and a weekday needs a ``weekday_context`` word where the language
  lists any (``у понеділок``) unless ``weekday_modifiers`` / ``_postmodifiers``
  name it (-1 the last such day, 0 this week's, 1 the next).
- ``day_suffixes`` (``9th``), ``day_links`` / ``year_links`` (``9 de agosto de``),
  ``year_words`` / ``year_suffixes`` (``2019 року``, ``2006-му``), ``range_year_words``,
  ``year_prepositions`` (``in 2019``: a bare number is a year only after one),
  ``range_connectors`` / ``range_starts`` (``з 9 по 11``), ``night`` (``в ніч на``).
- ``relative_days`` / ``_months`` / ``_years``: phrase -> offset; ``needs_day_part``
  (``сьогодні`` counts only as ``сьогодні ввечері``: alone it mostly means
  "nowadays", and NER-UK leaves 75 of 84 untagged); ``not_after``.
- ``edges`` (``початку``, ``early``, seasons) make what follows approximate;
  ``decade_patterns`` / ``century_patterns``: regexes that start with a word or
  ``{decade}``, ``{roman}``, ``{ordinal}``; ``ago``, ``units``, ``numbers``, ``few``
  (``кілька місяців тому``); ``vague``: phrases (and a regex ``tail``) of
  approximate expressions with no value.

Patterns match lower-case text (see ``timex._lower``); a language without rules
gets numeric dates only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from khronika.records import TimeGranularity
from khronika.rules import RULE_LANGUAGES, load_rules

_SPACE = r"[^\S\n]+"  # spaces and tabs: an expression never runs over a line break
_DAY = r"(?<![\w,.:/])(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_YEAR = r"(?<![\w,.:/])(?:1\d|20)\d\d(?!\d)"
_DECADE = r"(?P<dec_v{index}>(?<![\w,.])(?:(?:1\d|20)\d0|'?\d0)(?!\d))"
_ROMAN = r"(?P<cen_r{index}>(?<!\w)[ivxlіх]{{1,7}})"  # upper case in the text: checked apart
_ORDINAL = r"(?P<cen_o{index}>(?<![\w,.])\d{{1,2}})"
# numeric dates read the same in every language (day first; English month first
# with slashes), so they are the whole pattern of a language without rules
_ISO = r"(?P<iso>(?<![\w.,:/-])(?P<iso_y>(?:1\d|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)(?![\d]|[.,/-]\d))"
_NUMERIC = (
    r"(?P<num>(?<![\w.,:/-])(?P<num_a>[0-3]?\d)(?P<num_s>[./-])(?P<num_b>[01]?\d)(?P=num_s)"
    r"(?P<num_y>(?:1\d|20)\d\d|\d\d)(?![\d%]|[.,/-]\d){year_word})"
)
_CHARACTER = {" ": r"\s+", "'": "['’ʼ]"}


def normalise_phrase(text: str) -> str:
    """The key a matched phrase is looked up by: lower case, one space, ASCII apostrophe."""
    return " ".join(text.lower().replace("’", "'").replace("ʼ", "'").split())


@dataclass(frozen=True)
class Grammar:
    """One language's compiled patterns and the tables (keyed by ``normalise_phrase``)
    its matches are read with; built by ``grammar_for``. The pattern's top-level
    groups name the kinds of expression that ``timex_resolve.INTERPRETERS`` read."""

    lang: str
    pattern: re.Pattern[str]
    trigger: re.Pattern[str]  # where an expression may start (see timex.matches)
    months: dict[str, int] = field(default_factory=dict)  # form -> 1..12
    weekdays: dict[str, int] = field(default_factory=dict)  # form -> 0 (Monday)..6
    ambiguous_months: frozenset[str] = frozenset()  # alone, these need a month_context word before
    month_context: frozenset[str] = frozenset()
    weekday_context: frozenset[str] = frozenset()  # empty: a bare weekday is a date
    weekday_modifiers: dict[str, int] = field(default_factory=dict)  # -1 last, 0 this, 1 next
    year_prepositions: frozenset[str] = frozenset()  # words that make a bare number a year
    relative_days: dict[str, int] = field(default_factory=dict)
    needs_day_part: frozenset[str] = frozenset()
    not_after: dict[str, frozenset[str]] = field(default_factory=dict)
    relative_years: dict[str, int] = field(default_factory=dict)
    relative_months: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # form -> day, week, month, year, …
    numbers: dict[str, float] = field(default_factory=dict)
    vague_granularity: dict[str, TimeGranularity] = field(default_factory=dict)  # group -> granularity
    month_first: bool = False  # 9/14/2020
    capitalised_names: bool = False  # English: "May" is the month, "may" is not
    lowercase_forms: frozenset[str] = frozenset()  # French: "mars" is the month, "Mars" is not
    roman_groups: tuple[str, ...] = ()  # the pattern's groups that hold a Roman century
    range_gap: re.Pattern[str] | None = None  # what joins two dates into a range: "-", " по "
    range_starts: frozenset[str] = frozenset()  # words that open a range: "з", "from"


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, factored into a trie.

    A flat ``a|b|c`` over a hundred month forms would be tried form by form at
    every word; the trie fails on the first letter that no form shares.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for character in word.lower():
            node = node.setdefault(character, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_CHARACTER.get(char, re.escape(char)) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (f"(?:{body})" if len(branches) == 1 and len(body) > 1 else body) + "?"
        return body

    return emit(trie) if trie else r"(?!x)x"


def _words(rules: Mapping[str, Any], key: str) -> list[str]:
    value = rules.get(key, [])
    return list(value) if isinstance(value, list) else list(value.keys())


def _forms(table: Iterable[Iterable[str]]) -> dict[str, int]:
    return {normalise_phrase(form): index for index, forms in enumerate(table) for form in forms}


def _optional(words: list[str], before: str = "", after: str = "") -> str:
    return f"(?:{before}{alternation(words)}{after})?" if words else ""


# what a placeholder's first word looks like (a Roman numeral: ``XIX``, French ``XIXe``)
_PLACEHOLDER_START = {"decade": r"'?\d", "roman": r"[ivxlіх]{1,7}(?:e|è|ème|er)?(?!\w)", "ordinal": r"\d"}


class _Kinds:
    """The kinds of expression of one language, and the words any of them can start with."""

    def __init__(self) -> None:
        self.patterns: list[str] = []
        self.first_words: set[str] = set()
        self.first_patterns: set[str] = {r"\d"}  # every number-led kind starts with a digit

    def add(self, pattern: str, *starts: Iterable[str]) -> None:
        self.patterns.append(pattern)
        for words in starts:
            self.first_words.update(word.lower() for word in words)

    def add_templates(self, kind: str, templates: list[str], prefix: str, placeholders: dict[str, str]) -> None:
        """``decade_patterns`` and ``century_patterns``: each starts with a placeholder or a word."""
        bodies = []
        for index, template in enumerate(templates):
            lead = re.match(r"\{(\w+)\}|([^\W\d_]+)", template)
            if lead is None or (lead.group(1) and lead.group(1) not in placeholders):
                raise ValueError(f"{kind} pattern {template!r} must start with a word or a placeholder")
            if lead.group(1):
                self.first_patterns.add(_PLACEHOLDER_START[lead.group(1)])
            else:
                self.first_words.add(lead.group(2).lower())
            bodies.append(template.format(**{name: value.format(index=index) for name, value in placeholders.items()}))
        self.patterns.append(rf"(?P<{kind}>{prefix}(?:{'|'.join(bodies)})(?!\w))")

    def pattern(self) -> str:
        return r"(?<!\w)(?:" + "|".join(self.patterns) + ")"

    def trigger(self) -> str:
        """Where an expression may start: a digit or a first word (a cheap scan; see ``matches``)."""
        words = rf"{alternation(self.first_words)}(?:(?<!\w)|(?!\w))"
        return r"(?<!\w)(?:" + "|".join([*sorted(self.first_patterns), words]) + ")"


def _build_pattern(rules: Mapping[str, Any]) -> tuple[str, str, dict[str, TimeGranularity]]:
    """The language's pattern (an alternation of named kinds, longest readings first),
    its trigger pattern and the granularity of its vague kinds."""
    month_forms = [form for forms in rules["months"] for form in forms]
    month = alternation(month_forms) + r"(?!\w)"
    weekday_forms = [form for forms in rules.get("weekdays", []) for form in forms]
    day = _DAY + _optional(_words(rules, "day_suffixes"))
    day_link = _optional(_words(rules, "day_links"), _SPACE)
    year_words = _words(rules, "year_words")
    year_word = _optional(year_words, r"[^\S\n]*", r"(?!\w)")  # "2012року" is written too
    suffixes = [suffix.lstrip("-") for suffix in _words(rules, "year_suffixes")]
    year_suffix = f"(?:\\s?[-–]\\s?{alternation(suffixes)}(?!\\w))" if suffixes else "(?!x)x"
    relative_years = _words(rules, "relative_years")
    edge_words = _words(rules, "edges")
    edges = f"(?:{alternation(edge_words)}(?:(?<=-)|{_SPACE}))"
    connector = rf"(?:\s?[-–—]\s?|{_SPACE}{alternation(_words(rules, 'range_connectors'))}\s?)"

    def year_tail(kind: str) -> str:
        named = rf",?{_SPACE}{_optional(_words(rules, 'year_links'), after=_SPACE)}(?P<{kind}_y>{_YEAR}){year_suffix}?{year_word}"
        relative = rf"|{_SPACE}(?P<{kind}_r>{alternation(relative_years)})(?!\w)" if relative_years else ""
        return f"(?:{named}{relative})?"

    kinds = _Kinds()
    night = rules.get("night")
    night_prefix = ""
    if night:
        night_prefix = (
            rf"(?:{alternation(night['words'])}{_SPACE}(?:{alternation(night['from'])}{_SPACE}{_DAY}{_SPACE})?"
            rf"{alternation(night['to'])}{_SPACE})?"
        )
    if rules.get("month_first"):
        kinds.add(
            rf"(?P<rgm>(?P<rgm_m>{month}){_SPACE}(?P<rgm_d1>{day}){connector}(?P<rgm_d2>{day}){year_tail('rgm')})"
        )
    kinds.add(
        rf"(?P<rng>(?P<rng_d1>{day})(?:{day_link}{_SPACE}(?P<rng_m1>{month}))?{connector}(?P<rng_d2>{day})"
        rf"{day_link}{_SPACE}(?P<rng_m>{month}){year_tail('rng')})"
    )
    kinds.add(
        rf"(?P<dm>{night_prefix}(?P<dm_d>{day}){day_link}{_SPACE}(?P<dm_m>{month}){year_tail('dm')})",
        night["words"] if night else [],
    )
    if rules.get("month_first"):
        kinds.add(rf"(?P<md>(?P<md_m>{month}){_SPACE}(?P<md_d>{day})(?!\w){year_tail('md')})", month_forms)
    kinds.add(_ISO)
    kinds.add(_NUMERIC.format(year_word=year_word))
    if year_words:
        plural = alternation([*year_words, *_words(rules, "range_year_words")])
        kinds.add(rf"(?P<yrng>(?P<yrng_a>{_YEAR}){connector}(?P<yrng_b>{_YEAR}){year_suffix}?[^\S\n]*{plural}(?!\w))")
    kinds.first_words.update(word.lower() for word in edge_words)
    if rules.get("decade_patterns"):
        kinds.add_templates("dec", rules["decade_patterns"], f"(?:{edges})?", {"decade": _DECADE})
    if rules.get("century_patterns"):
        kinds.add_templates("cen", rules["century_patterns"], f"(?:{edges})?", {"roman": _ROMAN, "ordinal": _ORDINAL})
    kinds.add(rf"(?P<my>(?:(?P<my_e>{edges}))?(?P<my_m>{month}){year_tail('my')})", month_forms)
    kinds.add(rf"(?P<yr>(?:(?P<yr_e>{edges}))?(?P<yr_y>{_YEAR})(?P<yr_s>{year_suffix})?(?P<yr_w>{year_word}))")
    if relative_years:
        kinds.add(rf"(?P<ry>(?:(?P<ry_e>{edges}))?(?P<ry_p>{alternation(relative_years)})(?!\w))", relative_years)
    relative_months = _words(rules, "relative_months")
    if relative_months:
        kinds.add(rf"(?P<rm>(?P<rm_p>{alternation(relative_months)})(?!\w))", relative_months)
    day_parts = _words(rules, "day_parts")
    part = rf"(?:{_SPACE}(?P<rd_part>{alternation(day_parts)})(?!\w))?" if day_parts else ""
    relative_days = _words(rules, "relative_days")
    kinds.add(rf"(?P<rd>(?P<rd_p>{alternation(relative_days)})(?!\w){part})", relative_days)
    if weekday_forms:
        modifiers = _words(rules, "weekday_modifiers")
        before = _optional(modifiers, "(?P<wd_mod>", f"){_SPACE}")
        post = _words(rules, "weekday_postmodifiers")
        after = rf"(?:{_SPACE}(?P<wd_post>{alternation(post)})(?!\w))?" if post else ""
        kinds.add(rf"(?P<wd>{before}(?P<wd_d>{alternation(weekday_forms)})(?!\w){after})", modifiers, weekday_forms)
    ago = rules.get("ago", {})
    if ago:
        counts = [*_words(rules, "numbers"), *_words(rules, "few")]
        amount = rf"(?:(?P<ago_n>(?<![\w,.])\d{{1,3}}(?!\d)|{alternation(counts)}){_SPACE})?"
        units = [form for forms in rules["units"].values() for form in forms]
        unit = rf"(?P<ago_u>{alternation(units)})(?!\w)"
        if ago.get("before"):
            kinds.add(rf"(?P<ago>{alternation(ago['before'])}{_SPACE}{amount}{unit})", ago["before"])
        else:
            kinds.add(rf"(?P<ago>{amount}{unit}{_SPACE}{alternation(ago['after'])}(?!\w))", counts, units)
    vague: dict[str, TimeGranularity] = {}
    for index, entry in enumerate(rules.get("vague", [])):
        vague[f"vg{index}"] = TimeGranularity(entry["granularity"])
        kinds.add(rf"(?P<vg{index}>{alternation(entry['phrases'])}(?!\w){entry.get('tail', '')})", entry["phrases"])
    return kinds.pattern(), kinds.trigger(), vague


# the rules that are word lists (kept as sets) and phrase tables (phrase -> number)
_WORD_SETS = (
    "ambiguous_months",
    "month_context",
    "weekday_context",
    "year_prepositions",
    "needs_day_part",
    "range_starts",
)
_TABLES = ("relative_days", "relative_years", "relative_months", "numbers")


@cache
def grammar_for(lang: str) -> Grammar:
    """The compiled grammar of ``lang``; numeric dates only for a language without rules."""
    code = lang.split("-")[0].split("_")[0].lower()
    rules = load_rules(code, "timex") if code in RULE_LANGUAGES else {}
    if not rules:
        numeric = _ISO + "|" + _NUMERIC.format(year_word="")
        return Grammar(code, re.compile(numeric), re.compile(r"(?<!\w)\d"))
    source, trigger, vague = _build_pattern(rules)
    modifiers = {**rules.get("weekday_modifiers", {}), **rules.get("weekday_postmodifiers", {})}

    def normalised(words: Iterable[str]) -> frozenset[str]:
        return frozenset(normalise_phrase(word) for word in words)

    word_sets: dict[str, Any] = {key: normalised(rules.get(key, [])) for key in _WORD_SETS}
    tables: dict[str, Any] = {key: {normalise_phrase(k): v for k, v in rules.get(key, {}).items()} for key in _TABLES}
    return Grammar(
        lang=code,
        pattern=re.compile(source),
        trigger=re.compile(trigger),
        roman_groups=tuple(name for name in re.compile(source).groupindex if name.startswith("cen_r")),
        capitalised_names=bool(rules.get("case_sensitive_names")),
        lowercase_forms=normalised(rules.get("case_sensitive_months", [])),
        months={form: index + 1 for form, index in _forms(rules["months"]).items()},
        weekdays=_forms(rules.get("weekdays", [])),
        weekday_modifiers={normalise_phrase(word): value for word, value in modifiers.items()},
        not_after={normalise_phrase(word): normalised(before) for word, before in rules.get("not_after", {}).items()},
        units={normalise_phrase(form): unit for unit, forms in rules.get("units", {}).items() for form in forms},
        vague_granularity=vague,
        range_gap=re.compile(rf"\s*[-–—]\s*|\s+{alternation(_words(rules, 'range_connectors'))}\s*"),
        **word_sets,
        **tables,
        month_first=bool(rules.get("month_first")),
    )
