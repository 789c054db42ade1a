"""The online clusterer: determinism, joining and splitting, bounded retrieval."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from khronika.errors import UsageError
from khronika.stories.clustering import ClusterConfig, Document, OnlineClusterer, load_cluster_config
from khronika.stories.embedding_registry import load_embedding_backend

ROOT = Path(__file__).resolve().parents[2]


def _stream(documents: int, topics: int, seed: int = 1) -> list[Document]:
    """Synthetic stories: each topic has its own words, every document a few shared ones too."""
    rng = random.Random(seed)
    common = [f"common{i}" for i in range(30)]
    stream = []
    for number in range(documents):
        topic = rng.randrange(topics)
        own = [f"t{topic}w{rng.randrange(12)}" for _ in range(6)]
        stream.append(Document(str(number), [*own, *rng.sample(common, 3)]))
    return stream


def test_same_input_gives_same_assignment() -> None:
    stream = _stream(600, 40)
    first, second = OnlineClusterer(), OnlineClusterer()
    for document in stream:
        first.add(document)
    for document in stream:
        second.add(document)
    assert first.assignments() == second.assignments()
    assert len(set(first.assignments().values())) > 1


def test_near_duplicates_join_and_unrelated_documents_do_not() -> None:
    clusterer = OnlineClusterer(ClusterConfig(threshold=0.3))
    one = clusterer.add(Document("1", ["earthquake", "turkey", "syria", "rescue", "rubble", "dead"]))
    two = clusterer.add(Document("2", ["earthquake", "turkey", "syria", "rescue", "rubble", "toll"]))
    three = clusterer.add(Document("3", ["budget", "parliament", "vote", "tax", "deficit"]))
    assert one == two
    assert three != one
    assert clusterer.assignments() == {"1": one, "2": one, "3": three}


def test_weighted_terms_entities_and_dates() -> None:
    config = ClusterConfig(threshold=0.3, entity_weight=1.0, time_half_life_days=2.0)
    clusterer = OnlineClusterer(config)
    first = clusterer.add(Document("1", {"summit": 2.0, "talks": 1.0}, entities=["Q1"], published=date(2020, 9, 14)))
    # no shared term, but the same entity on the same day
    assert clusterer.add(Document("2", {"meeting": 1.0}, entities=["Q1"], published=date(2020, 9, 14))) == first
    # the same words a month later: the story has gone cold
    assert clusterer.add(Document("3", {"summit": 2.0, "talks": 1.0}, published=date(2020, 10, 20))) != first


def test_candidate_retrieval_scores_few_clusters() -> None:
    clusterer = OnlineClusterer(ClusterConfig(threshold=0.3))
    for document in _stream(5000, 500):
        clusterer.add(document)
    clusters = len(clusterer.clusters)
    assert clusters >= 400
    # every document shares three "common" words with many clusters; the posting limit and the
    # per-term lookup keep the scored set a small fraction of all clusters
    assert clusterer.stats.mean_scored < clusters / 8, (clusterer.stats.mean_scored, clusters)


def test_centroids_stay_bounded() -> None:
    clusterer = OnlineClusterer(ClusterConfig(threshold=0.0, centroid_top_k=10))
    for number in range(200):
        clusterer.add(Document(str(number), ["story", f"word{number}"]))
    assert len(clusterer.clusters) == 1
    assert len(clusterer.clusters[0].terms) <= 20
    assert "story" in clusterer.clusters[0].terms


def test_config_file_sections_and_errors(tmp_path: Path) -> None:
    tweets = load_cluster_config(ROOT / "quality" / "clusters-tweets.json")
    assert 0 < tweets.threshold < 1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"story": {"threshold": 0.2, "thresold": 0.1}}))
    with pytest.raises(UsageError, match="thresold"):
        load_cluster_config(path)
    with pytest.raises(UsageError, match="'storyline'"):
        load_cluster_config(path, "storyline")
    with pytest.raises(UsageError, match="tf must be"):
        ClusterConfig(tf="log")  # type: ignore[arg-type]


def test_embedding_backend_is_a_registry_hook() -> None:
    with pytest.raises(UsageError, match="unknown embedding backend 'nothing'"):
        load_embedding_backend("nothing")
