"""A chronicle's line language, its JSON twin, and its text, Markdown and HTML renderings
(every piece from an article escaped; only http(s) URLs become links)."""

from __future__ import annotations

from khronika.chronicles import prefer_language
from khronika.cli.render_chronicle import markdown, page, text
from khronika.records import TimeGranularity
from khronika.stories.chronicle_records import (
    Background,
    Chronicle,
    ChronicleEntry,
    ChronicleSentence,
    Citation,
    Dispute,
)
from khronika.views.chronicles import BackgroundContext, ChronicleContext

EVIL = "<script>alert(1)</script>"


def _chronicle() -> Chronicle:
    first = Citation(1, 0, f"Police detained 400 people {EVIL}.", "ru", "Минская <b>депеша</b>", "javascript:alert(1)")
    second = Citation(2, 3, "Міліція затримала 400 людей.", "uk", None, 'https://kyiv.example/a?x=1&y="2"')
    dispute = Dispute("deaths", "МВС", 3.0, "правозахисники", 5.0)
    line = ChronicleSentence(first.text, (first, second), 0.9, True, (dispute,))
    entry = ChronicleEntry("2020-09-13", TimeGranularity.DAY, (line,), 2.0, 2, 1)
    return Chronicle((entry,), 2, {"max_dates": None, "per_date": 1})


def test_prefer_language_makes_the_same_event_report_in_that_language_the_line() -> None:
    (entry,) = prefer_language(_chronicle(), "uk").entries
    (line,) = entry.sentences
    assert line.text == "Міліція затримала 400 людей." and [c.article_id for c in line.citations] == [2, 1]
    assert prefer_language(_chronicle(), "en") == _chronicle()  # no English report: as it was


def test_text_lines_name_outlets_languages_and_disputes() -> None:
    shown = text(ChronicleContext(_chronicle(), "story 5: Minsk"))
    line = shown.splitlines()[1]
    assert line.startswith("2020-09-13  Police detained 400 people")
    assert "(disputed: МВС 3, правозахисники 5)" in line
    first = _chronicle().entries[0].sentences[0].citations[0]
    cited = '[Минская <b>депеша</b>, https://kyiv.example/a?x=1&y="2" (ru, uk)'
    assert cited in line and line.endswith(f"  #{first.article_id}:{first.sentence}")


def test_markdown_has_a_heading_per_date_and_links_only_web_urls() -> None:
    shown = markdown(ChronicleContext(_chronicle(), "story 5"))
    assert "## 2020-09-13" in shown
    assert "javascript:" not in shown and "](https://kyiv.example/" in shown
    assert "\\<script\\>" in shown


def test_html_escapes_every_piece_and_links_only_web_urls() -> None:
    background = Background(("Лукашенко",), (("per:lukashenko",),), _chronicle(), {1: 4, 2: 4})
    document = page(BackgroundContext(background))
    assert document.startswith("<!DOCTYPE html>") and document.endswith("</html>")
    assert "<script>" not in document and "<b>" not in document and "javascript:" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document and "Минская &lt;b&gt;депеша&lt;/b&gt;" in document
    assert 'href="https://kyiv.example/a?x=1&amp;y=&quot;2&quot;"' in document
    assert "(disputed: МВС 3, правозахисники 5)" in document and "story 4" in document


def test_background_json_gives_each_line_its_stories() -> None:
    background = Background(("Лукашенко",), (("per:lukashenko",),), _chronicle(), {1: 4, 2: 7})
    data = BackgroundContext(background).to_json()
    (line,) = data["entries"][0]["lines"]
    assert line["stories"] == [4, 7] and line["outlets"][0] == "Минская <b>депеша</b>"
    assert line["disputes"][0]["first_source"] == "МВС" and data["entity_ids"] == [["per:lukashenko"]]
