"""Entity linking: one stored entity per real-world thing, found by any of its names."""

from __future__ import annotations

import pytest

from khronika.errors import UsageError
from khronika.records import AnalysedArticle, Claim, EntityMention, EntityType, Field
from khronika.store import Store
from tests.contract.conftest import news


def _mention(text: str, canonical: str, entity_id: str, kind: EntityType = EntityType.PER) -> EntityMention:
    return EntityMention(text, 0, len(text), Field.TEXT, kind, canonical, entity_id)


def _store(
    store: Store, url: str, lang: str, *mentions: EntityMention, claims: tuple[Claim, ...] = ()
) -> AnalysedArticle:
    """Store an article with these mentions, linked; the analysis as kept."""
    text = " ".join(mention.text for mention in mentions) + " " + url
    article = news(url, text, lang=lang)
    analysis = AnalysedArticle(lang, article.title, text, article.published, entities=mentions, claims=claims)
    with store.transaction():
        added = store.add_article(article)
        linked = store.link_entities(added.article_id, analysis)
        store.save_analysis(added.article_id, linked)
    return linked


def _claim(entity_id: str) -> Claim:
    return Claim(0, Field.TEXT, "Лукашенко", "person", 0, 9, "заявив", 10, 16, 17, 20, False, entity_id)


def test_names_in_two_scripts_link_to_one_entity_found_by_either(store: Store) -> None:
    first = _store(store, "https://herald.example/uk", "uk", _mention("Лукашенко", "Лукашенко", "per:лукашенко"))
    second = _store(
        store, "https://wire.example/en", "en", _mention("Lukashenko", "Lukashenko", "per:lukashenko"),
        claims=(_claim("per:lukashenko"),),
    )  # fmt: skip
    stored_id = first.entities[0].entity_id
    assert second.entities[0].entity_id == stored_id  # the Latin match key joins them
    assert second.claims[0].entity_id == stored_id  # its claims follow the link
    for name in ("Lukashenko", "Лукашенко", stored_id):
        found = store.entity(name)
        assert found is not None and found["id"] == stored_id
        assert found["mentions"] == 2 and found["articles"] == 2 and len(found["articles_list"]) == 2
    assert store.entity("Nobody Atall") is None
    listed = store.entities()
    assert [entity["id"] for entity in listed] == [stored_id]
    assert set(listed[0]["aliases"]) == {"Лукашенко", "Lukashenko"}


def test_a_lone_surname_links_to_the_one_person_of_that_surname(store: Store) -> None:
    full = _store(
        store, "https://herald.example/a", "uk", _mention("Олександр Лукашенко", "Олександр Лукашенко", "per:a")
    )
    alone = _store(store, "https://herald.example/b", "uk", _mention("Лукашенко", "Лукашенко", "per:b"))
    assert alone.entities[0].entity_id == full.entities[0].entity_id
    other = _store(store, "https://herald.example/c", "uk", _mention("Віктор Лукашенко", "Віктор Лукашенко", "per:c"))
    assert other.entities[0].entity_id != full.entities[0].entity_id  # the first names disagree
    place = _store(store, "https://herald.example/d", "uk", _mention("Лукашенко", "Лукашенко", "loc:x", EntityType.LOC))
    assert place.entities[0].entity_id not in {full.entities[0].entity_id, other.entities[0].entity_id}


def test_one_person_in_ukrainian_russian_and_latin_spelling_links_to_one_entity(store: Store) -> None:
    uk = _store(store, "https://herald.example/uk", "uk", _mention("Дмитро Пєсков", "Дмитро Пєсков", "per:uk"))
    ru = _store(store, "https://herald.example/ru", "ru", _mention("Дмитрий Песков", "Дмитрий Песков", "per:ru"))
    en = _store(store, "https://wire.example/en", "en", _mention("Dmitry Peskov", "Dmitry Peskov", "per:en"))
    assert uk.entities[0].entity_id == ru.entities[0].entity_id == en.entities[0].entity_id
    # a first name that is another name, not another spelling, stays another person
    other = _store(store, "https://herald.example/o", "ru", _mention("Олег Песков", "Олег Песков", "per:o"))
    assert other.entities[0].entity_id != uk.entities[0].entity_id


@pytest.mark.parametrize("first", ["uk", "ru"])
def test_ukrainian_h_meets_russian_g_in_either_order(store: Store, first: str) -> None:
    names = {"uk": "Луганська область", "ru": "Луганская область"}
    second = "ru" if first == "uk" else "uk"
    a = _store(
        store, f"https://herald.example/{first}", first, _mention(names[first], names[first], "loc:a", EntityType.LOC)
    )
    b = _store(
        store,
        f"https://herald.example/{second}",
        second,
        _mention(names[second], names[second], "loc:b", EntityType.LOC),
    )
    assert a.entities[0].entity_id == b.entities[0].entity_id


def test_relinking_an_article_replaces_its_mentions(store: Store) -> None:
    _store(store, "https://herald.example/a", "uk", _mention("Мінськ", "Мінськ", "loc:minsk", EntityType.LOC))
    article_id = store.article_id("https://herald.example/a")
    analysis = AnalysedArticle("uk", None, "Мінськ", store.article(article_id).published, entities=())
    with store.transaction():
        store.link_entities(article_id, analysis)
    found = store.entity("Мінськ")
    assert found is not None and found["mentions"] == 0 and found["articles_list"] == []


def test_a_merge_by_hand_holds_for_later_articles(store: Store) -> None:
    kept = _store(store, "https://herald.example/a", "uk", _mention("Тихановська", "Тихановська", "per:t"))
    merged = _store(store, "https://herald.example/b", "uk", _mention("Світлана Т.", "Світлана Т.", "per:s"))
    kept_id, merged_id = kept.entities[0].entity_id, merged.entities[0].entity_id
    assert kept_id != merged_id
    with store.transaction():
        result = store.merge_entities(kept_id, merged_id)
    assert (result["entity"], result["merged"], result["articles"]) == (kept_id, merged_id, 1)
    found = store.entity(merged_id)  # the merged id leads to the one kept
    assert found is not None and found["id"] == kept_id and found["articles"] == 2
    later = _store(store, "https://herald.example/c", "uk", _mention("Світлана Т.", "Світлана Т.", merged_id))
    assert later.entities[0].entity_id == kept_id
    with pytest.raises(UsageError):
        store.merge_entities(kept_id, kept_id)


def test_a_split_by_hand_makes_a_name_its_own_entity_for_later_articles(store: Store) -> None:
    both = _store(
        store, "https://herald.example/a", "en",
        _mention("Lukashenko", "Lukashenko", "per:lukashenko"), _mention("Lukashenka", "Lukashenka", "per:lukashenko"),
    )  # fmt: skip
    entity_id = both.entities[0].entity_id
    with store.transaction():
        result = store.split_entity(entity_id, "Lukashenka")
    new_id = result["new_entity"]
    assert new_id != entity_id
    later = _store(store, "https://herald.example/b", "en", _mention("Lukashenka", "Lukashenka", "per:lukashenko"))
    assert later.entities[0].entity_id == new_id
    found = store.entity(entity_id)
    assert found is not None and "Lukashenka" not in found["aliases"]
    with pytest.raises(UsageError):
        store.split_entity(entity_id, "Nobody")
