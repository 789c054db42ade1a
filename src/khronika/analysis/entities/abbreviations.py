"""Abbreviations an article spells out: ``Національний банк України (НБУ)``,
``Central Election Commission (CEC)``.

Where an all-caps word in brackets has as letters the initials of the words right
before the bracket (connectors such as ``of``, ``і``, ``de`` aside), those words are
one organisation's name and the abbreviation names it too: the entities stage
(``recognition.py``) gives the name a span of its own where the tagger found only
parts of it (``України`` inside the bank's name) and every mention of the
abbreviation in the article the name's entity; the store then keeps the abbreviation
as a name of that entity, so another article's ``НБУ`` alone links to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from khronika.analysis.entities.ner import NerSpan
from khronika.records import EntityType, Field

_CONNECTORS = frozenset(
    {
        "of",
        "the",
        "for",
        "and",
        "on",
        "de",
        "del",
        "la",
        "le",
        "des",
        "du",
        "et",
        "y",
        "di",
        "і",
        "й",
        "та",
        "и",
        "з",
        "по",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MAX_LETTERS = 6


def is_abbreviation(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= MAX_LETTERS and letters.isalpha() and letters.isupper()


_ELISION = re.compile(r"^(?:[ldjnmst]|qu)['’]", re.IGNORECASE)  # l'homme, d'Etat


def _initials(words: Sequence[str]) -> str:
    stems = (_ELISION.sub("", w) for w in words)
    return "".join(w[0] for w in stems if w and w.casefold() not in _CONNECTORS).casefold()


def _bracketed(text: str, start: int, end: int) -> bool:
    return text[:start].rstrip().endswith("(") and text[end : end + 1] == ")"


def name_before(text: str, abbreviation: str, bracket: int) -> tuple[int, int] | None:
    """The span of the words before ``bracket`` (an opening bracket's position) whose
    initials spell ``abbreviation``, the first capitalised; None where none do."""
    letters = abbreviation.replace(".", "").casefold()
    words = list(_WORD.finditer(text, max(0, bracket - 200), bracket))
    for first in range(len(words) - 1, -1, -1):
        chosen = [m.group() for m in words[first:]]
        initials = _initials(chosen)
        if len(initials) > len(letters):
            return None
        if (
            initials == letters
            and _ELISION.sub("", chosen[0])[:1].isupper()
            and text[words[-1].end() : bracket].strip() == ""
        ):
            elided = _ELISION.match(chosen[0])  # l'Observatoire …: the name begins after l'
            return words[first].start() + (elided.end() if elided else 0), words[-1].end()
    return None


def with_spelled_out_names(spans: list[NerSpan], texts: dict[Field, str]) -> list[NerSpan]:
    """``spans`` with each spelled-out name as one organisation span (the abbreviation's
    type where it has one), in place of the spans inside it."""
    added: list[NerSpan] = []
    for span in spans:
        text = texts[span.field]
        surface = text[span.start : span.end]
        if not is_abbreviation(surface) or not _bracketed(text, span.start, span.end):
            continue
        bracket = text.rindex("(", 0, span.start)
        found = name_before(text, surface, bracket)
        if found is not None and len(text[found[0] : found[1]].split()) >= 2:
            kind = span.type if span.type in (EntityType.ORG, EntityType.LOC) else EntityType.ORG
            added.append(NerSpan(span.field, found[0], found[1], kind))
    if not added:
        return spans
    kept = [s for s in spans if not any(a.field is s.field and a.start <= s.start and s.end <= a.end for a in added)]
    return sorted([*kept, *added], key=lambda s: (s.field != Field.TITLE, s.start))


def spelled_out(mentions: Sequence[tuple[Field, int, int, str, str]], texts: dict[Field, str]) -> dict[str, int]:
    """Abbreviation surface -> index of the mention that spells it out: the mention
    (field, start, end, surface, canonical) right before it in brackets whose words'
    initials it is."""
    found: dict[str, int] = {}
    for i in range(len(mentions) - 1):
        (field, _, full_end, full_text, canonical), (abbr_field, start, end, abbr, _) = mentions[i], mentions[i + 1]
        if field is not abbr_field or not is_abbreviation(abbr) or not texts:
            continue
        text = texts[field]
        if text[full_end:start].strip() != "(" or text[end : end + 1] != ")":
            continue
        letters = abbr.replace(".", "").casefold()
        if letters in (_initials(canonical.split()), _initials(_WORD.findall(full_text))):
            found.setdefault(abbr, i)
    return found
