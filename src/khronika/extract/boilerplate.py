"""Boilerplate removal over the lines of an extracted article.

trafilatura keeps some page furniture inside the body: "read also" teasers (often
glued to the next headline: ``Читайте такожЛукашенко втратив…``), widget titles
(``Відео дня``), photo credits, subscribe and cookie prompts, and lists of
unrelated headlines at the end (sometimes the start) of a page. The patterns are
data per language in ``rules/<lang>/boilerplate.json``; this module applies them.
Nothing is thrown away silently: every dropped line is returned with its rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache

from khronika.records import DroppedLine, RelatedLink
from khronika.rules import RULE_LANGUAGES, load_rules

# A headline-like line: short, and not ending as a sentence does.
_HEADLINE_MAX_WORDS = 16
_SENTENCE_END = re.compile(r"[.!?;:»\"”)\]]$")
# Trailing runs of headline-like lines this long are a list of other stories, where
# there is evidence that they are furniture (links on the page, lines the outlet
# repeats on other pages): at least this share of the run's lines. Without it a run
# is a real list (a race calendar, tour dates, a list of deals) and stays.
_MIN_TRAILING_HEADLINES = 3
_MIN_FURNITURE_SHARE = 0.5
_LINKED_LINE_SHARE = 0.6  # of a line's characters, in one link's text
_LINK_TEXT_MIN_CHARS = 4
_LIST_ITEM = re.compile(r"^\s*(?:[-–•*·|]|\d|[^:]{1,30}:\s)")
# Leading runs must be longer: the title and a dateline also look like headlines,
# so the last _KEEP_BEFORE_BODY lines of a leading run are kept.
_MIN_LEADING_HEADLINES = 5
_KEEP_BEFORE_BODY = 2
_TEASER_REST = re.compile(r"^(?:\s*[:–—-]\s*|\s*(?=[\"«„“A-ZА-ЯІЇЄҐЁ0-9])|$)")


@dataclass(frozen=True)
class BoilerplateRules:
    teaser_prefixes: tuple[str, ...]
    teaser: re.Pattern[str]  # any teaser prefix at the start of a line, the rest after it
    widget_lines: frozenset[str]
    title_credit: re.Pattern[str]
    line_credit: re.Pattern[str]
    prompts: re.Pattern[str]
    footers: re.Pattern[str]
    section_markers: frozenset[str]


@dataclass
class CleanedBody:
    lines: list[str]
    dropped: list[DroppedLine] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def _key(line: str) -> str:
    return line.strip().rstrip(":").strip().casefold()


def furniture_key(line: str) -> str:
    """How a line is looked up among link texts and an outlet's repeated lines:
    white space collapsed, case folded."""
    return " ".join(line.split()).casefold()


@cache
def rules_for(lang: str) -> BoilerplateRules:
    """The article language's rules plus English (widgets are often in English);
    every language's rules where the language is unknown or has none of its own."""
    langs = [lang, "en"] if lang in RULE_LANGUAGES else list(RULE_LANGUAGES)
    data = [load_rules(code, "boilerplate") for code in dict.fromkeys(langs)]

    def gather(key: str) -> list[str]:
        return [item for rules in data for item in rules.get(key, [])]

    prefixes = sorted(gather("teaser_prefixes"), key=len, reverse=True)
    labels = "|".join(re.escape(label) for label in sorted(gather("credit_labels"), key=len, reverse=True))
    return BoilerplateRules(
        teaser_prefixes=tuple(prefixes),
        teaser=re.compile("^(?:" + "|".join(re.escape(p) for p in prefixes) + ")(?P<rest>.*)$", re.I | re.S),
        widget_lines=frozenset(_key(line) for line in gather("widget_lines")),
        title_credit=re.compile(rf"\s*[/|]\s*(?:{labels})\s*:\s*(?P<credit>[^/|]{{1,80}})$", re.I),
        line_credit=re.compile(rf"^(?:{labels})\s*:\s*(?P<credit>.{{1,80}})$", re.I),
        prompts=_any_of(gather("prompt_patterns")),
        footers=_any_of(gather("footer_patterns")),
        section_markers=frozenset(_key(m) for m in gather("section_markers")),
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One regex for many: a line is tested once, not once per pattern."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.I)


def split_title_credit(title: str, lang: str) -> tuple[str, str | None]:
    """``Лукашенко … / Фото: REUTERS`` -> (``Лукашенко …``, ``REUTERS``)."""
    match = rules_for(lang).title_credit.search(title)
    if not match:
        return title.strip(), None
    return title[: match.start()].strip(), match["credit"].strip()


def is_headline_like(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _HEADLINE_MAX_WORDS:
        return False
    return line.endswith("…") or line.endswith("...") or not _SENTENCE_END.search(line)


def teaser_rest(line: str, rules: BoilerplateRules) -> str | None:
    """The headline glued after a teaser prefix ('' if none), or None if no teaser."""
    match = rules.teaser.match(line)
    if match is None or not _TEASER_REST.match(match["rest"]):
        return None
    return match["rest"].strip(" :–—-\t")


def linked_line(link_texts: Collection[str]) -> Callable[[str], bool]:
    """Whether a line is mostly a link's text (``link_texts``: ``furniture_key``s):
    the line itself, or one link text in it covering ``_LINKED_LINE_SHARE`` of it
    (``- Mazda fertigt flexibler 4. November 2021``)."""
    texts = [text for text in link_texts if len(text) >= _LINK_TEXT_MIN_CHARS]

    def is_linked(line: str) -> bool:
        key = furniture_key(line)
        if key in link_texts:
            return True
        return any(len(text) >= _LINKED_LINE_SHARE * len(key) and text in key for text in texts)

    return is_linked


def not_a_list_item(line: str) -> bool:
    """Plain text's only evidence: a headline of another story, not an item of a list
    (``- …``, ``12 May: Imola``, ``Penetration: 220``)."""
    return _LIST_ITEM.match(line) is None


def clean_body(lines: list[str], lang: str, is_furniture: Callable[[str], bool] = not_a_list_item) -> CleanedBody:
    """Drop boilerplate lines; keep teasers as related links, credits as credits.

    ``is_furniture``: whether a line is known to be page furniture: for a page, a
    link's text (``linked_line``); runs of headlines need that evidence to be
    dropped. Plain text has no links: there a run of headlines of other stories
    goes, and a run of list items stays."""
    rules = rules_for(lang)
    result = CleanedBody(lines=[])
    kept: list[str] = []
    pending_teaser = False
    for line in lines:
        if pending_teaser:
            pending_teaser = False
            if is_headline_like(line):
                result.related.append(RelatedLink(line))
                result.dropped.append(DroppedLine(line, "teaser"))
                continue
        rule = _line_rule(line, rules, result)
        if rule == "teaser_header":  # a bare "Read also:" names the next line
            pending_teaser = True
            rule = "teaser"
        if rule:
            result.dropped.append(DroppedLine(line, rule))
        else:
            kept.append(line)
    kept = _drop_section_tail(kept, rules, result)
    kept = drop_headline_runs(kept, result, is_furniture)
    result.lines = kept
    return result


def is_boilerplate_line(line: str, lang: str) -> bool:
    """Whether one of the line rules drops this line (a widget, teaser, credit, prompt or footer)."""
    return _line_rule(line, rules_for(lang), CleanedBody(lines=[])) is not None


def _line_rule(line: str, rules: BoilerplateRules, result: CleanedBody) -> str | None:
    key = _key(line)
    if key in rules.widget_lines:
        return "widget"
    rest = teaser_rest(line, rules)
    if rest is not None:
        if not rest:
            return "teaser_header"
        result.related.append(RelatedLink(rest))
        return "teaser"
    credit = rules.line_credit.match(line)
    if credit:
        result.credits.append(credit["credit"].strip())
        return "credit"
    if rules.prompts.match(line):
        return "prompt"
    if rules.footers.match(line):
        return "footer"
    return None


def _drop_section_tail(lines: list[str], rules: BoilerplateRules, result: CleanedBody) -> list[str]:
    """A section marker (``Останні новини``) in the second half of the page starts a
    block of other stories: drop it and the headline-like lines that follow."""
    for index in range(len(lines) // 2, len(lines)):
        key = _key(lines[index])
        if is_headline_like(lines[index]) and any(key.startswith(marker) for marker in rules.section_markers):
            end = index + 1
            while end < len(lines) and is_headline_like(lines[end]):
                end += 1
            if end == len(lines):
                result.dropped.extend(DroppedLine(line, "headline_list") for line in lines[index:])
                return lines[:index]
    return lines


def _has_evidence(run: list[str], is_furniture: Callable[[str], bool]) -> bool:
    return sum(map(is_furniture, run)) >= _MIN_FURNITURE_SHARE * len(run)


def drop_headline_runs(
    lines: list[str], result: CleanedBody, is_furniture: Callable[[str], bool], rule: str = "headline_list"
) -> list[str]:
    """Drop a trailing (or long leading) run of headline-like lines that the evidence
    shows to be furniture; a run without it is the article's own list."""
    end = len(lines)
    while end > 0 and is_headline_like(lines[end - 1]):
        end -= 1
    run = lines[end:]
    if len(run) >= _MIN_TRAILING_HEADLINES and end > 0 and _has_evidence(run, is_furniture):
        result.dropped.extend(DroppedLine(line, rule) for line in run)
        lines = lines[:end]
    start = 0
    while start < len(lines) and is_headline_like(lines[start]):
        start += 1
    cut = start - _KEEP_BEFORE_BODY
    if start >= _MIN_LEADING_HEADLINES and start < len(lines) and _has_evidence(lines[:cut], is_furniture):
        result.dropped[:0] = [DroppedLine(line, rule) for line in lines[:cut]]
        lines = lines[cut:]
    return lines
