"""Bytes to text: the declared charset when it decodes, else detection.

Order: a charset declared by HTTP headers or a WARC record; one declared in the
page (``<meta charset>``); UTF-8 when the bytes are valid UTF-8; else
charset-normalizer limited to the encodings news pages in our languages use
(cp1251, KOI8-U, KOI8-R, Latin-1 and friends), so a short Cyrillic page is not
mistaken for an exotic code page.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CANDIDATES = [
    "utf_8",
    "cp1251",
    "koi8_u",
    "koi8_r",
    "iso8859_5",
    "mac_cyrillic",
    "cp1252",
    "iso8859_15",
    "iso8859_2",
    "cp1250",
]


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return _known(match.group(1).decode("ascii", "ignore")) if match else None


def decode_bytes(data: bytes, declared: str | None = None, is_html: bool = True) -> tuple[str, str]:
    """Return (text, charset used). Never raises: undecodable bytes are replaced."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    for charset in (_known(declared), declared_charset(data) if is_html else None):
        if charset:
            try:
                return data.decode(charset), charset
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    charset = best.encoding if best is not None else "cp1252"
    return data.decode(charset, "replace"), codecs.lookup(charset).name
