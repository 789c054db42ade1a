"""Chronicle speed: a 200-article story's chronicle from the stored state, and what an
added article costs.

Ingests the first N files (by date) of one ML-Crisis topic (``../shared/data/ml-crisis``,
read in place: ``--dates-from-path`` dates them by their folders) into a fresh store,
then, in one process with the models loaded, times:

  * reading the articles back as the chronicle engine takes them (stored analysis and
    chronicle sheet), and building the chronicle of all of them, best of 5;
  * the same read where no sheet is kept (a store from before sheets): each article's
    tokens rebuilt by the sentence and morphology stages;
  * the sheet an added article gets when it is analysed (its share of the ingest), per
    article: the only chronicle work an ingest does, whatever the store holds, so the
    cost per added article is the same at 1,000 and at 100,000 stored; the story's own
    chronicle is then read and built anew from its stored articles alone.

Prints milliseconds; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import khronika
from khronika.chronicles import chronicle_articles, full_analysis, settings_for
from khronika.settings import Settings
from khronika.stories.chronicle import build_chronicle
from khronika.stories.chronicle_sheet import make_sheet

ROOT = Path(__file__).resolve().parents[1]
CRISIS = ROOT.parent / "shared" / "data" / "ml-crisis"


def _best(repeats: int, work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="es/syria", help="a topic folder under ml-crisis")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    topic = CRISIS / args.topic
    files = sorted(topic.rglob("*.txt"), key=lambda p: (p.parent.name, p.name))[: args.articles]
    if not files:
        sys.exit(f"{topic}: no .txt files (the shared ML-Crisis corpus is needed)")
    workdir = Path(tempfile.mkdtemp(prefix="khronika-chronicle-bench-"))
    try:
        for path in files:  # the day folders, as the corpus lays them out
            target = workdir / "docs" / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        settings = Settings(show_progress=False)
        with khronika.open(workdir / "bench.db", settings) as kh:
            report = kh.ingest([str(workdir / "docs")], progress=False, dates_from_path=True)
            ids = report.articles
            chronicle_settings = settings_for(None, 1)
            articles = chronicle_articles(kh, ids)  # warm: models, caches
            read_ms = _best(5, lambda: chronicle_articles(kh, ids))
            build_ms = _best(5, lambda: build_chronicle(articles, chronicle_settings))
            entries = len(build_chronicle(articles, chronicle_settings).entries)
            analyses = [full_analysis(kh, kh.article(i)) for i in ids]
            tokens_ms = _best(1, lambda: [full_analysis(kh, kh.article(i)) for i in ids])
            sheet_ms = _best(3, lambda: [make_sheet(a) for a in analyses]) / len(analyses)
        print(f"{len(ids)} articles of ML-Crisis {args.topic} ({entries} dated entries in their chronicle)")
        print(f"{'what':<58}{'ms':>10}")
        print(f"{'read back, stored analyses and sheets':<58}{read_ms:>10.1f}")
        print(f"{'build the chronicle':<58}{build_ms:>10.1f}   (aim: read + build < 50 ms)")
        print(f"{'read back with tokens rebuilt (a store without sheets)':<58}{tokens_ms:>10.1f}")
        print(f"{'an added article: its sheet, made at ingest':<58}{sheet_ms:>10.2f}   per article")
        print("the sheet is all an ingest adds for chronicles: the same at 1,000 or 100,000 stored")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
