"""Copy groups and the near-duplicate index a store keeps (stories/duplicates.py decides)."""

from __future__ import annotations

from khronika.records import AnalysedArticle, EntityMention, EntityType, Field
from khronika.store import Store
from tests.contract.conftest import news


def _add(store: Store, url: str, text: str, **fields: object) -> int:
    return store.add_article(news(url, text, **fields)).article_id


def test_signatures_and_band_keys_are_kept_and_found(store: Store) -> None:
    first, second, third = (_add(store, f"https://herald.example/{n}", f"text {n}") for n in range(3))
    assert store.queued() == [first, second, third]  # every new article waits for its signature
    store.save_signature(first, b"\x01\x00\x00\x00", 12, [11, 22, 33])
    store.save_signature(second, b"\x02\x00\x00\x00", 14, [22, 33, 44])
    store.save_signature(third, b"\x03\x00\x00\x00", 16, [33])
    store.dequeue(first)
    assert store.queued(limit=1) == [second]
    assert store.signature_row(first) == (b"\x01\x00\x00\x00", 12)
    assert store.signature_row(404) is None
    assert store.signatures([third, first]) == [(first, b"\x01\x00\x00\x00", 12), (third, b"\x03\x00\x00\x00", 16)]
    assert store.band_candidates([22, 33], exclude=first, limit=10) == [second, third]  # most shared bands first
    assert store.band_candidates([22, 33], exclude=first, limit=1) == [second]
    store.save_signature(first, b"\x09\x00\x00\x00", 20, [11])  # replaces the signature kept before
    assert store.signature_row(first) == (b"\x09\x00\x00\x00", 20)
    assert store.current_text(second) == "text 1" and store.current_text(404) == ""
    assert store.provenance_rows([first]) == {first: ("Herald", "herald.example", "2020-09-14", "uk")}


def test_near_duplicates_and_exact_copies_make_one_group_until_a_version_leaves(store: Store) -> None:
    original = _add(store, "https://wire.example/a", "the agency text")
    copy = _add(store, "https://herald.example/b", "the agency text")  # an exact copy of ``original``
    rewrite = _add(store, "https://courier.example/c", "the agency text, edited")
    alone = _add(store, "https://gazette.example/d", "another report")
    assert store.copy_group_map() == {copy: original, original: original}  # exact copies group unsigned
    store.link_copies(copy, [])  # signing the copy finds nothing new: it joins its original's group
    store.save_signature(rewrite, b"\x01\x00\x00\x00", 12, [7])
    store.link_copies(rewrite, [(copy, 0.62)])
    assert store.copy_group_map() == {original: original, copy: original, rewrite: original}
    assert store.copy_groups_of([rewrite, alone]) == {rewrite: original, alone: alone}
    assert store.copies_of(rewrite) == [original, copy]
    assert store.copies_of(alone) == []
    assert store.near_duplicate_links(copy) == [(rewrite, 0.62)]
    assert store.near_duplicate_links(rewrite) == [(copy, 0.62)]
    store.forget_signature(rewrite, [7])  # its new version no longer copies: it leaves the group
    assert store.signature_row(rewrite) is None and store.near_duplicate_links(rewrite) == []
    assert store.band_candidates([7], exclude=alone, limit=10) == []
    assert rewrite not in store.copy_group_map()


def test_articles_sharing_entities_are_counted_by_shared_entity(store: Store) -> None:
    ids = []
    for number, names in enumerate([("a", "b", "c"), ("a", "b"), ("a",), ("z",)]):
        article_id = _add(store, f"https://herald.example/{number}", " ".join(names))
        mentions = tuple(EntityMention(n, 0, 1, Field.TEXT, EntityType.ORG, n.upper(), f"org:{n}") for n in names)
        analysis = AnalysedArticle("uk", None, " ".join(names), store.article(article_id).published, entities=mentions)
        store.link_entities(article_id, analysis)
        ids.append(article_id)
    shared = store.articles_sharing_entities(ids[0], max_entities=8, per_entity=100)
    assert shared == {ids[1]: 2, ids[2]: 1}
