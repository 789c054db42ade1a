"""Kept chronicles: an ingest keeps its stories' chronicles, reading one again is a read
(no build), and whatever changes what it reads (a correction, a new article, a write
the API never saw) builds it anew, equal to a chronicle built from scratch."""

from __future__ import annotations

from pathlib import Path

import pytest

import khronika
from khronika import chronicles
from khronika.settings import Settings
from khronika.store.protocols.decisions import CHRONICLE_HIDE
from khronika.stories.chronicle import build_chronicle
from khronika.stories.chronicle_records import Chronicle
from tests.integration.test_chronicle_corrections import COUNCIL, LATER

DEFAULT_KEY = "max_dates=None;per_date=1"


def _ingest(kh: khronika.Khronika, tmp_path: Path, name: str, text: str, published: str) -> None:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    kh.ingest([str(page)], published=published, progress=False)


def _from_scratch(kh: khronika.Khronika, story: int, per_date: int = 1) -> Chronicle:
    """The chronicle as it was built before any was kept."""
    articles = chronicles.chronicle_articles(kh, [item.id for item in kh.story(story).articles_list])
    settings = chronicles.settings_for(None, per_date)
    built = build_chronicle(articles, settings, edits=chronicles.line_edits(kh, articles))
    return chronicles.prefer_language(built, chronicles.main_language(articles, None))


def _no_build(*args: object, **kwargs: object) -> Chronicle:
    raise AssertionError("a kept chronicle was built anew")


def test_an_ingest_keeps_the_chronicle_and_reading_it_is_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with khronika.open(tmp_path / "kept.db", Settings(show_progress=False)) as kh:
        _ingest(kh, tmp_path, "council.txt", COUNCIL, "2021-03-05")
        (story,) = [s.id for s in kh.stories()]
        assert kh.store.kept_chronicle("story", story, DEFAULT_KEY) is not None
        expected = _from_scratch(kh, story)
        assert expected.entries
        with monkeypatch.context() as patch:
            patch.setattr(chronicles, "build_chronicle", _no_build)
            assert kh.chronicle(story=story) == expected
        assert kh.chronicle(story=story, per_date=2) == _from_scratch(kh, story, per_date=2)  # kept under its key

        _ingest(kh, tmp_path, "later.txt", LATER, "2021-03-06")  # joins the story: kept anew at once
        assert [s.id for s in kh.stories()] == [story] and len(kh.story(story).articles_list) == 2
        grown = _from_scratch(kh, story)
        assert grown != expected
        with monkeypatch.context() as patch:
            patch.setattr(chronicles, "build_chronicle", _no_build)
            assert kh.chronicle(story=story) == grown

        line = grown.entries[0].sentences[0].citations[0]
        kh.correct_line(line.article_id, line.sentence, hidden=True)  # refreshed by the correction
        hidden = _from_scratch(kh, story)
        assert hidden != grown
        with monkeypatch.context() as patch:
            patch.setattr(chronicles, "build_chronicle", _no_build)
            assert kh.chronicle(story=story) == hidden

        # a write no hook saw (a decision kept straight in the store): the state tells, and it is built anew
        with kh.store.transaction():
            kh.store.record_decision(
                CHRONICLE_HIDE, {"article": line.article_id, "sentence": line.sentence, "text": "", "hidden": False}
            )
        assert kh.chronicle(story=story) == _from_scratch(kh, story) == grown


def test_with_keeping_off_an_ingest_keeps_nothing_and_a_read_keeps_it(tmp_path: Path) -> None:
    with khronika.open(tmp_path / "lazy.db", Settings(show_progress=False, keep_chronicles=False)) as kh:
        _ingest(kh, tmp_path, "council.txt", COUNCIL, "2021-03-05")
        (story,) = [s.id for s in kh.stories()]
        assert kh.store.kept_chronicle("story", story, DEFAULT_KEY) is None
        assert kh.chronicle(story=story) == _from_scratch(kh, story)
        assert kh.store.kept_chronicle("story", story, DEFAULT_KEY) is not None
