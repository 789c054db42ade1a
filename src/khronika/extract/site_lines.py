"""Site-level cleaning: lines an outlet repeats on many of its pages are furniture.

A page alone cannot tell its own short lines from its site's (``Webs de PRISA``,
``Recibe el boletín de Internacional``, a sidebar's headlines); the outlet's other
pages can. The store keeps, per outlet (``Article.outlet``: the page's site name,
its registered domain, or ``--source``), which short lines each stored page held
(``site_line_keys``), and this module drops from an article what that table shows
to be the outlet's:

1. a short line (``SITE_LINE_MAX_WORDS``) held by at least ``SITE_LINE_MIN_PAGES``
   other pages of the outlet (rule ``site_repeat``), copies of the article (pages
   sharing half of its paragraphs or more) not counted: a story stored three times keeps
   its subheadings;
2. a trailing run of headline-like lines (or a long leading one) at least half of
   whose lines some other page of the outlet also holds (rule ``headline_list``:
   the sidebar of other stories, whose headlines change from day to day).

An article with no title gets the title its lines would have given without the
site's furniture above it (``extract/titles.py``). So nothing is dropped before there is evidence: the first pages of an outlet keep
every line, and an article with no outlet keeps them all. A line is never dropped
where what remains would be no article (less than ``_MIN_TEXT_CHARS``). Every
dropped line is kept with its rule, as ``boilerplate.py`` keeps its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from khronika.extract.boilerplate import CleanedBody, drop_headline_runs, furniture_key
from khronika.extract.titles import text_title
from khronika.records import Article, DroppedLine, StoredArticle

# Evidence rule, chosen before looking at any outlet's pages: a line of a sentence
# or less (a prose paragraph repeated across pages is a quotation or background
# worth keeping) seen on three other pages. Two would drop a line two reports of
# one event share; the sidebar and newsletter lines of a real outlet repeat on
# dozens of pages.
SITE_LINE_MAX_WORDS = 20
SITE_LINE_MIN_PAGES = 3
# A line that leads into what follows (``Elle ajoute :``, ``Dijo:``) repeats by chance
# across reports: it needs the evidence of a real widget.
LEAD_IN_MIN_PAGES = 10
SITE_REPEAT = "site_repeat"
_MIN_TEXT_CHARS = 20  # as extract/article.py: less is no article
_KEY_BYTES = 8

AnyArticle = TypeVar("AnyArticle", Article, StoredArticle)


def site_line_key(line: str) -> str:
    """A short, stable key of a line (white space and case folded): what the store keeps."""
    return hashlib.blake2b(furniture_key(line).encode("utf-8"), digest_size=_KEY_BYTES).hexdigest()


def _is_candidate(line: str) -> bool:
    return 0 < len(line.split()) <= SITE_LINE_MAX_WORDS


def site_line_keys(article: Article | StoredArticle) -> set[str]:
    """The keys of the article's lines as extracted: those kept, and those any rule
    dropped (they were on the page all the same); its paragraphs too, which tell
    its copies (``paragraph_keys``)."""
    lines = [*article.text.split("\n"), *(d.text for d in article.dropped)]
    return {site_line_key(line) for line in lines if line.strip()}


def paragraph_keys(article: Article | StoredArticle) -> set[str]:
    """The keys of the article's paragraphs (lines too long to be furniture): another
    page of the outlet holding half of them or more is a copy of this article (a second
    version, a reprint), and its lines are no evidence of the site's furniture."""
    return {site_line_key(line) for line in article.text.split("\n") if len(line.split()) > SITE_LINE_MAX_WORDS}


def text_line_keys(article: Article | StoredArticle) -> set[str]:
    """The keys of the short lines the article's text still holds (what to look up)."""
    return {site_line_key(line) for line in article.text.split("\n") if _is_candidate(line)}


def drop_site_lines(article: AnyArticle, pages_holding: Mapping[str, int]) -> AnyArticle:
    """The article without the lines the outlet's other pages show to be furniture.

    ``pages_holding``: for a line key, how many other pages of the outlet hold it
    (a key absent: none)."""
    if not pages_holding:
        return article
    cleaned: CleanedBody = _site_cleaned_lines(article.text.split("\n"), pages_holding)
    if not cleaned.dropped or len("\n".join(cleaned.lines)) < _MIN_TEXT_CHARS:
        return article
    title: str | None = article.title
    lines: list[str] = cleaned.lines
    before_title: list[DroppedLine] = []
    if title is None:  # the site's lines hid the headline under them: look again without them
        title, lines, before_title = text_title(lines, article.lang)
    dropped = (*article.dropped, *cleaned.dropped, *before_title)
    return replace(article, title=title, text="\n".join(lines), dropped=dropped)


def _site_cleaned_lines(lines: list[str], pages_holding: Mapping[str, int]) -> CleanedBody:
    result = CleanedBody(lines=[])
    kept: list[str] = []
    for line in lines:
        key = site_line_key(line) if _is_candidate(line) else None
        needed = LEAD_IN_MIN_PAGES if line.rstrip().endswith(":") else SITE_LINE_MIN_PAGES
        if key is not None and pages_holding.get(key, 0) >= needed:
            result.dropped.append(DroppedLine(line, SITE_REPEAT))
        else:
            kept.append(line)

    def elsewhere(line: str) -> bool:
        return _is_candidate(line) and pages_holding.get(site_line_key(line), 0) >= 1

    result.lines = drop_headline_runs(kept, result, elsewhere)
    return result
