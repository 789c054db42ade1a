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
from dataclasses import dataclass, replace
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
    place_words: frozenset[str]  # a place's first word (Golfo, Gulf, Mer): the run is a place
    place_nouns: frozenset[str]  # a noun before ``de``/``of`` that makes the name a place (ville de …)
    not_names: frozenset[str]  # capitalised common nouns and acronyms (ONG, NGO): never a name alone
    name_articles: frozenset[str]  # an article capitalised inside a sentence is the name's (El Asad, Le Monde)
    foreign_articles: frozenset[str]  # Al Akhbar, Al Jazeera: a paper, a channel, a place more often than a person


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
        place_words=gather("place_words"),
        place_nouns=gather("place_nouns"),
        not_names=gather("not_names", fold=False),
        name_articles=gather("name_articles", fold=False),
        foreign_articles=gather("foreign_articles", fold=False),
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


def _sentence_start(tokens: list[Token], index: int) -> bool:
    """Whether only punctuation (an opening quote, a dash) stands before ``index`` in its sentence."""
    sentence = tokens[index].sentence
    for before in range(index - 1, -1, -1):
        if tokens[before].sentence != sentence:
            return True
        if any(ch.isalnum() for ch in tokens[before].text):
            return False
    return True


def _plural_of_lowered(word: str, lowered_words: set[str]) -> bool:
    """``Syriens`` where the article writes ``syrien``: a people, not a name."""
    folded = word.casefold()
    return len(folded) > 4 and folded.endswith("s") and folded[:-1] in lowered_words


_POSSESSIVE = ("'s", "’s")


class RulesBackend:
    name = "rules"

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        cues = _cues(article.lang)
        lowered_words, mostly_lowered = _lowered_words(article)
        found: list[tuple[NerSpan, str, bool]] = []
        for field in (Field.TITLE, Field.TEXT):
            tokens = [t for t in article.tokens if t.field is field]
            found.extend(self._field_spans(article, field, tokens, cues, lowered_words, mostly_lowered))
        # one name, one type in an article: a run typed a person for want of evidence takes
        # the type that evidence gave the same words elsewhere (la ville de Deir Ezzor … à Deir Ezzor)
        evidence: dict[str, EntityType] = {}
        for span, name, guessed in found:
            if not guessed and span.type is not EntityType.MISC:
                evidence.setdefault(name, span.type)
        typed = [
            replace(span, type=evidence.get(name, span.type)) if guessed else span for span, name, guessed in found
        ]
        # a word alone that is the first or last name of a person the article names is that person
        # (sa femme, Asma … Asma el-Assad; «… Bachar et c'est tout» … Bachar al-Assad)
        names_of_people = {
            word
            for span, name, _ in zip(typed, (n for _, n, _ in found), found, strict=True)
            if span.type is EntityType.PER and len(words := name.split()) > 1
            for word in (words[0], words[-1])
        }
        return [
            replace(span, type=EntityType.PER) if span.type is EntityType.MISC and name in names_of_people else span
            for span, (_, name, _) in zip(typed, found, strict=True)
        ]

    def _field_spans(
        self,
        article: AnalysedArticle,
        field: Field,
        tokens: list[Token],
        cues: _Cues,
        lowered_words: set[str],
        mostly_lowered: set[str],
    ) -> list[tuple[NerSpan, str, bool]]:
        """Spans with their names and whether the type is a guess (two words -> a person)."""
        text = article.field_text(field)
        spans: list[tuple[NerSpan, str, bool]] = []
        surnames: set[str] = set()
        index = 0
        while index < len(tokens):
            end = self._run_end(tokens, index, cues)
            if end == index:
                index += 1
                continue
            start = index
            sentence_start = _sentence_start(tokens, index)
            first = tokens[start].text
            if first in cues.never_start and not (
                first in cues.name_articles and not sentence_start and end - start > 1
            ):
                start += 1
            start = _after_title(tokens, start, end, cues)
            stop = tokens[end - 1].end if start < end else 0
            if start < end and tokens[end - 1].text.endswith(_POSSESSIVE) and len(tokens[end - 1].text) > 2:
                stop -= 2  # Syria's health ministry: Syria
            name = text[tokens[start].start : stop] if start < end else ""
            aliased = bool(name) and self._alias_type(name, article.lang) is not None
            single = end - start == 1
            single_common = single and (
                tokens[start].text.casefold() in lowered_words or _plural_of_lowered(name, lowered_words)
            )
            # a word the article writes in lower case at least as often is that word (``Solo``,
            # ``Fue``), even where some place bears its name; the alias table alone overrides that
            mostly_common = single_common and tokens[start].text.casefold() in mostly_lowered
            known = aliased or (bool(name) and not mostly_common and place_kind(name) is not None)
            # an acronym opens a sentence as a name (UNRWA said …), a common noun alone is none
            acronym_first = single and _is_acronym(name) and name not in cues.never_start
            generic = single and not aliased and name in cues.not_names
            if (
                start < end
                and (known or acronym_first or not (sentence_start and start == index and single))
                and not (single_common and not known)
                and not generic
            ):
                for span, span_name, guessed in self._typed(
                    article.lang, field, tokens, start, end, stop, name, cues, surnames
                ):
                    if span.type is EntityType.PER and _common_words(tokens[start:end], cues, lowered_words):
                        span, guessed = replace(span, type=EntityType.MISC), False  # Derechos Humanos
                    elif span.type is EntityType.PER:
                        surnames.add(tokens[end - 1].text.casefold())
                    spans.append((span, span_name, guessed))
            index = end
        return spans

    def _typed(
        self,
        lang: str,
        field: Field,
        tokens: list[Token],
        start: int,
        end: int,
        stop: int,
        name: str,
        cues: _Cues,
        surnames: set[str],
    ) -> list[tuple[NerSpan, str, bool]]:
        entity_type = self._classify(name, tokens, start, end, lang, cues, surnames)
        if entity_type is not None:
            return [(NerSpan(field, tokens[start].start, stop, entity_type), name, False)]
        # two or more words and no evidence: ``Defensa de EEUU``, ``Ejecutivo de Asad`` are a
        # common noun before a known name, which alone is the entity; after a title and ``de``
        # (ministro de Asuntos Exteriores) the words are a portfolio, no person
        for joint in range(end - 2, start, -1):
            if tokens[joint].text.casefold() in cues.connectors:
                tail = tokens[joint + 1 : end]
                tail_name = name[tail[0].start - tokens[start].start :]
                kind = self._alias_type(tail_name, lang) or (
                    EntityType.LOC if place_kind(tail_name) is not None else None
                )
                if kind is not None:
                    return [(NerSpan(field, tail[0].start, stop, kind), tail_name, False)]
        after_connector = start >= 2 and tokens[start - 1].text.casefold() in cues.connectors
        if after_connector and any(t.text.casefold() in cues.titles for t in tokens[max(0, start - 3) : start - 1]):
            return []
        if tokens[start].text in cues.foreign_articles or tokens[start].text.split("-")[0] in cues.foreign_articles:
            return [(NerSpan(field, tokens[start].start, stop, EntityType.MISC), name, True)]
        return [(NerSpan(field, tokens[start].start, stop, EntityType.PER), name, True)]

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
    ) -> EntityType | None:
        """The type the evidence gives; None for a run of two or more words with none."""
        words = [t.text.casefold() for t in tokens[start:end]]
        before = tokens[start - 1].text.casefold() if start > 0 else ""
        before_that = tokens[start - 2].text.casefold() if start > 1 else ""
        after = tokens[end].text.casefold() if end < len(tokens) else ""
        alias_type = self._alias_type(name, lang)
        if alias_type is not None:
            return alias_type
        if any(word in cues.org_words for word in words) or (end - start == 1 and _is_acronym(name)):
            return EntityType.ORG
        if place_kind(name) is not None or words[0] in cues.place_words:
            return EntityType.LOC
        if before in cues.place_nouns or (before in cues.connectors and before_that in cues.place_nouns):
            return EntityType.LOC  # la ville de Deir Ezzor, the city of Aleppo
        if before in cues.person or after in cues.person:
            return EntityType.PER
        if end - start == 1:
            if before in cues.location_prepositions:
                return EntityType.LOC
            return EntityType.PER if words[0] in surnames else EntityType.MISC
        return None


@register_ner_backend("rules")
def make_rules_backend(option: str | None) -> NerBackend:
    return RulesBackend()
