"""Articles, versions, copies and analyses: identity is the URL, then the content hash."""

from __future__ import annotations

import pickle

import pytest

from khronika.errors import NotFoundError
from khronika.records import (
    AnalysedArticle,
    DateSource,
    DroppedLine,
    EntityMention,
    EntityType,
    Field,
    PublicationDate,
    RelatedLink,
    Sentence,
    StoreOutcome,
)
from khronika.records_json import analysis_from_json
from khronika.store import ArticleFilter, Store
from khronika.text import content_hash
from tests.contract.conftest import news

TEXT = "Тисячі людей вийшли на вулиці Мінська в неділю."
OTHER = "Лукашенко зустрівся з Путіним у Сочі."


def test_a_new_article_is_stored_with_everything_it_carries(store: Store) -> None:
    article = news(
        "https://herald.example/a", TEXT, credits=("Фото: Reuters",), related=(RelatedLink("Читайте також", None),),
        dropped=(DroppedLine("Підписуйтесь", "subscribe"),), http_headers={"etag": "x"}, extra={"id": 7},
        published=PublicationDate("2020-09-14T10:00+03:00", DateSource.METADATA, True, "+03:00"),
    )  # fmt: skip
    added = store.add_article(article)
    assert (added.outcome, added.version) == (StoreOutcome.NEW, 1)
    stored = store.article(added.article_id)
    assert (stored.id, stored.url, stored.title, stored.text, stored.lang, stored.outlet, stored.domain) == (
        added.article_id, article.url, article.title, TEXT, "uk", "Herald", "herald.example",
    )  # fmt: skip
    assert stored.published == article.published
    assert (stored.credits, stored.related, stored.dropped) == (article.credits, article.related, article.dropped)
    assert (stored.http_headers, stored.extra, stored.version, stored.copy_of) == ({"etag": "x"}, {"id": 7}, 1, None)
    assert store.article_id(article.url) == added.article_id
    assert store.has_article(article.url) and not store.has_article("https://herald.example/none")
    assert store.is_stored(article.url, content_hash(TEXT)) and not store.is_stored(article.url, content_hash(OTHER))


def test_the_same_text_again_is_a_duplicate_and_adds_nothing(store: Store) -> None:
    first = store.add_article(news("https://herald.example/a", TEXT))
    again = store.add_article(news("https://herald.example/a", TEXT, title="Інший заголовок"))
    assert (again.article_id, again.outcome, again.version) == (first.article_id, StoreOutcome.DUPLICATE, 1)
    assert store.article(first.article_id).title == "Протести в Мінську"
    assert len(store.article_versions(first.article_id)) == 1
    assert store.stats()["articles"] == 1


def test_new_text_at_a_stored_url_is_its_next_version(store: Store) -> None:
    first = store.add_article(news("https://herald.example/a", TEXT))
    second = store.add_article(news("https://herald.example/a", OTHER, title="Оновлено"))
    assert (second.article_id, second.outcome, second.version) == (first.article_id, StoreOutcome.NEW_VERSION, 2)
    stored = store.article(first.article_id)
    assert (stored.text, stored.title, stored.version) == (OTHER, "Оновлено", 2)
    versions = store.article_versions(first.article_id)
    assert [(v.version, v.content_hash) for v in versions] == [(1, content_hash(TEXT)), (2, content_hash(OTHER))]
    assert store.stats()["versions"] == 2


def test_every_version_of_one_url_is_listed_oldest_first_with_its_title(store: Store) -> None:
    first = store.add_article(news("https://herald.example/a", TEXT))
    store.add_article(news("https://herald.example/a", OTHER, title="Оновлено"))
    store.add_article(news("https://courier.example/b", OTHER + " Ще.", title="Інша сторінка"))  # another article
    versions = store.article_versions(first.article_id)
    assert [(v.version, v.title, v.content_hash) for v in versions] == [
        (1, "Протести в Мінську", content_hash(TEXT)),
        (2, "Оновлено", content_hash(OTHER)),
    ]
    assert versions[0].stored_at <= versions[1].stored_at and versions[0].stored_at.startswith("20")
    assert store.article_versions(404) == []


def test_a_text_stored_elsewhere_makes_an_exact_copy_of_its_first_holder(store: Store) -> None:
    original = store.add_article(news("https://herald.example/a", TEXT))
    store.add_article(news("https://herald.example/a", OTHER))  # the original moves on to other text
    copy = store.add_article(news("https://courier.example/b", TEXT, outlet="Courier", domain="courier.example"))
    assert copy.outcome is StoreOutcome.COPY and copy.article_id != original.article_id
    assert store.article(copy.article_id).copy_of == original.article_id
    copy_of_copy = store.add_article(news("https://gazette.example/c", TEXT, outlet="Gazette"))
    assert store.article(copy_of_copy.article_id).copy_of == original.article_id  # the first holder, not the copy
    assert store.stats()["exact_copies"] == 2


def test_a_missing_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.article(404)
    with pytest.raises(NotFoundError):
        store.article_id("https://herald.example/none")


def test_articles_are_listed_by_day_undated_last_and_filtered(store: Store) -> None:
    day = {
        "https://herald.example/late": PublicationDate("2020-09-20", DateSource.URL),
        "https://herald.example/undated": PublicationDate(None, DateSource.NONE),
        "https://herald.example/early": PublicationDate("2020-09-10", DateSource.GIVEN),
    }
    for number, (url, published) in enumerate(day.items()):
        store.add_article(news(url, f"{TEXT} {number}", published=published))
    store.add_article(news("https://wire.example/en", OTHER, lang="en", outlet=None, domain="wire.example"))
    urls = [article.url for article in store.articles(ArticleFilter())]
    assert urls[-1] == "https://herald.example/undated"
    assert urls.index("https://herald.example/early") < urls.index("https://herald.example/late")
    assert [a.url for a in store.articles(ArticleFilter(lang="en"))] == ["https://wire.example/en"]
    assert [a.url for a in store.articles(ArticleFilter(outlet="wire.example"))] == ["https://wire.example/en"]
    assert len(store.articles(ArticleFilter(outlet="Herald"))) == 3
    assert [a.url for a in store.articles(ArticleFilter(undated=True))] == ["https://herald.example/undated"]
    assert [a.url for a in store.articles(ArticleFilter(limit=2, offset=1))] == urls[1:3]
    assert store.stats()["undated"] == 1 and store.stats()["by_lang"] == {"uk": 3, "en": 1}


def _analysis(text: str) -> AnalysedArticle:
    return AnalysedArticle(
        "uk", "Протести в Мінську", text, PublicationDate("2020-09-14", DateSource.METADATA),
        sentences=(Sentence(0, len(text), Field.TEXT),),
        entities=(EntityMention("Мінська", 30, 37, Field.TEXT, EntityType.LOC, "Мінськ", "loc:minsk"),),
        warnings=("a warning",),
    )  # fmt: skip


def test_an_analysis_is_kept_whole_and_replaced_by_the_next(store: Store) -> None:
    added = store.add_article(news("https://herald.example/a", TEXT))
    assert store.analysis(added.article_id) is None
    assert store.articles_to_analyse(only_older=True) == [added.article_id]
    analysis = _analysis(TEXT)
    with store.transaction():
        store.save_analysis(added.article_id, store.link_entities(added.article_id, analysis))
    kept = store.analysis(added.article_id)
    assert kept is not None
    article = store.article(added.article_id)
    assert analysis_from_json(kept, article.published, article.title, article.text) == analysis
    assert store.articles_to_analyse(only_older=True) == []
    assert store.articles_to_analyse(only_older=False) == [added.article_id]
    store.save_analysis(added.article_id, AnalysedArticle.unanalysed(article))
    assert store.analysis(added.article_id) == {**kept, "sentences": [], "entities": [], "warnings": []}
    store.add_article(news("https://herald.example/a", OTHER))  # a new version: its analysis is stale
    assert store.articles_to_analyse(only_older=True) == [added.article_id]


def test_a_unit_that_fails_after_adding_an_article_leaves_no_trace(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        added = store.add_article(news("https://herald.example/a", TEXT))
        store.save_analysis(added.article_id, _analysis(TEXT))
        raise RuntimeError("stop")
    assert not store.has_article("https://herald.example/a")
    assert store.stats()["articles"] == 0 and store.stats()["versions"] == 0
    assert store.add_article(news("https://herald.example/a", TEXT)).outcome is StoreOutcome.NEW


def test_a_reader_opened_from_its_pickled_spec_sees_what_was_stored(store: Store) -> None:
    store.add_article(news("https://herald.example/a", TEXT))
    reader = pickle.loads(pickle.dumps(store.reader_spec())).open_reader()
    try:
        assert reader.is_stored("https://herald.example/a", content_hash(TEXT))
        assert not reader.is_stored("https://herald.example/a", content_hash(OTHER))
        assert reader.article_count() == 1
        store.add_article(news("https://herald.example/b", OTHER))
        assert reader.article_count() == 2  # it reads what the writer commits, while open
    finally:
        reader.close()
