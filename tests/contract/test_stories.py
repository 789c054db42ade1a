"""The story store contract (``store/protocols/stories.py``): what every backend's
``store.stories`` keeps and gives back, written through the protocol only."""

from __future__ import annotations

from array import array
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from khronika.records import Article, DateSource, PublicationDate
from khronika.store import Store
from khronika.store.protocols.stories import ClusterLevel, ClusterRecord, StoryStore, TermBag


def _add(store: Store, name: str, day: str | None, *, text: str | None = None, outlet: str | None = None) -> int:
    """Store an article (no analysis) and return its id."""
    published = PublicationDate(day, DateSource.GIVEN if day else DateSource.NONE)
    article = Article(
        f"https://{name}.example/news", f"{name}.html", f"Title of {name}", text or f"The text of {name}.", "en",
        outlet, published, domain=f"{name}.example",
    )  # fmt: skip
    return store.add_article(article).article_id


def _cluster(cluster_id: int, size: int, seq: int, **changes: Any) -> ClusterRecord:
    record = ClusterRecord(
        cluster_id, size, {"harbour": 2.5, "flood": 1.0}, {"loc:valparaiso": 1.0}, None,
        date(2020, 9, 14), date(2020, 9, 15), 1.25, 1.0, seq,
    )  # fmt: skip
    return replace(record, **changes)


def _stories(store: Store) -> StoryStore:
    return store.stories  # typed as the protocol: the tests use nothing else


def test_a_bag_is_kept_replaced_and_read_back(store: Store) -> None:
    stories = _stories(store)
    first, second = _add(store, "one", "2020-09-14"), _add(store, "two", "2020-09-15")
    bag = TermBag({"flood": 4.0, "harbour": 1.0}, ("flood",), ("loc:valparaiso", "loc:valparaiso"), "2020-09-14")
    stories.save_bag(first, bag)
    assert stories.bag(first) == bag
    assert stories.bag(second) is None
    replaced = TermBag({"storm": 1.0}, (), (), None)
    stories.save_bag(first, replaced)  # one bag per article: saving again replaces it
    assert stories.bag(first) == replaced
    assert stories.bags([first, second]) == [replaced]


def test_articles_in_publication_order_dated_by_day_then_undated_ties_by_id(store: Store) -> None:
    stories = _stories(store)
    late = _add(store, "late", "2020-09-20")
    undated = _add(store, "undated", None)
    early = _add(store, "early", "2020-09-14")
    same_day = _add(store, "same-day", "2020-09-14")
    bag = TermBag({"flood": 1.0}, day="2020-09-14")
    stories.save_bag(same_day, bag)
    assert stories.articles_in_publication_order() == [
        (early, "Title of early", None), (same_day, "Title of same-day", bag),
        (late, "Title of late", None), (undated, "Title of undated", None),
    ]  # fmt: skip


def test_cluster_state_round_trips_per_level(store: Store) -> None:
    stories = _stories(store)
    assert stories.level_state("story").clusters == []
    vector = [float(x) for x in array("d", [0.1, -2.0 / 3.0, 1e-12])]
    story = _cluster(0, 2, 5, vector=vector)
    line = _cluster(0, 1, 4, first_day=None, last_day=None, terms={"storm": 1.0})
    assert stories.save_cluster("story", story, "Floods") == 1  # the store id: cluster id + 1
    assert stories.save_cluster("story", _cluster(1, 1, 6), "Other") == 2
    assert stories.save_cluster("storyline", line, "Floods") == 1
    assert stories.level_state("story").clusters == [story, _cluster(1, 1, 6)]
    assert stories.level_state("storyline").clusters == [line]
    grown = _cluster(0, 3, 7, terms={"harbour": 3.5}, vector=None)
    stories.save_cluster("story", grown, None)  # a known cluster is updated in place
    assert stories.level_state("story").clusters == [grown, _cluster(1, 1, 6)]


def test_document_counts_add_up_and_totals_are_replaced(store: Store) -> None:
    stories = _stories(store)
    stories.count_document("story", ["flood", "harbour"], 1, 7)
    stories.count_document("story", ["flood"], 2, 11)
    state = stories.level_state("story")
    assert (state.documents, state.total_length, state.document_frequency) == (2, 11, {"flood": 2, "harbour": 1})
    assert stories.level_state("storyline").document_frequency == {}


def test_membership_of_articles_in_stories_and_stories_in_storylines(store: Store) -> None:
    stories = _stories(store)
    later, earlier, alone = (
        _add(store, "later", "2020-09-15"),
        _add(store, "earlier", "2020-09-14"),
        _add(store, "a", None),
    )
    for cluster_id in range(2):
        stories.save_cluster("story", _cluster(cluster_id, 1, 1), None)
    stories.save_cluster("storyline", _cluster(0, 2, 1), None)
    stories.assign(later, 1, 1)
    stories.assign(earlier, 1, 2)
    stories.assign(alone, 2, 3)
    assert stories.story_of(later) == stories.story_of(earlier) == 1
    assert stories.story_members(1) == [earlier, later]  # publication order
    assert stories.storyline_of(1) is None
    stories.set_storyline(1, 1)
    stories.set_storyline(2, 1)
    assert stories.storyline_of(1) == 1
    assert sorted(stories.storyline_members(1)) == sorted([earlier, later, alone])
    stories.assign(later, 2, 4)  # an assigned article moves: never two stories
    assert (stories.story_of(later), stories.story_members(1)) == (2, [earlier])
    assert stories.story_assignments() == {earlier: 1, later: 2, alone: 2}
    assert stories.clusters_by_url("story") == {
        "https://earlier.example/news": 1, "https://later.example/news": 2, "https://a.example/news": 2,
    }  # fmt: skip
    assert set(stories.clusters_by_url("storyline").values()) == {1}
    stories.set_storyline(2, None)
    assert stories.storyline_of(2) is None
    assert stories.clusters_by_url("storyline") == {"https://earlier.example/news": 1}
    assert stories.has_story(2) and not stories.has_story(3)
    assert stories.story_of(9999) is None and stories.storyline_of(9999) is None


def test_the_readers_show_stories_that_hold_articles_largest_first(store: Store) -> None:
    stories = _stories(store)
    first = _add(store, "first", "2020-09-14", outlet="Herald")
    second = _add(store, "second", "2020-09-15")
    stories.save_bag(first, TermBag({"flood": 3.0}, ("flood", "harbour")))
    stories.save_cluster("story", _cluster(0, 1, 1, terms={"flood": 1.0}), None)
    stories.save_cluster("story", _cluster(1, 2, 2, terms={"flood": 2.0, "storm": 1.0}), None)
    stories.save_cluster("story", _cluster(2, 0, 3), None)  # emptied by a merge: kept, shown nowhere
    stories.save_cluster("storyline", _cluster(0, 3, 3), None)
    stories.set_storyline(1, 1)
    stories.set_storyline(2, 1)
    stories.assign(first, 2, 1)
    stories.assign(second, 2, 2)
    shown = stories.stories()
    assert [story.id for story in shown] == [2, 1]
    assert (shown[0].articles, shown[0].storyline, shown[0].centroid_terms) == (2, 1, {"flood": 2.0, "storm": 1.0})
    assert (shown[0].first_day, shown[0].last_day, shown[0].entity_weights) == (
        "2020-09-14", "2020-09-15", {"loc:valparaiso": 1.0},
    )  # fmt: skip
    assert [story.id for story in stories.stories(story_id=1)] == [1]
    assert stories.stories(story_id=3) == []
    assert [story.id for story in stories.stories(storyline_id=1)] == [2, 1]
    (line,) = stories.storylines()
    assert (line.id, line.articles, line.story_ids) == (1, 3, (1, 2))
    assert line.story_terms == {"flood": 3.0, "storm": 1.0}  # its stories' centroids summed
    assert stories.storylines(storyline_id=2) == []
    members = stories.story_member_listings(2)
    assert [(m.listing.id, m.listing.outlet, m.listing.published, m.title_terms, m.story) for m in members] == [
        (first, "Herald", "2020-09-14", ("flood", "harbour"), 2), (second, "second.example", "2020-09-15", (), 2),
    ]  # fmt: skip
    assert stories.storyline_member_listings(1) == members
    listings = stories.article_listings([second, first, second])
    assert sorted(listings) == [first, second]
    assert (listings[second].title, listings[second].lang, listings[second].url) == (
        "Title of second", "en", "https://second.example/news",
    )  # fmt: skip


def test_clearing_the_stories_keeps_bags_and_vectors(store: Store) -> None:
    stories = _stories(store)
    article = _add(store, "one", "2020-09-14")
    bag = TermBag({"flood": 1.0})
    stories.save_bag(article, bag)
    stories.save_article_vector(article, "test-backend", [0.5, 0.25])
    stories.save_cluster("story", _cluster(0, 1, 1), None)
    stories.save_cluster("storyline", _cluster(0, 1, 1), None)
    stories.count_document("story", ["flood"], 1, 1)
    stories.assign(article, 1, 1)
    stories.clear_stories()
    assert stories.story_of(article) is None
    assert stories.stories() == [] and stories.storylines() == []
    levels: tuple[ClusterLevel, ...] = ("story", "storyline")
    for level in levels:
        state = stories.level_state(level)
        assert (state.documents, state.clusters, state.document_frequency) == (0, [], {})
    assert stories.bag(article) == bag
    assert stories.article_vector(article, "test-backend") == [0.5, 0.25]


def test_vectors_are_kept_per_backend_at_float32_and_centres_replaced(store: Store) -> None:
    stories = _stories(store)
    article = _add(store, "one", "2020-09-14")
    stories.save_article_vector(article, "e5", [0.1, 0.2])
    assert stories.article_vector(article, "e5") == list(array("f", [0.1, 0.2]))
    assert stories.article_vector(article, "other") is None
    stories.save_article_vector(article, "e5", [1.0, 2.0])
    assert stories.article_vector(article, "e5") == [1.0, 2.0]
    assert stories.embedding_centre("e5") is None
    stories.save_embedding_centre("e5", [0.1, 0.3], 2.0)
    stories.save_embedding_centre("e5", [0.5, 0.7], 3.0)
    assert stories.embedding_centre("e5") == ([0.5, 0.7], 3.0)  # float64, as given


def test_copies_count_as_one_group(store: Store) -> None:
    stories = _stories(store)
    wire = _add(store, "wire", "2020-09-14", text="One agency text, word for word.")
    herald = _add(store, "herald", "2020-09-14", text="One agency text, word for word.")
    own = _add(store, "own", "2020-09-14")
    assert stories.copy_groups([herald, own, wire]) == {wire: wire, herald: wire, own: own}
    assert stories.copy_group_map() == {wire: wire, herald: wire}
    assert stories.copies_of(herald) == [wire] and stories.copies_of(own) == []
    assert stories.entity_ids(own) == ()  # stored without analysis: no mention
    assert stories.entity_names(["per:nobody"]) == {"per:nobody": "per:nobody"}  # unknown: the id itself
    assert stories.articles_sharing_entities(own, 10, 200) == {}


def test_story_writes_are_part_of_the_unit_of_writes(store: Store) -> None:
    stories = _stories(store)
    article = _add(store, "one", "2020-09-14")
    with pytest.raises(RuntimeError), store.transaction():
        stories.save_bag(article, TermBag({"flood": 1.0}))
        stories.save_cluster("story", _cluster(0, 1, 1), None)
        stories.assign(article, 1, 1)
        raise RuntimeError("stop")
    assert stories.bag(article) is None and stories.story_of(article) is None
    assert stories.level_state("story").clusters == []
