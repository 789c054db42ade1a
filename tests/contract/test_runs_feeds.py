"""Runs, failures, feed states, decisions and the store's counts."""

from __future__ import annotations

from khronika.records import IngestFailure
from khronika.store import FeedState, Store
from tests.contract.conftest import news


def test_runs_and_their_failures_are_kept_newest_failure_first(store: Store) -> None:
    run = store.start_run("ingest pages/")
    store.record_failure(run, IngestFailure("a.html", "empty input"))
    store.record_failure(None, IngestFailure("b.html", "not HTML"))
    store.finish_run(run, ingested=3, duplicates=1, failed=1)
    assert store.start_run("ingest more/") != run
    failures = store.failures()
    assert [(f.run_id, f.input, f.reason) for f in failures] == [
        (None, "b.html", "not HTML"),
        (run, "a.html", "empty input"),
    ]
    assert all(failure.at for failure in failures)
    assert [f.input for f in store.failures(limit=1)] == ["b.html"]
    stats = store.stats()
    assert (stats["runs"], stats["failures"]) == (2, 2)


def test_a_feed_state_is_fresh_until_saved_then_replaced(store: Store) -> None:
    url = "https://herald.example/feed.xml"
    assert store.feed_state(url) == FeedState(url)
    store.save_feed_state(FeedState(url, etag='"v1"', last_modified="Mon, 14 Sep 2020 10:00:00 GMT"), ok=True)
    assert store.feed_state(url) == FeedState(url, '"v1"', "Mon, 14 Sep 2020 10:00:00 GMT")
    store.save_feed_state(FeedState(url, '"v1"', None, errors=2, last_error="timed out"), ok=False)
    assert store.feed_state(url) == FeedState(url, '"v1"', None, 2, "timed out")
    assert store.stats()["feeds"] == 1


def test_decisions_are_kept_in_order_and_read_by_kind(store: Store) -> None:
    first = store.record_decision("story_merge", {"story": 1, "merged": 2})
    second = store.record_decision("entity_split", {"entity": "per:x", "alias": "X"})
    third = store.record_decision("story_move", {"article": 5, "story": 1})
    assert first < second < third
    assert [(d["id"], d["kind"]) for d in store.decisions()] == [
        (first, "story_merge"), (second, "entity_split"), (third, "story_move"),
    ]  # fmt: skip
    chosen = store.decisions(("story_merge", "story_move"))
    assert [d["arguments"] for d in chosen] == [{"story": 1, "merged": 2}, {"article": 5, "story": 1}]


def test_the_counts_cover_the_stored_articles_and_the_store_is_sound(store: Store) -> None:
    store.add_article(news("https://herald.example/a", "one"))
    store.add_article(news("https://wire.example/b", "two", lang="en", outlet=None, domain="wire.example"))
    stats = store.stats()
    assert (stats["articles"], stats["versions"], stats["exact_copies"]) == (2, 2, 0)
    assert stats["by_outlet"] == {"": 1, "Herald": 1}
    assert stats["by_domain"] == {"herald.example": 1, "wire.example": 1}
    assert (stats["first_day"], stats["last_day"]) == ("2020-09-14", "2020-09-14")
    assert store.integrity_problems() == []
