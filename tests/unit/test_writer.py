"""The writer loop (run/writer.py): one unit of writes per article, steps in order,
and the story step handed the analysis as stored (entity ids linked)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from khronika.records import (
    AnalysedArticle,
    Article,
    DateSource,
    EntityMention,
    EntityType,
    Field,
    IngestFailure,
    IngestReport,
    PublicationDate,
    StoreOutcome,
)
from khronika.run.processes import Prepared
from khronika.run.writer import store_article, write_all
from khronika.store import SQLiteStore, open_store

TEXT = (
    "Олександр Лукашенко зустрівся з Володимиром Путіним у Сочі в понеділок, повідомила пресслужба. "
    "Сторони обговорили кредит, ціни на газ і спільні навчання військ, а також інтеграцію двох держав."
)


class RecordingPlacement:
    """A story step that records what it is handed, and fails when told to."""

    vectors = None

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.placed: list[tuple[int, AnalysedArticle]] = []
        self.forgotten = 0

    def place_stored(self, article_id: int, article: Article, analysis: AnalysedArticle) -> None:
        if self.fail:
            raise RuntimeError("no room in the story")
        self.placed.append((article_id, analysis))

    def prefetch_vectors(self, articles: Sequence[Article]) -> None:
        raise AssertionError("no embedding backend: nothing to prefetch")

    def forget(self) -> None:
        self.forgotten += 1


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = open_store(tmp_path / "writer.db")
    yield opened
    opened.close()


def _article(url: str, text: str = TEXT) -> Article:
    return Article(
        url, "a.html", "Зустріч у Сочі", text, "uk", "Herald", PublicationDate("2020-09-14", DateSource.GIVEN)
    )


def _analysis(article: Article, entity_id: str) -> AnalysedArticle:
    mention = EntityMention("Лукашенко", 10, 19, Field.TEXT, EntityType.PER, "Олександр Лукашенко", entity_id)
    return AnalysedArticle(article.lang, article.title, article.text, article.published, entities=(mention,))


def test_the_story_step_gets_the_analysis_with_stored_entity_ids(store: SQLiteStore) -> None:
    placement = RecordingPlacement()
    first = _article("https://herald.example/a")
    store_article(store, placement, first, _analysis(first, "per:oleksandr-lukashenko"))
    second = _article("https://wire.example/b", TEXT + " Ще одне речення.")
    added = store_article(store, placement, second, _analysis(second, "per:lukashenko-other-id"))
    assert added.outcome is StoreOutcome.NEW
    (_, placed_first), (placed_id, placed_second) = placement.placed
    assert placed_id == added.article_id
    # linked to the entity stored with the first article, as the kept analysis says
    assert placed_second.entities[0].entity_id == placed_first.entities[0].entity_id
    kept = store.analysis(added.article_id)
    assert kept is not None and kept["entities"][0]["entity_id"] == placed_first.entities[0].entity_id
    assert store.signature_row(added.article_id) is not None  # the near-duplicate step signed it
    assert store.queued() == []


def test_a_failing_step_undoes_the_whole_article_and_memory_is_dropped(store: SQLiteStore) -> None:
    placement = RecordingPlacement(fail=True)
    article = _article("https://herald.example/a")
    with pytest.raises(RuntimeError, match="no room"):
        store_article(store, placement, article, _analysis(article, "per:x"))
    assert placement.forgotten == 1
    assert not store.has_article(article.url)
    assert store.entities() == [] and store.signatures([1]) == [] and store.queued() == []


def test_a_duplicate_stops_after_the_article_and_failures_are_recorded(store: SQLiteStore) -> None:
    placement = RecordingPlacement()
    article = _article("https://herald.example/a")
    run_id = store.start_run("ingest")
    report = IngestReport()
    prepared = [
        Prepared(article=article, analysis=_analysis(article, "per:x")),
        Prepared(failure=IngestFailure("bad.html", "empty input")),
        Prepared(article=article, analysis=_analysis(article, "per:x")),  # read twice in one ingest
        Prepared(article=article, already_stored=True),  # a worker saw it stored already
    ]
    write_all(store, placement, prepared, report, run_id)
    assert (report.ingested, report.duplicates, [f.input for f in report.failed]) == (1, 2, ["bad.html"])
    assert len(placement.placed) == 1 and report.articles == [1, 1, 1]
    assert [(f.run_id, f.input) for f in store.failures()] == [(run_id, "bad.html")]
