"""``khronika eval dates``: publication dates of real pages, beside htmldate's.

The pages are htmldate's own evaluation set (the public repository ``adbar/htmldate``:
``tests/eval_default.json`` and ``tests/eval_mediacloud_2020.json``, each mapping a
URL to its page file and publication day, the pages in ``tests/test_set``,
``tests/cache`` and ``tests/eval``). They are read in place from the folder the
user names (its ``tests/`` folder); nothing is copied.

Each page is dated the way an ingest dates it (``extract.dates.find_publication_date``
over the decoded page and its URL), and by htmldate itself on the same text, in its
two modes (``extensive_search`` off and on, ``original_date=True``). The scores are
htmldate's: a wrong day is a false positive, no day a false negative;
accuracy = TP / all, precision = TP / (TP + FP), recall = TP / (TP + FN).

``half``: the pages split in two by a hash of their URL (seeded, stable):
``dev`` is what rules may be tuned on, ``test`` is never looked at while tuning.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khronika.errors import UsageError

GOLD_FILES = ("eval_default.json", "eval_mediacloud_2020.json")
PAGE_FOLDERS = ("test_set", "cache", "eval")
HALVES = ("dev", "test", "all")
_SEED = b"khronika-dates-1"


@dataclass(frozen=True)
class DatedPage:
    url: str
    path: Path
    day: str


def half_of(url: str) -> str:
    """``dev`` or ``test``: a stable, seeded split of the pages by their URL."""
    return "dev" if hashlib.sha256(_SEED + url.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def dated_pages(folder: Path, half: str = "all") -> list[DatedPage]:
    """The gold pages under ``folder`` (htmldate's ``tests/``), of one half or all."""
    if half not in HALVES:
        raise UsageError(f"--half must be one of {', '.join(HALVES)}, not {half!r}")
    pages: list[DatedPage] = []
    found_gold = False
    for name in GOLD_FILES:
        gold_path = folder / name
        if not gold_path.is_file():
            continue
        found_gold = True
        for url, entry in json.loads(gold_path.read_text(encoding="utf-8")).items():
            path = next(
                (folder / sub / entry["file"] for sub in PAGE_FOLDERS if (folder / sub / entry["file"]).is_file()), None
            )
            if path is None or not entry.get("date"):
                continue
            if half == "all" or half_of(url) == half:
                pages.append(DatedPage(url, path, entry["date"]))
    if not found_gold:
        raise UsageError(f"{folder}: no {' or '.join(GOLD_FILES)} (name htmldate's tests/ folder)")
    return pages


def _khronika_day(page: DatedPage, data: bytes) -> str | None:
    from trafilatura.utils import load_html

    from khronika.extract.dates import find_publication_date
    from khronika.extract.decode import decode_document

    text = decode_document(data, None, is_html=True).text if data else ""
    tree = load_html(text) if text else None  # as extract/article.py reads a page
    return find_publication_date(tree, text, page.url, None).day


def _htmldate(extensive: bool) -> Callable[[DatedPage, bytes], str | None]:
    def run(page: DatedPage, data: bytes) -> str | None:
        import htmldate

        try:
            found = htmldate.find_date(data.decode("utf-8", "replace"), url=page.url, original_date=True,
                                       extensive_search=extensive)  # fmt: skip
        except Exception:  # htmldate choking on one page is a miss for it, not the end of the run
            return None
        return str(found) if found else None

    return run


def _score(outcomes: list[str | None], pages: list[DatedPage]) -> dict[str, float | int]:
    tp = sum(found == page.day for found, page in zip(outcomes, pages, strict=True))
    fp = sum(found is not None and found != page.day for found, page in zip(outcomes, pages, strict=True))
    fn = sum(found is None for found in outcomes)
    total = max(1, tp + fp + fn)
    return {
        "accuracy": round(tp / total, 4),
        "precision": round(tp / max(1, tp + fp), 4),
        "recall": round(tp / max(1, tp + fn), 4),
        "right": tp,
        "wrong": fp,
        "none": fn,
    }


def evaluate_dates(folder: Path, half: str = "all", peers: bool = True) -> dict[str, Any]:
    """Score khronika's dates (and htmldate's, where ``peers``) on the gold pages."""
    pages = dated_pages(folder, half)
    if not pages:
        raise UsageError(f"{folder}: no dated pages found ({half} half)")
    systems: dict[str, Callable[[DatedPage, bytes], str | None]] = {"khronika": _khronika_day}
    if peers:
        systems |= {"htmldate_fast": _htmldate(False), "htmldate_extensive": _htmldate(True)}
    contents = [page.path.read_bytes() for page in pages]
    result: dict[str, Any] = {"pages": len(pages), "half": half, "systems": {}}
    for name, system in systems.items():
        started = time.perf_counter()
        outcomes = [system(page, data) for page, data in zip(pages, contents, strict=True)]
        scores = _score(outcomes, pages)
        scores["seconds"] = round(time.perf_counter() - started, 2)
        result["systems"][name] = scores
        if name == "khronika":
            result["khronika_misses"] = list(_misses(outcomes, pages))
    return result


def _misses(outcomes: list[str | None], pages: list[DatedPage]) -> Iterator[dict[str, str | None]]:
    for found, page in zip(outcomes, pages, strict=True):
        if found != page.day:
            yield {"url": page.url, "file": page.path.name, "gold": page.day, "found": found}
