"""NER-UK style IOB files: one ``token TAG`` per line, segments apart by 2+ blank lines.

A segment is what NER-UK keeps together (a few sentences of one document); the
evaluations tag each segment as one text. The text is rebuilt from the tokens
with ordinary spacing (no space before ``,`` or ``.``, none inside brackets and
guillemets), so that ``2014 р .`` reads ``2014 р.`` as a page would print it; the
gold spans follow the tokens, so they stay exact whatever the spacing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int, str]  # (start, end, type): character offsets, end exclusive

# a token that attaches to the token before it, or to the one after it
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "»", "…", "%", "...", "?..", "!..", ".."})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "«", "„"})


@dataclass(frozen=True)
class Segment:
    """One IOB segment: its tokens and their BIO tags (``O``, ``B-DATE``, ``I-DATE``…)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SegmentText:
    """A segment's rebuilt text and each token's ``(start, end)`` in it."""

    text: str
    offsets: tuple[tuple[int, int], ...]


def _segments(lines: Iterator[str], source: str) -> Iterator[Segment]:
    tokens: list[str] = []
    tags: list[str] = []
    blank_run = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            blank_run += 1
            continue
        if blank_run >= 2 and tokens:
            yield Segment(tuple(tokens), tuple(tags))
            tokens, tags = [], []
        blank_run = 0
        token, _, tag = line.rstrip().rpartition(" ")
        if not token:
            raise ValueError(f"{source}:{number}: expected 'token TAG', got {line!r}")
        tokens.append(token)
        tags.append(tag)
    if tokens:
        yield Segment(tuple(tokens), tuple(tags))


def read_iob(path: str | Path) -> list[Segment]:
    """Read every segment of an IOB file (UTF-8; a malformed line raises ValueError)."""
    with open(path, encoding="utf-8") as lines:
        return list(_segments(lines, str(path)))


def segment_text(tokens: Sequence[str]) -> SegmentText:
    """Join tokens into readable text and keep where each token lies in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    glue_next = True  # no space before the first token
    for token in tokens:
        if not glue_next and token not in _NO_SPACE_BEFORE:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
        glue_next = token in _NO_SPACE_AFTER
    return SegmentText("".join(parts), tuple(offsets))


def bio_spans(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[Span]:
    """BIO tags to character spans; an ``I-X`` that follows no ``X`` starts a span."""
    spans: list[Span] = []
    start = end = -1
    kind = ""
    for tag, (token_start, token_end) in zip(tags, offsets, strict=True):
        prefix, _, tag_type = tag.partition("-")
        if prefix == "I" and tag_type == kind:
            end = token_end
            continue
        if kind:
            spans.append((start, end, kind))
            kind = ""
        if prefix in ("B", "I") and tag_type:
            start, end, kind = token_start, token_end, tag_type
    if kind:
        spans.append((start, end, kind))
    return spans
