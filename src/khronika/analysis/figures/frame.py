"""Where and when a figure is: the event's place and day, read around the figure.

- **Place**: the sentence's place nearest the figure, but never one inside a
  source's name (``Syria's health ministry``, ``СК России``, ``Губернатор
  Подмосковья``): that says whose the source is, not where the dead were counted.
- **Day**: of a sentence's several dates the one nearest the figure (``MSF confirmó
  el sábado la muerte el miércoles de 355 personas``: the dead are Wednesday's);
  a sentence with one date takes it; a sentence with none takes a dated time of the
  sentence before it in the same paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

from khronika.records import AnalysedArticle, Claim, EntityMention, EntityType, TimeExpression


def event_places(mentions: Sequence[EntityMention], claims: Sequence[tuple[int, Claim]]) -> list[EntityMention]:
    """The sentence's places that may be the event's: a place inside a source's name
    (``Syria's health ministry``, ``СК России``, ``Губернатор Подмосковья``) says whose
    the source is, not where the dead were counted."""
    sources = [(c.source_start, c.source_end) for _, c in claims if c.source_end > c.source_start]
    return [
        m
        for m in mentions
        if m.type is EntityType.LOC and not any(start <= m.start and m.end <= end for start, end in sources)
    ]


def _time_for(times: Sequence[TimeExpression]) -> TimeExpression | None:
    """The first dated time, else the first time, else None."""
    for time in times:
        if time.value is not None:
            return time
    return times[0] if times else None


def _in(start: int, end: int, outer_start: int, outer_end: int) -> bool:
    return outer_start <= start and end <= outer_end


def nearest_time(times: Sequence[TimeExpression], start: int, default: TimeExpression | None) -> TimeExpression | None:
    """Of a sentence's several dates, the one nearest the figure (``MSF confirmó el sábado la
    muerte el miércoles de 355 personas``: the dead are Wednesday's); else ``default``."""
    dated = [t for t in times if t.value is not None]
    if len(dated) < 2:
        return default
    return min(dated, key=lambda t: max(t.start - start, start - t.end, 0))


def sentence_time(article: AnalysedArticle, index: int, times: list[TimeExpression]) -> TimeExpression | None:
    """The sentence's own time, else a dated time of the sentence before it in the same paragraph."""
    own = _time_for(times)
    if own is not None or index == 0:
        return own
    sentence, before = article.sentences[index], article.sentences[index - 1]
    text = article.field_text(sentence.field)
    if before.field is not sentence.field or "\n" in text[before.end : sentence.start]:
        return None
    return _time_for(
        [
            t
            for t in article.times
            if t.field is before.field and t.value is not None and _in(t.start, t.end, before.start, before.end)
        ]
    )
