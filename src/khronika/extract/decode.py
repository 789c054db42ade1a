"""Bytes to text: the declared charset when it decodes, else detection.

Order: a charset declared by HTTP headers or a WARC record; one declared in the
page (``<meta charset>``); UTF-8 when the bytes are valid UTF-8; else
charset-normalizer limited to the encodings news pages in our languages use
(cp1251, KOI8-U, KOI8-R, Latin-1 and friends), so a short Cyrillic page is not
mistaken for an exotic code page.

Text that is UTF-8 but for a few bad bytes (a copy cut mid-character, one
pasted byte) stays UTF-8: the bad bytes become U+FFFD and a warning says how
many. Detection on such text would pick a single-byte code page and turn every
letter into mojibake (``Ð—Ð°Ð³Ð¾Ð»Ð¾Ð²Ð¾Ðº``). A file whose lines are in different
encodings (UTF-8 paragraphs, then cp1251 ones) is decoded line by line.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
_SINGLE_BYTE = [charset for charset in _CANDIDATES if charset != "utf_8"]
# a line is UTF-8 when this many of its non-ASCII characters decode for each one that does not
_UTF8_VALID_PER_BAD = 4
# non-ASCII characters a valid UTF-8 line needs to prove the file holds UTF-8: a line of
# cp1251 Ukrainian is valid UTF-8 by chance only when it is a letter or two long
_UTF8_PROOF_CHARS = 3


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # "utf-8", "cp1251", … or "utf-8+cp1251" for a file of mixed lines
    warnings: tuple[str, ...] = ()


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
    decoded = decode_document(data, declared, is_html)
    return decoded.text, decoded.charset


def decode_document(data: bytes, declared: str | None = None, is_html: bool = True) -> Decoded:
    """The text of ``data``, the charset it was read in and what was replaced. Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_replacing(data[3:])
    for charset in (_known(declared), declared_charset(data) if is_html else None):
        if charset:
            try:
                return Decoded(data.decode(charset), charset)
            except UnicodeDecodeError:
                continue
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    utf8_lines = [_is_utf8_line(line) for line in lines]
    if not any(_proves_utf8(line) for line, is_utf8 in zip(lines, utf8_lines, strict=True) if is_utf8):
        return _detected(data)
    if all(utf8_lines):
        return _utf8_replacing(data)
    # UTF-8 lines and lines in a single-byte code page: each line in its own
    others = b"".join(line for line, is_utf8 in zip(lines, utf8_lines, strict=True) if not is_utf8)
    single = _detected(others, _SINGLE_BYTE).charset
    parts = [line.decode("utf-8", "replace") if is_utf8 else line.decode(single, "replace")
             for line, is_utf8 in zip(lines, utf8_lines, strict=True)]  # fmt: skip
    replaced = sum(part.count("\ufffd") for part in parts)
    warnings = [f"mixed encodings: {sum(not u for u in utf8_lines)} of {len(lines)} lines read as {single}"]
    if replaced:
        warnings.append(f"{replaced} invalid UTF-8 bytes replaced by U+FFFD")
    return Decoded("".join(parts), f"utf-8+{single}", tuple(warnings))


def _is_utf8_line(line: bytes) -> bool:
    """True for a line that is UTF-8 but for a few bad bytes (pure ASCII included)."""
    text = line.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    valid = sum(1 for char in text if ord(char) > 127) - bad
    return bad == 0 or valid >= _UTF8_VALID_PER_BAD * bad


def _proves_utf8(line: bytes) -> bool:
    return sum(1 for char in line.decode("utf-8", "replace") if ord(char) > 127 and char != "\ufffd") >= (
        _UTF8_PROOF_CHARS
    )


def _utf8_replacing(data: bytes) -> Decoded:
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # U+FFFD written as such is no bad byte
    warnings = (f"{replaced} invalid UTF-8 bytes replaced by U+FFFD",) if replaced else ()
    return Decoded(text, "utf-8", warnings)


def _detected(data: bytes, candidates: list[str] = _CANDIDATES) -> Decoded:
    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    charset = best.encoding if best is not None else "cp1252"
    if codecs.lookup(charset).name == "utf-8":  # only where the bytes are no UTF-8: never for the whole text
        charset = "cp1252"
    return Decoded(data.decode(charset, "replace"), codecs.lookup(charset).name)
