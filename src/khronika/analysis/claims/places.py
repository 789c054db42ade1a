"""Where a report with no subject of its own comes from: the body or document in
the locative after ``в``/``у`` (``В пресс-службе МВД сообщили``, ``повідомили у
відділі комунікації поліції``, ``в докладе говорится``; ``place_source``), for an
impersonal verb (``сообщается``, ``йдеться``: no source without one) or a plural
one with no subject (``placed``).
"""

from __future__ import annotations

from khronika.analysis.claims.phrases import POSSESSIVES, agreeing_head, may_be_adjective, phrase_end
from khronika.analysis.claims.sources import SentenceView, Source
from khronika.analysis.morphology import word_parses
from khronika.records import Token

_PLACE_PREPOSITIONS = {"ru": frozenset({"в", "во"}), "uk": frozenset({"в", "у", "ув"})}
_NOT_A_PLACE = frozenset(
    {
        "эфир",
        "интервью",
        "ефір",
        "інтерв'ю",
        "інтерв’ю",
        "время",
        "час",
        "ход",
        "хід",
        "рамка",
        "рамки",
        "смысл",
        "сенс",
        "случай",
        "випадок",
        "связь",
        "зв'язок",
        "зв’язок",
        "результат",
        "момент",
        "условие",
        "умова",
        "целом",
        "цілому",
    }
)


def place_source(view: SentenceView, start: int, end: int) -> Source | None:
    """The body or document a verb with no subject reports from (``В пресс-службе МВД
    сообщили``, ``повідомили у відділі комунікації поліції``, ``в докладе говорится``):
    the noun in the locative after ``в``/``у`` with its adjectives and genitives,
    between ``start`` and ``end``. None where a name of the tagger is that noun (the
    entity is the source), for a medium or a time (``в эфире``, ``в ходе``)."""
    prepositions = _PLACE_PREPOSITIONS.get(view.article.lang)
    if not prepositions:
        return None
    tokens = view.tokens_between(start, end)
    lang = view.article.lang
    for at, token in enumerate(tokens):
        if token.text.lower() not in prepositions:
            continue
        position = at + 1
        while position + 1 < len(tokens) and (
            "ADJF" in tokens[position].tags
            or tokens[position].text.lower() in POSSESSIVES
            or may_be_adjective(tokens[position], lang)
        ):
            position += 1
        if position >= len(tokens):
            return None
        noun = tokens[position]
        if any(m.start <= noun.start and noun.end <= m.end for m in view.entities):
            return None
        if (
            "NOUN" not in noun.tags
            or noun.lemma.lower() in _NOT_A_PLACE
            or not any({"NOUN", "loct"} <= parse.tag.grammemes for parse in word_parses(noun.text, lang))
        ):
            return None
        first, last = tokens[at + 1].start, phrase_end(tokens, position)
        return Source(view.text[first:last], "organisation", first, last)
    return None


def impersonal(view: SentenceView, verb: Token | None) -> bool:
    """Whether the verb has no subject (``сообщается``, ``йдеться``)."""
    return verb is not None and verb.lemma.lower() in view.rules.impersonal


def placed(view: SentenceView, found: list[Source], start: int, end: int, verb: Token | None) -> list[Source]:
    """The sources of a verb with no subject of its own (an impersonal one, a plural
    with no subject: ``В пресс-службе МВД сообщили``), where ``place_source`` finds
    the body between ``start`` and ``end``: that phrase instead of the name or the
    descriptor inside it (``пресс-службе МВД``, not МВД), or added where none is."""
    if verb is None or not (impersonal(view, verb) or "plur" in verb.tags):
        return found
    place = place_source(view, start, end)
    if impersonal(view, verb):
        # ``Сообщается, что``: no source; ``Марка … не повідомляється``: a passive, no report
        subject = agreeing_head(view, view.tokens_between(view.start, verb.start), verb)
        return [place] if place and subject is None else []
    if place is None:
        return found
    inside_place = [s for s in found if place.start <= s.start and s.end <= place.end]
    if any(s.kind == "person" or (s.start, s.end) == (place.start, place.end) for s in inside_place):
        return found
    if found and not inside_place:
        return found  # a subject of its own stands beside the phrase
    return sorted([s for s in found if s not in inside_place] + [place], key=lambda s: s.start)
