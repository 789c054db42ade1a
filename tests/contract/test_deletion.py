"""Deleting an article (``ArticleStore.delete_article``): every row kept of it goes, its
copies stay (the earliest their original), its URL is remembered until restored."""

from __future__ import annotations

from datetime import date

import pytest

from khronika.errors import NotFoundError
from khronika.records import AnalysedArticle, EntityMention, EntityType, Field
from khronika.store import Store
from khronika.store.protocols.stories import ClusterRecord, TermBag
from tests.contract.conftest import news


def _add(store: Store, url: str, text: str) -> int:
    article_id = store.add_article(news(url, text)).article_id
    mention = EntityMention("Мінськ", 0, 6, Field.TEXT, EntityType.LOC, "Мінськ", "loc:minsk")
    analysis = AnalysedArticle("uk", None, text, store.article(article_id).published, entities=(mention,))
    store.save_analysis(article_id, store.link_entities(article_id, analysis))
    return article_id


def test_a_deleted_article_leaves_nothing_but_its_url(store: Store) -> None:
    original = _add(store, "https://wire.example/a", "Мінськ: the agency text")
    store.add_article(news("https://wire.example/a", "Мінськ: the agency text, updated"))  # a second version
    kept = _add(store, "https://herald.example/b", "Мінськ: another report")
    store.save_signature(original, b"\x01\x00\x00\x00", 12, [7, 8])
    store.save_signature(kept, b"\x02\x00\x00\x00", 12, [8])
    store.link_copies(kept, [(original, 0.7)])
    store.stories.save_bag(original, TermBag({"мінськ": 1.0}, day="2020-09-14"))
    record = ClusterRecord(0, 1, {"мінськ": 1.0}, {"loc:minsk": 1.0}, None, date(2020, 9, 14), None, 1.0, 1.0, 1)
    store.stories.assign(original, store.stories.save_cluster("story", record, "Протести"), 1)
    with store.transaction():
        assert store.delete_article(original) == "https://wire.example/a"
    with pytest.raises(NotFoundError):
        store.article(original)
    assert store.article_versions(original) == [] and store.analysis(original) is None
    assert not store.has_article("https://wire.example/a")
    assert store.stories.bag(original) is None and store.stories.story_of(original) is None
    assert store.signature_row(original) is None and store.band_candidates([7, 8], exclude=kept, limit=5) == []
    assert store.near_duplicate_links(kept) == [] and store.copies_of(kept) == []
    assert store.stories.entity_ids(kept) == ("loc:minsk",) and store.stories.entity_ids(original) == ()
    assert store.deleted_urls() == {"https://wire.example/a"}
    assert store.stats()["articles"] == 1
    assert store.restore_url("https://wire.example/a") and not store.restore_url("https://wire.example/a")
    assert store.deleted_urls() == set()


def test_the_copies_of_a_deleted_article_stay_and_the_earliest_becomes_their_original(store: Store) -> None:
    original = _add(store, "https://wire.example/a", "Мінськ: the agency text")
    first = _add(store, "https://herald.example/b", "Мінськ: the agency text")
    second = _add(store, "https://courier.example/c", "Мінськ: the agency text")
    assert store.article(second).copy_of == original
    store.delete_article(original)
    assert store.article(first).copy_of is None and store.article(second).copy_of == first
    assert store.copies_of(second) == [first]


def test_deleting_an_unknown_article_is_not_found_and_changes_nothing(store: Store) -> None:
    kept = _add(store, "https://wire.example/a", "Мінськ: text")
    with pytest.raises(NotFoundError):
        store.delete_article(kept + 1)
    assert store.article(kept).url == "https://wire.example/a" and store.deleted_urls() == set()
