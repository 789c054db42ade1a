"""Names that are no entities: months, weekdays and time zones (``Oct.``, ``Sunday``,
``GMT``, ``16 вересня``), which a recogniser trained on capitalised names takes for
ones. The month and weekday forms are the time tagger's (``rules/<lang>/timex.json``:
every form it reads), less the whole words among its ``ambiguous_months`` (``May``
may be a name, ``лютий`` an adjective); the time zones are the same in every language.

A span is dropped when every word of it, digits aside, is one of these.
"""

from __future__ import annotations

import re
from functools import cache

from khronika.rules import load_rules

TIME_ZONES = frozenset(
    ("gmt", "utc", "cet", "cest", "eet", "eest", "wet", "west", "msk", "est", "edt", "cst", "cdt", "mst", "mdt",
     "pst", "pdt", "bst")
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+\.?")
_POSSESSIVE = re.compile(r"['’]s\b")  # ``Sunday's``


def _key(word: str) -> str:
    return word.casefold().rstrip(".")


@cache
def calendar_words(lang: str) -> frozenset[str]:
    rules = load_rules(lang, "timex")
    # an ambiguous month that is a whole word may be a name (``May``, ``Августа``) or an
    # adjective (``лютий``); an abbreviation (``Oct.``, ``Aug``: a longer form starts so) never is
    forms = {_key(form) for group in [*rules.get("months", []), *rules.get("weekdays", [])] for form in group}
    whole = {_key(word) for word in rules.get("ambiguous_months", []) if "." not in word}
    ambiguous = {key for key in whole if not any(form != key and form.startswith(key) for form in forms)}
    return frozenset((forms - ambiguous) | TIME_ZONES)


def is_calendar_name(surface: str, lang: str) -> bool:
    """Whether the span's text is only months, weekdays, time zones and numbers."""
    words = [word for word in _WORD.findall(_POSSESSIVE.sub("", surface)) if not word.rstrip(".").isdigit()]
    known = calendar_words(lang)
    return bool(words) and all(_key(word) in known for word in words)
