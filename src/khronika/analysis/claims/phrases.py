"""The noun phrase that names a speaker, read over the morphology (uk, ru) or the
bare words (en) where no parse reaches: the head of the phrase before a reporting
verb with its modifiers (``subject_head``: ``Премьер Франции``, ``Польські
журналісти``, ``Аналитики в Москве``), the common noun after one (``inverted_head``:
``— заявив мер Сум``) and the English words before one (``english_subject``:
``French journalists``, ``police in B.C.``). ``khronika.analysis.claims.syntax``
reads the same from a parse for Russian.
"""

from __future__ import annotations

import re

from khronika.analysis.claims.lexicon import source_word
from khronika.analysis.claims.sources import (
    CLAUSE_BREAK,
    OPEN_QUOTES,
    SentenceView,
    Source,
    candidates,
    is_function_word,
    is_subject,
)
from khronika.analysis.morphology import word_parses
from khronika.records import EntityType, Token

_NOUN_PHRASE_PARTS = frozenset({"ADJF", "PRTF", "PREP", "NUMR", "Abbr"})  # what may stand between a head and its verb
_NOT_IN_A_SUBJECT = frozenset({"VERB", "INFN", "GRND", "PRTS", "CONJ", "PRCL", "INTJ", "ADVB"})
SUBJECT_WINDOW = 6  # tokens before the cue


def _animate_subject(token: Token, lang: str) -> bool:
    """A word that can name who speaks: the morphology read it as an animate noun (not
    ``як``, ``и``, whose rare readings as nouns are animals and letters), and one of its
    readings is nominative (``Мешканці`` may be read as locative first)."""
    if not {"NOUN", "anim"} <= token.tags or len(token.text) < 3 or not token.text.isalpha():
        return False
    parses = word_parses(token.text, lang)
    if is_function_word(token, lang):
        return False
    return "nomn" in token.tags or any({"NOUN", "anim", "nomn"} <= parse.tag.grammemes for parse in parses)


def subject_head(view: SentenceView, clause: int, cue_start: int) -> Source | None:
    """The speaker as the noun phrase right before a reporting verb names it, where the
    morphology tags words (uk, ru): its head is the animate noun in the nominative
    (``Премьер Франции заявил`` -> ``Премьер Франции``, a person described by France;
    ``Аналитики в Москве отмечают``; ``Сестра сказала``); places, organisations and
    other words inside the phrase are its modifiers; a descriptor of the lexicon heading
    it is that descriptor. None where a person is named there (``Лукашенко заявил``),
    a pronoun heads it (resolved as usual), or no such noun stands before the verb."""
    tokens = view.tokens_between(clause, cue_start)[-SUBJECT_WINDOW:]
    verb = view.tokens_from(cue_start, 1)
    if tokens and not tokens[-1].tags and view.article.lang in _PLAIN_WORDS:
        return english_subject(view, tokens)
    if not tokens or not tokens[-1].tags:
        return None
    while tokens and tokens[-1].tags & {"ADVB", "PRCL"}:
        tokens = tokens[:-1]  # ``Федеральное правительство упреждающе сообщает``
    entities = [m for m in view.entities if clause <= m.start and m.end <= cue_start]
    lang, known = view.article.lang, view.rules.source_word_cache
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position]
        mention = next((m for m in entities if m.start <= token.start and token.end <= m.end), None)
        if mention is not None:
            if mention.type is EntityType.PER and is_subject(view.article, mention):
                return None  # a named person: the entity is the source
            continue  # a place, body or person in the genitive describing the head (``Мешканці Ірпеня``)
        if _one_of(tokens, position):  # ``Один из официальных представителей ЕС``
            end = phrase_end(tokens, position + 1)
            return Source(view.text[token.start : end], "person", token.start, end)
        word = known[token.text] if token.text in known else source_word(view.rules, token)
        if word is not None:  # the lexicon's word heads the phrase (``Аналитики в Москве``)
            end = tokens[-1].end  # the phrase, modifiers included
            if word.descriptor and not word.pronoun:
                start, end = _modifiers_before(tokens, position, lang), phrase_end(tokens, position)
                if position >= 2 and _one_of(tokens, position - 2):  # ``один из экспертов``
                    start = tokens[position - 2].start
                # the descriptor's own name where it stands alone, the phrase where modifiers widen it
                name = word.descriptor[0] if (start, end) == (token.start, token.end) else view.text[start:end]
                return Source(name, word.descriptor[1], start, end)
            return Source(token.text, word.known, token.start, end) if word.known else None
        if _animate_subject(token, lang):
            start, end = _modifiers_before(tokens, position, lang), phrase_end(tokens, position)
            if position >= 2 and _one_of(tokens, position - 2):
                start = tokens[position - 2].start
            return Source(view.text[start:end], "person", start, end)
        if token.tags & _NOT_IN_A_SUBJECT or not (token.tags & _NOUN_PHRASE_PARTS or "NOUN" in token.tags):
            return _fallback_head(view, tokens[position + 1 :], verb[0]) if verb else None
    return _fallback_head(view, tokens, verb[0]) if verb else None


def _fallback_head(view: SentenceView, tokens: list[Token], verb: Token) -> Source | None:
    """``agreeing_head`` before the verb, where nothing else speaks: not where a named
    person follows the verb (``беда, беда сказала Лена``), and a thing (inanimate) only
    where the verb introduces what it says (``Кремль заперечує, що``, ``повідомили про``,
    a quote), not ``Этот шаг подчеркнул желание компании``."""
    head = agreeing_head(view, tokens, verb)
    if head is None:
        return None
    after = view.tokens_from(verb.end, 2)
    if any(m.type is EntityType.PER and after and m.start == after[0].start for m in view.entities):
        return None
    if head.kind == "person":
        return head
    introduces = [t for t in after if t.text != ","][:1]
    if introduces and (
        introduces[0].text.lower() in view.rules.complementizers
        or introduces[0].text.lower() in view.rules.cue_words
        or introduces[0].text in ":" + OPEN_QUOTES
    ):
        return head
    return None


_GENDERS = frozenset({"masc", "femn", "neut"})


def _agrees(noun: frozenset[str], verb: frozenset[str]) -> bool:
    """Whether a noun reading (nominative) may be the subject of the verb: the same
    number, and the same gender for a past singular (``розповіла``: feminine)."""
    if "plur" in verb:
        return "plur" in noun or "Pltm" in noun
    if "plur" in noun:
        return False
    genders = verb & _GENDERS
    return not (genders and noun & _GENDERS and not genders & noun)


def agreeing_head(view: SentenceView, tokens: list[Token], verb: Token) -> Source | None:
    """The first noun of the words before the verb that may be its subject: a reading
    in the nominative agreeing with the verb, animate or not (``Сестра загиблої
    розповіла``, whose first reading is inanimate; ``Повітряні сили повідомили``, read
    first as a genitive; ``Пресс-служба Кремля сообщила``, not the Kremlin), outside a
    prepositional phrase (``В своем докладе …``). None where a name of the tagger heads
    the phrase (the entity is the source) or the verb shows no number."""
    if not verb.tags & {"sing", "plur"} | _GENDERS:
        return None
    lang, in_phrase = view.article.lang, False
    for position, token in enumerate(tokens):
        if "PREP" in token.tags or is_function_word(token, lang, frozenset({"PREP"})):
            in_phrase = True  # ``під час брифінгу``: ``під`` read first as a noun
            continue
        if "NOUN" not in token.tags or is_function_word(token, lang):
            continue
        if in_phrase:  # the object of the preposition
            in_phrase = False
            continue
        if any(m.start <= token.start and token.end <= m.end for m in view.entities):
            return None
        letters = token.text.replace("-", "").replace("'", "").replace("’", "")
        if len(letters) < 3 or not letters.isalpha():
            continue
        readings = [
            parse.tag.grammemes for parse in word_parses(token.text, lang) if {"NOUN", "nomn"} <= parse.tag.grammemes
        ]
        agreeing = [r for r in readings if _agrees(frozenset(r), verb.tags)]
        if not agreeing:
            continue
        start, end = _modifiers_before(tokens, position, lang), phrase_end(tokens, position)
        kind = "person" if any("anim" in r for r in agreeing) else "organisation"
        return Source(view.text[start:end], kind, start, end)
    return None


_ONE = frozenset({"один", "одна", "одно", "одного", "одной", "одне", "кто-то", "хтось", "многие", "багато"})
_OF = frozenset({"из", "з", "із", "зі"})


def _one_of(tokens: list[Token], position: int) -> bool:
    """Whether the word at ``position`` opens ``один из …`` / ``один з …``: the phrase's head."""
    return (
        tokens[position].text.lower() in _ONE
        and position + 1 < len(tokens)
        and tokens[position + 1].text.lower() in _OF
    )


def subject_before_insert(view: SentenceView, cue_start: int, verb: Token) -> Source | None:
    """The speaker before an insert set off by commas (``Правительство Гонконга,
    возглавляемое …, утверждает``; ``Ассоциация, которая …, говорит``): the subject of
    the sentence's first clause, where the verb stands right after a comma and agrees
    with it in number (a named person: singular)."""
    breaks = [t for t in view.tokens_between(view.start, cue_start) if t.text in CLAUSE_BREAK]
    if len(breaks) < 2 or breaks[-1].end != view.tokens_ending_by(cue_start, 1)[0].end or not verb.tags:
        return None
    first = breaks[0].start
    plural = "plur" in verb.tags
    people = [
        s
        for s in candidates(view, view.start, first)
        if s.kind == "person" and s.entity_id and not plural and nominative_span(view, s.start, s.end)
    ]
    if people:
        return people[0]
    words = view.tokens_between(view.start, first)
    head = subject_head(view, view.start, first)
    if head is None:  # an inanimate body heads it (``Асоціація, яка …, заявила``)
        position = next((i for i, t in enumerate(words) if "NOUN" in t.tags), None)
        if position is None or "nomn" not in words[position].tags or len(words[position].text) < 3:
            return None
        start, end = _modifiers_before(words, position, view.article.lang), phrase_end(words, position)
        head = Source(view.text[start:end], "organisation", start, end)
    if head.start != words[0].start:
        return None
    nouns = [t for t in view.tokens_between(head.start, head.end) if "NOUN" in t.tags and "nomn" in t.tags]
    if not nouns or ("plur" in nouns[0].tags) != plural:
        return None
    genders = {"masc", "femn", "neut"}
    if verb.tags & genders and nouns[0].tags & genders and not verb.tags & nouns[0].tags & genders:
        return None  # ``заявила`` wants a feminine subject
    return head


def nominative_span(view: SentenceView, start: int, end: int) -> bool:
    """Whether the words' first may be a subject (nominative, indeclinable or untagged),
    not ``говорив ще малій Софії її батько`` (to Sofia)."""
    words = view.tokens_between(start, end)
    return bool(words) and (not words[0].tags or bool(words[0].tags & {"nomn", "Fixd"}))


POSSESSIVES = frozenset({"її", "його", "їхній", "её", "его", "их", "наш", "наша", "наші", "наши", "мій", "мой", "моя"})


def _modifiers_before(tokens: list[Token], position: int, lang: str) -> int:
    """Where the phrase headed at ``position`` starts: back over the adjectives and
    possessives before the head (``Польські журналісти``, ``Її чоловік``)."""
    start = tokens[position].start
    for token in reversed(tokens[:position]):
        if "PREP" in token.tags or not (
            "ADJF" in token.tags
            or token.text.lower() in POSSESSIVES
            or ("nomn" in token.tags and may_be_adjective(token, lang))
        ):
            break
        start = token.start
    return start


def may_be_adjective(token: Token, lang: str) -> bool:
    """Whether one of the word's readings is an adjective (``Польські``, read first as a surname)."""
    return any(parse.tag.POS == "ADJF" for parse in word_parses(token.text, lang))


def phrase_end(tokens: list[Token], position: int) -> int:
    """Where the phrase headed at ``position`` ends: after the genitives and the
    prepositional phrases of place after the head (``Премьер Франции``, ``Аналитики
    в Москве``, ``хлопці з allgamesdelta``), not an adverbial one (``в один голос``)."""
    end = tokens[position].end
    i = position + 1
    while i < len(tokens):
        token = tokens[i]
        if "PREP" in token.tags and i + 1 < len(tokens):
            after = tokens[i + 1]
            if not (after.tags & {"loct", "gent"} or not after.tags or after.text[:1].isupper()):
                break
            end, i = after.end, i + 2
            continue
        if ("gent" in token.tags and not token.tags & _NOT_IN_A_SUBJECT) or not token.tags:
            end, i = token.end, i + 1
            continue
        break
    return end


_ABOUT_THIS = frozenset({"про це", "об этом", "о том", "про те"})


def _speech_before(view: SentenceView, verb: Token) -> bool:
    """Whether what is reported stands before the verb, set off by a dash or comma
    (``«…», — повідомила …``) or as ``Про це``/``Об этом``: a body after the verb then
    speaks (``Про це повідомила прес-служба``), not an object (``додавали надії``)."""
    before = view.tokens_ending_by(verb.start, 1)
    if before and (before[0].text in "—–-," and len(view.tokens_between(view.start, verb.start)) > 1):
        return True
    words = [t.text.lower() for t in view.tokens_between(view.start, verb.start) if not t.tags & {"ADVB", "PRCL"}]
    return " ".join(words[:2]) in _ABOUT_THIS and len(words) == 2


def inverted_head(view: SentenceView, start: int, limit: int, verb: Token | None = None) -> Source | None:
    """The speaker named by a common noun right after the verb (``— заявив мер Сум``,
    ``каже немолодий механік``), where the morphology tags words: the first animate
    noun in the nominative, with the adjectives before it and the genitives after it.
    With the ``verb`` given and words before it (the content: ``Про це повідомила
    прес-служба обласної прокуратури``), a body agreeing with it speaks too.
    None where a named person stands in that phrase (the entity is the source)."""
    tokens = view.tokens_between(start, limit)[:SUBJECT_WINDOW]
    lang = view.article.lang
    bodies = verb is not None and _speech_before(view, verb)
    for position, token in enumerate(tokens):
        if not token.tags:
            return None
        body = bodies and verb is not None and "NOUN" in token.tags and agreeing_head(view, [token], verb) is not None
        if (_animate_subject(token, lang) and "nomn" in token.tags) or body:
            first = _modifiers_before(tokens, position, lang)
            end = token.end
            for after in tokens[position + 1 :]:
                if "gent" not in after.tags or after.tags & _NOT_IN_A_SUBJECT:
                    break
                end = after.end
            if any(m.type is EntityType.PER and first <= m.start < end for m in view.entities):
                return None
            return Source(
                view.text[first:end], "organisation" if body and "anim" not in token.tags else "person", first, end
            )
        oblique = "NOUN" in token.tags and not token.tags & {"nomn", "Fixd"}
        if not (token.tags & {"ADJF", "ADVB", "PRCL", "UNKN"} or oblique or token.text.lower() in POSSESSIVES):
            return None  # past the words spoken to (``малій Софії``), not past a verb or a preposition
    return None


_EN_LEADING = frozenset({"but", "and", "so", "however", "meanwhile", "also", "now", "then", "yet", "the", "a", "an"})
_EN_TRAILING = frozenset({"also", "then", "now", "later", "again", "further", "too"})
_EN_NOT_IN_A_SUBJECT = frozenset(
    {"do", "does", "did", "that", "which", "who", "whom", "it", "there", "this", "is", "are", "was", "were", "be", "been", "has", "have",
     "had", "will", "would", "could", "can", "may", "might", "must", "should", "to", "not", "as", "if", "when"}
)  # fmt: skip


# a verb with its pronoun glued after it (``a-t-il dit``, ``déclare-t-elle``): no noun phrase
_INVERTED_PRONOUN = re.compile(r"-t-|-(?:il|elle|ils|elles|on)$", re.IGNORECASE)
# (leading, trailing, not in a subject) words of the languages read without morphology
_PLAIN_WORDS: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "en": (_EN_LEADING, _EN_TRAILING, _EN_NOT_IN_A_SUBJECT),
    "es": (
        frozenset({"y", "pero", "además", "también", "ahora", "luego", "el", "la", "los", "las", "un", "una", "unos", "unas"}),
        frozenset({"también", "ya", "luego", "además", "hoy", "ayer", "entonces"}),
        frozenset({"que", "se", "no", "lo", "le", "les", "me", "nos", "es", "son", "fue", "era", "ha", "han", "había",
                   "en", "desde", "durante", "tras", "con", "por", "para", "sin", "sobre", "hasta", "ante", "según",
                   "como", "cuando", "si", "donde", "a", "al", "esto", "eso", "ello", "quien", "cual"}),
    ),
    "fr": (
        frozenset({"et", "mais", "donc", "cependant", "aussi", "le", "la", "les", "l'", "un", "une", "des"}),
        frozenset({"aussi", "déjà", "encore", "hier", "également", "alors"}),
        frozenset({"qui", "que", "qu'", "se", "s'", "ne", "n'", "ce", "c'", "est", "sont", "a", "ont", "était",
                   "en", "dans", "depuis", "pendant", "après", "avec", "par", "pour", "sans", "sur", "selon",
                   "comme", "quand", "si", "où", "y", "lui", "leur", "à", "au", "aux", "on"}),
    ),
    "it": (
        frozenset({"e", "ma", "però", "anche", "il", "lo", "la", "i", "gli", "le", "l'", "un", "una", "uno"}),
        frozenset({"anche", "già", "ieri", "oggi", "poi"}),
        frozenset({"che", "si", "non", "è", "sono", "era", "ha", "hanno", "in", "da", "durante", "dopo", "con",
                   "per", "senza", "su", "secondo", "come", "quando", "se", "dove", "a", "al", "chi", "ci"}),
    ),
}  # fmt: skip


def english_subject(view: SentenceView, tokens: list[Token]) -> Source | None:
    """The speaker as the words before a reporting verb name it, where no morphology
    tags them (en; es, fr, it with their own function words: ``Los rebeldes sirios
    denunciaron``, ``la télévision d'État a annoncé``): the clause's words after leading conjunctions and articles
    (``French journalists``, ``Prime Minister of Italy``, ``police in B.C.``), where
    they hold no verb-like word and no named person (the entity is the source) and
    are not one pronoun (resolved as usual)."""
    leading, trailing, not_in_a_subject = _PLAIN_WORDS[view.article.lang]
    words = [t for t in tokens if t.text not in {",", "—", "–", "-", '"', "“", "”"}]
    while words and words[0].text.lower() in leading:
        words = words[1:]
    while words and words[-1].text.lower() in trailing:
        words = words[:-1]  # ``He also said``: the pronoun
    if (
        not words
        or len(words) > 5
        or any(w.text.lower() in not_in_a_subject or _INVERTED_PRONOUN.search(w.text) for w in words)
    ):
        return None
    if len(words) == 1 and words[0].text.lower() in view.rules.pronouns:
        return None
    start, end = words[0].start, words[-1].end
    if any(
        (m.type is EntityType.PER and start <= m.start and m.end <= end) or (m.start <= start and end <= m.end)
        for m in view.entities
    ):
        return None  # a named person, or a name that is the whole phrase: the entity is the source
    if not any(c.isalpha() for c in view.text[start:end]):
        return None
    descriptor = next(
        (view.rules.descriptors.get(w.text.lower()) for w in words if w.text.lower() in view.rules.descriptors), None
    )
    if descriptor and len(words) == 1:
        return Source(descriptor[0], descriptor[1], start, end)
    return Source(view.text[start:end], descriptor[1] if descriptor else "person", start, end)
