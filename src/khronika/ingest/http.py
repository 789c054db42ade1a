"""http(s) URLs: one article page, a feed or an OPML list, fetched politely.

Every request goes through ``fetch``: the stdlib ``urllib.request``, a timeout
(``Settings.http_timeout_s``), khronika's own User-Agent, at most
``Settings.max_bytes`` read, and robots.txt obeyed (fetched with the same
fetcher and the same User-Agent, cached per host for an hour). A 404 or
unreachable robots.txt allows everything; a 401/403 one forbids everything, as
``urllib.robotparser`` does. Failures raise ``FetchError``: an ``InputError``
naming the URL with a one-line reason.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from khronika.errors import InputError
from khronika.ingest.addresses import AddressRefused, PublicHTTPHandler, PublicHTTPSHandler
from khronika.records import DocumentKind, FailureKind, IngestFailure, RawDocument
from khronika.settings import Settings
from khronika.text import over_limit
from khronika.urls import canonical_url, is_web_url

_ROBOTS_TTL_S = 3600.0  # a long ``watch`` re-reads robots.txt this often
_ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB of robots.txt
_SNIFF_BYTES = 2048
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_HINTS = ("rss", "atom", "xml")
_DROPPED_HEADERS = {"set-cookie"}  # a site's cookies are no part of an article

# (scheme://host:port, user agent) -> (parser, monotonic time it was read)
_robots_cache: dict[tuple[str, str], tuple[urllib.robotparser.RobotFileParser, float]] = {}


MAX_REDIRECTS = 5


class FetchError(InputError):
    """A URL that could not be fetched; ``status`` is the HTTP status, if any."""

    def __init__(self, url: str, reason: str, status: int | None = None, kind: str = "") -> None:
        super().__init__(url, reason, kind)
        self.status = status


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """At most MAX_REDIRECTS redirects, to http(s) only: urllib itself would follow
    ten, and one to ftp:. Each one is a new connection, its address checked anew."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if not is_web_url(newurl) or len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
            fp.close()  # urllib closes the response it follows; this one is not followed
        if not is_web_url(newurl):
            raise FetchError(newurl, f"redirected to a non-web URL {newurl[:100]} (refused)", code, FailureKind.REFUSED)
        if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
            raise FetchError(newurl, f"more than {MAX_REDIRECTS} redirects", code, FailureKind.NETWORK)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# public addresses only, and every address (--allow-private-addresses)
_public_opener = urllib.request.build_opener(_WebRedirects, PublicHTTPHandler, PublicHTTPSHandler)
_any_opener = urllib.request.build_opener(_WebRedirects)


@dataclass(frozen=True)
class FetchResult:
    """One HTTP response: ``url`` is the final URL after redirects."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    not_modified: bool = False  # a 304 answer to a conditional request

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)

    @property
    def media_type(self) -> str:
        """``text/html`` from ``text/html; charset=utf-8``; empty when not given."""
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        message = Message()
        message["Content-Type"] = self.header("Content-Type") or ""
        return message.get_content_charset()


def clear_robots_cache() -> None:
    _robots_cache.clear()


def fetch(
    url: str,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    robots: bool = True,
) -> FetchResult:
    """GET ``url``; conditional when ``etag``/``last_modified`` are given.

    Raises FetchError (naming ``url``) for a refusal by robots.txt, a host that
    is not public (``addresses``; unless ``settings.allow_private_addresses``),
    a network error, an HTTP error status or a body over ``settings.max_bytes``
    (the download stops there). A 304 answer is a result with ``not_modified``
    set and no body.
    """
    if not is_web_url(url):
        raise FetchError(url, "not an http(s) URL", kind=FailureKind.REFUSED)
    if robots and settings.respect_robots and not robots_allow(url, settings):
        raise FetchError(url, "disallowed by robots.txt", kind=FailureKind.REFUSED)
    headers = {"User-Agent": settings.user_agent, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        request = urllib.request.Request(url, headers=headers)
    except ValueError as err:
        raise FetchError(url, f"not a valid URL ({err})", kind=FailureKind.MALFORMED) from None
    opener = _any_opener if settings.allow_private_addresses else _public_opener
    try:
        with opener.open(request, timeout=settings.http_timeout_s) as response:
            final_url = response.geturl()
            kept = _headers(response.headers)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > settings.max_bytes:
                raise FetchError(url, over_limit(int(length), settings.max_bytes), kind=FailureKind.TOO_LARGE)
            body = response.read(settings.max_bytes + 1)
            status = int(response.status)
    except urllib.error.HTTPError as err:
        try:
            if err.code == 304:
                return FetchResult(url, 304, _headers(err.headers), b"", not_modified=True)
            reason = f"HTTP {err.code} {err.reason}".rstrip()
        finally:
            err.close()
        raise FetchError(url, reason, err.code, FailureKind.NETWORK) from None
    except FetchError as err:
        raise FetchError(url, err.reason, err.status, err.kind) from None  # named by the URL asked for
    except Exception as err:
        reason = network_reason(err, settings)
        kind = FailureKind.REFUSED if reason.startswith("refused:") else FailureKind.NETWORK
        raise FetchError(url, reason, kind=kind) from None
    if len(body) > settings.max_bytes:
        raise FetchError(url, over_limit(None, settings.max_bytes), kind=FailureKind.TOO_LARGE)
    return FetchResult(final_url, status, kept, body)


def _headers(message: Message) -> dict[str, str]:
    kept: dict[str, str] = {}
    for key, value in message.items():
        if key.lower() in _DROPPED_HEADERS:
            continue
        kept[key] = f"{kept[key]}, {value}" if key in kept else value
    return kept


def network_reason(err: BaseException, settings: Settings) -> str:
    """A one-line reason for a failed request: refused, timed out, DNS …"""
    cause: BaseException = err
    if isinstance(err, urllib.error.URLError) and isinstance(err.reason, BaseException):
        cause = err.reason
    if isinstance(cause, AddressRefused):
        return str(cause)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return f"timed out after {settings.http_timeout_s:g} s"
    if isinstance(cause, socket.gaierror):
        return f"host not found (DNS: {cause.strerror or cause})"
    if isinstance(cause, ssl.SSLError):
        return f"TLS error ({getattr(cause, 'reason', None) or cause})"
    if isinstance(cause, ConnectionError):
        return f"connection failed ({cause.strerror or type(cause).__name__})"
    if isinstance(cause, http.client.HTTPException):
        return f"bad HTTP response ({type(cause).__name__}: {cause})".replace(": )", ")")
    if isinstance(err, urllib.error.URLError):
        return f"cannot fetch ({err.reason})"
    if isinstance(cause, OSError):
        return f"cannot fetch ({cause.strerror or cause})"
    if isinstance(cause, ValueError):
        return f"not a valid URL ({cause})"
    return f"cannot fetch ({type(cause).__name__}: {cause})"


# -- robots.txt ------------------------------------------------------------------------
def robots_allow(url: str, settings: Settings) -> bool:
    """True when the host's robots.txt lets ``settings.user_agent`` fetch ``url``."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return True
    if parts.path == "/robots.txt":
        return True
    host = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
    key = (host, settings.user_agent)
    cached = _robots_cache.get(key)
    if cached is None or time.monotonic() - cached[1] > _ROBOTS_TTL_S:
        cached = (_read_robots(host, settings), time.monotonic())
        _robots_cache[key] = cached
    return cached[0].can_fetch(settings.user_agent, url)


def _read_robots(host: str, settings: Settings) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
    small = settings.with_(max_bytes=min(settings.max_bytes, _ROBOTS_MAX_BYTES))
    try:
        result = fetch(host + "/robots.txt", small, robots=False)
    except FetchError as err:
        forbidden = err.status in (401, 403)  # 404, 5xx, unreachable, too big: nothing forbids
        parser.parse(["User-agent: *", "Disallow: /"] if forbidden else [])
        return parser
    parser.parse(result.body.decode("utf-8", "replace").splitlines())
    return parser


# -- URL sources -------------------------------------------------------------------------
def sniff_markup(body: bytes) -> str | None:
    """``feed`` or ``opml`` for an XML body whose root says so, else None."""
    head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return None
    if b"<opml" in head:
        return "opml"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return None


def read_url(url: str, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """One article page; or the items of a feed; or those of every feed an OPML lists."""
    try:
        result = fetch(url, settings)
    except FetchError as err:
        yield IngestFailure(url, err.reason, err.kind)
        return
    yield from response_documents(url, result, settings)


def read_page(url: str, settings: Settings) -> RawDocument | IngestFailure:
    """One article page, never a feed or an OPML (a feed entry's link: no loops)."""
    try:
        result = fetch(url, settings)
    except FetchError as err:
        return IngestFailure(url, err.reason, err.kind)
    if result.media_type not in _HTML_TYPES and sniff_markup(result.body):
        return IngestFailure(url, "links to a feed or an OPML list, not to an article page", FailureKind.UNSUPPORTED)
    return page_document(url, result)


def response_documents(name: str, result: FetchResult, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    """The documents of one response: a page, a feed's items or an OPML's feeds' items."""
    media_type = result.media_type
    markup = None if media_type in _HTML_TYPES else sniff_markup(result.body)
    if markup == "opml":
        from khronika.ingest import feeds

        yield from feeds.opml_documents(result.body, result.url, settings, name=name)
        return
    if markup == "feed" and (
        not media_type or any(hint in media_type for hint in _FEED_HINTS) or media_type == "text/plain"
    ):
        from khronika.ingest import feeds

        yield from feeds.feed_documents(result.body, result.url, settings, name=name)
        return
    yield page_document(name, result)


def page_document(name: str, result: FetchResult) -> RawDocument | IngestFailure:
    """An HTML or text response as a document; the final URL is its identity."""
    media_type = result.media_type
    if media_type in _HTML_TYPES or "xml" in media_type:
        kind = DocumentKind.HTML
    elif media_type == "text/plain":
        kind = DocumentKind.TEXT
    elif not media_type:
        kind = DocumentKind.HTML if result.body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else DocumentKind.TEXT
    else:
        return IngestFailure(
            name, f"not an HTML page, text, feed or OPML (Content-Type: {media_type[:80]})", FailureKind.UNSUPPORTED
        )
    return RawDocument(
        url=canonical_url(result.url),
        input_name=name,
        kind=kind,
        content=result.body,
        charset=result.charset,
        http_headers=result.headers,
    )
