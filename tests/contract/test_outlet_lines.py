"""The per-outlet line table (site-level cleaning) and in-place clean text."""

from __future__ import annotations

import pickle

from khronika.records import DroppedLine
from khronika.store import Store
from khronika.text import content_hash
from tests.contract.conftest import news

TEXT = "Тисячі людей вийшли на вулиці Мінська в неділю."


def test_pages_holding_a_line_are_counted_per_outlet_and_without_the_asking_page(store: Store) -> None:
    ids = [store.add_article(news(f"https://herald.example/{n}", f"{TEXT} {n}")).article_id for n in range(3)]
    for article_id in ids:
        store.record_outlet_lines(article_id, "Herald", {"k-menu", f"k-own-{article_id}"})
    store.record_outlet_lines(ids[0], "Herald", {"k-menu"})  # again: replaces, never doubles
    other = store.add_article(news("https://gazette.example/x", TEXT, outlet="Gazette")).article_id
    store.record_outlet_lines(other, "Gazette", {"k-menu"})
    assert store.outlet_line_pages("Herald", ["k-menu", f"k-own-{ids[1]}", f"k-own-{ids[0]}", "k-none"]) == {
        "k-menu": 3,
        f"k-own-{ids[1]}": 1,
    }  # ids[0] holds only what it was given last
    assert store.outlet_line_pages("Herald", ["k-menu"], article_id=ids[1]) == {"k-menu": 2}
    reader = pickle.loads(pickle.dumps(store.reader_spec())).open_reader()
    try:
        assert reader.outlet_line_pages("Gazette", ["k-menu"]) == {"k-menu": 1}
    finally:
        reader.close()


def test_an_article_without_outlet_adds_no_lines(store: Store) -> None:
    article_id = store.add_article(news("https://herald.example/a", TEXT, outlet=None)).article_id
    store.record_outlet_lines(article_id, None, {"k-menu"})
    assert store.outlet_line_pages("Herald", ["k-menu"]) == {}


def test_clean_text_is_replaced_in_place_without_a_new_version(store: Store) -> None:
    added = store.add_article(news("https://herald.example/a", f"{TEXT}\nWebs de PRISA"))
    store.update_clean_text(added.article_id, "Protestas", TEXT, (DroppedLine("Webs de PRISA", "site_repeat"),))
    stored = store.article(added.article_id)
    assert (stored.title, stored.text, stored.version) == ("Protestas", TEXT, 1)
    assert stored.dropped == (DroppedLine("Webs de PRISA", "site_repeat"),)
    assert len(store.article_versions(added.article_id)) == 1
    assert store.is_stored("https://herald.example/a", content_hash(TEXT))  # an ingest of the cleaned text adds nothing


def test_deleting_an_article_forgets_its_lines(store: Store) -> None:
    article_id = store.add_article(news("https://herald.example/a", TEXT)).article_id
    store.record_outlet_lines(article_id, "Herald", {"k-menu"})
    store.delete_article(article_id)
    assert store.outlet_line_pages("Herald", ["k-menu"]) == {}


def test_copies_of_the_asking_article_are_not_counted(store: Store) -> None:
    ids = [store.add_article(news(f"https://herald.example/{n}", f"{TEXT} {n}")).article_id for n in range(3)]
    store.record_outlet_lines(ids[0], "Herald", {"k-subheading", "k-paragraph"})  # a copy of the asking story
    store.record_outlet_lines(ids[1], "Herald", {"k-subheading", "k-other-paragraph"})
    store.record_outlet_lines(ids[2], "Herald", {"k-subheading"})
    assert store.outlet_line_pages("Herald", ["k-subheading"]) == {"k-subheading": 3}
    assert store.outlet_line_pages("Herald", ["k-subheading"], copies_hold=["k-paragraph", "k-more"]) == {
        "k-subheading": 2
    }
    assert store.outlet_line_pages("Herald", ["k-subheading"], copies_hold=["k-paragraph", "k-a", "k-b"]) == {
        "k-subheading": 3
    }  # one paragraph of three shared: no copy
