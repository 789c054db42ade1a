"""Property tests: every reader, and the date and number parsers, on arbitrary input.

Each test runs a reader's check (readers.py) on inputs Hypothesis draws: raw
bytes, bytes shaped like that kind of input, and those cut short or with a byte
flipped. ``make fuzz`` runs the same checks for minutes each (fuzz.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import khronika
from khronika.errors import InputError
from khronika.extract.article import extract_article
from khronika.records import DocumentKind, RawDocument
from tests.property import readers

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@EXAMPLES
@given(readers.HTML)
@example(b"\x01<script></script>!")  # lxml refused to set a text holding \x01 (found by make fuzz)
@example(b"<body><html><script>")  # a <script> at the tree's root failed htmldate (found by make fuzz)
@example(b"</html><body><!")  # a page parsed as one comment (found by make fuzz)
def test_html_reader(data: bytes) -> None:
    readers.check_html(data)


@EXAMPLES
@given(readers.TEXT)
def test_text_reader(data: bytes) -> None:
    readers.check_text(data)


@EXAMPLES
@given(readers.JSON_LINES)
@example(b'{"url":"!","":"","html":"</html><body><script>"}')  # the same, through JSONL (found by make fuzz)
def test_jsonl_reader(data: bytes) -> None:
    readers.check_jsonl(data)


@EXAMPLES
@given(readers.FEED)
def test_feed_reader(data: bytes) -> None:
    readers.check_feed(data)


@EXAMPLES
@given(readers.WARC)
def test_warc_reader(data: bytes) -> None:
    readers.check_warc(data)


@EXAMPLES
@given(readers.DATES)
def test_date_parsers(text: str) -> None:
    readers.check_dates(text)


@EXAMPLES
@given(readers.NUMBERS)
def test_number_parser(text: str) -> None:
    readers.check_numbers(text)


_STORE = Path(tempfile.mkdtemp(prefix="khronika-reread-")) / "k.db"
_WORDS = st.sampled_from(["Київ", "пожежа", "Олена", "сказала,", "що", "’", "\u202e", "\u200b", "<b>", "&amp;", "10,5"])
_ARTICLE = st.tuples(
    st.lists(st.one_of(_WORDS, st.text(min_size=1, max_size=12)), min_size=8, max_size=60).map(" ".join),
    st.booleans(),
)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ARTICLE)
def test_a_stored_article_re_reads_as_stored(drawn: tuple[str, bool]) -> None:
    text, as_html = drawn
    body = f"<html><body><article><p>{text}</p></article></body></html>" if as_html else text
    number = abs(hash(drawn))
    raw = RawDocument(
        url=f"https://herald.example/{number}",
        input_name=str(number),
        kind=DocumentKind.HTML if as_html else DocumentKind.TEXT,
        content=body.encode("utf-8", "surrogatepass"),
    )
    try:
        article = extract_article(raw)
    except InputError:
        return
    with khronika.open(_STORE, readers.SETTINGS) as kh:
        report = kh.ingest_documents([raw])
        assert not report.failed, report.failed
        stored = kh.article(report.articles[0]) if report.articles else None
    if stored is not None:  # None: this very text was stored before (a duplicate)
        assert (stored.title, stored.text, stored.lang, stored.url) == (
            article.title,
            article.text,
            article.lang,
            article.url,
        )
