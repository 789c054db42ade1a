"""Story and storyline assignment in the store: each article joins both as it is stored.

1. An analysed article becomes a term bag (``term_bag``): the lemmas of its content
   words (title words counted ``TITLE_WEIGHT`` times), its stored entity ids (the
   alias table gives Лукашенко and Lukashenko one id: the signal across languages)
   and its publication day. The bag is kept (``story_documents``).
2. ``StoryAssigner.place_stored`` is the writer loop's last step (``run/writer.py``),
   inside the article's unit of writes: it places the bag with two online
   clusterers (``stories/clustering.py``), one per level, each with its config:
   - story level: the best story, or a new one, obeying the hand corrections
     (``stories/corrections.py``: forced into a bound article's story, never into a
     story it must stay apart from);
   - storyline level (longer windows, more weight on shared entities): an article
     joining a story joins that story's storyline (a forced add), and only an
     article starting a story chooses the best storyline or a new one, so a story's
     articles always share one storyline;
   then writes the assignments and both clusterers' new state, so a kill leaves all
   or nothing, and a re-run never assigns an article twice (``story_articles`` is
   keyed on the article).
3. A new process rebuilds the clusterers from the saved state (bounded centroids,
   document frequencies) on first use, not by replaying every article.
4. ``recluster`` replays the stored bags in publication order into fresh clusterers,
   with the decisions; ingesting the same articles in publication order gives the
   same stories and storylines. Articles stored without a bag get one from the
   ``sentences`` and ``morphology`` stages re-run on their stored text, with their
   stored entities; the caller hands ``recluster`` those stages (``Khronika.recluster``),
   so the stories code builds no analysis pipeline of its own.
5. Where a config names an embedding backend (``quality/clusters-news-e5.json``), each
   article also has a vector of its title and lead (``stories/vectors.py``), made once
   when it is placed and kept; ``recluster`` and corrections read the kept vectors.
   The writer loop embeds each chunk of ``EMBED_CHUNK`` prepared articles in one batch
   (``prefetch_vectors``) before placing them one by one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date

from khronika.analysis.content_words import content_lemma
from khronika.analysis.content_words import story_tokens as story_tokens  # re-exported: tests build term bags
from khronika.errors import StoreError
from khronika.records import AnalysedArticle, Article, Field, StoredArticle
from khronika.store.protocols import Store
from khronika.store.protocols.decisions import ARTICLE_DELETE, STORY_KINDS
from khronika.store.protocols.stories import ClusterRecord, StoryStore, TermBag
from khronika.stories.clustering import (
    BUILT_IN,
    ClusterConfig,
    Document,
    Level,
    OnlineClusterer,
    load_cluster_config,
)
from khronika.stories.corrections import StoryConstraints
from khronika.stories.embeddings import embedding_text
from khronika.stories.index import Cluster
from khronika.stories.vectors import ArticleVectors, vector_spec

EMBED_CHUNK = 32  # prepared articles embedded in one batch on ingest (the model's batch size)

# re-runs the stages a term bag reads (sentences, morphology) on a stored article's text
Lemmatise = Callable[[StoredArticle], AnalysedArticle]

# the headline says what the story is: its words count this many times over the body's
TITLE_WEIGHT = 3.0
ENTITY_TERM_PREFIX = "@"  # an entity id as a term: "@loc:egypt" (no lemma starts with @)

# the built-in weights (a config file, Settings.stories_config, replaces them): one
# configuration for every corpus, kept in stories/clustering.py
NEWS_CONFIGS: dict[Level, ClusterConfig] = BUILT_IN


def stories_config(path: str | None, level: Level) -> ClusterConfig:
    return load_cluster_config(path, level)


def term_bag(analysis: AnalysedArticle) -> TermBag:
    counts: dict[str, float] = {}
    title_terms: dict[str, None] = {}
    for token in analysis.tokens:
        lemma = content_lemma(token)
        if lemma is None:
            continue
        if token.field is Field.TITLE:
            counts[lemma] = counts.get(lemma, 0.0) + TITLE_WEIGHT
            title_terms[lemma] = None
        else:
            counts[lemma] = counts.get(lemma, 0.0) + 1.0
    entities = tuple(sorted(mention.entity_id for mention in analysis.entities))
    return TermBag(dict(sorted(counts.items())), tuple(title_terms), entities, analysis.published.day)


def document(article_id: int, bag: TermBag, config: ClusterConfig, vector: Sequence[float] | None = None) -> Document:
    """The clusterer's view of a bag: words and entity mentions as terms, weighted as
    ``config`` says, the entity ids apart, and the article's vector where ``config``
    reads embeddings."""
    terms = {term: count * config.words_as_terms for term, count in bag.terms.items()} if config.words_as_terms else {}
    if config.entities_as_terms:
        for entity, mentions in Counter(bag.entities).items():
            terms[ENTITY_TERM_PREFIX + entity] = mentions * config.entities_as_terms
    published = date.fromisoformat(bag.day) if bag.day else None
    reads_vectors = config.embedding is not None and config.embedding_weight > 0
    return Document(str(article_id), terms, bag.entities, published, vector=vector if reads_vectors else None)


def cluster_record(cluster: Cluster, updated_seq: int) -> ClusterRecord:
    """A cluster as the store keeps it (the dicts are shared, not copied: the store writes them at once)."""
    return ClusterRecord(
        cluster.id, cluster.size, cluster.terms, cluster.entities, cluster.vector, cluster.first_published,
        cluster.last_published, cluster.norm, cluster.entity_norm, updated_seq,
    )  # fmt: skip


def restored_cluster(record: ClusterRecord) -> tuple[Cluster, int]:
    """A kept cluster as the clusterer resumes it, with the sequence number of its last update."""
    vector = record.vector
    vector_norm = math.sqrt(sum(x * x for x in vector)) if vector is not None else 0.0
    cluster = Cluster(
        record.id, record.size, record.terms, record.entities, vector, record.first_day, record.last_day,
        record.norm, record.entity_norm, vector_norm,
    )  # fmt: skip
    return cluster, record.updated_seq


class StoryAssigner:
    """Places stored articles in stories and storylines; one per open store (the store
    has one writer). Each level has its own clusterer and config: the story level reads
    an article under the story config and chooses among stories (or a new one); the
    storyline level reads the same article under the storyline config, and chooses
    only for an article that starts a story: the rest of a story follows its first
    article's storyline, so all articles of a story share one."""

    def __init__(self, store: Store, story: ClusterConfig, storyline: ClusterConfig | None = None) -> None:
        self.store = store
        self.stories: StoryStore = store.stories
        self.configs: dict[Level, ClusterConfig] = {"story": story, "storyline": storyline or NEWS_CONFIGS["storyline"]}
        self._clusterers: dict[Level, OnlineClusterer] = {}
        self._constraints: StoryConstraints | None = None
        spec = vector_spec(list(self.configs.values()))
        self.vectors = ArticleVectors(spec, self.stories) if spec else None

    @property
    def config(self) -> ClusterConfig:
        return self.configs["story"]

    def clusterer(self, level: Level = "story") -> OnlineClusterer:
        """A level's clusterer as the store left it (rebuilt from the saved state on first use)."""
        if level not in self._clusterers:
            clusterer = OnlineClusterer(self.configs[level])
            state = self.stories.level_state(level)
            clusters = [restored_cluster(record) for record in state.clusters]
            clusterer.restore(state.documents, state.total_length, state.document_frequency, clusters)
            self._clusterers[level] = clusterer
        return self._clusterers[level]

    def constraints(self) -> StoryConstraints:
        """The story decisions made by hand, as every placement must obey them."""
        if self._constraints is None:
            self._constraints = StoryConstraints.from_decisions(self.store.decisions((*STORY_KINDS, ARTICLE_DELETE)))
        return self._constraints

    def forget(self) -> None:
        """Drop what memory holds (after a rollback or a correction): reload on next use."""
        self._clusterers.clear()
        self._constraints = None
        if self.vectors is not None:
            self.vectors.forget()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The store's unit of writes (``SQLiteStore.transaction``); on any error memory,
        which may be ahead of what was kept, is reloaded on next use."""
        try:
            with self.store.transaction():
                yield
        except BaseException:
            self.forget()
            raise

    # -- the writer loop's steps (run/writer.py) ----------------------------------
    def place_stored(self, article_id: int, article: Article, analysis: AnalysedArticle) -> None:
        """Place a stored article (its analysis with stored entity ids) in a story and a
        storyline, inside the caller's unit of writes; a new version of an assigned
        article keeps its story."""
        if self.stories.story_of(article_id) is not None:
            return
        bag = term_bag(analysis)
        self.stories.save_bag(article_id, bag)
        vector = None
        if self.vectors is not None:
            vector = self.vectors.vector(article_id, lambda: embedding_text(article.text, article.title))
        self._place(article_id, bag, article.title, vector)

    def prefetch_vectors(self, articles: Sequence[Article]) -> None:
        """Embed these articles, soon to be placed, in one batch (nothing where no
        embedding backend is configured)."""
        if self.vectors is not None and articles:
            self.vectors.prefetch([embedding_text(article.text, article.title) for article in articles])

    # -- reading articles as the levels do ------------------------------------------
    def read(self, article_id: int, bag: TermBag, level: Level, vector: Sequence[float] | None = None) -> Document:
        """An article as ``level`` reads it (its stored vector, where the level reads one)."""
        config = self.configs[level]
        if vector is None and self.vectors is not None and config.embedding and config.embedding_weight:
            vector = self.vectors.vector(article_id, lambda: self._embedding_text(article_id))
        return document(article_id, bag, config, vector)

    def _embedding_text(self, article_id: int) -> str:
        stored = self.store.article(article_id)
        return embedding_text(stored.text, stored.title)

    def save(self, level: Level, cluster_id: int, title: str | None = None) -> int:
        """Write a cluster's state as it stands in memory; return its story or storyline id."""
        clusterer = self.clusterer(level)
        record = cluster_record(clusterer.clusters[cluster_id], clusterer.stats.documents)
        return self.stories.save_cluster(level, record, title)

    def _count(self, level: Level, read: Document) -> None:
        clusterer = self.clusterer(level)
        assert isinstance(read.terms, Mapping)
        terms = [term for term, count in read.terms.items() if count > 0]  # as the clusterer counts them
        self.stories.count_document(level, terms, clusterer.stats.documents, clusterer.total_length)

    def _place(self, article_id: int, bag: TermBag, title: str | None, vector: Sequence[float] | None) -> int:
        stories = self.stories
        into, avoid = self.constraints().placement(stories, article_id)
        read = self.read(article_id, bag, "story", vector)
        story_id = self.save("story", self.clusterer("story").add(read, into=into, avoid=avoid), title)
        self._count("story", read)
        stories.assign(article_id, story_id, self.clusterer("story").stats.documents)
        storyline = stories.storyline_of(story_id)
        read = self.read(article_id, bag, "storyline", vector)
        line = self.clusterer("storyline").add(read, into=None if storyline is None else storyline - 1)
        storyline_id = self.save("storyline", line, title)
        self._count("storyline", read)
        if storyline is None:
            stories.set_storyline(story_id, storyline_id)
        return story_id

    def recluster(self, lemmatise: Lemmatise, advance: Callable[[str], None] | None = None) -> int:
        """Rebuild both levels from the stored articles in publication order, obeying the
        decisions, in one transaction; return the number of stories. ``lemmatise`` gives
        the articles stored without a term bag one (``bag_from_text``)."""
        stories = self.stories
        rows = stories.articles_in_publication_order()
        bags = {article_id: bag or self.bag_from_text(article_id, lemmatise) for article_id, _, bag in rows}
        if self.vectors is not None:  # articles stored before embeddings were configured: one batch
            missing = self.vectors.missing([article_id for article_id, _, _ in rows])
            self.vectors.prefetch([self._embedding_text(article_id) for article_id in missing])
        with self.transaction():
            stories.clear_stories()
            self._clusterers = {level: OnlineClusterer(config) for level, config in self.configs.items()}
            self._constraints = None
            for article_id, title, bag in rows:
                if bag is None:
                    stories.save_bag(article_id, bags[article_id])
                vector = None
                if self.vectors is not None:
                    vector = self.vectors.vector(article_id, lambda: self._embedding_text(article_id))  # noqa: B023
                self._place(article_id, bags[article_id], title, vector)
                if advance is not None:
                    advance(str(article_id))
        return sum(1 for cluster in self.clusterer("story").clusters if cluster.size)

    def bag(self, article_id: int, lemmatise: Lemmatise | None = None) -> TermBag:
        """The article's stored term bag, else one made by ``lemmatise`` (``bag_from_text``)."""
        bag = self.stories.bag(article_id)
        if bag is not None:
            return bag
        if lemmatise is None:
            raise StoreError(f"article {article_id} has no term bag (run khronika recluster)")
        return self.bag_from_text(article_id, lemmatise)

    def bag_from_text(self, article_id: int, lemmatise: Lemmatise) -> TermBag:
        """For an article stored without a bag: lemmas from the stages re-run, entities as stored."""
        bag = term_bag(lemmatise(self.store.article(article_id)))
        entities = tuple(sorted(self.stories.entity_ids(article_id)))
        return TermBag(bag.terms, bag.title_terms, entities, bag.day)
