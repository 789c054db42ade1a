"""Ingest throughput: khronika ingest vs trafilatura.extract alone, on the same pages.

Builds about 2,000 HTML pages from the sample corpus in examples/html (each page
varied: its own URL in both its canonical link and its og:url, so each page is a
new article and not a new version of another; a changed sentence; paragraphs
rotated), then in one run times:

  * trafilatura.extract(html) alone over every page (the peer), and
  * khronika's ingest of the same pages into a fresh SQLite store: once without
    the analysis stages (decode, metadata, extraction, dates, boilerplate,
    language, store), once with them (sentences, morphology, entities, times).

Prints pages/s for both and their ratio. Asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

import khronika
from khronika.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
# the page's own URL: its canonical link and its og:url (metadata reads either)
PAGE_URL = re.compile(r'(<link rel="canonical" href="|<meta property="og:url" content=")([^"]+)(")')
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def vary(html: str, n: int) -> str:
    """Page ``n``: its own URL (canonical link and og:url), one changed sentence,
    paragraphs rotated by n."""
    html = PAGE_URL.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}-v{n}{m[3]}", html)
    paragraphs = PARAGRAPH.findall(html)
    if len(paragraphs) > 2:
        k = n % len(paragraphs)
        rotated = paragraphs[k:] + paragraphs[:k]
        rotated[0] = f"{rotated[0]} (variant {n})"
        iterator = iter(rotated)
        html = PARAGRAPH.sub(lambda m: f"<p>{next(iterator)}</p>", html)
    return html


def build_pages(target: Path, count: int) -> list[Path]:
    sources = sorted((ROOT / "examples" / "html").rglob("*.html"))
    if not sources:
        sys.exit("examples/html holds no pages: run `make examples` first")
    texts = [path.read_bytes().decode("utf-8", "replace") for path in sources]
    pages = []
    for n in range(count):
        path = target / f"page-{n:05d}.html"
        path.write_text(vary(texts[n % len(texts)], n), encoding="utf-8")
        pages.append(path)
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="khronika-bench-"))
    try:
        (workdir / "pages").mkdir()
        pages = build_pages(workdir / "pages", args.pages)
        html = [path.read_text(encoding="utf-8") for path in pages]

        start = time.perf_counter()
        extracted = sum(1 for page in html if trafilatura.extract(page))
        peer_s = time.perf_counter() - start

        timings = {}
        for label, analyse in (("extract + store", False), ("full ingest with analysis", True)):
            settings = Settings(show_progress=False, analyse_on_ingest=analyse)
            with khronika.open(workdir / f"bench-{analyse}.db", settings) as kh:
                started = time.perf_counter()
                report = kh.ingest([str(workdir / "pages")], progress=False)
                timings[label] = (time.perf_counter() - started, report)

        examples = len(list((ROOT / "examples" / "html").rglob("*.html")))
        print(f"pages: {len(pages)} (built from {examples} examples); workers: {Settings().workers}")
        print(f"{'what':<40}{'seconds':>9}{'pages/s':>10}{'ratio':>8}")
        print(
            f"{'trafilatura.extract alone':<40}{peer_s:>9.2f}{len(html) / peer_s:>10.1f}{1:>8.2f}   ({extracted} with text)"
        )
        for label, (seconds, report) in timings.items():
            name = f"khronika ingest: {label}"
            print(
                f"{name:<40}{seconds:>9.2f}{len(html) / seconds:>10.1f}{peer_s / seconds:>8.2f}"
                f"   ({report.ingested} stored, {len(report.failed)} failed)"
            )
        print("ratio = khronika pages/s / trafilatura pages/s (aim: >= 0.5)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
