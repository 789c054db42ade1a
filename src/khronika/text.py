"""Small text helpers shared by extraction and the store."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Apostrophe look-alikes used inside words (Ukrainian п’ять / пʼять / п'ять, English
# don’t). Each is one character, so replacing it keeps every offset valid.
_APOSTROPHES = "\u2019\u02bc\u02b9\u0060\u00b4\u2032\u2018"
_APOSTROPHE_IN_WORD = re.compile(rf"(?<=\w)[{_APOSTROPHES}](?=\w)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


# for single words (lookups, features): the common apostrophe variants as ASCII ``'``
WORD_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def normalise_apostrophes(text: str) -> str:
    """Map in-word apostrophe variants to ASCII ``'``, one character for one."""
    return _APOSTROPHE_IN_WORD.sub("'", text)


def clean_lines(text: str) -> list[str]:
    """NFC-normalise, collapse runs of spaces, and return the non-empty lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return [line for raw in text.split("\n") if (line := _SPACES.sub(" ", raw).strip())]


def content_hash(text: str) -> str:
    """A hash of the text that ignores whitespace layout: same words, same hash."""
    canonical = " ".join(text.split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control characters."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)


def human_size(size: int) -> str:
    """``20971520`` -> ``20 MB``; ``200000`` -> ``195 kB`` (binary units, short names)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 and value != int(value) else f"{value:.0f} {unit}"
    return f"{size} bytes"


def over_limit(size: int | None, limit: int) -> str:
    """The reason for refusing a document; ``size`` None where only "more" is known."""
    if size is None:
        return f"over the {human_size(limit)} size limit (--max-bytes)"
    return f"{human_size(size)} is over the {human_size(limit)} size limit (--max-bytes)"
