"""Named-entity recognition backends, pluggable by registry name.

A backend finds entity spans in an analysed article (tokens are there already);
the entities stage turns spans into canonical, resolved mentions. Built-in
backends: ``crf-uk`` (the project's CRF trained on NER-UK, shipped in the
package), ``slovnet-ru`` (natasha's Russian model, when natasha is installed),
``rules`` (gazetteer, capitalisation and cue words: every other language), and
``spacy`` (any spaCy pipeline on disk: ``spacy:/path/to/model``).

A third party registers its own the same way:

    @register_ner_backend("mine")
    def make(option: str | None) -> NerBackend: ...
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from khronika.errors import UsageError
from khronika.records import AnalysedArticle, EntityType, Field


@dataclass(frozen=True)
class NerSpan:
    field: Field
    start: int
    end: int
    type: EntityType


class NerBackend(Protocol):
    name: str

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]: ...


BackendFactory = Callable[[str | None], NerBackend]
_FACTORIES: dict[str, BackendFactory] = {}
_BACKEND_MODULES = {
    "crf-uk": "khronika.analysis.entities.ner.crf",
    "crf": "khronika.analysis.entities.ner.crf",
    "slovnet-ru": "khronika.analysis.entities.ner.slovnet",
    "rules": "khronika.analysis.entities.ner.rules",
    "spacy": "khronika.analysis.entities.ner.spacy",
}
# language -> backend spec ("name" or "name:option"); "*" for every other language
DEFAULT_BACKENDS = {"uk": "crf-uk", "ru": "slovnet-ru", "*": "rules"}
ENV_VARIABLE = "KHRONIKA_NER"  # e.g. "uk=crf:/models/uk.crfsuite,en=spacy:/models/en"


def register_ner_backend(name: str) -> Callable[[BackendFactory], BackendFactory]:
    def decorate(factory: BackendFactory) -> BackendFactory:
        _FACTORIES[name] = factory
        return factory

    return decorate


def configured_backends() -> dict[str, str]:
    """The defaults, overridden by ``$KHRONIKA_NER`` (``lang=spec,…``)."""
    backends = dict(DEFAULT_BACKENDS)
    for item in filter(None, (os.environ.get(ENV_VARIABLE) or "").split(",")):
        lang, _, spec = item.partition("=")
        if not spec:
            raise UsageError(f"${ENV_VARIABLE}: {item!r} is not lang=backend[:option]")
        backends[lang.strip()] = spec.strip()
    return backends


@cache
def load_backend(spec: str) -> NerBackend:
    """A backend from ``name`` or ``name:option`` (option: a model path, say)."""
    name, _, option = spec.partition(":")
    if name not in _FACTORIES and name in _BACKEND_MODULES:
        importlib.import_module(_BACKEND_MODULES[name])
    if name not in _FACTORIES:
        raise UsageError(f"unknown NER backend {name!r} (known: {', '.join(sorted({*_FACTORIES, *_BACKEND_MODULES}))})")
    return _FACTORIES[name](option or None)


def backend_for(lang: str) -> NerBackend:
    backends = configured_backends()
    return load_backend(backends.get(lang) or backends["*"])
