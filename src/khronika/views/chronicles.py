"""Views of chronicles: a story's or storyline's (``khronika chronicle``) and an
entity's background (``khronika background``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from khronika.api import Khronika
from khronika.stories.chronicle_edits import sentence_ref
from khronika.stories.chronicle_records import Background, Chronicle, ChronicleSentence, Dispute, LineCorrection

__all__ = [
    "Background",
    "BackgroundContext",
    "Chronicle",
    "ChronicleContext",
    "ChronicleSentence",
    "LineCorrectionContext",
    "chronicle_json",
    "dispute_text",
    "line_ref",
    "outlets",
    "speaker",
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


def line_ref(sentence: ChronicleSentence) -> str:
    """``ARTICLE:SENTENCE`` of the line's first report: what ``chronicle hide|pin|speaker`` take."""
    first = sentence.citations[0] if sentence.citations else None
    return f"{first.article_id}:{first.sentence}" if first else ""


def speaker(sentence: ChronicleSentence) -> str | None:
    """Who says so, where the line's first report is attributed (or a speaker was set)."""
    return sentence.citations[0].claim_source if sentence.citations else None


def _line_json(sentence: ChronicleSentence, stories: tuple[int, ...] | None) -> dict[str, Any]:
    line: dict[str, Any] = {
        "ref": line_ref(sentence),
        "text": sentence.text,
        "speaker": speaker(sentence),
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


@dataclass(frozen=True)
class LineCorrectionContext:
    """``khronika chronicle hide|unhide|pin|speaker ARTICLE:SENTENCE``: the kept correction."""

    result: LineCorrection

    @staticmethod
    def load(
        kh: Khronika,
        ref: str,
        hidden: bool | None = None,
        date: str | None = None,
        speaker: str | None = None,
    ) -> LineCorrectionContext:
        """``ref``: ``ARTICLE:SENTENCE``, as each line ends with."""
        article, sentence = sentence_ref(ref)
        return LineCorrectionContext(kh.correct_line(article, sentence, hidden=hidden, date=date, speaker=speaker))

    @property
    def line(self) -> str:
        done = self.result
        if done.hidden is not None:
            what = "hidden from chronicles" if done.hidden else "shown in chronicles again"
        elif done.date is not None:
            what = f"pinned to {done.date}"
        else:
            what = f"said by {done.speaker}"
        return f"line {done.article}:{done.sentence} {what}: {done.text}"

    @property
    def decision(self) -> int:
        return self.result.decision

    def to_json(self) -> dict[str, Any]:
        return asdict(self.result)
