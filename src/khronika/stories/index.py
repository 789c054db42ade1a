"""Clusters and the inverted index that finds the few worth scoring.

A cluster keeps a bounded centroid: summed term weights (not yet multiplied by
IDF, which is applied when scoring, with document frequencies as they stand
then), pruned to its top-k terms. The index maps each term or entity to the
clusters whose centroid holds it, most recently updated last, and keeps at most
``posting_limit`` clusters per key: a term every story uses ("news") would
otherwise make every cluster a candidate, and a story that stopped growing long
ago is the one to forget. And a document is scored against at most
``max_candidates`` of the clusters its keys find: those sharing the most of its
keys (the newer on a tie). Without that cap the candidates grow with the store
until every posting is full (12 terms and 6 entities x 32 clusters: up to 576,
against about 30 when the store is young), and scoring is most of the cost. So the
cost of one document stays flat however many clusters the stream has made
(``bench/cluster_scaling.py`` measures it at 1,000 and 100,000 stored articles).

Where documents carry embeddings, a Ukrainian and an English report of one event
may share no term and no entity id, so postings alone would never put them side by
side. ``RecentVectors`` keeps the unit mean vectors of the ``VECTOR_SCAN`` most
recently updated clusters in one float32 matrix (the least recently updated drops
out, as from a posting), and a document's ``VECTOR_CANDIDATES`` nearest among them,
at cosine ``MIN_VECTOR_COSINE`` or more, join its candidates: one matrix-vector
product of fixed size, so the cost stays flat too. The total stays at most
``max_candidates``: where the union is larger, the vector's nearest are kept and
the rest filled by shared keys.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

import numpy as np

# clusters scored per document at most (see ClusterIndex.candidates). On MStream's Tweets
# (quality/clusters-tweets.json) NMI / batch-mean NMI / B-cubed F1 / clusters were
# 0.890 / 0.898 / 0.746 / 776 uncapped (42.8 clusters scored per tweet), 0.894 / 0.901 /
# 0.755 / 825 at 48 (34.1 scored), 0.894 / 0.899 / 0.747 / 878 at 32 (26.2 scored)
MAX_CANDIDATES = 48
VECTOR_SCAN = 1024  # clusters (the most recently updated) a document's vector is compared with
VECTOR_CANDIDATES = 8  # the nearest of them that join the candidates
MIN_VECTOR_COSINE = 0.3  # centred e5 vectors of unrelated texts score near 0, of one event 0.5-0.9


@dataclass
class Cluster:
    id: int
    size: int = 0
    terms: dict[str, float] = field(default_factory=dict)  # term -> summed document weight (before IDF)
    entities: dict[str, float] = field(default_factory=dict)  # canonical entity -> documents naming it
    vector: list[float] | None = None  # summed embeddings, where a backend gives them
    first_published: date | None = None
    last_published: date | None = None
    norm: float = 0.0  # of the IDF-weighted centroid, as of the cluster's last update
    entity_norm: float = 0.0
    vector_norm: float = 0.0


def _top(weights: dict[str, float], k: int) -> dict[str, float]:
    """The k heaviest entries; ties go to the alphabetically first key (deterministic)."""
    kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:k]
    return dict(kept)


class RecentVectors:
    """Unit mean vectors of the ``capacity`` most recently updated clusters, one matrix row
    each (a fixed-size scan: see the module docstring)."""

    def __init__(self, capacity: int = VECTOR_SCAN) -> None:
        self.capacity = capacity
        self._slots: dict[int, int] = {}  # cluster id -> row, least recently updated first
        self._free: list[int] = []
        self._matrix: Any = None  # float32 (capacity, dimensions), made on the first vector
        self._owner: Any = np.full(capacity, -1, dtype=np.int64)  # row -> cluster id (-1: free)

    def update(self, cluster_id: int, vector: Sequence[float] | None, norm: float) -> None:
        """The cluster was just updated: its row holds its vector, now the most recent."""
        if vector is None or not norm:
            self.drop(cluster_id)
            return
        if self._matrix is None:
            self._matrix = np.zeros((self.capacity, len(vector)), dtype=np.float32)
        slot = self._slots.pop(cluster_id, None)
        if slot is None:
            if self._free:
                slot = self._free.pop()
            elif len(self._slots) < self.capacity:
                slot = len(self._slots)
            else:  # full: the least recently updated cluster gives up its row
                oldest = next(iter(self._slots))
                slot = self._slots.pop(oldest)
        self._slots[cluster_id] = slot
        self._owner[slot] = cluster_id
        self._matrix[slot] = np.asarray(vector, dtype=np.float64) / norm

    def drop(self, cluster_id: int) -> None:
        slot = self._slots.pop(cluster_id, None)
        if slot is not None:
            self._matrix[slot] = 0.0
            self._owner[slot] = -1
            self._free.append(slot)

    def clear(self) -> None:
        self._slots.clear()
        self._free.clear()
        self._matrix = None
        self._owner[:] = -1

    def cosines(self, vector: Sequence[float], cluster_ids: Iterable[int]) -> dict[int, float]:
        """Cosine of ``vector`` with each of ``cluster_ids`` that has a row (one product for
        all; the scorer computes the others itself)."""
        held = [cluster_id for cluster_id in cluster_ids if cluster_id in self._slots]
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        if not held or not norm:
            return {}
        scores = self._matrix[[self._slots[cluster_id] for cluster_id in held]] @ (query / norm)
        return {cluster_id: float(score) for cluster_id, score in zip(held, scores, strict=True)}

    def nearest(
        self, vector: Sequence[float], k: int = VECTOR_CANDIDATES, floor: float = MIN_VECTOR_COSINE
    ) -> list[int]:
        """Ids of up to ``k`` clusters whose mean vector is nearest ``vector`` (cosine at
        least ``floor``), nearest first, the lower id on a tie."""
        if self._matrix is None or not self._slots:
            return []
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        if not norm:
            return []
        scores = self._matrix @ (query / norm)
        count = min(k, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        found = [(float(scores[slot]), int(self._owner[slot])) for slot in top]
        found = [(score, cluster_id) for score, cluster_id in found if cluster_id >= 0 and score >= floor]
        return [cluster_id for _, cluster_id in sorted(found, key=lambda item: (-item[0], item[1]))]


class ClusterIndex:
    """Every cluster, and term/entity postings to the clusters that hold them."""

    def __init__(self, centroid_top_k: int, posting_limit: int, max_candidates: int = MAX_CANDIDATES) -> None:
        self.centroid_top_k = centroid_top_k
        self.posting_limit = posting_limit
        self.max_candidates = max_candidates
        self.clusters: list[Cluster] = []
        # key -> cluster ids in order of their last update (a dict keeps insertion order)
        self._term_postings: dict[str, dict[int, None]] = {}
        self._entity_postings: dict[str, dict[int, None]] = {}
        self.vectors = RecentVectors()

    def __len__(self) -> int:
        return len(self.clusters)

    def candidates(
        self, terms: Iterable[str], entities: Iterable[str], vector: Sequence[float] | None = None
    ) -> list[int]:
        """Ids of the clusters sharing one of ``terms`` or ``entities``, or among the nearest
        to ``vector``, in id order; where more than ``max_candidates`` are, the nearest to
        the vector and then those sharing the most keys, the newer on a tie."""
        postings = [self._term_postings.get(term) for term in terms]
        postings += [self._entity_postings.get(entity) for entity in entities]
        hits = Counter(chain.from_iterable(posting for posting in postings if posting))
        near = self.vectors.nearest(vector)[: self.max_candidates] if vector is not None else []
        found = set(hits).union(near)
        if len(found) <= self.max_candidates:
            return sorted(found)
        rest = [cluster_id for cluster_id in hits if cluster_id not in near]
        room = self.max_candidates - len(near)
        return sorted(near + heapq.nlargest(room, rest, key=lambda cluster_id: (hits[cluster_id], cluster_id)))

    def restore(self, clusters: Sequence[tuple[Cluster, int]]) -> None:
        """Take saved clusters (ids 0…n-1, each with the sequence number of its last
        update) and rebuild the postings, refreshing the least recently updated first.
        Postings are then ordered by each cluster's last update, not by the last time
        each key was touched: a close, bounded approximation of the live index."""
        ordered = sorted(clusters, key=lambda item: item[0].id)
        if [cluster.id for cluster, _ in ordered] != list(range(len(ordered))):
            raise ValueError("saved clusters must have the ids 0…n-1")
        self.clusters = [cluster for cluster, _ in ordered]
        self._term_postings.clear()
        self._entity_postings.clear()
        self.vectors.clear()
        for cluster, _ in sorted(ordered, key=lambda item: (item[1], item[0].id)):
            self._touch(self._term_postings, sorted(cluster.terms), cluster.id)
            self._touch(self._entity_postings, sorted(cluster.entities), cluster.id)
            self.vectors.update(cluster.id, cluster.vector, cluster.vector_norm)

    def new_cluster(self) -> Cluster:
        cluster = Cluster(len(self.clusters))
        self.clusters.append(cluster)
        return cluster

    def add(
        self,
        cluster: Cluster,
        terms: dict[str, float],
        entities: Sequence[str],
        vector: Sequence[float] | None,
        published: date | None,
        idf: Callable[[str], float],
    ) -> None:
        """Fold one document into ``cluster`` and refresh its postings and norms."""
        cluster.size += 1
        for term, weight in terms.items():
            cluster.terms[term] = cluster.terms.get(term, 0.0) + weight
        # prune only when the centroid has doubled: sorting on every document would cost more
        if len(cluster.terms) > 2 * self.centroid_top_k:
            dropped = set(cluster.terms)
            cluster.terms = _top(cluster.terms, self.centroid_top_k)
            dropped -= cluster.terms.keys()
            for term in dropped:
                posting = self._term_postings.get(term)
                if posting is not None:
                    posting.pop(cluster.id, None)
        for entity in entities:
            cluster.entities[entity] = cluster.entities.get(entity, 0.0) + 1.0
        if len(cluster.entities) > 2 * self.centroid_top_k:
            dropped = set(cluster.entities)
            cluster.entities = _top(cluster.entities, self.centroid_top_k)
            dropped -= cluster.entities.keys()
            for entity in dropped:
                self._entity_postings.get(entity, {}).pop(cluster.id, None)
        if vector is not None:
            if cluster.vector is None:
                cluster.vector = list(vector)
            else:
                cluster.vector = [a + b for a, b in zip(cluster.vector, vector, strict=True)]
            cluster.vector_norm = math.sqrt(sum(x * x for x in cluster.vector))
            self.vectors.update(cluster.id, cluster.vector, cluster.vector_norm)
        if published is not None:
            if cluster.first_published is None or published < cluster.first_published:
                cluster.first_published = published
            if cluster.last_published is None or published > cluster.last_published:
                cluster.last_published = published
        # a list, not a generator: the same sum in the same order, made faster
        cluster.norm = math.sqrt(sum([(weight * idf(term)) ** 2 for term, weight in cluster.terms.items()]))
        cluster.entity_norm = math.sqrt(sum(count * count for count in cluster.entities.values()))
        self._touch(self._term_postings, (term for term in terms if term in cluster.terms), cluster.id)
        self._touch(self._entity_postings, (e for e in entities if e in cluster.entities), cluster.id)

    def _touch(self, postings: dict[str, dict[int, None]], keys: Iterable[str], cluster_id: int) -> None:
        """Move ``cluster_id`` to the recent end of each key's posting; forget the oldest past the limit."""
        for key in keys:
            posting = postings.get(key)
            if posting is None:
                postings[key] = {cluster_id: None}
                continue
            posting.pop(cluster_id, None)
            posting[cluster_id] = None
            if len(posting) > self.posting_limit:
                del posting[next(iter(posting))]

    # -- hand corrections (stories/corrections.py): rare, so clarity over speed ----------

    def remove(
        self,
        cluster: Cluster,
        terms: dict[str, float],
        entities: Sequence[str],
        vector: Sequence[float] | None,
        idf: Callable[[str], float],
    ) -> None:
        """Take one document back out of ``cluster`` (an article moved by hand). The
        centroid is pruned, so what was pruned stays out; the day span is kept."""
        cluster.size -= 1
        if cluster.size <= 0:
            self._empty(cluster)
            return
        for key, weight in terms.items():
            if key in cluster.terms:
                cluster.terms[key] -= weight
                if cluster.terms[key] <= 1e-9:
                    del cluster.terms[key]
                    self._term_postings.get(key, {}).pop(cluster.id, None)
        for entity in entities:
            if entity in cluster.entities:
                cluster.entities[entity] -= 1.0
                if cluster.entities[entity] <= 1e-9:
                    del cluster.entities[entity]
                    self._entity_postings.get(entity, {}).pop(cluster.id, None)
        if vector is not None and cluster.vector is not None:
            cluster.vector = [a - b for a, b in zip(cluster.vector, vector, strict=True)]
            cluster.vector_norm = math.sqrt(sum(x * x for x in cluster.vector))
            self.vectors.update(cluster.id, cluster.vector, cluster.vector_norm)
        self._refresh_norms(cluster, idf)

    def merge(self, target: Cluster, source: Cluster, idf: Callable[[str], float]) -> None:
        """Fold every document of ``source`` into ``target`` (summed centroids); ``source``
        is left empty, keeping its id so that ids stay 0…n-1."""
        target.size += source.size
        for key, weight in source.terms.items():
            target.terms[key] = target.terms.get(key, 0.0) + weight
        for key, count in source.entities.items():
            target.entities[key] = target.entities.get(key, 0.0) + count
        if source.vector is not None:
            target.vector = (
                list(source.vector)
                if target.vector is None
                else [a + b for a, b in zip(target.vector, source.vector, strict=True)]
            )
            target.vector_norm = math.sqrt(sum(x * x for x in target.vector))
            self.vectors.update(target.id, target.vector, target.vector_norm)
        days = [d for d in (target.first_published, source.first_published) if d is not None]
        target.first_published = min(days) if days else None
        days = [d for d in (target.last_published, source.last_published) if d is not None]
        target.last_published = max(days) if days else None
        self._empty(source)
        for postings, weights in ((self._term_postings, target.terms), (self._entity_postings, target.entities)):
            dropped = set(weights)
            kept = _top(weights, self.centroid_top_k)
            weights.clear()
            weights.update(kept)
            for key in dropped - kept.keys():
                postings.get(key, {}).pop(target.id, None)
            self._touch(postings, sorted(kept), target.id)
        self._refresh_norms(target, idf)

    def _empty(self, cluster: Cluster) -> None:
        for key in cluster.terms:
            self._term_postings.get(key, {}).pop(cluster.id, None)
        for key in cluster.entities:
            self._entity_postings.get(key, {}).pop(cluster.id, None)
        self.vectors.drop(cluster.id)
        empty = Cluster(cluster.id)
        for name in ("size", "terms", "entities", "vector", "first_published", "last_published", "norm"):
            setattr(cluster, name, getattr(empty, name))
        cluster.entity_norm = cluster.vector_norm = 0.0

    @staticmethod
    def _refresh_norms(cluster: Cluster, idf: Callable[[str], float]) -> None:
        cluster.norm = math.sqrt(sum((weight * idf(term)) ** 2 for term, weight in cluster.terms.items()))
        cluster.entity_norm = math.sqrt(sum(count * count for count in cluster.entities.values()))
