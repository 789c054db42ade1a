"""``spacy``: any spaCy pipeline on disk, ``spacy:/path/to/model`` (or the name of
an installed pipeline package, ``spacy:en_core_web_sm``: whatever ``spacy.load`` takes).

spaCy is imported only when this backend is asked for, so khronika works without
it; each path is loaded once per process. Labels map PER/PERSON to PER, ORG to
ORG, LOC/GPE/FAC to LOC and everything else to MISC; spans are the entities'
character offsets into ``article.title`` / ``article.text``.
"""

from __future__ import annotations

import threading
from typing import Any

from khronika.analysis.entities.ner import NerBackend, NerSpan, register_ner_backend
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, EntityType, Field

NAME = "spacy"
LABELS = {
    "PER": EntityType.PER,
    "PERSON": EntityType.PER,
    "ORG": EntityType.ORG,
    "LOC": EntityType.LOC,
    "GPE": EntityType.LOC,
    "FAC": EntityType.LOC,
}
BATCH_SIZE = 8

_lock = threading.Lock()
_pipelines: dict[str, Any] = {}


def entity_type(label: str) -> EntityType:
    return LABELS.get(label.upper(), EntityType.MISC)


def load_pipeline(path: str) -> Any:
    """``spacy.load(path)``, once per path."""
    with _lock:
        if path not in _pipelines:
            try:
                import spacy
            except ImportError as error:
                raise UsageError(f"the {NAME} NER backend needs spaCy: pip install spacy ({error})") from error
            try:
                _pipelines[path] = spacy.load(path)
            except OSError as error:  # spaCy's E050 "can't find model", E053 "could not read config", …
                raise UsageError(
                    f"the {NAME} NER backend cannot load a spaCy pipeline from {path!r}: {error}"
                ) from error
        return _pipelines[path]


class SpacyBackend:
    name = NAME

    def __init__(self, path: str) -> None:
        self.path = path
        self.nlp = load_pipeline(path)

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        fields = ([Field.TITLE] if article.title is not None else []) + [Field.TEXT]
        texts = [article.field_text(field) for field in fields]
        spans: list[NerSpan] = []
        for field, doc in zip(fields, self.nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
            spans += [NerSpan(field, ent.start_char, ent.end_char, entity_type(ent.label_)) for ent in doc.ents]
        return spans


@register_ner_backend(NAME)
def make(option: str | None) -> NerBackend:
    if not option:
        raise UsageError(f"the {NAME} NER backend needs a model path: {NAME}:/path/to/model")
    return SpacyBackend(option)
