"""``rules``: a gazetteer, capitalisation and cue-word recogniser for languages
without a trained model (en, es, fr, it, and any other).

A candidate is a run of capitalised words, joined by connectors (``of``, ``de``,
``al-``) inside a sentence; a sentence's first word must earn its place (a name
the alias table or gazetteer knows). Its type comes from, in order: the alias
table; organisation words (``Ministry``, ``Partido``) or an acronym; the place
gazetteer; a person cue before or after it (``President``, ``said``); a location
preposition before a single word; two or more words -> a person; a surname of a
person named earlier -> that person; else MISC. Cue lists are data per language
in ``rules/<lang>/ner.json``.

Words that are never names are cut from the ends of a run before anything else: the
language's month and weekday names and their abbreviations (``Oct.``, ``Sunday``:
read from ``rules/<lang>/timex.json``, the time tagger's own lists, so the two never
disagree) and time zones (``GMT``, ``UTC``: ``rules/common/ner.json``). A month that
is also a name (``May``, the language's ``ambiguous_months``) is cut only where it
starts a run or stands alone, so ``Theresa May`` keeps hers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import simplemma

from khronika.analysis.entities.aliases import find_alias_group
from khronika.analysis.entities.gazetteer import place_kind
from khronika.analysis.entities.ner import NerBackend, NerSpan, register_ner_backend
from khronika.records import AnalysedArticle, EntityType, Field, Token
from khronika.rules import RULE_LANGUAGES, load_rules

_ACRONYM_MAX = 6
_PARTICLE_NAME = re.compile(r"[a-z]{1,3}-[A-Z]\w")  # al-Assad, el-Sisi, ben-Ali: inside a name only
_DICTIONARY_LANGUAGES = frozenset({"en", "es", "fr", "it", "de", "pt", "pl", "nl"})  # simplemma's, for this check


@dataclass(frozen=True)
class _Cues:
    connectors: frozenset[str]
    never_start: frozenset[str]
    person: frozenset[str]
    org_words: frozenset[str]
    location_prepositions: frozenset[str]
    calendar: frozenset[str]  # month and weekday names, casefolded, with and without a final dot
    ambiguous_calendar: frozenset[str]  # of those, the ones that are also names (May)
    never_names: frozenset[str]  # time zones and the like, casefolded


@cache
def _common_never_names() -> frozenset[str]:
    text = resources.files("khronika.rules").joinpath("common", "ner.json").read_text(encoding="utf-8")
    return frozenset(word.casefold() for word in json.loads(text)["never_names"])


def _calendar_words(timex: dict[str, object], key: str) -> set[str]:
    words: set[str] = set()
    for entry in timex.get(key, []):  # type: ignore[attr-defined]
        for form in entry if isinstance(entry, list) else [entry]:
            folded = str(form).casefold()
            words.update({folded, folded.rstrip(".")})
    return words


@cache
def _cues(lang: str) -> _Cues:
    langs = [lang] if lang in RULE_LANGUAGES and load_rules(lang, "ner") else list(RULE_LANGUAGES)
    data = [load_rules(code, "ner") for code in langs]

    def gather(key: str, fold: bool = True) -> frozenset[str]:
        return frozenset(item.casefold() if fold else item for rules in data for item in rules.get(key, []))

    calendar: set[str] = set()
    ambiguous: set[str] = set()
    for code in langs:
        timex = load_rules(code, "timex")
        calendar |= _calendar_words(timex, "months") | _calendar_words(timex, "weekdays")
        ambiguous |= {str(word).casefold().rstrip(".") for word in timex.get("ambiguous_months", [])}
    return _Cues(
        connectors=gather("connectors"),
        never_start=gather("never_start", fold=False),
        person=gather("person_cues"),
        org_words=gather("org_words"),
        location_prepositions=gather("location_prepositions"),
        calendar=frozenset(calendar),
        ambiguous_calendar=frozenset(ambiguous),
        never_names=_common_never_names(),
    )


def _trim(tokens: list[Token], start: int, end: int, cues: _Cues) -> tuple[int, int]:
    """The run ``start``..``end`` without the words that are never names at its ends
    (a leading function word, month and weekday names, time zones) and the connectors
    they leave behind (``Enero de …``)."""

    def never(token: Token, leading: bool) -> bool:
        folded = token.text.casefold()
        if folded in cues.never_names:
            return True
        if folded in cues.calendar or folded.rstrip(".") in cues.calendar:
            return leading or folded.rstrip(".") not in cues.ambiguous_calendar
        return False

    while start < end and (
        tokens[start].text in cues.never_start
        or never(tokens[start], True)
        or not _capitalised(tokens[start])  # a connector left at the front
    ):
        start += 1
    while end > start and (
        never(tokens[end - 1], end - 1 == start)
        or not (_capitalised(tokens[end - 1]) or _PARTICLE_NAME.match(tokens[end - 1].text))
    ):
        end -= 1
    return start, end


def _common_word(folded: str, lang: str) -> bool:
    """Whether the language's dictionary knows the word (``exteriores``, ``critics``)."""
    return lang in _DICTIONARY_LANGUAGES and bool(simplemma.is_known(folded, lang=lang))


def _drop_sentence_opener(tokens: list[Token], start: int, end: int, text: str, lang: str, cues: _Cues) -> int:
    """Where a sentence opens with ``Critics of Lukashenko``, the name starts after the
    connector: a first word that is a common word, no organisation word and no known
    name (capitalised only because it starts the sentence) is cut with its connector."""
    if end - start < 3 or tokens[start + 1].text.casefold() not in cues.connectors:
        return start
    first = tokens[start].text
    folded = first.casefold()
    if folded in cues.org_words or place_kind(first) is not None or not _common_word(folded, lang):
        return start
    if any(find_alias_group(first, lang, kind) is not None for kind in (EntityType.PER, EntityType.LOC, EntityType.ORG)):
        return start
    return start + 2


def _capitalised(token: Token) -> bool:
    first = token.text[:1]
    return first.isupper() and any(ch.isalpha() for ch in token.text)


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 2 <= len(letters) <= _ACRONYM_MAX and all(ch.isupper() for ch in letters)


class RulesBackend:
    name = "rules"

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        cues = _cues(article.lang)
        spans: list[NerSpan] = []
        for field in (Field.TITLE, Field.TEXT):
            tokens = [t for t in article.tokens if t.field is field]
            spans.extend(self._field_spans(article, field, tokens, cues))
        return spans

    def _field_spans(self, article: AnalysedArticle, field: Field, tokens: list[Token], cues: _Cues) -> list[NerSpan]:
        text = article.field_text(field)
        lowered_words = {t.text.casefold() for t in tokens if t.text[:1].islower()}
        spans: list[NerSpan] = []
        surnames: set[str] = set()
        index = 0
        while index < len(tokens):
            end = self._run_end(tokens, index, cues)
            if end == index:
                index += 1
                continue
            sentence_start = index == 0 or tokens[index - 1].sentence != tokens[index].sentence
            run_end = end
            start, end = _trim(tokens, index, end, cues)
            if start < end and sentence_start and start == index:
                start = _drop_sentence_opener(tokens, start, end, text, article.lang, cues)
            span = self._span(article, field, text, tokens, start, end, index, sentence_start, lowered_words, cues, surnames)
            if span is not None:
                spans.append(span)
            index = run_end
        return spans

    def _span(
        self,
        article: AnalysedArticle,
        field: Field,
        text: str,
        tokens: list[Token],
        start: int,
        end: int,
        run_start: int,
        sentence_start: bool,
        lowered_words: set[str],
        cues: _Cues,
        surnames: set[str],
    ) -> NerSpan | None:
        """The trimmed run ``start``..``end`` as a name, or None where it is none."""
        if start >= end:
            return None
        name = text[tokens[start].start : tokens[end - 1].end]
        # an alias or a country is a name wherever it stands; a city may also be a
        # common word (Solo, Police, Fue are towns): seen in lower case in the same
        # text, or first in its sentence, a single word needs more than the gazetteer
        place = place_kind(name)
        alias = self._alias_type(name, article.lang)
        strong = place == "country" or alias is not None
        single = end - start == 1
        folded = tokens[start].text.casefold()
        if single and not strong:
            if folded in lowered_words:
                return None
            if sentence_start and start == run_start and place is None:
                return None
            if folded in cues.org_words:  # ``Police``, ``Gobierno``: a generic head noun, not a name
                return None
        entity_type = self._classify(name, tokens, start, end, article.lang, cues, surnames)
        if single and entity_type is EntityType.MISC and _common_word(folded, article.lang):
            return None  # a capitalised common word with nothing else to say it is a name
        if entity_type is EntityType.PER:
            surnames.add(tokens[end - 1].text.casefold())
        return NerSpan(field, tokens[start].start, tokens[end - 1].end, entity_type)

    @staticmethod
    def _run_end(tokens: list[Token], start: int, cues: _Cues) -> int:
        """End (exclusive) of the run of capitalised words starting at ``start``."""
        if not _capitalised(tokens[start]):
            return start
        end = start + 1
        while end < len(tokens) and tokens[end].sentence == tokens[start].sentence:
            token = tokens[end]
            glued = token.start == tokens[end - 1].end and token.text in ("-", "'", "’")
            joins = token.text.casefold() in cues.connectors or glued
            if _capitalised(token):
                end += 1
            elif joins and end + 1 < len(tokens) and _capitalised(tokens[end + 1]):
                end += 2
            elif _PARTICLE_NAME.match(token.text):
                end += 1  # ``Bachar al-Assad``, ``Abd el-Kader``: a particle glued to the name by a hyphen
            else:
                break
        return end

    @staticmethod
    def _alias_type(name: str, lang: str) -> EntityType | None:
        for entity_type in (EntityType.PER, EntityType.LOC, EntityType.ORG):
            if find_alias_group(name, lang, entity_type) is not None:
                return entity_type
        return None

    def _classify(
        self, name: str, tokens: list[Token], start: int, end: int, lang: str, cues: _Cues, surnames: set[str]
    ) -> EntityType:
        words = [t.text.casefold() for t in tokens[start:end]]
        before = tokens[start - 1].text.casefold() if start > 0 else ""
        after = tokens[end].text.casefold() if end < len(tokens) else ""
        alias_type = self._alias_type(name, lang)
        if alias_type is not None:
            return alias_type
        if any(word in cues.org_words for word in words) or (end - start == 1 and _is_acronym(name)):
            return EntityType.ORG
        if place_kind(name) is not None:
            return EntityType.LOC
        if before in cues.person or after in cues.person:
            return EntityType.PER
        if end - start == 1:
            if before in cues.location_prepositions and not _common_word(words[0], lang):
                return EntityType.LOC
            return EntityType.PER if words[0] in surnames else EntityType.MISC
        return EntityType.PER


@register_ner_backend("rules")
def make_rules_backend(option: str | None) -> NerBackend:
    return RulesBackend()
