"""``khronika eval extraction``: body text of real pages, beside trafilatura's.

The pages are trafilatura's own evaluation set (the public repository
``adbar/trafilatura``: ``tests/evaldata.json`` maps a URL to its page file, under
``tests/cache`` or ``tests/eval``, and to snippets the body must hold (``with``)
and must not hold (``without``)). They are read in place from the folder the user
names (the repository or its ``tests/`` folder); nothing is copied.

Each page is extracted the way an ingest extracts it (``extract.article.extract_article``
over its bytes and URL: the article's text, the headline apart), and by trafilatura
itself on the same bytes in its three modes (default, ``favor_precision``,
``favor_recall``; with tables, without comments, as its own benchmark runs them).
The scores are trafilatura's: after collapsing white space, a ``with`` snippet found
is a true positive, one not found a false negative, a ``without`` snippet found a
false positive; precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2TP / (2TP + FP + FN). A page an extractor fails on counts as an empty body.

The pages are split in two by a seeded hash of their URL (``SEED``, printed):
``dev`` is what rules may be tuned on, ``test`` is never looked at while tuning.
Both halves are scored in one run; the pages khronika gets wrong are listed for
the dev half only.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khronika.errors import UsageError

GOLD_FILE = "evaldata.json"
PAGE_FOLDERS = ("cache", "eval")
HALVES = ("dev", "test")
SEED = "khronika-extraction-1"
_WHITE_SPACE = re.compile(r"\s+")

Extractor = Callable[["GoldPage", bytes], str]


@dataclass(frozen=True)
class GoldPage:
    url: str
    path: Path
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


def half_of(url: str) -> str:
    """``dev`` or ``test``: a stable, seeded split of the pages by their URL."""
    digest = hashlib.sha256(SEED.encode("utf-8") + url.encode("utf-8")).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def _tests_folder(folder: Path) -> Path:
    """The folder holding ``evaldata.json``: the one named, or its ``tests/``."""
    for candidate in (folder, folder / "tests"):
        if (candidate / GOLD_FILE).is_file():
            return candidate
    raise UsageError(f"--pages {folder}: no {GOLD_FILE} there or in its tests/ (name trafilatura's tests/ folder)")


def gold_pages(folder: Path) -> list[GoldPage]:
    """Every annotated page under ``folder`` whose file is there, in URL order."""
    tests = _tests_folder(folder)
    try:
        gold = json.loads((tests / GOLD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"--pages {folder}: {GOLD_FILE} is not readable JSON ({error})") from None
    if not isinstance(gold, dict):
        raise UsageError(f"--pages {folder}: {GOLD_FILE} is not a mapping of URL to page")
    pages: list[GoldPage] = []
    for url in sorted(gold):
        entry = gold[url]
        if not isinstance(entry, dict) or not entry.get("file"):
            continue
        path = next(
            (tests / sub / entry["file"] for sub in PAGE_FOLDERS if (tests / sub / entry["file"]).is_file()), None
        )
        if path is not None:
            pages.append(GoldPage(url, path, tuple(entry.get("with", ())), tuple(entry.get("without", ()))))
    if not pages:
        raise UsageError(f"--pages {folder}: {GOLD_FILE} names no page found under {' or '.join(PAGE_FOLDERS)}/")
    return pages


def _collapse(text: str) -> str:
    """White space collapsed (trafilatura's own scorer does this), and, for every
    system and the snippets alike, the characters folded as khronika stores text
    (NFC, in-word apostrophes as ``'``): ``don’t`` in a snippet is ``don't`` in a body."""
    from khronika.text import normalise_apostrophes

    return _WHITE_SPACE.sub(" ", normalise_apostrophes(unicodedata.normalize("NFC", text))).strip()


def page_counts(page: GoldPage, body: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one body."""
    found = _collapse(body)
    tp = sum(_collapse(snippet) in found for snippet in page.with_snippets)
    fp = sum(_collapse(snippet) in found for snippet in page.without_snippets)
    return tp, fp, len(page.with_snippets) - tp


def score(counts: list[tuple[int, int, int]]) -> dict[str, float | int]:
    tp, fp, fn = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def khronika_body(page: GoldPage, data: bytes) -> str:
    """The body an ingest stores for this page ('' where it stores none)."""
    from khronika.errors import InputError
    from khronika.extract.article import extract_article
    from khronika.records import DocumentKind, RawDocument

    raw = RawDocument(url=page.url, input_name=str(page.path), kind=DocumentKind.HTML, content=data)
    try:
        return extract_article(raw).text
    except InputError:
        return ""


def trafilatura_body(mode: str) -> Extractor:
    """trafilatura's ``extract`` in one mode (``default``, ``favor_precision``, ``favor_recall``)."""

    def run(page: GoldPage, data: bytes) -> str:
        from trafilatura import extract

        try:
            body = extract(
                data,
                include_comments=False,
                include_tables=True,
                favor_precision=mode == "favor_precision",
                favor_recall=mode == "favor_recall",
            )
        except Exception:  # trafilatura choking on one page is a miss for it, not the end of the run
            return ""
        return body or ""

    return run


SYSTEMS: dict[str, Extractor] = {
    "khronika": khronika_body,
    "trafilatura": trafilatura_body("default"),
    "trafilatura_precision": trafilatura_body("favor_precision"),
    "trafilatura_recall": trafilatura_body("favor_recall"),
}


def evaluate_extraction(folder: Path, peers: bool = True) -> dict[str, Any]:
    """Score khronika's body text (and trafilatura's three modes, where ``peers``) on
    both seeded halves of the gold pages, in one run."""
    pages = gold_pages(folder)
    systems = SYSTEMS if peers else {"khronika": khronika_body}
    contents = [page.path.read_bytes() for page in pages]
    halves = [half_of(page.url) for page in pages]
    result: dict[str, Any] = {
        "seed": SEED,
        "pages": {half: halves.count(half) for half in HALVES},
        "halves": {half: {} for half in HALVES},
        "seconds_per_page": {},
        "dev_misses": [],
    }
    for name, system in systems.items():
        started = time.perf_counter()
        bodies = [system(page, data) for page, data in zip(pages, contents, strict=True)]
        result["seconds_per_page"][name] = round((time.perf_counter() - started) / len(pages), 4)
        counts = [page_counts(page, body) for page, body in zip(pages, bodies, strict=True)]
        for half in HALVES:
            result["halves"][half][name] = score([c for c, h in zip(counts, halves, strict=True) if h == half])
        if name == "khronika":
            result["dev_misses"] = [
                {"url": page.url, "file": page.path.name, "tp": tp, "fp": fp, "fn": fn}
                for page, (tp, fp, fn), half in zip(pages, counts, halves, strict=True)
                if half == "dev" and (fp or fn)
            ]
    return result
