"""The real-text gold sample (``quality/gold/``): reading it and checking it against ``../shared``.

One JSON object a line in ``sample.jsonl``, one per document::

    {"doc": "es-yemen-01", "lang": "es", "split": "test",
     "file": "data/ml-crisis/es/yemen/2011-01-16/ext_3.txt", "sha256": "…",  # or
     "written": true, "text": "…",                                             # a written one
     "published": "2011-01-16",
     "sentences": [{"span": [s, e], "sha": "…12 hex…",
                    "entities": [{"span": [s, e], "type": "PER", "entity": "per:ben-ali"}],
                    "claims": [{"source": [s, e], "head": [s, e], "cue": [s, e], "content": [s, e]}],
                    "figures": [{"id": "f1", "span": [s, e], "value": 37, "measure": "deaths",
                                 "group": [s, e], "unit": null}],
                    "numbers": [{"id": "n1", "span": [s, e], "kind": "clock_time"}]}]}

Offsets are character offsets into the document's text: a shared file's text as
read (UTF-8, newlines as they are), or a written document's ``text``. No real
text is copied: the file's SHA-256 and each sentence's short hash pin the text the
offsets point to, so a changed file fails the check rather than scoring garbage.
``conflicts.jsonl`` holds candidate pairs of figures (or of other numbers, the
``numbers`` a naive checker would read as counts): ``{"id", "first": "DOC/ID",
"second": "DOC/ID", "conflict": true|false, "why": "…", "written": bool}``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENTITY_TYPES = ("PER", "ORG", "LOC")
SPLITS = ("dev", "test")
Span = tuple[int, int]


@dataclass(frozen=True)
class GoldEntity:
    span: Span
    type: str
    entity: str  # one id per real-world thing, shared across documents and languages


@dataclass(frozen=True)
class GoldClaim:
    source: Span  # the whole noun phrase naming the speaker
    head: Span  # the name (or head noun) the phrase is about; a predicted source must cover it
    cue: Span
    content: Span


@dataclass(frozen=True)
class GoldFigure:
    id: str
    span: Span
    value: float
    measure: str
    value_max: float | None = None
    group: Span | None = None  # the counted group where the sentence names one
    unit: str | None = None


@dataclass(frozen=True)
class GoldNumber:
    """A number that is no count (a clock time, a year): one side of a false candidate."""

    id: str
    span: Span
    kind: str


@dataclass(frozen=True)
class GoldSentence:
    span: Span
    entities: tuple[GoldEntity, ...]
    claims: tuple[GoldClaim, ...]
    figures: tuple[GoldFigure, ...]
    numbers: tuple[GoldNumber, ...]


@dataclass(frozen=True)
class GoldDocument:
    doc: str
    lang: str
    split: str
    text: str
    sentences: tuple[GoldSentence, ...]
    file: str | None = None  # relative to the shared folder; None for a written document
    published: str | None = None

    @property
    def written(self) -> bool:
        return self.file is None


@dataclass(frozen=True)
class GoldPair:
    id: str
    first: str  # DOC/ID of a figure or number
    second: str
    conflict: bool
    why: str
    written: bool
    split: str  # the split of its documents ("cross" where its two sides' documents are in two)


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def file_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _span(value: Any, where: str, text: str, within: Span | None = None) -> Span:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise ValueError(f"{where}: a span is [start, end]")
    start, end = value
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{where}: span {start}:{end} is outside the text ({len(text)} characters)")
    if within is not None and not (within[0] <= start and end <= within[1]):
        raise ValueError(f"{where}: span {start}:{end} is outside its sentence {within[0]}:{within[1]}")
    if text[start].isspace() or text[end - 1].isspace():
        raise ValueError(f"{where}: span {start}:{end} starts or ends with a space")
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        raise ValueError(f"{where}: span {start}:{end} starts inside a word")
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        raise ValueError(f"{where}: span {start}:{end} ends inside a word")
    return start, end


def _sentence(data: dict[str, Any], where: str, text: str) -> GoldSentence:
    span = _span(data.get("span"), where, text)
    if data.get("sha") != sentence_hash(text[span[0] : span[1]]):
        raise ValueError(f"{where}: the sentence's hash differs: the text at {span[0]}:{span[1]} changed")
    entities = []
    for i, item in enumerate(data.get("entities", [])):
        if item.get("type") not in ENTITY_TYPES or not str(item.get("entity", "")).strip():
            raise ValueError(f"{where} entity {i}: needs a type in {ENTITY_TYPES} and an entity id")
        entities.append(
            GoldEntity(_span(item["span"], f"{where} entity {i}", text, span), item["type"], item["entity"])
        )
    claims = []
    for i, item in enumerate(data.get("claims", [])):
        at = f"{where} claim {i}"
        source = _span(item.get("source"), at, text, span)
        head = _span(item.get("head", item.get("source")), at, text, source)
        claims.append(
            GoldClaim(source, head, _span(item.get("cue"), at, text, span), _span(item.get("content"), at, text, span))
        )
    figures = []
    for i, item in enumerate(data.get("figures", [])):
        at = f"{where} figure {i}"
        if not isinstance(item.get("value"), int | float) or not item.get("measure") or not item.get("id"):
            raise ValueError(f"{at}: needs an id, a numeric value and a measure")
        group = _span(item["group"], at, text, span) if item.get("group") else None
        figures.append(
            GoldFigure(item["id"], _span(item.get("span"), at, text, span), float(item["value"]), item["measure"],
                       item.get("value_max"), group, item.get("unit"))
        )  # fmt: skip
    numbers = [
        GoldNumber(item["id"], _span(item.get("span"), f"{where} number {i}", text, span), str(item.get("kind")))
        for i, item in enumerate(data.get("numbers", []))
    ]
    return GoldSentence(span, tuple(entities), tuple(claims), tuple(figures), tuple(numbers))


def _document(data: dict[str, Any], line: int, shared: Path) -> GoldDocument:
    where = f"line {line} ({data.get('doc', '?')})"
    for key in ("doc", "lang", "split"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"{where}: no {key!r}")
    if data["split"] not in SPLITS:
        raise ValueError(f"{where}: split {data['split']!r} is not one of {SPLITS}")
    file = data.get("file")
    if data.get("written"):
        text = data.get("text")
        if not isinstance(text, str) or file is not None:
            raise ValueError(f"{where}: a written document carries its 'text' and no 'file'")
    else:
        if not isinstance(file, str) or "text" in data:
            raise ValueError(f"{where}: a shared document names its 'file' and copies no text")
        path = shared / file
        if not path.is_file():
            raise ValueError(f"{where}: {path}: no such file (is the shared folder {shared}?)")
        text = path.read_text(encoding="utf-8")
        if data.get("sha256") != file_hash(text):
            raise ValueError(f"{where}: {path}: its SHA-256 differs from the annotated file's")
    sentences = tuple(_sentence(s, f"{where} sentence {i}", text) for i, s in enumerate(data.get("sentences", [])))
    return GoldDocument(data["doc"], data["lang"], data["split"], text, sentences, file, data.get("published"))


def _pair(data: dict[str, Any], line: int, splits: dict[str, str], ids: set[str]) -> GoldPair:
    where = f"conflicts line {line} ({data.get('id', '?')})"
    for side in ("first", "second"):
        if data.get(side) not in ids:
            raise ValueError(f"{where}: {side} {data.get(side)!r} names no annotated figure or number")
    if not isinstance(data.get("conflict"), bool):
        raise ValueError(f"{where}: 'conflict' is true or false")
    first, second = str(data["first"]), str(data["second"])
    halves = {splits[first.split("/")[0]], splits[second.split("/")[0]]}
    return GoldPair(str(data["id"]), first, second, data["conflict"], str(data.get("why", "")),
                    bool(data.get("written")), halves.pop() if len(halves) == 1 else "cross")  # fmt: skip


@dataclass(frozen=True)
class GoldSample:
    documents: tuple[GoldDocument, ...]
    pairs: tuple[GoldPair, ...]

    def only(self, split: str) -> GoldSample:
        """The documents and pairs of one split (``all``: everything; a pair whose two
        sides lie in two splits is scored with ``all`` only)."""
        if split == "all":
            return self
        return GoldSample(
            tuple(d for d in self.documents if d.split == split), tuple(p for p in self.pairs if p.split == split)
        )


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name} line {number}: not JSON ({error.msg})") from None
    return rows


def load_gold(gold: Path, shared: Path) -> GoldSample:
    """The sample in ``gold`` (its folder, or its ``sample.jsonl``; ``conflicts.jsonl``
    beside it where present), checked against the files of ``shared``. ValueError
    names the line and the reason of the first problem."""
    folder = gold if gold.is_dir() else gold.parent
    sample = folder / "sample.jsonl" if gold.is_dir() else gold
    if not sample.is_file():
        raise ValueError(f"{sample}: no such file")
    documents = [_document(data, line, shared) for line, data in _lines(sample)]
    names = [d.doc for d in documents]
    if len(set(names)) != len(names):
        raise ValueError(f"{sample.name}: a document id is used twice")
    ids = {f"{d.doc}/{f.id}" for d in documents for s in d.sentences for f in s.figures}
    ids |= {f"{d.doc}/{n.id}" for d in documents for s in d.sentences for n in s.numbers}
    splits = {d.doc: d.split for d in documents}
    conflicts = folder / "conflicts.jsonl"
    pairs = [_pair(data, line, splits, ids) for line, data in _lines(conflicts)] if conflicts.is_file() else []
    return GoldSample(tuple(documents), tuple(pairs))
