"""Views of chronicles: a story's or storyline's (``khronika chronicle``) and an
entity's background (``khronika background``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from khronika.api import Khronika
from khronika.stories.chronicle_records import Background, Chronicle, ChronicleSentence, Dispute

__all__ = [
    "Background",
    "BackgroundContext",
    "Chronicle",
    "ChronicleContext",
    "ChronicleSentence",
    "chronicle_json",
    "dispute_text",
    "outlets",
]


def number(value: float) -> str:
    """``3`` for 3.0, ``1.5`` for 1.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def dispute_text(dispute: Dispute) -> str:
    """``МВС 3, правозахисники 5``."""
    return (
        f"{dispute.first_source} {number(dispute.first_value)}, {dispute.second_source} {number(dispute.second_value)}"
    )


def outlets(sentence: ChronicleSentence) -> tuple[str, ...]:
    """The line's outlets in citation order, each once (an outlet-less report: its URL)."""
    return tuple(dict.fromkeys(c.outlet or c.url or f"article {c.article_id}" for c in sentence.citations))


def _line_json(sentence: ChronicleSentence, stories: tuple[int, ...] | None) -> dict[str, Any]:
    line: dict[str, Any] = {
        "text": sentence.text,
        "explicit": sentence.explicit,
        "score": sentence.score,
        "languages": list(sentence.languages),
        "outlets": list(outlets(sentence)),
        "citations": [asdict(c) for c in sentence.citations],
        "disputes": [asdict(d) for d in sentence.disputes],
    }
    if stories is not None:
        line["stories"] = list(stories)
    return line


def chronicle_json(chronicle: Chronicle, background: Background | None = None) -> dict[str, Any]:
    return {
        "articles": chronicle.articles,
        "entries": [
            {
                "date": entry.date,
                "granularity": entry.granularity.value,
                "score": entry.score,
                "mentions": entry.mentions,
                "published": entry.published,
                "lines": [
                    _line_json(s, background.stories_of(s) if background is not None else None) for s in entry.sentences
                ],
            }
            for entry in chronicle.entries
        ],
        "settings": {k: v for k, v in chronicle.settings.items() if k in ("max_dates", "per_date")},
    }


@dataclass(frozen=True)
class ChronicleContext:
    """``khronika chronicle``: a story's or storyline's dated lines."""

    chronicle: Chronicle
    title: str
    story: int | None = None
    storyline: int | None = None

    @staticmethod
    def load(
        kh: Khronika,
        story: int | None = None,
        storyline: int | None = None,
        max_dates: int | None = None,
        per_date: int = 1,
        lang: str | None = None,
    ) -> ChronicleContext:
        chronicle = kh.chronicle(story, storyline, max_dates, per_date, lang)
        if story is not None:
            title = f"story {story}: {kh.story(story).summary.title or ''}"
        else:
            assert storyline is not None
            title = f"storyline {storyline}: {kh.storyline(storyline).summary.title or ''}"
        return ChronicleContext(chronicle, title.rstrip(": "), story, storyline)

    @property
    def background(self) -> Background | None:
        return None

    def to_json(self) -> dict[str, Any]:
        return {"story": self.story, "storyline": self.storyline, "title": self.title} | chronicle_json(self.chronicle)


@dataclass(frozen=True)
class BackgroundContext:
    """``khronika background ENTITY [ENTITY2]``: the dated events involving them."""

    result: Background

    @staticmethod
    def load(
        kh: Khronika,
        entity: str,
        other: str | None = None,
        max_dates: int | None = None,
        per_date: int = 1,
        lang: str | None = None,
    ) -> BackgroundContext:
        return BackgroundContext(kh.background(entity, other, max_dates, per_date, lang))

    @property
    def chronicle(self) -> Chronicle:
        return self.result.chronicle

    @property
    def title(self) -> str:
        return "background: " + " & ".join(self.result.names)

    @property
    def background(self) -> Background | None:
        return self.result

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.result.names),
            "entity_ids": [list(group) for group in self.result.entity_ids],
        } | chronicle_json(self.result.chronicle, self.result)
