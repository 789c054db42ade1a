"""Run khronika on the gold sample as a user's ingest would, and map what it stored back
onto the gold offsets.

Every document of the sample is ingested into one fresh temporary store, in
publication order: a shared file through the same reading and cleaning as
``khronika ingest FILE`` (its folder day as ``--published``, its language as
given by its ML-Crisis folder), a written one as a text document with its
language and day. One store links entities across the whole sample, so the
stored entity ids are the ones scored against the gold ids.

The analysis runs on the cleaned article (title and body), not on the file's
raw text, so each gold sentence is found again in the stored title or text: its
words in order, any run of white space matching any other (cleaning turns
no-break spaces and doubled spaces into one). A sentence the cleaning dropped or
changed is *not found*: its gold annotations count as missed, and the count is
reported. Predicted spans (entities, claims, figures) are mapped back character
by character onto the gold document's offsets; those outside every annotated
sentence are left out of the scores.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import khronika
from khronika.evaluation.gold_sample import GoldDocument, GoldSample, Span
from khronika.ingest import IngestOptions, ReadResult, apply_options
from khronika.ingest.files import read_document
from khronika.records import DocumentKind, RawDocument, StoredArticle
from khronika.settings import Settings
from khronika.store.protocols.articles import ArticleFilter
from khronika.stories.conflicts import StoredFigure, article_figures
from khronika.urls import file_url

WRITTEN_URL = "https://gold.khronika.invalid/written/{doc}"


@dataclass
class Alignment:
    """Where the gold sentences of one document lie in its stored article."""

    found: list[bool]  # per gold sentence
    to_gold: dict[tuple[str, int], int] = field(default_factory=dict)  # (field, stored offset) -> gold offset

    def span(self, field_name: str, start: int, end: int) -> Span | None:
        """A stored span as gold offsets (None where it starts outside every found sentence)."""
        low = self.to_gold.get((field_name, start))
        if low is None:
            return None
        high = self.to_gold.get((field_name, end - 1))
        return (low, high + 1) if high is not None and high >= low else (low, low + (end - start))


@dataclass
class Predicted:
    """One gold document and what khronika stored for it."""

    gold: GoldDocument
    article: StoredArticle | None  # None: the ingest failed or stored nothing for it
    analysis: dict[str, Any]
    alignment: Alignment
    figures: list[StoredFigure]  # the stored figures, ready for the conflict rules


def _words(text: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def _align(document: GoldDocument, article: StoredArticle) -> Alignment:
    fields = {"title": article.title or "", "text": article.text}
    alignment = Alignment([])
    after = {"title": 0, "text": 0}
    for sentence in document.sentences:
        wanted = document.text[sentence.span[0] : sentence.span[1]]
        pattern = _words(wanted)
        hit = None
        for name in ("text", "title"):
            hit = pattern.search(fields[name], after[name]) or pattern.search(fields[name])
            if hit is not None:
                after[name] = hit.end()
                break
        alignment.found.append(hit is not None)
        if hit is None:
            continue
        stored, at = fields[name], hit.start()
        for offset, char in enumerate(wanted, sentence.span[0]):
            if char.isspace():
                continue
            while at < hit.end() and stored[at].isspace():
                at += 1
            alignment.to_gold[name, at] = offset
            at += 1
    return alignment


def _documents(sample: GoldSample, shared: Path, settings: Settings) -> Iterator[ReadResult]:
    for gold in sample.documents:
        if gold.file is not None:
            document = read_document(shared / gold.file, "text", settings)
        else:
            url = WRITTEN_URL.format(doc=gold.doc)
            document = RawDocument(url=url, input_name=gold.doc, kind=DocumentKind.TEXT, content=gold.text.encode())
        if isinstance(document, RawDocument):
            document = replace(apply_options(document, IngestOptions(published=gold.published)), lang=gold.lang)
        yield document


def _url(gold: GoldDocument, shared: Path) -> str:
    return file_url(shared / gold.file) if gold.file is not None else WRITTEN_URL.format(doc=gold.doc)


def ingest_sample(sample: GoldSample, shared: Path, settings: Settings | None = None) -> list[Predicted]:
    """Ingest every document of ``sample`` into a temporary store; each with what was stored."""
    settings = (settings or Settings()).with_(show_progress=False)
    ordered = sorted(sample.documents, key=lambda d: (d.published or "", d.doc))
    with (
        tempfile.TemporaryDirectory(prefix="khronika-gold-") as folder,
        khronika.open(Path(folder) / "gold.db", settings) as kh,
    ):
        kh.ingest_documents(_documents(GoldSample(tuple(ordered), ()), shared, settings), command="eval gold")
        stored = {article.url: article for article in kh.store.articles(ArticleFilter())}
        groups = kh.store.stories.copy_group_map()
        predicted = []
        for gold in sample.documents:
            article = stored.get(_url(gold, shared))
            if article is None:
                predicted.append(Predicted(gold, None, {}, Alignment([False] * len(gold.sentences)), []))
                continue
            analysis = kh.store.analysis(article.id) or {}
            figures = article_figures(article, analysis, groups)
            predicted.append(Predicted(gold, article, analysis, _align(gold, article), figures))
    return predicted
