"""What every reader must do with any input, as plain checks over bytes or text,
shared by the Hypothesis tests (test_readers.py) and the long fuzzing run
(fuzz.py): never raise anything but khronika's own input error, and give a
document or a one-line failure with a known kind.

Feeds are read with fetching switched off (``offline``): an entry's link is
never fetched, so no input makes a test touch the network.
"""

from __future__ import annotations

import gzip
import json
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from hypothesis import strategies as st

from khronika.analysis.figures.numbers import DIGITS, raw_numbers, rules_for
from khronika.errors import InputError, KhronikaError
from khronika.extract.article import extract_article
from khronika.extract.dates import find_publication_date, parse_iso_timestamp, parse_user_date
from khronika.ingest import feeds, files, jsonl, warc
from khronika.ingest import http as http_source
from khronika.records import DateSource, DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings

SETTINGS = Settings(max_bytes=200_000, show_progress=False, analyse_on_ingest=False)
KINDS = {kind.value for kind in FailureKind}
_SCRATCH = Path(tempfile.mkdtemp(prefix="khronika-property-"))

# -- strategies: bytes that look a little like each kind of input -------------------------
_TAGS = ["html", "head", "title", "body", "article", "p", "div", "script", "style", "meta", "a", "h1", "time", "br"]
_WORDS = ["Київ", "пожежа", "Олена", "2020-09-14", "14 вересня", "&amp;", "&#0;", "&lt;", "\u202e", "\u200b", "\x00",
          "’", "Ð", "\ufffd", "10,5", "1 200", "%", "млн", " ", "\n", ".", '"', "'", "<", ">", "/", "=", "]]>"]  # fmt: skip


def _markup() -> st.SearchStrategy[str]:
    tag = st.sampled_from(_TAGS)
    piece = st.one_of(
        st.sampled_from(_WORDS),
        st.text(max_size=20),
        tag.map(lambda t: f"<{t}>"),
        tag.map(lambda t: f"</{t}>"),
        st.tuples(tag, st.text(max_size=10)).map(lambda pair: f'<{pair[0]} content="{pair[1]}">'),
    )
    return st.lists(piece, max_size=60).map("".join)


def _encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    codecs = st.sampled_from(["utf-8", "cp1251", "koi8-u", "utf-16", "latin-1"])
    return st.tuples(text, codecs).map(lambda pair: pair[0].encode(pair[1], "replace"))


def any_bytes(looks_like: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Raw bytes, bytes shaped like the input, and those shaped ones cut or with a byte flipped."""
    flipped = st.tuples(looks_like, st.integers(0, 10_000), st.integers(0, 255)).map(
        lambda t: t[0][: t[1] % (len(t[0]) + 1)] + bytes([t[2]]) + t[0][t[1] % (len(t[0]) + 1) + 1 :]
    )
    cut = st.tuples(looks_like, st.floats(0, 1)).map(lambda t: t[0][: int(len(t[0]) * t[1])])
    return st.one_of(st.binary(max_size=2000), looks_like, flipped, cut)


HTML = any_bytes(_encoded(_markup()))
TEXT = any_bytes(_encoded(st.text(max_size=400)))
JSON_LINES = any_bytes(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"url": st.one_of(st.text(max_size=30), st.just("https://herald.example/a/../b")), "text": st.text()},
                optional={
                    "id": st.integers(),
                    "title": st.text(max_size=30),
                    "lang": st.text(max_size=8),
                    "html": _markup(),
                    "published": st.text(max_size=25),
                },
            ).map(lambda record: json.dumps(record, ensure_ascii=False)),
            st.text(max_size=80),
        ),
        max_size=6,
    ).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))
)
FEED = any_bytes(
    st.tuples(_markup(), _markup(), st.sampled_from(["https://herald.example/x", "file:///etc/passwd", "", "x"])).map(
        lambda t: (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f"<item><title>{t[0]}</title><link>{t[2]}</link><description><![CDATA[{t[1]}]]></description></item>"
            "</channel></rss>"
        ).encode("utf-8", "replace")
    )
)
_WARC_RECORD = st.tuples(
    st.sampled_from(["response", "request", "warcinfo", "resource"]), _markup(), st.integers(-5, 5), st.booleans()
)
WARC = any_bytes(st.tuples(st.lists(_WARC_RECORD, max_size=4), st.booleans()).map(lambda t: _warc(t[0], gzipped=t[1])))


def _warc(records: Iterable[tuple[str, str, int, bool]], gzipped: bool) -> bytes:
    """WARC records, some with a wrong Content-Length, some with no target URI."""
    out = b""
    for number, (kind, markup, length_error, with_uri) in enumerate(records):
        uri = f"WARC-Target-URI: https://herald.example/{number}\r\n" if with_uri else ""
        http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{markup}".encode("utf-8", "replace")
        record = (
            (
                f"WARC/1.0\r\nWARC-Type: {kind}\r\n{uri}"
                f"WARC-Record-ID: <urn:uuid:{number}>\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {max(0, len(http) + length_error)}\r\n\r\n"
            ).encode()
            + http
            + b"\r\n\r\n"
        )
        out += gzip.compress(record) if gzipped else record
    return out


# -- the checks -----------------------------------------------------------------------------
def check_results(results: Iterable[RawDocument | IngestFailure]) -> None:
    """Every result a document, or a failure with a one-line reason and a known kind;
    every document extracts to an article or an InputError."""
    for result in results:
        if isinstance(result, IngestFailure):
            assert result.reason and "\n" not in result.reason and result.kind in KINDS, result
            continue
        assert isinstance(result, RawDocument)
        check_document(result)


def check_document(raw: RawDocument) -> None:
    try:
        article = extract_article(raw)
    except InputError as err:
        assert err.reason and "\n" not in err.reason
        return
    assert article.text.strip() and "\x00" not in article.text
    if article.title is not None:
        assert article.title.strip() and "\n" not in article.title and "\u202e" not in article.title


@contextmanager
def offline() -> Iterator[None]:
    def refuse(url: str, *args: object, **kwargs: object) -> http_source.FetchResult:
        raise http_source.FetchError(url, "offline: property tests fetch nothing")

    with mock.patch.object(http_source, "fetch", refuse):
        yield


def _written(data: bytes, suffix: str) -> Path:
    path = _SCRATCH / f"input{suffix}"
    path.write_bytes(data)
    return path


def check_html(data: bytes) -> None:
    check_document(RawDocument(url="https://herald.example/p", input_name="p", kind=DocumentKind.HTML, content=data))
    check_results([files.read_document(_written(data, ".html"), "html", SETTINGS)])


def check_text(data: bytes) -> None:
    path = _written(data, ".txt")
    assert files.sniff_kind(path) == "text"  # a .txt file is text whatever it starts with
    check_results([files.read_document(path, "text", SETTINGS)])


def check_jsonl(data: bytes) -> None:
    check_results(jsonl.read_jsonl(_written(data, ".jsonl"), SETTINGS))


def check_feed(data: bytes) -> None:
    with offline():
        check_results(feeds.feed_documents(data, "file:///feeds/feed.xml", SETTINGS))
        check_results(feeds.read_feed_file(_written(data, ".xml"), SETTINGS, opml=False))


def check_warc(data: bytes) -> None:
    check_results(warc.read_warc(_written(data, ".warc"), SETTINGS))


def check_dates(text: str) -> None:
    parsed = parse_iso_timestamp(text, DateSource.METADATA)
    assert parsed is None or (parsed.value and parsed.value[:4].isdigit())
    try:
        parse_user_date(text)
    except ValueError as err:
        assert "not an ISO date" in str(err)
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(f"<html><body><p>{text}</p></body></html>")
    except (ValueError, KhronikaError):
        return
    find_publication_date(tree, text, "https://herald.example/2020/09/14/a", None)


def check_numbers(text: str) -> None:
    for lang in ("uk", "ru", "en"):
        for number in raw_numbers(text, 0, len(text), (), rules_for(lang), number_words=False):
            assert not math.isnan(number.value), (text, number)


DATES = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?", fullmatch=True),
    st.sampled_from(["14 вересня 2020", "2020-02-30", "0001-01-01", "9999-12-31T23:59:60+14:00"]),
)
NUMBERS = st.one_of(
    st.text(max_size=60), st.from_regex(DIGITS, fullmatch=True), st.text("0123456789 ,.%-–", max_size=80)
)

# reader -> (inputs, check): the fuzzing run takes them all
READERS: dict[str, tuple[st.SearchStrategy[bytes] | st.SearchStrategy[str], Callable[..., None]]] = {
    "html": (HTML, check_html),
    "text": (TEXT, check_text),
    "jsonl": (JSON_LINES, check_jsonl),
    "feeds": (FEED, check_feed),
    "warc": (WARC, check_warc),
    "dates": (DATES, check_dates),
    "numbers": (NUMBERS, check_numbers),
}
