"""URL sources, RSS/Atom feeds, OPML lists and ``watch``, against a local HTTP server."""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import khronika
from khronika.errors import StoreError, UsageError
from khronika.ingest import feeds
from khronika.ingest import http as http_source
from khronika.records import DateSource, IngestFailure, RawDocument
from khronika.run.watch import parse_interval, watch_feeds
from khronika.settings import USER_AGENT, Settings
from khronika.store.sqlite.reader import SQLiteReaderSpec
from tests.fixtures.pages import PARAGRAPHS, page
from tests.httpserver import LocalServer, Response, SeenRequest, closed_port

RSS_TYPE = "application/rss+xml; charset=utf-8"


@pytest.fixture
def web() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_robots() -> Iterator[None]:
    http_source.clear_robots_cache()  # ports are reused between tests
    yield
    http_source.clear_robots_cache()


def story(n: int) -> list[str]:
    return [f"{p} Update number {n} on the wildfire." for p in PARAGRAPHS["en"]]


def article_page(n: int, url: str | None = None, published: str | None = "2020-09-15T09:00:00+00:00") -> bytes:
    return page(f"Wildfire update {n}", url=url, published=published, paragraphs=story(n)).encode()


def rss(items: list[tuple[str, str, str | None]], title: str = "Test Herald") -> bytes:
    """items: (title, link, full HTML content or None)."""
    parts = []
    for n, (item_title, link, content) in enumerate(items):
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(
            f"<item><title>{html.escape(item_title)}</title><link>{html.escape(link)}</link>"
            f"<pubDate>Tue, 15 Sep 2020 {10 + n:02d}:00:00 +0300</pubDate><description>Short teaser {n} about the wildfire near Hillside.</description>"
            f"{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://herald.example/</link>{''.join(parts)}</channel></rss>"
    ).encode()


def full_items(count: int, prefix: str = "https://herald.example/news") -> list[tuple[str, str, str | None]]:
    return [(f"Item {n}", f"{prefix}/{n}", "".join(f"<p>{p}</p>" for p in story(n))) for n in range(count)]


# -- article URLs ------------------------------------------------------------------------
def test_article_url_keeps_headers_identity_and_sends_our_user_agent(web: LocalServer, tmp_path: Path) -> None:
    canonical = "https://herald.example/news/fire"
    web.route(
        "/news/fire?utm_source=x", Response(body=article_page(1, url=canonical), headers={"X-Edition": "morning"})
    )
    web.route("/old", Response(301, headers={"Location": "/new"}))
    web.route("/new", Response(body=article_page(2)))
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        report = kh.ingest([web.url("/news/fire?utm_source=x"), web.url("/old")], progress=False)
        assert (report.ingested, report.failed) == (2, [])
        first, second = (kh.article(i) for i in report.articles)
    assert first.url == canonical and first.title == "Wildfire update 1"
    assert first.http_headers["X-Edition"] == "morning"
    assert first.http_headers["Content-Type"].startswith("text/html")
    assert second.url == web.url("/new")  # no canonical link: the final URL after the redirect
    agents = {request.headers.get("user-agent") for request in web.requests}
    assert agents == {USER_AGENT}
    assert len(web.requests_to("/robots.txt")) == 1  # read once per host


def test_robots_txt_disallow_is_a_failure(web: LocalServer, tmp_path: Path) -> None:
    web.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    web.route("/private/a", Response(body=article_page(1)))
    web.route("/public/a", Response(body=article_page(2)))
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        report = kh.ingest([web.url("/private/a"), web.url("/public/a")], progress=False)
    assert report.ingested == 1
    assert report.failed == [IngestFailure(web.url("/private/a"), "disallowed by robots.txt")]
    assert web.requests_to("/private/a") == []


def test_unreachable_404_and_oversized_urls_are_failures(web: LocalServer, tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}/story"
    web.route("/big", Response(body=article_page(1) + b" " * 5000))
    web.route("/big-unsized", Response(body=article_page(2) + b" " * 5000, send_length=False))
    web.route("/to-ftp", Response(302, headers={"Location": "ftp://127.0.0.1/x"}))
    urls = [unreachable, web.url("/missing"), web.url("/big"), web.url("/big-unsized"), web.url("/to-ftp")]
    with khronika.open(
        tmp_path / "k.db", Settings(allow_private_addresses=True, max_bytes=4000, show_progress=False)
    ) as kh:
        report = kh.ingest(urls)
    assert report.ingested == 0
    reasons = {failure.input: failure.reason for failure in report.failed}
    assert reasons[unreachable] == "connection refused"
    assert reasons[web.url("/missing")] == "HTTP 404 Not Found"
    assert "is over the 3.9 kB size limit" in reasons[web.url("/big")]
    assert reasons[web.url("/big-unsized")] == "over the 3.9 kB size limit (--max-bytes)"
    assert reasons[web.url("/to-ftp")] == "redirected to a non-web URL ftp://127.0.0.1/x (refused)"


def test_slow_server_times_out(web: LocalServer, tmp_path: Path) -> None:
    web.route("/slow", Response(body=article_page(1), delay_s=1.0))
    with khronika.open(
        tmp_path / "k.db", Settings(allow_private_addresses=True, http_timeout_s=0.2, show_progress=False)
    ) as kh:
        report = kh.ingest([web.url("/slow")])
    assert report.failed == [IngestFailure(web.url("/slow"), "timed out after 0.2 s")]


# -- feeds -------------------------------------------------------------------------------
def test_feed_url_items_from_content_and_from_linked_pages(web: LocalServer, tmp_path: Path) -> None:
    undated = web.url("/news/undated")
    web.route("/news/undated", Response(body=article_page(7, published=None)))
    web.route("/news/gone", Response(500))
    items = [*full_items(1), ("Undated page", undated + "?utm_medium=rss", None), ("Gone", web.url("/news/gone"), None)]
    web.route("/feed", Response(body=rss(items), content_type=RSS_TYPE))
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        report = kh.ingest([web.url("/feed")], progress=False)
        assert (report.ingested, report.failed) == (3, [])
        full, fetched, teaser = (kh.article(i) for i in report.articles)
    assert full.url == "https://herald.example/news/0" and full.title == "Item 0"
    assert full.published.value == "2020-09-15T07:00:00+00:00" and full.published.source is DateSource.METADATA
    assert full.extra == {"feed": web.url("/feed")} and "Update number 0" in full.text
    assert fetched.url == undated and fetched.title == "Wildfire update 7"  # the page's title wins
    assert fetched.published.value == "2020-09-15T08:00:00+00:00"  # the page has no date: the entry's
    assert fetched.http_headers["Content-Type"].startswith("text/html")
    # the page could not be fetched: the entry's summary stands in for it
    assert teaser.url == web.url("/news/gone")
    assert teaser.text == "Short teaser 2 about the wildfire near Hillside."


def test_feed_documents_page_date_beats_entry_date(web: LocalServer) -> None:
    web.route("/a", Response(body=article_page(1, published="2020-09-14T06:00:00+00:00")))
    documents = list(
        feeds.feed_documents(
            rss([("A", web.url("/a"), None)]), web.url("/feed"), Settings(allow_private_addresses=True)
        )
    )
    assert len(documents) == 1 and isinstance(documents[0], RawDocument)
    assert documents[0].published is None and documents[0].title == "A"


def test_entry_linking_to_a_feed_does_not_loop(web: LocalServer) -> None:
    web.route("/feed", Response(body=rss([("Loop", web.url("/feed"), None)]), content_type=RSS_TYPE))
    (document,) = http_source.read_url(web.url("/feed"), Settings(allow_private_addresses=True))
    assert isinstance(document, RawDocument)  # the entry's summary, not the feed again
    assert document.content.count(b"Short teaser 0") == 1 and len(web.requests_to("/feed")) == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("feed.xml", b"This is plain text, not a feed at all.\n"),
        ("feed.xml", page("No entries here").encode()),
        ("broken.rss", b"<rss version='2.0'><channel><title>Broken & cut off"),
    ],
)
def test_feed_file_that_is_no_feed(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    found = list(feeds.read_feed_file(path, Settings(), opml=False))
    assert len(found) == 1 and isinstance(found[0], IngestFailure)
    assert found[0].input == str(path) and found[0].reason.startswith("not an RSS/Atom feed (")


def test_broken_feed_file_through_ingest(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_bytes(b"<rss version='2.0'><channel><title>Broken & cut off")
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        report = kh.ingest([str(path)], progress=False)
    assert report.ingested == 0 and [f.input for f in report.failed] == [str(path)]
    assert report.failed[0].reason.startswith("not an RSS/Atom feed")


def test_opml_file_lists_a_local_feed_file_and_a_feed_url(web: LocalServer, tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "local.xml").write_bytes(rss(full_items(2, "https://local.example/n"), "Local"))
    web.route(
        "/remote.xml", Response(body=rss(full_items(1, "https://remote.example/n"), "Remote"), content_type=RSS_TYPE)
    )
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        '<outline text="News"><outline text="Local" type="rss" xmlUrl="feeds/local.xml"/>'
        f'<outline text="Remote" type="rss" xmlUrl="{web.url("/remote.xml")}"/></outline>'
        '<outline text="no feed here"/></body></opml>'
    )
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        report = kh.ingest([str(opml)], progress=False)
        urls = sorted(kh.article(i).url for i in report.articles)
    assert (report.ingested, report.failed) == (3, [])
    assert urls == ["https://local.example/n/0", "https://local.example/n/1", "https://remote.example/n/0"]


# -- watch -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("90", 90), (" 1h30m ", 5400), ("0.5s", 0.5)]
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "-5", "0", "1h30", "m"])
def test_parse_interval_refuses_bad_values(text: str) -> None:
    with pytest.raises(UsageError, match="interval"):
        parse_interval(text)


class ChangingFeed:
    """Two items, then three; answers 304 when If-None-Match names its ETag."""

    def __init__(self, web: LocalServer) -> None:
        self.web = web
        self.version = 1
        self.conditional = 0

    def __call__(self, request: SeenRequest) -> Response:
        etag = f'"v{self.version}"'
        if request.headers.get("if-none-match"):
            self.conditional += 1
            if request.headers["if-none-match"] == etag:
                return Response(304, headers={"ETag": etag})
        items = [("Fetched", self.web.url("/news/page"), None), *full_items(self.version)]
        return Response(body=rss(items), content_type=RSS_TYPE, headers={"ETag": etag})


def test_watch_ingests_new_items_then_gets_304(web: LocalServer, tmp_path: Path) -> None:
    feed = ChangingFeed(web)
    web.route("/feed", feed)
    web.route("/news/page", Response(body=article_page(9)))
    lines: list[str] = []

    def between_polls(seconds: float) -> None:
        assert seconds == 60
        feed.version = 2  # the feed gains one item, then stays put

    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        summary = watch_feeds(kh, [web.url("/feed")], 60, polls=3, log=lines.append, sleep=between_polls)
        state = kh.store.feed_state(web.url("/feed"))
        assert len(kh.articles()) == 3
    assert (summary.polls, summary.ingested, summary.failures) == (3, 3, 0)
    assert [line.split(",")[0] for line in lines[:3]] == ["poll 1: 2 new", "poll 2: 1 new", "poll 3: 0 new"]
    assert "1 feed unchanged" in lines[2] and lines[-1].startswith("watch done: 3 polls")
    assert feed.conditional == 2 and state.etag == '"v2"' and state.errors == 0
    assert len(web.requests_to("/news/page")) == 1  # a page fetched once is not fetched again


def test_watch_follows_an_opml_url_also_when_it_is_unchanged(web: LocalServer, tmp_path: Path) -> None:
    opml = (
        b'<opml version="1.0"><body><outline xmlUrl="/a.xml"/><outline xmlUrl="/b.xml"/>'
        b'<outline xmlUrl="/a.xml"/></body></opml>'
    )
    web.route(
        "/list.opml",
        lambda request: (
            Response(304)
            if request.headers.get("if-none-match") == '"o"'
            else Response(body=opml, content_type="text/x-opml", headers={"ETag": '"o"'})
        ),
    )
    web.route("/a.xml", Response(body=rss(full_items(1, "https://a.example/n")), content_type=RSS_TYPE))
    web.route("/b.xml", Response(body=rss(full_items(2, "https://b.example/n")), content_type=RSS_TYPE))
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        summary = watch_feeds(kh, [web.url("/list.opml")], 1, polls=2, sleep=lambda _s: None)
    assert (summary.ingested, summary.duplicates, summary.failures) == (3, 3, 0)
    assert [len(web.requests_to(path)) for path in ("/list.opml", "/a.xml", "/b.xml")] == [2, 2, 2]


def test_watch_backs_off_a_failing_feed(web: LocalServer, tmp_path: Path) -> None:
    web.route("/bad", Response(500, b"oops", "text/plain"))
    web.route("/good", Response(body=rss(full_items(1)), content_type=RSS_TYPE, headers={"ETag": '"g"'}))
    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        summary = watch_feeds(kh, [web.url("/bad"), web.url("/good")], 1, polls=7, sleep=lambda _s: None)
        state = kh.store.feed_state(web.url("/bad"))
    assert len(web.requests_to("/bad")) == 3  # polls 1, 3 and 7: 2, then 4 polls apart
    assert len(web.requests_to("/good")) == 7
    assert state.errors == 3 and state.last_error == "HTTP 500 Internal Server Error"
    assert (summary.ingested, summary.failures) == (1, 3)


def test_watch_feed_file_unchanged_and_ctrl_c_in_sleep(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(full_items(2)))
    lines: list[str] = []
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    with khronika.open(tmp_path / "k.db", Settings(allow_private_addresses=True)) as kh:
        summary = watch_feeds(kh, [str(path)], 5, log=lines.append, sleep=sleep)
    assert (summary.polls, summary.ingested) == (2, 2)
    assert "1 feed unchanged" in lines[1]
    assert lines[-1] == "watch stopped after 2 polls: 2 new articles, 0 already stored, 0 failures"


def _article_count(db: Path) -> int:
    """Articles stored so far, read beside the running writer (a read-only view)."""
    try:
        reader = SQLiteReaderSpec(str(db)).open_reader()
    except StoreError:
        return 0  # not created yet
    try:
        return reader.article_count()
    except StoreError:
        return 0  # created, its tables not yet
    finally:
        reader.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_watch_command_stops_cleanly_on_sigint(web: LocalServer, tmp_path: Path) -> None:
    web.route("/feed", Response(body=rss(full_items(2)), content_type=RSS_TYPE))
    db = tmp_path / "k.db"
    command = Path(sys.executable).parent / "khronika"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # a shell starting pytest in the background may have set SIGINT to "ignore",
    # which a child inherits: restore the default, then exec the real command
    restore = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    )
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            restore,
            str(command),
            "--db",
            str(db),
            "--allow-private-addresses",
            "watch",
            web.url("/feed"),
            "--every",
            "1s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        deadline = time.monotonic() + 60
        while _article_count(db) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()[1].decode()
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=30)
    stderr = err.decode()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "watch stopped after" in stderr
    assert _article_count(db) == 2
