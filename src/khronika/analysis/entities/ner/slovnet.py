"""``slovnet-ru``: natasha's Russian news NER model (slovnet CNN-CRF over navec embeddings).

The weights ship inside the ``natasha`` wheel (``natasha/data``: the 26 MB navec
news embedding and the 2.4 MB ``slovnet_ner_news_v1`` model, both MIT); nothing is
downloaded. The model is read from those files with ``navec``/``slovnet`` directly,
without importing ``natasha`` itself (which would pull in pymorphy2 and yargy for
nothing), once per process, on the first article.

A field is tagged in chunks of lines (long lines are cut at a sentence end or a
space), so memory stays flat and time linear on a 200,000-character text; spans
are character offsets into ``article.title`` / ``article.text``.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khronika.analysis.entities.ner import NerBackend, NerSpan, register_ner_backend
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, EntityType, Field

NAME = "slovnet-ru"
EMBEDDING_FILE = Path("emb") / "navec_news_v1_1B_250K_300d_100q.tar"
MODEL_FILE = Path("model") / "slovnet_ner_news_v1.tar"
# a chunk is at most this many characters (the model is trained on news
# sentences and paragraphs; one batch item is padded to the longest in its batch)
MAX_CHUNK_CHARS = 2_000
BATCH_SIZE = 16
TYPES = {"PER": EntityType.PER, "ORG": EntityType.ORG, "LOC": EntityType.LOC}
_SENTENCE_END = re.compile(r"[.!?…][»\"”)]*\s+")
_SPACE = re.compile(r"\s+")

_lock = threading.Lock()
_model: Any = None
_navec: Any = None


def natasha_data_dir() -> Path:
    """``natasha/data`` in the installed natasha package (found without importing it)."""
    spec = importlib.util.find_spec("natasha")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        data = Path(location) / "data"
        if (data / EMBEDDING_FILE).is_file() and (data / MODEL_FILE).is_file():
            return data
    if not locations:
        raise UsageError(f"the {NAME} NER backend needs natasha: pip install natasha")
    raise UsageError(f"the {NAME} NER backend: natasha is installed but has no {MODEL_FILE} (natasha>=1.4 needed)")


def load_navec() -> Any:
    """navec's news embedding, loaded once per process (the NER model and the
    syntax model of ``khronika.analysis.claims.syntax`` share it)."""
    global _navec
    with _lock:
        if _navec is None:
            try:
                from navec import Navec
            except ImportError as error:
                raise UsageError(f"the {NAME} NER backend needs natasha: pip install natasha ({error})") from error
            _navec = Navec.load(str(natasha_data_dir() / EMBEDDING_FILE))
        return _navec


def load_model() -> Any:
    """The slovnet NER model with navec embeddings, loaded once per process."""
    global _model
    navec = load_navec()
    with _lock:
        if _model is None:
            try:
                from slovnet import NER
            except ImportError as error:
                raise UsageError(f"the {NAME} NER backend needs natasha: pip install natasha ({error})") from error
            _model = NER.load(str(natasha_data_dir() / MODEL_FILE), batch_size=BATCH_SIZE).navec(navec)
        return _model


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, chunk)`` for the non-blank lines of ``text``, a line longer than
    ``limit`` cut at its last sentence end (else space) before the limit."""
    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        while end - start > limit:
            window = text[start : start + limit]
            cut = max((match.end() for match in _SENTENCE_END.finditer(window)), default=0)
            if cut < limit // 4:
                cut = max((match.end() for match in _SPACE.finditer(window)), default=0)
            if cut < limit // 4:
                cut = limit
            if text[start : start + cut].strip():
                yield start, text[start : start + cut]
            start += cut
        if text[start:end].strip():
            yield start, text[start:end]


class SlovnetBackend:
    name = NAME

    def recognise(self, article: AnalysedArticle) -> list[NerSpan]:
        pieces: list[tuple[Field, int, str]] = []
        if article.title is not None:
            pieces += [(Field.TITLE, offset, chunk) for offset, chunk in chunks(article.title)]
        pieces += [(Field.TEXT, offset, chunk) for offset, chunk in chunks(article.text)]
        if not pieces:
            return []
        model = load_model()
        spans: list[NerSpan] = []
        for (field, offset, chunk), markup in zip(pieces, model.map([chunk for _, _, chunk in pieces]), strict=True):
            for span in markup.spans:
                start, end = int(span.start), int(span.stop)
                if 0 <= start < end <= len(chunk):  # slovnet finds words with str.find: -1 if one were lost
                    spans.append(NerSpan(field, offset + start, offset + end, TYPES.get(span.type, EntityType.MISC)))
        return spans


@register_ner_backend(NAME)
def make(option: str | None) -> NerBackend:
    if option:
        raise UsageError(f"the {NAME} NER backend takes no option (got {option!r})")
    natasha_data_dir()  # fail now, with a clear message, if natasha is missing
    return SlovnetBackend()
