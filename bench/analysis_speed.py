"""Analysis speed: articles/s of the whole analysis and of each stage, one core.

Articles: the seed article (../shared/seed/article-uk.txt) when present, else the
Ukrainian pages of examples/, each made distinct (a number added to every line)
so the per-word caches see realistic traffic, not one text over and over.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from threadpoolctl import threadpool_limits

from khronika.analysis.pipeline import DEFAULT_STAGES, make_stage
from khronika.records import AnalysedArticle, DateSource, PublicationDate
from khronika.text import clean_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article-uk.txt"
STAGES = DEFAULT_STAGES


def articles(count: int, lang: str = "uk") -> list[AnalysedArticle]:
    if lang != "uk":
        return _example_articles(count, lang)
    if SEED.exists():
        title, *body = clean_lines(SEED.read_text(encoding="utf-8"))
        texts = [(title, body)]
    else:
        texts = _page_texts(sorted((ROOT / "examples" / "html" / "dnipro-visnyk.example").rglob("*.html")))
    return _distinct(texts, count, "uk")


def _page_texts(pages: list[Path]) -> list[tuple[str, list[str]]]:
    """Each page's title and lines, as the extraction gives them."""
    from khronika.extract.article import extract_article
    from khronika.records import DocumentKind, RawDocument

    texts = []
    for page in pages:
        article = extract_article(RawDocument(page.as_uri(), str(page), DocumentKind.HTML, page.read_bytes()))
        texts.append((article.title or "", article.text.split("\n")))
    return texts


def _distinct(texts: list[tuple[str, list[str]]], count: int, lang: str) -> list[AnalysedArticle]:
    """``count`` articles cycling through ``texts``, each made distinct (a number added to every third line)."""
    published = PublicationDate("2020-09-14", DateSource.GIVEN)
    made = []
    for n in range(count):
        title, body = texts[n % len(texts)]
        text = "\n".join(f"{line} {n}" if i % 3 == 0 else line for i, line in enumerate(body))
        made.append(AnalysedArticle(lang, title, text, published))
    return made


def _example_articles(count: int, lang: str) -> list[AnalysedArticle]:
    """The sample corpus's pages in ``lang`` (a ``/ru/`` or ``/en/`` folder), made distinct as above."""
    pages = sorted(p for p in (ROOT / "examples" / "html").rglob("*.html") if f"/{lang}/" in p.as_posix())
    if not pages:
        raise SystemExit(f"analysis_speed: no sample pages in {lang!r}")
    return _distinct(_page_texts(pages), count, lang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--lang", default="uk", help="uk (the seed), or ru / en (the sample corpus's pages)")
    args = parser.parse_args()
    batch = articles(args.articles, args.lang)
    stages = [make_stage(name) for name in STAGES]
    warm = batch[0]
    for stage in stages:  # load models and dictionaries outside the timing
        warm = stage.run(warm)
    # one BLAS thread, as the CLI and the ingest workers run (OpenBLAS threads that wait
    # for a busy core spin: slovnet's NER and parse ran several times slower with two);
    # set once numpy and the models are loaded, so that it reaches their BLAS
    threadpool_limits(limits=1)
    seconds = dict.fromkeys(STAGES, 0.0)
    for article in batch:
        for stage in stages:
            started = time.perf_counter()
            article = stage.run(article)
            seconds[stage.name] += time.perf_counter() - started
    total = sum(seconds.values())
    chars = sum(len(a.text) for a in batch) / len(batch)
    origin = "seed" if SEED.exists() and args.lang == "uk" else "examples"
    print(f"{len(batch)} {args.lang} articles of {chars:,.0f} characters on average ({origin})")
    if args.lang == "ru":
        try:
            from khronika.analysis.claims.syntax import SWITCH, enabled
        except ImportError:  # an older tree, measured for comparison
            pass
        else:
            print(f"Russian parse for who said what: {'on' if enabled() else f'off ({SWITCH}=1 turns it on)'}")
    print(f"{'stage':<14}{'ms/article':>12}{'share':>8}{'articles/s':>12}")
    for name in STAGES:
        per = seconds[name] / len(batch)
        print(f"{name:<14}{per * 1000:>12.2f}{seconds[name] / total:>8.0%}{1 / per:>12.0f}")
    print(f"{'whole':<14}{total / len(batch) * 1000:>12.2f}{'100%':>8}{len(batch) / total:>12.0f}   (aim: 100/s)")
    from khronika.analysis.timex.tagger import tag_times

    seed_text = batch[0].text
    runs = 2000
    started = time.perf_counter()
    for _ in range(runs):
        tag_times(seed_text, "uk", date(2020, 9, 14))
    print(f"time tagging alone: {runs / (time.perf_counter() - started):,.0f} articles/s   (aim: 1,000/s)")


if __name__ == "__main__":
    main()
