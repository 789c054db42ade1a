"""Who gives a count where no claim names a source: ``ДСНС натомість називає 19
загиблих``, ``Губернатор … Андрей Воробьёв назвал 115 погибших``, ``Médicos Sin
Fronteras (MSF) confirmó, por su parte, la muerte de 355 personas``.

Such sentences report no speech (no content clause for the claims stage to
attribute), yet the count is a source's, not the outlet's: a verb of giving a
count (the ``count_verbs`` of ``rules/<lang>/figures.json``: stems ``назва*``,
``confirm*``, ``cifr*``, or whole words ``put``) stands before the number, and a named
person or organisation stands just before that verb, in its own clause, as its
subject. Only names and the attribution lexicon's source nouns (``officials``,
``autoridades``) are taken, never a place or a pronoun: a name after a preposition (``las fuerzas de
Asad confirmaron``) is no subject, and neither is one cut off from the verb by a
comma or a dash, except for a bracketed acronym (``(MSF)``) between them; an
organisation after a locative (``У ДСНС називають``, the ``source_locatives``) speaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from khronika.analysis.claims.lexicon import rules_for
from khronika.analysis.claims.sources import CLAUSE_BREAK
from khronika.records import EntityMention, EntityType, Token
from khronika.rules import load_rules

_SOURCE_KINDS = {EntityType.PER: "person", EntityType.ORG: "organisation"}
_BRACKETED = re.compile(r"\s*\([^()]{1,12}\)\s*")
_PREPOSITION_TAGS = frozenset({"PREP"})


@cache
def _stems(lang: str) -> re.Pattern[str] | None:
    words = [str(word).lower() for word in load_rules(lang, "figures").get("count_verbs", [])]
    # ``назва*`` is a stem (any ending), ``put`` a whole word (not ``Putin``)
    body = "|".join(re.escape(w[:-1]) if w.endswith("*") else re.escape(w) + "$" for w in words)
    return re.compile(f"(?:{body})") if words else None


@cache
def _words(lang: str, key: str) -> frozenset[str]:
    return frozenset(str(word).lower() for word in load_rules(lang, "figures").get(key, []))


def _prepositions(lang: str) -> frozenset[str]:
    return _words(lang, "source_prepositions")


class _Named(NamedTuple):
    start: int
    end: int
    source: str
    kind: str


def _names(tokens: Sequence[Token], mentions: Sequence[EntityMention], lang: str) -> list[_Named]:
    """The sentence's names of people and organisations and its source nouns, in order."""
    named = [_Named(m.start, m.end, m.canonical, _SOURCE_KINDS[m.type]) for m in mentions if m.type in _SOURCE_KINDS]
    descriptors = rules_for(lang).descriptors  # the attribution lexicon's source nouns (``officials``)
    for token in tokens:
        if (found := descriptors.get(token.text.lower())) and not any(n.start <= token.start < n.end for n in named):
            named.append(_Named(token.start, token.end, *found))
    return sorted(named)


def _subject_before(text: str, tokens: Sequence[Token], verb: int, named: list[_Named], lang: str) -> _Named | None:
    """The name just before the verb ``tokens[verb]``, where it may be its subject."""
    verb_start = tokens[verb].start
    named = [n for n in named if n.end <= verb_start]
    if not named:
        return None
    name = named[-1]
    between = text[name.end : verb_start]
    before = [t for t in tokens if t.end <= name.start]
    if before and before[-1].text == "(" and between.lstrip().startswith(")"):
        # ``Médicos Sin Fronteras (MSF) confirmó``: the bracketed acronym names the subject
        between = between.lstrip()[1:]
        earlier = [n for n in named if n.end <= name.start and not text[n.end : name.start].strip(" (")]
        name = earlier[-1] if earlier else name
        before = [t for t in before if t.end <= name.start]
    if any(mark in _BRACKETED.sub(" ", between) for mark in CLAUSE_BREAK):
        return None
    if not before:
        return name
    word = before[-1].text.lower()
    after_preposition = bool(before[-1].tags & _PREPOSITION_TAGS) or word in _prepositions(lang)
    # ``У ДСНС називають``, ``В Минздраве назвали``: an organisation's offices speak for it
    offices = name.kind == "organisation" and word in _words(lang, "source_locatives")
    return None if after_preposition and not offices else name


class Giver(NamedTuple):
    source: str  # the name's canonical form
    kind: str  # person, organisation, or a source noun's kind (official body, group …)
    phrase_start: int  # where the subject's phrase starts (``Губернатор Подмосковья Андрей Воробьёв``)
    phrase_end: int


def _phrase_start(tokens: Sequence[Token], name: _Named) -> int:
    """Where the clause holding the name starts: its phrase's title and place come before it."""
    breaks = [t.end for t in tokens if t.end <= name.start and t.text in CLAUSE_BREAK]
    return breaks[-1] if breaks else (tokens[0].start if tokens else name.start)


def count_giver(
    text: str, tokens: Sequence[Token], mentions: Sequence[EntityMention], number_start: int, lang: str
) -> Giver | None:
    """The source of a count at ``number_start`` of a sentence with no claim: the
    subject of a verb of giving a count before it, else None."""
    stems = _stems(lang)
    if stems is None:
        return None
    for verb in range(len(tokens) - 1, -1, -1):
        token = tokens[verb]
        if token.start >= number_start or not stems.match(token.text.lower()):
            continue
        name = _subject_before(text, tokens, verb, _names(tokens, mentions, lang), lang)
        return Giver(name.source, name.kind, _phrase_start(tokens, name), name.end) if name else None
    return None
