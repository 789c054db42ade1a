"""URL identity and outlets.

An article is its canonical URL; these helpers make equal URLs compare equal and
name the outlet behind a URL by its registered domain (public suffix list snapshot
shipped inside tldextract: no network at run time).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "ref_src")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def is_web_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no default port, no tracking query.
    A URL that does not parse (``http://[``, a port over 65535) comes back stripped."""
    if url_problem(url) is not None:
        return url.strip()
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and str(parts.port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    return urlunsplit((scheme, host, remove_dot_segments(parts.path or "/"), urlencode(query), ""))


def url_problem(url: str) -> str | None:
    """Why ``url`` does not parse as a URL (``Invalid IPv6 URL``, a bad port), or None."""
    try:
        _ = urlsplit(url.strip()).port
    except ValueError as err:
        return str(err)
    return None


def remove_dot_segments(path: str) -> str:
    """``/a/../b/./c`` -> ``/b/c`` (RFC 3986, 5.2.4): one page, one URL; never above the root."""
    if "." not in path:
        return path
    segments = path.split("/")
    kept: list[str] = []
    for number, segment in enumerate(segments):
        last = number == len(segments) - 1
        if segment in (".", ".."):
            if segment == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
            continue
        kept.append(segment)
    return "/".join(kept) or "/"


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() keeps tldextract on its bundled snapshot: no download
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    """``https://news.example.co.uk/a`` -> ``example.co.uk``; None for non-web URLs."""
    if not is_web_url(url):
        return None
    parts = _extractor()(url)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}".lower()
    host = urlsplit(url).hostname
    return host.lower() if host else None
