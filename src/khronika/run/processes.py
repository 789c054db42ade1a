"""Extraction and analysis of many documents, in worker processes when it pays.

The store has one writer (this process); the costly part of an ingest, turning a
RawDocument into an analysed Article, is pure and runs in a pool of worker
processes (``Settings.workers``, default: the machine's cores). Results come
back in input order, so articles are stored in the order they were read. A small
batch (up to ``POOL_THRESHOLD`` documents) is done in this process: starting
workers costs more than it saves.

Each worker checks, through its own read-only view of the store (opened from the
store's picklable ``reader_spec()``), whether a document is already stored with the
same text, and skips analysing it. Workers are forked where the platform can (they
start with the writer's loaded models); under ``spawn`` they get the stage names and
build their own pipeline, and everything sent to them is picklable data.

The writer commits articles in groups (``store/sqlite/batch.py``), and must not hold its
transaction open while it waits. So the pool's results come in runs of
``_RUN_PER_WORKER`` per worker: ``before_wait`` (the writer's commit) runs, the
look-ahead is topped up from the input (reading may block: a URL, a feed), the
run's results are awaited, and then handed over one after another, with no wait
between them: a run is one commit. The workers meanwhile go on with the rest of
the look-ahead. In this process (a small batch, or one worker) ``before_wait`` runs
before each document: each article commits on its own, as the reading and the
analysis of the next one may take a while.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from threadpoolctl import threadpool_limits

from khronika.analysis.content_words import story_tokens
from khronika.analysis.pipeline import Pipeline
from khronika.errors import InputError
from khronika.extract.article import extract_article
from khronika.extract.site_lines import drop_site_lines, paragraph_keys, text_line_keys
from khronika.records import AnalysedArticle, Article, IngestFailure, RawDocument
from khronika.store.protocols import ReaderSpec, StoredCheck, StoreReader
from khronika.stories.chronicle_sheet import make_sheet, sheet_json
from khronika.text import content_hash

POOL_THRESHOLD = 16  # documents; fewer are done in this process
_IN_FLIGHT_PER_WORKER = 8  # bounded look-ahead: a huge WARC is never all in memory
_RUN_PER_WORKER = 4  # results handed over (and committed) together; the rest of the look-ahead keeps workers busy

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Prepared:
    """A document made ready to store: its article and analysis, or why not."""

    article: Article | None = None
    analysis: AnalysedArticle | None = None
    failure: IngestFailure | None = None
    already_stored: bool = False
    chronicle_sheet: dict[str, Any] | None = None  # made from the tokens, which are not shipped back


def prepare(document: RawDocument | IngestFailure, pipeline: Pipeline | None, stored: StoredCheck) -> Prepared:
    if isinstance(document, IngestFailure):
        return Prepared(failure=document)
    try:
        article = extract_article(document)
    except InputError as err:
        return Prepared(failure=IngestFailure(err.input_name, err.reason, err.kind))
    except Exception as err:  # a library choking on one page is that page's failure
        return Prepared(failure=IngestFailure(document.input_name, f"extraction failed: {type(err).__name__}: {err}"))
    if article.outlet:  # site-level cleaning: what the outlet's stored pages show to be its furniture
        article = drop_site_lines(
            article, stored.outlet_line_pages(article.outlet, text_line_keys(article), None, paragraph_keys(article))
        )
    if stored.is_stored(article.url, content_hash(article.text)):
        return Prepared(article=article, already_stored=True)
    if pipeline is None:
        return Prepared(article=article)
    try:
        analysis = pipeline(AnalysedArticle.unanalysed(article))
        sheet = sheet_json(make_sheet(analysis))
    except Exception as err:  # an analysis bug must not lose the article's ingest of the others
        return Prepared(failure=IngestFailure(document.input_name, f"analysis failed: {type(err).__name__}: {err}"))
    return Prepared(article=article, analysis=analysis, chronicle_sheet=sheet)


# -- worker processes ------------------------------------------------------------------
_worker_pipeline: Pipeline | None = None
_worker_reader: StoreReader | None = None


def _exit_with(parent: int) -> None:
    """End this worker when the writer dies: a writer killed outright (SIGKILL, the
    OOM killer) cannot stop its pool, and its workers would wait for work forever."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the writer died before the line above took effect
        os._exit(1)


def _start_worker(reader: ReaderSpec, pipeline: Pipeline | tuple[str, ...] | None, parent: int) -> None:
    """``pipeline``: the writer's own (forked: models already loaded), or the names of
    its stages (spawned: the worker loads them)."""
    global _worker_pipeline, _worker_reader
    _exit_with(parent)
    # one BLAS thread per worker: the pool already fills the cores, and OpenBLAS
    # threads that wait for a busy core spin (slovnet's convolutions ran 5x slower)
    threadpool_limits(limits=1)
    _worker_pipeline = Pipeline(pipeline) if isinstance(pipeline, tuple) else pipeline
    _worker_reader = reader.open_reader()


def _work(document: RawDocument | IngestFailure) -> Prepared:
    assert _worker_reader is not None
    prepared = prepare(document, _worker_pipeline, _worker_reader)
    if prepared.analysis is not None:  # tokens are not stored: ship back only what story terms read
        analysis = prepared.analysis
        prepared = replace(prepared, analysis=replace(analysis, tokens=story_tokens(analysis.tokens)))
    return prepared


def prepare_all(
    documents: Iterable[RawDocument | IngestFailure],
    pipeline: Pipeline | None,
    stored: StoredCheck,
    reader: ReaderSpec,
    workers: int,
    before_wait: Callable[[], None] = _nothing,
    start_method: str | None = None,
) -> Iterator[Prepared]:
    """Prepared documents, in input order; a pool of ``workers`` for big batches.
    ``stored`` answers "already stored?" here, ``reader`` opens the workers' view;
    ``before_wait`` runs before each wait, for input or for the workers (the writer
    commits there: see the module docstring). ``start_method``: how workers start
    (default: fork where the platform has it)."""
    stream = iter(documents)
    head = list(islice(stream, POOL_THRESHOLD + 1))
    if workers <= 1 or len(head) <= POOL_THRESHOLD:
        inputs = _chain(head, stream)
        while True:
            before_wait()
            document = next(inputs, None)
            if document is None:
                return
            yield prepare(document, pipeline, stored)
    method = start_method or ("fork" if "fork" in get_all_start_methods() else None)
    worker_pipeline: Pipeline | tuple[str, ...] | None = pipeline
    if pipeline is not None and method == "fork":
        pipeline.warm_up()  # load models once, here: forked workers share them
    elif pipeline is not None:
        worker_pipeline = tuple(pipeline.names)  # a spawned worker builds its own
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context(method),
        initializer=_start_worker,
        initargs=(reader, worker_pipeline, os.getpid()),
    ) as pool:
        inputs = _chain(head, stream)
        pending: deque[Future[Prepared]] = deque()
        more = True
        while True:
            before_wait()
            while more and len(pending) < workers * _IN_FLIGHT_PER_WORKER:
                document = next(inputs, None)
                if document is None:
                    more = False
                else:
                    pending.append(pool.submit(_work, document))
            if not pending:
                return
            run = [pending.popleft() for _ in range(min(workers * _RUN_PER_WORKER, len(pending)))]
            yield from [future.result() for future in run]


def _chain(
    head: list[RawDocument | IngestFailure], rest: Iterator[RawDocument | IngestFailure]
) -> Iterator[RawDocument | IngestFailure]:
    yield from head
    yield from rest
