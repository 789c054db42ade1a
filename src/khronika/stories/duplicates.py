"""Near-duplicate and syndicated copies: MinHash signatures with an LSH index in the store.

1. A text becomes word shingles: NFKC, case-folded, apostrophes and ё unified, the
   ``\\w+`` words cut to their first ``STEM_CHARS`` characters (a crude stemmer: Slavic
   and Romance inflections mostly change the ending, so задержаны/задержанных meet),
   every run of ``SHINGLE_WORDS`` words one shingle. A word's hash is the CRC-32 of its
   bytes (stable everywhere, unlike Python's salted ``hash``); a shingle's is a
   polynomial of its words' hashes, computed with numpy.
2. Its MinHash signature: for each of ``PERMUTATIONS`` universal hash functions
   ``(a·x + b) mod p`` (p = 2³² + 15; a, b below 2³¹ so nothing overflows 64 bits;
   drawn once from BLAKE2b of a fixed label), the smallest value over the shingles.
   The share of equal positions estimates the Jaccard similarity of two texts'
   shingle sets (standard error 0.044 at J = 0.5, 0.032 at J = 0.15).
3. Candidates, two ways, both index lookups whose cost does not grow with the store:
   a. LSH banding: ``BANDS`` bands of ``ROWS_PER_BAND`` values, each hashed to one
      64-bit key kept in ``duplicate_bands``. A pair becomes a candidate when any band
      agrees: probability 1 − (1 − J³)⁴², i.e. 0.94 at J = 0.4, 0.996 at J = 0.5 and
      4·10⁻⁵ for unrelated texts (J ≈ 0.01), so buckets stay small.
   b. Rewrites (a report re-worded sentence by sentence keeps only J ≈ 0.2, too low
      for banding to find without flooding every bucket): the newest
      ``REWRITE_POSTINGS`` articles of each of the article's ``REWRITE_ENTITIES`` most
      mentioned entities (``entity_mentions``, newest first), kept when they share at
      least ``REWRITE_MIN_SHARED_ENTITIES`` entities.
4. The verdict (``copy_similarity``), on the estimated Jaccard J of a candidate:
   - from another known outlet: J ≥ ``COPY_JACCARD`` (0.5), or the shorter text's
     shingles mostly inside the longer (containment ≥ ``COPY_CONTAINMENT`` for texts of
     comparable length): the same agency text with its own intro or outro line, or
     lightly edited; or, published within ``REWRITE_DAYS`` days in the same language,
     J ≥ ``REWRITE_JACCARD`` (0.15): a rewrite;
   - from the same outlet, or where either outlet is unknown (text files): only
     J ≥ ``SAME_SOURCE_JACCARD`` (0.8), because pages of one site share their furniture
     (menus, headline lists, paywall notices): raw pages of one site in ml-crisis/fr
     reach J 0.45 between articles on different wars, years apart.
   On ``examples/``: the syndicated pair J = 1.0, the rewrite pair J ≈ 0.2, every pair
   of different reports (same story and language included) J ≤ 0.05.
   Texts under ``MIN_SHINGLES`` shingles get no signature: only exact copies group them.
5. ``record_near_duplicates`` is a step of the writer loop (``run/writer.py``), inside
   the article's unit of writes, after its entities are linked: it signs the text,
   indexes its bands, links the near-duplicates it finds and merges their copy groups
   (through a ``DuplicateStore``: ``store/protocols/duplicates.py``).
   Articles stored before the ``0004_duplicates`` migration, or without analysis,
   wait in a queue of which each later call signs ``BACKFILL_PER_CALL``, oldest first:
   a bounded, lazy backfill (``sign_pending`` signs them all at once).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import numpy.typing as npt

from khronika.store.protocols.duplicates import DuplicateStore, ProvenanceRow

STEM_CHARS = 5
SHINGLE_WORDS = 3
PERMUTATIONS = 128
ROWS_PER_BAND = 3
BANDS = PERMUTATIONS // ROWS_PER_BAND  # 42 bands; the last 2 values only sharpen the estimate
MIN_SHINGLES = 10
COPY_JACCARD = 0.5
COPY_CONTAINMENT = 0.7
CONTAINMENT_MIN_RATIO = 0.5  # containment counts only when the shorter text is at least half the longer
SAME_SOURCE_JACCARD = 0.8
REWRITE_JACCARD = 0.15
REWRITE_DAYS = 3
REWRITE_ENTITIES = 8
REWRITE_POSTINGS = 100
REWRITE_MIN_SHARED_ENTITIES = 2
MAX_BAND_CANDIDATES = 100  # those sharing the most bands, should a bucket ever crowd
BACKFILL_PER_CALL = 50

_PRIME = (1 << 32) + 15
_WORD = re.compile(r"\w+")
_UNIFY = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е"})
_SHINGLE_BASE = np.uint64(0x100000001B3)  # odd multiplier of the polynomial over word hashes

Signature = npt.NDArray[np.uint32]


@dataclass(frozen=True)
class TextSignature:
    values: Signature
    shingles: int  # distinct shingles: with the Jaccard estimate this gives containment


@dataclass(frozen=True)
class NearDuplicate:
    article_id: int
    jaccard: float


@cache
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    digest = b"".join(
        hashlib.blake2b(f"khronika-minhash-{n}".encode(), digest_size=64).digest() for n in range(PERMUTATIONS // 8)
    )
    words = np.frombuffer(digest, dtype="<u4").astype(np.uint64)  # 2 x PERMUTATIONS words
    a = (words[:PERMUTATIONS] & np.uint64(0x7FFFFFFF)) | np.uint64(1)
    b = words[PERMUTATIONS:] & np.uint64(0x7FFFFFFF)
    return a, b


def normalised_words(text: str) -> list[str]:
    """The text's words, normalised and cut to their stems."""
    return [
        word[:STEM_CHARS] for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold().translate(_UNIFY))
    ]


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """The distinct 32-bit hashes of the text's word shingles (as uint64)."""
    words = normalised_words(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter((zlib.crc32(word.encode()) for word in words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping arithmetic is the hash
        for offset in range(width):
            combined = combined * _SHINGLE_BASE + word_hashes[offset : offset + count]
    return np.unique(combined >> np.uint64(32))


def signature(text: str) -> TextSignature | None:
    """The text's MinHash signature, or None when it is too short to judge."""
    shingles = shingle_hashes(text)
    if len(shingles) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    hashed = (shingles[:, None] * a[None, :] + b[None, :]) % np.uint64(_PRIME)
    return TextSignature(hashed.min(axis=0).astype(np.uint32), len(shingles))


def estimated_jaccard(first: Signature, second: Signature) -> float:
    return float(np.count_nonzero(first == second)) / len(first)


def estimated_containment(jaccard: float, first_shingles: int, second_shingles: int) -> float:
    """Share of the smaller text's shingles found in the other: |A∩B| = J(|A|+|B|)/(1+J)."""
    shared = jaccard * (first_shingles + second_shingles) / (1.0 + jaccard)
    return min(1.0, shared / min(first_shingles, second_shingles))


@dataclass(frozen=True)
class Provenance:
    """What the verdict needs to know of where and when a text appeared."""

    outlet: str | None = None
    domain: str | None = None
    day: date | None = None
    lang: str | None = None

    def same_or_unknown_source(self, other: Provenance) -> bool:
        if not (self.outlet or self.domain) or not (other.outlet or other.domain):
            return True
        return bool(self.outlet and self.outlet == other.outlet) or bool(self.domain and self.domain == other.domain)

    def within_days(self, other: Provenance, days: int) -> bool:
        return self.day is not None and other.day is not None and abs((self.day - other.day).days) <= days


def copy_similarity(
    first: TextSignature, second: TextSignature, first_from: Provenance, second_from: Provenance
) -> float | None:
    """The estimated Jaccard when the two texts are copies of one text (see the
    module docstring, step 4), else None."""
    jaccard = estimated_jaccard(first.values, second.values)
    return _copy_verdict(jaccard, first.shingles, second.shingles, first_from, second_from)


def _copy_verdict(
    jaccard: float, first_shingles: int, second_shingles: int, first_from: Provenance, second_from: Provenance
) -> float | None:
    if first_from.same_or_unknown_source(second_from):
        return jaccard if jaccard >= SAME_SOURCE_JACCARD else None
    if jaccard >= COPY_JACCARD:
        return jaccard
    smaller, larger = sorted((first_shingles, second_shingles))
    if smaller >= CONTAINMENT_MIN_RATIO * larger and (
        estimated_containment(jaccard, first_shingles, second_shingles) >= COPY_CONTAINMENT
    ):
        return jaccard
    rewrite = first_from.lang == second_from.lang and first_from.within_days(second_from, REWRITE_DAYS)
    return jaccard if rewrite and jaccard >= REWRITE_JACCARD else None


# the band's number salts its key (BLAKE2b's personalisation), so equal values in two bands differ
_BAND_SALTS = tuple(band.to_bytes(2, "little") for band in range(BANDS))
_BAND_BYTES = ROWS_PER_BAND * 4  # a band's uint32 values as bytes


def band_keys(values: Signature) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of the key)."""
    raw = values.tobytes()
    return [
        int.from_bytes(
            hashlib.blake2b(raw[band * _BAND_BYTES : (band + 1) * _BAND_BYTES], digest_size=8, person=salt).digest(),
            "little",
            signed=True,
        )
        for band, salt in enumerate(_BAND_SALTS)
    ]


def _from_blob(blob: bytes) -> Signature:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def _provenance(row: ProvenanceRow) -> Provenance:
    outlet, domain, day, lang = row
    return Provenance(outlet, domain, date.fromisoformat(day) if day else None, lang)


def find_near_duplicates(
    store: DuplicateStore, article_id: int, text_signature: TextSignature, keys: list[int] | None = None
) -> list[NearDuplicate]:
    """Stored articles whose text is a near-duplicate of this signature (not itself);
    ``keys``: its band keys, where the caller has them already."""
    keys = band_keys(text_signature.values) if keys is None else keys
    candidates = set(store.band_candidates(keys, article_id, MAX_BAND_CANDIDATES))
    shared = store.articles_sharing_entities(article_id, REWRITE_ENTITIES, REWRITE_POSTINGS)
    candidates.update(other for other, count in shared.items() if count >= REWRITE_MIN_SHARED_ENTITIES)
    candidates.discard(article_id)
    if not candidates:
        return []
    provenance = {key: _provenance(row) for key, row in store.provenance_rows([article_id, *candidates]).items()}
    own = provenance.get(article_id, Provenance())
    rows = store.signatures(sorted(candidates))
    found = []
    for (candidate, _, shingles), jaccard in zip(rows, _jaccards(text_signature.values, rows), strict=True):
        similarity = _copy_verdict(
            jaccard, text_signature.shingles, shingles, own, provenance.get(candidate, Provenance())
        )
        if similarity is not None:
            found.append(NearDuplicate(candidate, round(similarity, 4)))
    return found


def _jaccards(values: Signature, rows: list[tuple[int, bytes, int]]) -> list[float]:
    """``estimated_jaccard`` of ``values`` with each row's signature, all in one comparison
    when every stored signature has this length (one by one otherwise)."""
    width = len(values) * 4
    if not rows or any(len(blob) != width for _, blob, _ in rows):
        return [estimated_jaccard(values, _from_blob(blob)) for _, blob, _ in rows]
    matrix = np.frombuffer(b"".join(blob for _, blob, _ in rows), dtype="<u4").reshape(len(rows), len(values))
    equal = np.count_nonzero(matrix == values, axis=1)
    return [float(count) / len(values) for count in equal.tolist()]


def sign_article(store: DuplicateStore, article_id: int, text: str) -> list[NearDuplicate]:
    """(Re)sign one stored article: index its bands, link its near-duplicates, merge
    copy groups; return the near-duplicates found."""
    previous = store.signature_row(article_id)
    if previous is not None:  # a new version: its old text's links no longer hold
        store.forget_signature(article_id, band_keys(_from_blob(previous[0])))
    store.dequeue(article_id)
    text_signature = signature(text)
    found: list[NearDuplicate] = []
    if text_signature is not None:
        keys = band_keys(text_signature.values)
        found = find_near_duplicates(store, article_id, text_signature, keys)
        values = text_signature.values.astype("<u4").tobytes()
        store.save_signature(article_id, values, text_signature.shingles, keys)
    store.link_copies(article_id, [(match.article_id, match.jaccard) for match in found])
    return found


def sign_pending(store: DuplicateStore, limit: int | None = None) -> int:
    """Sign queued articles (stored before the migration or without analysis), oldest
    first; return how many."""
    pending = store.queued(limit)
    for article_id in pending:
        sign_article(store, article_id, store.current_text(article_id))
    return len(pending)


def record_near_duplicates(store: DuplicateStore, article_id: int, text: str) -> list[NearDuplicate]:
    """The writer loop's step (``run/writer.py``): sign the stored article, then a
    bounded batch of the queue."""
    found = sign_article(store, article_id, text)
    sign_pending(store, BACKFILL_PER_CALL)
    return found
