"""``crf-uk`` (and ``crf:/path/model.crfsuite``): the project's CRF entity tagger.

The model file ships in the package (``models/uk-crf.crfsuite``, with its
feature settings and gazetteer in ``uk-crf.json.gz``); it derives from NER-UK
(CC BY-NC-SA 4.0, see ``models/LICENCE-NER-UK.md``). ``khronika train ner``
makes a new one from any file in the same IOB format.

Tagging runs over each line of the text (a paragraph), the unit closest to the
NER-UK segments the model learned from; all the paragraphs of an article are
decoded at once by ``crf_scorer`` (numpy Viterbi over weights cached per word
form: crfsuite's own labels at a third of its cost). Post-rules follow the CRF
(``crf_spans``): a legal form joins its quoted name (``ТОВ «Альфабуд»``), quotes
stay balanced inside a name, and a street takes its house number (as NER-UK
marks addresses). The ``clusters`` feature group reads
``models/navec-clusters.tsv.gz`` (1.4 MB, from navec, MIT: ``models/LICENCE-navec.md``).
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from threading import Lock
from typing import Any

import pycrfsuite

from khronika.analysis.entities.ner import NerBackend, NerSpan, register_ner_backend
from khronika.analysis.entities.ner.crf_clusters import shipped_clusters
from khronika.analysis.entities.ner.crf_features import Featurizer, MorphFeatures
from khronika.analysis.entities.ner.crf_scorer import CompiledCrf
from khronika.analysis.entities.ner.crf_spans import (
    attach_legal_forms,
    balance_quotes,
    bio_to_spans,
    extend_addresses,
    split_place_lists,
)
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, Field, Token

DEFAULT_MODEL = "uk-crf"
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class CrfSettings:
    """What a model was trained with; stored beside it as JSON."""

    lang: str
    groups: tuple[str, ...]
    gazetteer: dict[str, dict[str, int]]

    def featurizer(self) -> Featurizer:
        morph = MorphFeatures(self.lang) if self.lang in ("uk", "ru") else None
        clusters = shipped_clusters() if "clusters" in self.groups else None
        return Featurizer(frozenset(self.groups), morph, self.gazetteer, clusters)


def settings_path(model: Path) -> Path:
    return model.with_suffix(".json.gz")


def save_settings(model: Path, settings: CrfSettings) -> None:
    data = {"lang": settings.lang, "groups": list(settings.groups), "gazetteer": settings.gazetteer}
    settings_path(model).write_bytes(
        gzip.compress(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), mtime=0)
    )


def load_settings(model: Path) -> CrfSettings:
    data: dict[str, Any] = json.loads(gzip.decompress(settings_path(model).read_bytes()))
    return CrfSettings(data["lang"], tuple(data["groups"]), data["gazetteer"])


class CrfBackend:
    name = "crf"

    def __init__(self, model: Path) -> None:
        if not model.is_file() or not settings_path(model).is_file():
            raise UsageError(f"{model}: no CRF model there (it needs {model.name} and {settings_path(model).name})")
        self.settings = load_settings(model)
        self.featurizer = self.settings.featurizer()
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model))
        self.compiled = CompiledCrf(self.tagger, self.featurizer)
        self.addresses = True
        self._lock = Lock()  # the caches are not safe to fill from two threads at once

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0]

    def tag_many(self, sequences: list[list[str]]) -> list[list[str]]:
        with self._lock:
            return self.compiled.tag_many(sequences)

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        paragraphs: dict[tuple[Field, int], list[Token]] = defaultdict(list)
        breaks = {f: [m.start() for m in _NEWLINE.finditer(article.field_text(f))] for f in (Field.TITLE, Field.TEXT)}
        for token in article.tokens:
            paragraphs[(token.field, bisect.bisect_left(breaks[token.field], token.start))].append(token)
        groups = list(paragraphs.values())
        spans: list[NerSpan] = []
        for tokens, tagged in zip(groups, self.tag_many([[t.text for t in tokens] for tokens in groups]), strict=True):
            words = [t.text for t in tokens]
            tags = balance_quotes(split_place_lists(attach_legal_forms(tagged, words), words), words)
            if self.addresses:
                tags = extend_addresses(tags, tokens)
            spans += bio_to_spans(tags, tokens)
        return spans


def shipped_model(name: str = DEFAULT_MODEL) -> Path:
    return Path(str(resources.files("khronika.analysis.entities.ner").joinpath("models", f"{name}.crfsuite")))


@register_ner_backend("crf-uk")
def make_shipped_backend(option: str | None) -> NerBackend:
    return CrfBackend(Path(option) if option else shipped_model())


@register_ner_backend("crf")
def make_crf_backend(option: str | None) -> NerBackend:
    if not option:
        raise UsageError("the crf NER backend needs a model path: crf:/path/to/model.crfsuite")
    return CrfBackend(Path(option))
