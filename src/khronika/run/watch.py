"""``khronika watch``: poll feeds (or OPML lists of feeds) and ingest new items.

Each poll asks every due feed for what changed since last time (``If-None-Match``
and ``If-Modified-Since`` from the ETag and Last-Modified the store keeps in its
``feeds`` table; for a feed file, its size and mtime), and ingests the items of a
feed that changed. The store recognises items it already holds.

A feed that failed N times in a row waits min(2**N, 64) polls before it is tried
again; time is counted in polls, so the schedule is the same whatever the poll
interval and however long a poll takes. Ctrl-C ends the loop cleanly with a
summary: the store writes each article in its own transaction.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from khronika.errors import InputError, UsageError
from khronika.ingest import ReadResult, feeds, files
from khronika.ingest import http as http_source
from khronika.records import IngestFailure, IngestReport, RawDocument
from khronika.settings import Settings
from khronika.store import FeedState
from khronika.urls import file_url, is_web_url

MAX_BACKOFF_POLLS = 64
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")

Log = Callable[[str], None]


class FeedStore(Protocol):
    """What the watch asks of the store: which pages it holds, and each feed's state."""

    def has_article(self, url: str) -> bool: ...
    def feed_state(self, url: str) -> FeedState: ...
    def save_feed_state(self, state: FeedState, ok: bool) -> None: ...


class FeedIngester(Protocol):
    """Where the watch sends what it read (``Khronika`` is one: ``Khronika.watch``)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def store(self) -> FeedStore: ...
    def ingest_documents(self, documents: Iterable[ReadResult], command: str = "ingest") -> IngestReport: ...


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h``, ``1h30m``, ``2d`` or a bare ``90``."""
    spec = text.strip().lower().replace(" ", "")
    parts = _INTERVAL.findall(spec)
    if (
        not spec
        or "".join(number + unit for number, unit in parts) != spec
        or (len(parts) > 1 and not all(u for _, u in parts))
    ):
        raise UsageError(f"not an interval: {text!r} (use a number of seconds, or 30s, 15m, 1h)")
    seconds = sum(float(number) * _UNITS[unit or "s"] for number, unit in parts)
    if seconds <= 0:
        raise UsageError(f"the interval must be longer than 0 seconds, not {text!r}")
    return seconds


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class WatchSummary:
    polls: int = 0
    ingested: int = 0
    duplicates: int = 0
    failures: int = 0

    def line(self) -> str:
        return (
            f"{_count(self.polls, 'poll')}: {_count(self.ingested, 'new article')}, {self.duplicates} already stored, "
            f"{_count(self.failures, 'failure')}"
        )


@dataclass
class _Poll:
    """What one poll did, for its log line."""

    new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    errors: int = 0
    skipped: int = 0
    visited: set[str] = field(default_factory=set)  # a feed named twice is polled once


class _StoredOrFetched(set[str]):
    """Entry URLs not to fetch again: fetched by this process, or already stored
    (so a restarted watch does not fetch every page of its feeds once more)."""

    def __init__(self, kh: FeedIngester) -> None:
        super().__init__()
        self.kh = kh

    def __contains__(self, url: object) -> bool:
        return super().__contains__(url) or (isinstance(url, str) and self.kh.store.has_article(url))


@dataclass
class _Watcher:
    kh: FeedIngester
    log: Log
    summary: WatchSummary = field(default_factory=WatchSummary)
    next_due: dict[str, int] = field(default_factory=dict)  # feed URL -> poll number
    opml_lists: dict[str, list[str]] = field(default_factory=dict)  # OPML URL -> its feeds
    kinds: dict[str, str] = field(default_factory=dict)  # URL -> "feed" or "opml", once read
    known: set[str] = field(default_factory=set)  # entries whose pages were fetched
    poll: _Poll = field(default_factory=_Poll)
    number: int = 0

    def __post_init__(self) -> None:
        self.known = _StoredOrFetched(self.kh)

    def run_poll(self, sources: list[str]) -> None:
        self.poll = _Poll()
        for source in sources:
            url = source if is_web_url(source) or source.startswith("file:") else file_url(Path(source))
            self._source(url, depth=0)
        self.summary.polls += 1
        poll = self.poll
        parts = [f"poll {self.summary.polls}: {poll.new} new", f"{poll.duplicates} already stored"]
        parts.append(_count(poll.unchanged, "feed") + " unchanged")
        if poll.skipped:
            parts.append(f"{poll.skipped} backing off")
        parts.append(_count(poll.errors, "error"))
        self.log(", ".join(parts))
        self.number += 1

    # -- one source ----------------------------------------------------------------
    def _source(self, url: str, depth: int) -> None:
        if url in self.poll.visited:
            return
        self.poll.visited.add(url)
        if self.next_due.get(url, 0) > self.number:
            self.poll.skipped += 1
            return
        state = self.kh.store.feed_state(url)
        try:
            if is_web_url(url):
                self._web(url, state, depth)
            else:
                self._file(url, state, depth)
        except InputError as err:
            self._error(url, state, err.reason)
        except Exception as err:  # one broken feed must not end the watch
            self._error(url, state, f"internal error: {type(err).__name__}: {err}")

    def _web(self, url: str, state: FeedState, depth: int) -> None:
        # conditional only once this process knows what the URL is: a 304 from an
        # OPML list it has not read would hide the feeds the list names
        known_kind = url in self.kinds
        etag, modified = (state.etag, state.last_modified) if known_kind else (None, None)
        result = http_source.fetch(url, self.kh.settings, etag=etag, last_modified=modified)
        if result.not_modified:
            self._ok(state, state.etag, state.last_modified)
            if self.kinds.get(url) == "opml":
                self._expand(self.opml_lists[url], depth)
            else:
                self.poll.unchanged += 1
            return
        etag, modified = result.header("ETag"), result.header("Last-Modified")
        if http_source.sniff_markup(result.body) == "opml":
            self.opml_lists[url] = feeds.opml_feed_urls(result.body, result.url)
            self.kinds[url] = "opml"
            self._ok(state, etag, modified)
            self._expand(self.opml_lists[url], depth)
            return
        self._ingest(url, result.body, result.url)
        self.kinds[url] = "feed"
        self._ok(state, etag, modified)

    def _file(self, url: str, state: FeedState, depth: int) -> None:
        path = feeds.local_path(url)
        try:
            stat = path.stat()
        except OSError as err:
            raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
        stamp = f"file:{stat.st_size}:{stat.st_mtime_ns}"
        opml = files.sniff_kind(path) == "opml"
        if stamp == state.last_modified and not opml:
            self._ok(state, None, stamp)
            self.poll.unchanged += 1
            return
        content = files.read_bytes(path, self.kh.settings)
        if opml:
            self._ok(state, None, stamp)
            self._expand(feeds.opml_feed_urls(content, url), depth)
            return
        self._ingest(url, content, url)
        self._ok(state, None, stamp)

    def _expand(self, feed_urls: list[str], depth: int) -> None:
        if depth >= 2:  # an OPML listing OPMLs: that far and no further
            return
        for feed_url in feed_urls:
            self._source(feed_url, depth + 1)

    def _ingest(self, url: str, content: bytes, final_url: str) -> None:
        entries = feeds.parse_feed(content, final_url)  # InputError: the feed's own error
        documents = self._documents(entries, url, final_url)
        report = self.kh.ingest_documents(documents, command=f"watch {url}")
        self.poll.new += report.ingested
        self.poll.duplicates += report.duplicates
        self.poll.errors += len(report.failed)
        self.summary.ingested += report.ingested
        self.summary.duplicates += report.duplicates
        self.summary.failures += len(report.failed)
        for failure in report.failed:
            self.log(f"  failed: {failure.input}: {failure.reason}")

    def _documents(self, entries: list[Any], url: str, final_url: str) -> Iterable[RawDocument | IngestFailure]:
        settings = self.kh.settings
        for number, entry in enumerate(entries, start=1):
            yield from feeds.entry_documents(entry, number, final_url, url, settings, self.known)

    # -- feed state ------------------------------------------------------------------
    def _ok(self, state: FeedState, etag: str | None, last_modified: str | None) -> None:
        self.kh.store.save_feed_state(
            replace(state, etag=etag, last_modified=last_modified, errors=0, last_error=None), ok=True
        )
        self.next_due.pop(state.url, None)

    def _error(self, url: str, state: FeedState, reason: str) -> None:
        errors = state.errors + 1
        self.kh.store.save_feed_state(replace(state, errors=errors, last_error=reason), ok=False)
        wait = min(2**errors, MAX_BACKOFF_POLLS)
        self.next_due[url] = self.number + wait
        self.poll.errors += 1
        self.summary.failures += 1
        self.log(f"  error: {url}: {reason} ({_count(errors, 'failure')} in a row; next try in {wait} polls)")


def watch_feeds(
    kh: FeedIngester,
    sources: list[str],
    interval_s: float,
    polls: int | None = None,
    log: Log | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchSummary:
    """Poll ``sources`` every ``interval_s`` seconds, ``polls`` times (None: until
    Ctrl-C), ingesting new feed items. Returns what was done, also after Ctrl-C."""
    if not sources:
        raise UsageError("watch needs at least one feed URL, feed file or OPML list")
    if interval_s <= 0:
        raise UsageError("the poll interval must be longer than 0 seconds")
    say: Log = log or (lambda _line: None)
    watcher = _Watcher(kh, say)
    try:
        while polls is None or watcher.summary.polls < polls:
            if watcher.number:
                sleep(interval_s)
            watcher.run_poll(sources)
    except KeyboardInterrupt:
        say(f"watch stopped after {watcher.summary.line()}")
        return watcher.summary
    say(f"watch done: {watcher.summary.line()}")
    return watcher.summary
