"""Chronicles as text, Markdown or HTML (``--format``; ``json`` is the context's ``to_json``).

Every piece comes from articles (sentences, outlets, URLs): plain text has its control
characters written out, Markdown its markup characters escaped, HTML everything
``html.escape``d, and a URL is a link only where it starts with http:// or https://.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, Protocol

import click

from khronika.cli.common import printable
from khronika.views.chronicles import Background, Chronicle, ChronicleSentence, dispute_text, line_ref, outlets, speaker


class Shown(Protocol):
    @property
    def chronicle(self) -> Chronicle: ...
    @property
    def title(self) -> str: ...
    @property
    def background(self) -> Background | None: ...


def _disputes(sentence: ChronicleSentence) -> str:
    return "".join(f" (disputed: {dispute_text(d)})" for d in sentence.disputes)


def _stories(shown: Shown, sentence: ChronicleSentence) -> str:
    if shown.background is None:
        return ""
    stories = shown.background.stories_of(sentence)
    return ("; stories " if len(stories) > 1 else "; story ") + ", ".join(map(str, stories)) if stories else ""


def _said(sentence: ChronicleSentence) -> str:
    said = speaker(sentence)
    return f"; says {said}" if said else ""


def text(shown: Shown) -> str:
    """``YYYY-MM-DD  sentence  [outlet, outlet (uk, en); says SOURCE]  #12:3``, a line each
    (``#ARTICLE:SENTENCE`` is what ``chronicle hide|pin|speaker`` take)."""
    lines = [printable(shown.title)]
    for entry in shown.chronicle.entries:
        for sentence in entry.sentences:
            cited = f"{', '.join(outlets(sentence))} ({', '.join(sentence.languages)}){_said(sentence)}"
            cited += _stories(shown, sentence)
            line = f"{entry.date:<10}  {sentence.text}{_disputes(sentence)}  [{cited}]  #{line_ref(sentence)}"
            lines.append(printable(line))
    if not shown.chronicle.entries:
        lines.append("no dated lines")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def _md(value: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", printable(value))


def _web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def markdown(shown: Shown) -> str:
    """``## date`` then ``- sentence ([outlet](url), …)``."""
    lines = [f"# {_md(shown.title)}"]
    for entry in shown.chronicle.entries:
        lines += ["", f"## {entry.date}", ""]
        for sentence in entry.sentences:
            cites = []
            for citation in sentence.citations:
                name = _md(citation.outlet or citation.url or f"article {citation.article_id}")
                url = citation.url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
                cites.append(f"[{name}]({printable(url)})" if _web(citation.url) else name)
            cited = ", ".join(dict.fromkeys(cites)) + _md(_said(sentence))
            lines.append(f"- {_md(sentence.text + _disputes(sentence))} ({cited})")
    return "\n".join(lines)


def page(shown: Shown) -> str:
    """A small complete HTML document: a section per date, a paragraph per line."""
    esc = html.escape
    body = [f"<h1>{esc(shown.title)}</h1>"]
    for entry in shown.chronicle.entries:
        body.append(f'<section><h2><time datetime="{esc(entry.date)}">{esc(entry.date)}</time></h2>')
        for sentence in entry.sentences:
            cites = []
            for citation in sentence.citations:
                name = esc(citation.outlet or citation.url or f"article {citation.article_id}")
                lang = esc(citation.lang)
                if _web(citation.url):
                    cites.append(f'<a href="{esc(citation.url)}" hreflang="{lang}">{name}</a>')
                else:
                    cites.append(f"<span>{name}</span>")
            disputes = "".join(
                f' <span class="disputed">(disputed: {esc(dispute_text(d))})</span>' for d in sentence.disputes
            )
            stories = esc(_stories(shown, sentence).lstrip("; "))
            stories_html = f' <span class="stories">{stories}</span>' if stories else ""
            said = speaker(sentence)
            said_html = f' <span class="speaker">says {esc(said)}</span>' if said else ""
            body.append(
                f'<p lang="{esc(sentence.citations[0].lang if sentence.citations else "")}" '
                f'data-ref="{esc(line_ref(sentence))}">{esc(sentence.text)}'
                f"{disputes} <small>({', '.join(cites)}){said_html}{stories_html}</small></p>"
            )
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{esc(shown.title)}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>"
    )


FORMATS: dict[str, Callable[[Any], str]] = {"text": text, "md": markdown, "html": page}


def echo(shown: Shown, fmt: str) -> None:
    click.echo(FORMATS[fmt](shown))
