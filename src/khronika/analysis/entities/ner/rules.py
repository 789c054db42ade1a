"""``rules``: a gazetteer, capitalisation and cue-word recogniser for languages
without a trained model (en, es, fr, it, and any other).

A candidate is a run of capitalised words, joined by connectors (``of``, ``de``,
``al-``) inside a sentence; a sentence's first word must earn its place (a name
the alias table or gazetteer knows). Its type comes from, in order: the alias
table; organisation words (``Ministry``, ``Partido``) or an acronym; the place
gazetteer; a person cue before or after it (``President``, ``said``); a location
preposition before a single word; two or more words -> a person; a surname of a
person named earlier -> that person; else MISC. A "person" all of whose words the
article also writes in lower case (``Derechos Humanos``) is MISC. Cue lists are data per language
in ``rules/<lang>/ner.json``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from khronika.analysis.entities.aliases import find_alias_group
from khronika.analysis.entities.gazetteer import place_kind
from khronika.analysis.entities.ner import NerBackend, NerSpan, register_ner_backend
from khronika.records import AnalysedArticle, EntityType, Field, Token
from khronika.rules import RULE_LANGUAGES, load_rules

_ACRONYM_MAX = 6


@dataclass(frozen=True)
class _Cues:
    connectors: frozenset[str]
    never_start: frozenset[str]
    person: frozenset[str]
    org_words: frozenset[str]
    location_prepositions: frozenset[str]
    titles: frozenset[str]  # words of a person's title (President, Minister, Mr), lower case


@cache
def _cues(lang: str) -> _Cues:
    langs = [lang] if lang in RULE_LANGUAGES and load_rules(lang, "ner") else list(RULE_LANGUAGES)
    data = [load_rules(code, "ner") for code in langs]

    def gather(key: str, fold: bool = True) -> frozenset[str]:
        return frozenset(item.casefold() if fold else item for rules in data for item in rules.get(key, []))

    return _Cues(
        connectors=gather("connectors"),
        never_start=gather("never_start", fold=False),
        person=gather("person_cues"),
        org_words=gather("org_words"),
        location_prepositions=gather("location_prepositions"),
        titles=gather("title_words"),
    )


def _after_title(tokens: list[Token], start: int, end: int, cues: _Cues) -> int:
    """Where the name begins in a run that opens with a person's title (``Vice President
    Fuat Oktay``, ``Greek Prime Minister Kyriakos Mitsotakis``): after its last title
    word, if capitalised words follow it and none of them names an organisation
    (``General Assembly``, ``Prime Minister's Office`` stay whole)."""
    for index in range(end - 2, start - 1, -1):
        if tokens[index].text.casefold().rstrip(".") in cues.titles:
            rest = tokens[index + 1 : end]
            if _capitalised(rest[0]) and not any(t.text.casefold() in cues.org_words for t in rest):
                return index + 1
            return start
    return start


_MAX_JOINERS = 2


def _joins(tokens: list[Token], index: int, cues: _Cues) -> bool:
    """A connector (de, of, al) or a hyphen or apostrophe glued to the word before."""
    token = tokens[index]
    glued = index > 0 and token.start == tokens[index - 1].end and token.text in ("-", "'", "’")
    return glued or token.text.casefold() in cues.connectors


def _particle_name(text: str, cues: _Cues) -> bool:
    """One token of a particle and a name, hyphen-glued: ``el-Assad``, ``al-Sisi``."""
    particle, hyphen, name = text.partition("-")
    return bool(hyphen) and particle.casefold() in cues.connectors and name[:1].isupper()


def _capitalised(token: Token) -> bool:
    first = token.text[:1]
    return first.isupper() and any(ch.isalpha() for ch in token.text)


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 2 <= len(letters) <= _ACRONYM_MAX and all(ch.isupper() for ch in letters)


def _common_words(tokens: list[Token], cues: _Cues, lowered_words: set[str]) -> bool:
    """Whether every word of a run (connectors aside) is one the article also writes in
    lower case: a phrase of common words, which a person's name is not."""
    words = [t.text.casefold() for t in tokens if t.text.casefold() not in cues.connectors and t.text.isalpha()]
    return bool(words) and all(word in lowered_words for word in words)


_ADDRESS_MARKS = frozenset("./@_:#")  # a word touching these is part of an address (france24.com, @user)


def _lowered_words(article: AnalysedArticle) -> tuple[set[str], set[str]]:
    """The words the article (title and text) writes in lower case, outside web addresses
    (``www.france24.com``, ``@user``; a full stop that ends a sentence is no address), and
    those of them it writes in lower case at least as often as capitalised (``Solo``, ``Sur``,
    where a reader's comment with ``la france`` leaves France a place)."""
    texts = {field: article.field_text(field) for field in (Field.TITLE, Field.TEXT)}
    lowered: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for token in article.tokens:
        first = token.text[:1]
        if first.isupper():
            capitalised[token.text.casefold()] += 1
        if not first.islower():
            continue
        text = texts[token.field]
        before = text[token.start - 1] if token.start > 0 else " "
        after = text[token.end : token.end + 2]
        if not (before in _ADDRESS_MARKS or (after[:1] in _ADDRESS_MARKS and after[1:2].isalnum())):
            lowered[token.text.casefold()] += 1
    return set(lowered), {word for word, count in lowered.items() if count >= capitalised[word]}


class RulesBackend:
    name = "rules"

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        cues = _cues(article.lang)
        lowered_words, mostly_lowered = _lowered_words(article)
        spans: list[NerSpan] = []
        for field in (Field.TITLE, Field.TEXT):
            tokens = [t for t in article.tokens if t.field is field]
            spans.extend(self._field_spans(article, field, tokens, cues, lowered_words, mostly_lowered))
        return spans

    def _field_spans(
        self,
        article: AnalysedArticle,
        field: Field,
        tokens: list[Token],
        cues: _Cues,
        lowered_words: set[str],
        mostly_lowered: set[str],
    ) -> list[NerSpan]:
        text = article.field_text(field)
        spans: list[NerSpan] = []
        surnames: set[str] = set()
        index = 0
        while index < len(tokens):
            end = self._run_end(tokens, index, cues)
            if end == index:
                index += 1
                continue
            start = index
            sentence_start = index == 0 or tokens[index - 1].sentence != tokens[index].sentence
            if tokens[start].text in cues.never_start:
                start += 1
            start = _after_title(tokens, start, end, cues)
            name = text[tokens[start].start : tokens[end - 1].end] if start < end else ""
            aliased = bool(name) and self._alias_type(name, article.lang) is not None
            single_common = end - start == 1 and tokens[start].text.casefold() in lowered_words
            # a word the article writes in lower case at least as often is that word (``Solo``,
            # ``Fue``), even where some place bears its name; the alias table alone overrides that
            mostly_common = single_common and tokens[start].text.casefold() in mostly_lowered
            known = aliased or (bool(name) and not mostly_common and place_kind(name) is not None)
            if (
                start < end
                and (known or not (sentence_start and start == index and end - start == 1))
                and not (single_common and not known)
            ):
                entity_type = self._classify(name, tokens, start, end, article.lang, cues, surnames)
                if entity_type is EntityType.PER and _common_words(tokens[start:end], cues, lowered_words):
                    entity_type = EntityType.MISC  # ``Derechos Humanos``, ``Casa Blanca``: words, not a name
                if entity_type is EntityType.PER:
                    surnames.add(tokens[end - 1].text.casefold())
                spans.append(NerSpan(field, tokens[start].start, tokens[end - 1].end, entity_type))
            index = end
        return spans

    @staticmethod
    def _run_end(tokens: list[Token], start: int, cues: _Cues) -> int:
        """End (exclusive) of the run of capitalised words starting at ``start``."""
        if not _capitalised(tokens[start]):
            return start
        end = start + 1
        while end < len(tokens) and tokens[end].sentence == tokens[start].sentence:
            if _capitalised(tokens[end]) or _particle_name(tokens[end].text, cues):
                end += 1
                continue
            # up to two joining words before the next capitalised one (Estado Mayor de las
            # Fuerzas Armadas, Observatorio Sirio de los DD.HH., Bachar el-Assad)
            look = end
            while look < len(tokens) and look - end < _MAX_JOINERS and _joins(tokens, look, cues):
                look += 1
            same_sentence = look < len(tokens) and tokens[look].sentence == tokens[start].sentence
            if look > end and same_sentence and _capitalised(tokens[look]):
                end = look + 1
                continue
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
            if before in cues.location_prepositions:
                return EntityType.LOC
            return EntityType.PER if words[0] in surnames else EntityType.MISC
        return EntityType.PER


@register_ner_backend("rules")
def make_rules_backend(option: str | None) -> NerBackend:
    return RulesBackend()
