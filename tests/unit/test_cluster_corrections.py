"""Forced adds, avoided clusters, moves and merges in the online clusterer (hand corrections)."""

from __future__ import annotations

from datetime import date

from khronika.stories.clustering import ClusterConfig, Document, OnlineClusterer
from khronika.stories.corrections import StoryConstraints

CONFIG = ClusterConfig(threshold=0.3, entity_weight=0.0, time_half_life_days=None)


def _flood(doc_id: str, day: int = 1) -> Document:
    return Document(doc_id, ["flood", "river", "rescue"], published=date(2020, 9, day))


def _vote(doc_id: str) -> Document:
    return Document(doc_id, ["election", "vote", "ballot"], published=date(2020, 9, 2))


def test_add_to_forces_a_cluster_and_avoid_keeps_one_out() -> None:
    clusterer = OnlineClusterer(CONFIG)
    flood = clusterer.add(_flood("1"))
    vote = clusterer.add(_vote("2"))
    assert clusterer.add_to(_flood("3"), vote) == vote  # forced, whatever it scores
    assert clusterer.add(_flood("4")) == flood
    assert clusterer.add(_flood("5"), avoid={flood, vote}) not in (flood, vote)
    assert clusterer.stats.documents == 5


def test_merge_sums_the_centroids_and_empties_the_source() -> None:
    clusterer = OnlineClusterer(CONFIG)
    flood = clusterer.add(_flood("1", day=1))
    vote = clusterer.add(_vote("2"))
    clusterer.add(_flood("3", day=5))
    terms = {**clusterer.clusters[vote].terms}
    clusterer.merge(flood, vote)
    kept, emptied = clusterer.clusters[flood], clusterer.clusters[vote]
    assert kept.size == 3 and emptied.size == 0 and not emptied.terms
    assert all(kept.terms[term] == weight for term, weight in terms.items())
    assert (kept.first_published, kept.last_published) == (date(2020, 9, 1), date(2020, 9, 5))
    assert clusterer.assignments()["2"] == flood
    assert clusterer.add(_vote("6")) == flood  # the emptied cluster is no candidate any more


def test_move_takes_a_document_out_of_one_cluster_into_another() -> None:
    clusterer = OnlineClusterer(CONFIG)
    flood = clusterer.add(_flood("1"))
    clusterer.add(_flood("2"))
    vote = clusterer.add(_vote("3"))
    clusterer.move(_flood("2"), flood, vote)
    assert (clusterer.clusters[flood].size, clusterer.clusters[vote].size) == (1, 2)
    assert clusterer.clusters[flood].terms["flood"] < clusterer.clusters[vote].terms["flood"] + 1e-9
    assert clusterer.assignments()["2"] == vote


def test_constraints_replay_merges_then_moves_in_order() -> None:
    merge = {"kind": "story merge", "arguments": {"articles": [1, 2, 3]}}
    move = {"kind": "story move", "arguments": {"article": 3, "anchor": 7, "apart_from": [1, 2]}}
    constraints = StoryConstraints.from_decisions([merge, move])
    assert constraints.groups[1] == {1, 2}
    assert constraints.groups[3] == {3, 7}
    assert constraints.apart[3] == {1, 2} and constraints.apart[1] == {3}
    again = StoryConstraints.from_decisions([merge, move, {"kind": "story merge", "arguments": {"articles": [1, 3]}}])
    assert again.groups[1] == {1, 2, 3, 7}
    assert not again.apart[3] and not again.apart[1]
