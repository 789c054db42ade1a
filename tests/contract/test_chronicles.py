"""Kept chronicles: a chronicle kept with the state it was built from, and a state that
changes with everything a chronicle of those articles reads, and with nothing else."""

from __future__ import annotations

from khronika.records import AnalysedArticle, DateSource, EntityMention, EntityType, Field, PublicationDate, Sentence
from khronika.store import Store
from khronika.store.protocols.decisions import CHRONICLE_HIDE, STORY_MERGE
from tests.contract.conftest import news

TEXT = "Тисячі людей вийшли на вулиці Мінська в неділю."
OTHER = "Лукашенко зустрівся з Путіним у Сочі."


def _analysis(text: str, name: str, canonical: str) -> AnalysedArticle:
    start = text.index(name)
    return AnalysedArticle(
        "uk", "Протести в Мінську", text, PublicationDate("2020-09-14", DateSource.METADATA),
        sentences=(Sentence(0, len(text), Field.TEXT),),
        entities=(EntityMention(name, start, start + len(name), Field.TEXT, EntityType.LOC, canonical, "loc:" + canonical),),
    )  # fmt: skip


def _analysed(store: Store, url: str, text: str, name: str = "Мінська", canonical: str = "Мінськ") -> int:
    with store.transaction():
        article_id = store.add_article(news(url, text)).article_id
        linked = store.link_entities(article_id, _analysis(text, name, canonical))
        store.save_analysis(article_id, linked, {"candidates": [], "bags": {}, "settings": [5, 2, False]})
    return article_id


def test_a_kept_chronicle_is_read_back_and_replaced_by_the_next(store: Store) -> None:
    assert store.kept_chronicle("story", 1, "k") is None
    with store.transaction():
        store.keep_chronicle("story", 1, "k", "state-1", {"entries": [["2020-09-14", "day"]], "n": 1.5})
    assert store.kept_chronicle("story", 1, "k") == ("state-1", {"entries": [["2020-09-14", "day"]], "n": 1.5})
    assert store.kept_chronicle("storyline", 1, "k") is None and store.kept_chronicle("story", 1, "other") is None
    store.keep_chronicle("story", 1, "k", "state-2", {"entries": []})
    assert store.kept_chronicle("story", 1, "k") == ("state-2", {"entries": []})


def test_the_state_changes_with_what_a_chronicle_reads_and_with_nothing_else(store: Store) -> None:
    first = _analysed(store, "https://herald.example/a", TEXT)
    second = _analysed(store, "https://herald.example/b", OTHER, "Сочі", "Сочі")
    elsewhere = _analysed(store, "https://herald.example/c", "Інша новина з Мінська про погоду на вихідних.")
    state = store.chronicle_state([first, second])
    assert store.chronicle_state([second, first, first]) == state  # a set of articles
    assert store.chronicle_state([first]) != state

    store.save_analysis(elsewhere, _analysis("Інша новина з Мінська.", "Мінська", "Мінськ"))  # not read
    store.record_decision(STORY_MERGE, {"article": elsewhere, "into": first})  # not a chronicle decision
    assert store.chronicle_state([first, second]) == state

    seen = {state}
    store.save_analysis(first, store.link_entities(first, _analysis(TEXT, "Мінська", "Мінськ")))  # written again
    seen.add(store.chronicle_state([first, second]))
    store.save_chronicle_sheet(second, {"candidates": [], "bags": {}, "settings": [5, 2, True]})
    seen.add(store.chronicle_state([first, second]))
    minsk, sochi = (store.entity(name) for name in ("Мінськ", "Сочі"))
    assert minsk is not None and sochi is not None
    store.merge_entities(sochi["id"], minsk["id"])  # rewrites the analyses naming the merged entity
    seen.add(store.chronicle_state([first, second]))
    store.record_decision(CHRONICLE_HIDE, {"article": first, "sentence": 0, "text": TEXT, "hidden": True})
    seen.add(store.chronicle_state([first, second]))
    store.add_article(news("https://herald.example/b", OTHER + " Оновлено."))  # a new text version
    seen.add(store.chronicle_state([first, second]))
    assert len(seen) == 6
    alone = store.chronicle_state([elsewhere])
    store.link_copies(elsewhere, [(first, 0.9)])  # a near-duplicate of the first: one copy group
    assert store.chronicle_state([elsewhere]) != alone
