"""The ``streets`` and ``streetlists`` feature groups of the CRF tagger.

NER-UK marks streets, squares and settlements as LOC, and the CRF took many of
them for people (``вул. Богдана Хмельницького``): a capitalised word or number
that follows a street or settlement word (``вул.``, ``просп.``, ``м.``, ``смт``)
within a few tokens gets ``after=street`` / ``after=town``; with ``streetlists``,
the marker also holds down a list (``вулиці Гоголя, Крупської, Десантників``).
"""

from __future__ import annotations

from collections.abc import Sequence

STREET_WORDS = frozenset(
    [
        "вул",
        "вулиця",
        "вулиці",
        "вулицю",
        "вулицею",
        "пл",
        "площа",
        "площі",
        "площу",
        "площею",
        "просп",
        "проспект",
        "проспекті",
        "проспекту",
        "бульв",
        "бульвар",
        "бульварі",
        "пров",
        "провулок",
        "провулку",
        "провулці",
        "наб",
        "набережна",
        "набережній",
        "шосе",
        "узвіз",
        "узвозі",
    ]
)
_SETTLEMENT_WORDS = frozenset(
    ["м", "місто", "міста", "місті", "смт", "с", "село", "села", "селі", "селище", "селища", "селищі", "сел"]
)
_STREET_REACH = 4
_LIST_REACH = 16
_LIST_JOINERS = frozenset([",", ";", "та", "і", "й"])
_STREET_PLURALS = frozenset(
    [
        "вулиць",
        "вулицях",
        "вулицями",
        "вулицям",
        "проспектів",
        "проспектах",
        "провулків",
        "провулках",
        "площах",
        "пр",
        "б-р",
    ]
)
_LIST_STREETS = STREET_WORDS | _STREET_PLURALS
_MARKERS_LISTED = _LIST_STREETS | _SETTLEMENT_WORDS
_MARKER_KINDS = {
    f"{word}{dot}": kind
    for words, kind in ((_SETTLEMENT_WORDS, "town"), (STREET_WORDS, "street"))
    for word in words
    for dot in ("", ".")
}
_LIST_MARKER_KINDS = {**_MARKER_KINDS, **{f"{word}{dot}": "street" for word in _STREET_PLURALS for dot in ("", ".")}}
_SHORT_CHAIN = frozenset([".", "-"])
_MARKER_CHAIN = _LIST_JOINERS | {".", "-", "—", "–"}


def after_markers(tokens: Sequence[str], lists: bool = False) -> list[list[str]]:
    """``after=street``/``after=town`` (and how far) on the capitalised words and
    numbers that follow a street or settlement word; with ``lists``, also down a
    list of them (``вулиці Гоголя, Крупської, Десантників``: ``after=street:list``).
    One pass: the last marker word stays in force while the chain of capitalised
    words, numbers and dots (and, with ``lists``, commas and conjunctions) lasts."""
    result: list[list[str]] = [[] for _ in tokens]
    reach = _LIST_REACH if lists else _STREET_REACH
    chain = _MARKER_CHAIN if lists else _SHORT_CHAIN
    markers = _LIST_MARKER_KINDS if lists else _MARKER_KINDS
    kind: str | None = None
    at = 0
    listed = False
    for i, token in enumerate(tokens):
        if kind is not None and i - at > reach:
            kind = None
        if token[:1].isupper() or token[:1].isdigit():
            if kind is not None:
                distance = "list" if listed else str(i - at) if i - at <= _STREET_REACH else f"{_STREET_REACH}+"
                result[i] = [f"after={kind}", f"after={kind}:{distance}"]
            continue
        marker = markers.get(token)  # lowercase only: not ``С. Петренко``, ``ПР``
        if marker is not None:
            kind, at, listed = marker, i, False
        elif token not in chain or (lists and token == "." and i > 0 and tokens[i - 1] not in _MARKERS_LISTED):
            kind = None  # the chain breaks (with lists, a full stop after a word ends the sentence)
        elif token in _LIST_JOINERS:
            listed = True
    return result
