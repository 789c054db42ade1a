"""The headline of a plain-text document: which of its opening lines is the title.

A text file saved from a page often opens with what the page showed above the
article: a cookie or notification banner, a copyright line, a CSS rule, the site's
other headlines. The title is looked for in the *lead block*, the lines before the
first paragraph of prose (at most ``_LEAD_LINES``; a cookie or subscription
banner and a teaser cut short with ``...`` are no prose):

- a candidate is headline-like (at most ``_TITLE_MAX_CHARS``, no full stop at its
  end), holds letters, is no code (``.alogo{display: block;…}``) and no line the
  boilerplate rules drop (banners, prompts, footers, credits);
- the title is the earliest candidate that speaks of the article: at least
  ``_MIN_SHARED`` of its words (five letters or more) recur in the prose that
  follows, and at least half of them do (the site's other headlines share a word or
  two by chance; a standfirst after the headline would share more, so the earliest
  wins); where none does, the first line (banners aside) if it is a candidate and
  the lead block is short (a plain file's first line is its headline; a long run of headline-like
  lines is a list of other stories), else no title.

The lines of the lead block before the title are dropped (rule ``before_title``):
they are the page's furniture, not the article. No candidate: no title, and the
text is left as it was. A title is never made up from the prose.
"""

from __future__ import annotations

import re

from khronika.extract.boilerplate import is_boilerplate_line
from khronika.records import DroppedLine

TITLE_MAX_CHARS = 200  # a longer first line of a text file is a paragraph, not a title
_LEAD_LINES = 40
_SHORT_LEAD = 3  # lines: where no candidate speaks of the article, a short lead's first line is the title
_PROSE_MIN_WORDS = 12  # a lead block ends at the first line this long that ends a sentence …
_LONG_LINE_WORDS = 22  # … or at the first line this long, however it ends
_MAX_TITLE_WORDS = 25
_MIN_SHARED = 2
_STEM = 5
_BODY_CHARS = 3000  # of the prose, what the candidates are compared with
_CODE = re.compile(r"[{}]|^\s*[.#@][\w-]+\s*[{:]|;\s*\w[\w-]*\s*:")
_CAPTION = re.compile(r"[.!?]\s*\|")  # ``… esta noche. | AP``: a photo caption and its credit
_ABBREVIATION_END = re.compile(r"\b(?:[A-ZÁÉÍÓÚÑ]{1,3}\.\s?){2,}$")  # ``… de EE. UU.``: no sentence's end
_BYLINE = re.compile(r"^(?:By|Por|Par|Від|От|Автор)\b:?\s+[^\W\d_][^,.!?]*$")  # ``By Reuters Staff``, ``Por: Ramón Lobo``
_BYLINE_WORDS = 6
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{5,}")


def _words(text: str) -> set[str]:
    """Its words of five letters or more, each cut to five: ``elecciones`` and
    ``electoral`` stay apart, ``egipcios`` and ``egipcia`` meet (inflection aside)."""
    return {word.casefold()[:_STEM] for word in _WORD.findall(text)}


def _is_prose(line: str) -> bool:
    if line.rstrip().endswith(("...", "…")):
        return False  # a teaser cut short (``… que cerró por completo el país durante...``)
    words = len(line.split())
    ends = line.rstrip().endswith((".", "!", "?", "»", '"', ")")) and not _ABBREVIATION_END.search(line)
    return words >= _LONG_LINE_WORDS or (words >= _PROSE_MIN_WORDS and ends)


def _is_byline(line: str) -> bool:
    """``By Reuters Staff``, ``Por: Ramón Lobo``: a short line of a name (capitalised)."""
    words = line.split()
    return _BYLINE.match(line) is not None and len(words) <= _BYLINE_WORDS and words[-1][:1].isupper()


def _is_candidate(line: str, lang: str) -> bool:
    return (
        len(line) <= TITLE_MAX_CHARS
        and len(line.split()) <= _MAX_TITLE_WORDS
        and (not line.rstrip().endswith((".", ":")) or _ABBREVIATION_END.search(line) is not None)
        and not _is_byline(line)
        and _LETTER.search(line) is not None
        and _CODE.search(line) is None
        and _CAPTION.search(line) is None
        and not is_boilerplate_line(line, lang)
    )


def _speaks_of(line: str, body: set[str]) -> bool:
    own = _words(line)
    shared = len(own & body)
    return shared >= _MIN_SHARED and 2 * shared >= len(own)


def _lead_end(lines: list[str], lang: str) -> int:
    lead = 0
    while lead < min(len(lines) - 1, _LEAD_LINES) and (
        not _is_prose(lines[lead]) or is_boilerplate_line(lines[lead], lang)  # a banner is no prose
    ):
        lead += 1
    return lead


def text_title(lines: list[str], lang: str) -> tuple[str | None, list[str], list[DroppedLine]]:
    """(the title or None, the lines left for the body, the lines dropped before the title)."""
    if len(lines) < 2:
        return None, lines, []
    lead = _lead_end(lines, lang)
    candidates = [index for index in range(max(lead, 1)) if _is_candidate(lines[index], lang)]
    best = _speaking_or_first(lines, lead, candidates, lang) if candidates else None
    if best is None:  # the line above a byline, even under an opening note (``Por: Ramón Lobo``)
        bylines = range(1, min(len(lines), max(lead, _SHORT_LEAD) + 1))
        best = next((i - 1 for i in bylines if _is_byline(lines[i]) and _is_candidate(lines[i - 1], lang)), None)
    if best is None:
        return None, lines, []  # only the page's furniture: no headline
    dropped = [DroppedLine(line, "before_title") for line in lines[:best]]
    return lines[best], lines[best + 1 :], dropped


def _speaking_or_first(lines: list[str], lead: int, candidates: list[int], lang: str) -> int | None:
    """The earliest candidate that speaks of the article, else a short lead's first line."""
    body = _words(" ".join(lines[lead:])[:_BODY_CHARS])
    furniture = [index for index in range(max(lead, 1)) if not is_boilerplate_line(lines[index], lang)]  # banners aside
    best = next((index for index in candidates if _speaks_of(lines[index], body)), None)
    if best is None and candidates[0] == furniture[0] and len(furniture) <= _SHORT_LEAD:
        best = candidates[0]
    return best
