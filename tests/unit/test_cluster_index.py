"""The cluster index's candidate retrieval stays bounded as clusters accumulate."""

from __future__ import annotations

from khronika.stories.index import ClusterIndex


def _idf(term: str) -> float:
    return 1.0


def test_candidates_are_capped_and_the_clusters_sharing_most_keys_are_kept() -> None:
    index = ClusterIndex(centroid_top_k=10, posting_limit=500, max_candidates=20)
    for number in range(300):
        cluster = index.new_cluster()
        terms = {"common": 1.0, f"own{number}": 1.0}
        if number % 10 == 0:  # every tenth cluster also shares "rare" and an entity with the query
            terms["rare"] = 1.0
        index.add(cluster, terms, ["org:un"] if number % 10 == 0 else [], None, None, _idf)
    found = index.candidates(["common", "rare"], ["org:un"])
    assert len(found) == 20
    assert found == sorted(found)
    sharing_three = [number for number in range(300) if number % 10 == 0]  # 30 of them, 20 kept: the newest
    assert found == sharing_three[-20:]


def test_below_the_cap_every_cluster_sharing_a_key_is_a_candidate() -> None:
    index = ClusterIndex(centroid_top_k=10, posting_limit=32)
    for number in range(5):
        index.add(index.new_cluster(), {f"t{number}": 1.0, "shared": 1.0}, [], None, None, _idf)
    assert index.candidates(["t1", "t3"], []) == [1, 3]
    assert index.candidates(["shared"], []) == [0, 1, 2, 3, 4]
    assert index.candidates(["absent"], ["loc:nowhere"]) == []
