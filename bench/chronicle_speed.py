"""Chronicle speed: a 200-article story's chronicle from the stored state, and what an
added article costs at 1,000 and at 100,000 stored.

Ingests the first N files (by date) of one ML-Crisis topic (``../shared/data/ml-crisis``,
read in place: ``--dates-from-path`` dates them by their folders) into a fresh store
(the whole ingest; it keeps each story's chronicle), then, in one process:

  * the 200-article story: all N articles put in one story by ``story merge``, its
    chronicle kept; then ``Khronika.chronicle(story=…)``, the kept chronicle read back
    (a lookup, the check that nothing it read changed, a JSON decode), best of 5, and
    once more first thing after opening the store again; beside it, what building it
    anew costs (on a change): reading the articles back (stored analyses and sheets)
    and building, best of 5; and that read where no sheet is kept (tokens rebuilt);
  * an added article, at 1,000 and at 100,000 stored. The large store is not ingested
    (far too slow here): the N articles' stored rows, as the first ingest left them
    before the merge, are copied with SQL under new ids and URLs (``#copy-K``) and new
    story and storyline ids, round after round, until it holds 1,000 articles (then
    100,000): the tables a chronicle reads (articles, their versions, analyses with
    their sheets, story and storyline membership, copy groups); term bags, mentions
    and signatures are not copied. Then ``--added`` more files of the topic (held out of
    the store, analysed by the pipeline untimed) are added one each to the copies, in
    the last round, of the largest stories: stored, analysed and placed in that story
    untimed; timed, what concerns chronicles: the article's sheet (made in the ingest
    workers) and the refresh of its story's and storyline's kept chronicles
    (``refresh_chronicles``: state checks, read, build, keep). The median over the
    added articles at each size, and the ratio.

Prints milliseconds; asserts nothing. Figures are of one run on a shared machine.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import khronika
from khronika.chronicles import chronicle_articles, full_analysis, line_edits, refresh_chronicles, settings_for
from khronika.records import AnalysedArticle, Article, StoredArticle
from khronika.settings import Settings
from khronika.stories.chronicle import build_chronicle
from khronika.stories.chronicle_sheet import make_sheet, sheet_json

ROOT = Path(__file__).resolve().parents[1]
CRISIS = ROOT.parent / "shared" / "data" / "ml-crisis"
# what a chronicle reads, and how each copied row's ids move (K: the round, A/S/L: the
# largest article, story and storyline ids of the rows copied)
_COPIED: dict[str, dict[str, str]] = {
    "articles": {"id": "id + :A", "url": "url || '#copy-' || :K", "copy_of": "copy_of + :A",
                 "content_hash": "content_hash || '-' || :K"},
    "article_versions": {"article_id": "article_id + :A", "content_hash": "content_hash || '-' || :K"},
    "analyses": {"article_id": "article_id + :A"},
    "storylines": {"id": "id + :L"},
    "stories": {"id": "id + :S", "storyline_id": "storyline_id + :L"},
    "story_articles": {"article_id": "article_id + :A", "story_id": "story_id + :S", "seq": "seq + :A"},
    "copy_groups": {"article_id": "article_id + :A", "group_id": "group_id + :A"},
}  # fmt: skip
_KEY = {"articles": "id", "article_versions": "article_id", "analyses": "article_id", "storylines": "id",
        "stories": "id", "story_articles": "article_id", "copy_groups": "article_id"}  # fmt: skip


def _best(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _first_round(db_path: Path) -> tuple[dict[str, int], dict[int, int]]:
    """The rows the ingest left, which every round copies: the largest key of each table,
    and each story's size."""
    db = sqlite3.connect(db_path)
    largest = {
        table: int(db.execute(f"SELECT MAX({key}) FROM {table}").fetchone()[0] or 0) for table, key in _KEY.items()
    }
    sizes = dict(db.execute("SELECT story_id, COUNT(*) FROM story_articles GROUP BY story_id").fetchall())
    db.close()
    return largest, {int(story): int(size) for story, size in sizes.items()}


def _copy_rows(db_path: Path, largest: dict[str, int], rounds: range) -> None:
    """Copy the first round's rows under the ids of each of ``rounds`` (module docstring)."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")  # the bench's own file: no journal while it fills
    db.execute("PRAGMA synchronous = OFF")
    statements = {}
    for table, moved in _COPIED.items():
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        values = ", ".join(moved.get(column, column) for column in columns)
        statements[table] = (
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table} WHERE {_KEY[table]} <= :B"
        )
    for k in rounds:
        offsets = {"A": k * largest["articles"], "S": k * largest["stories"], "L": k * largest["storylines"], "K": k}
        db.execute("BEGIN")
        for table, sql in statements.items():
            db.execute(sql, offsets | {"B": largest[table]})
        db.execute("COMMIT")
    db.close()


def _as_article(stored: StoredArticle, url: str) -> Article:
    kept = {f.name: getattr(stored, f.name) for f in fields(Article) if hasattr(stored, f.name)}
    return Article(**(kept | {"url": url, "input_name": url}))


def _added_cost(
    db_path: Path, held_out: list[tuple[StoredArticle, AnalysedArticle]], targets: list[int]
) -> list[float]:
    """Add each held-out article to one of the target stories; the chronicle share of each, in ms."""
    costs = []
    with khronika.open(db_path, Settings(show_progress=False)) as kh:
        refresh_chronicles(kh, (), story_ids=targets)  # their chronicles kept, as an ingest leaves them
        for (stored, analysis), story in zip(held_out, targets, strict=True):
            with kh.store.transaction():
                added = kh.store.add_article(_as_article(stored, f"{stored.url}#added"))
                linked = kh.store.link_entities(added.article_id, analysis)
                start = time.perf_counter()
                sheet = sheet_json(make_sheet(analysis))
                sheet_s = time.perf_counter() - start
                kh.store.save_analysis(added.article_id, linked, sheet)
                kh.store.stories.assign(added.article_id, story, added.article_id)
            start = time.perf_counter()
            refreshed = refresh_chronicles(kh, [added.article_id])
            costs.append((sheet_s + time.perf_counter() - start) * 1000)
            if not refreshed:
                sys.exit("the added article's story kept its chronicle: no refresh was measured")
    return costs


def _one_story(db_path: Path) -> tuple[int, dict[str, Any]]:
    """Merge every story into the largest (no refresh on the way), keep its chronicle once."""
    with khronika.open(db_path, Settings(show_progress=False, keep_chronicles=False)) as kh:
        story, *others = [s.id for s in kh.stories()]
        for other in others:
            kh.merge_stories(story, other)
    with khronika.open(db_path, Settings(show_progress=False)) as kh:
        refresh_chronicles(kh, (), story_ids=[story])
        ids = [item.id for item in kh.story(story).articles_list]
        settings = settings_for(None, 1)
        kept_ms = _best(5, lambda: kh.chronicle(story=story))
        entries = len(kh.chronicle(story=story).entries)
        articles = chronicle_articles(kh, ids)
        read_ms = _best(5, lambda: chronicle_articles(kh, ids))
        build_ms = _best(5, lambda: build_chronicle(articles, settings, edits=line_edits(kh, articles)))
        tokens_ms = _best(1, lambda: [full_analysis(kh, kh.article(i)) for i in ids])
    with khronika.open(db_path, Settings(show_progress=False)) as kh:
        first_ms = _best(1, lambda: kh.chronicle(story=story))
    figures = {"kept": kept_ms, "first": first_ms, "read": read_ms, "build": build_ms, "tokens": tokens_ms}
    return len(ids), figures | {"entries": entries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="es/syria", help="a topic folder under ml-crisis")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--added", type=int, default=12, help="held-out articles added at each size")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000], help="articles stored (about)")
    args = parser.parse_args()
    topic = CRISIS / args.topic
    files = sorted(topic.rglob("*.txt"), key=lambda p: (p.parent.name, p.name))[: args.articles + args.added]
    if len(files) < args.articles + args.added:
        sys.exit(f"{topic}: fewer than {args.articles + args.added} .txt files (the shared ML-Crisis corpus is needed)")
    workdir = Path(tempfile.mkdtemp(prefix="khronika-chronicle-bench-"))
    try:
        for name, chosen in (("docs", files[: args.articles]), ("held-out", files[args.articles :])):
            for path in chosen:  # the day folders, as the corpus lays them out
                target = workdir / name / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        settings = Settings(show_progress=False)
        start = time.perf_counter()
        with khronika.open(workdir / "bench.db", settings) as kh:
            kh.ingest([str(workdir / "docs")], progress=False, dates_from_path=True)
        ingest_s = time.perf_counter() - start
        with khronika.open(workdir / "held-out.db", settings) as kh:
            report = kh.ingest([str(workdir / "held-out")], progress=False, dates_from_path=True)
            held_out = [(kh.article(i), full_analysis(kh, kh.article(i))) for i in report.articles]
        shutil.copyfile(workdir / "bench.db", workdir / "large.db")
        size, story = _one_story(workdir / "bench.db")

        largest, sizes = _first_round(workdir / "large.db")
        per_round = largest["articles"]  # ids of a fresh ingest run 1…n
        largest_stories = sorted(sizes, key=lambda story: (-sizes[story], story))[: len(held_out)]
        costs: dict[int, list[float]] = {}
        fill_s: dict[int, float] = {}
        stored: dict[int, int] = {}
        done = 1  # rounds in the store: the ingest's own
        for number, target in enumerate(args.sizes):
            rounds = max(target // per_round, 1)
            start = time.perf_counter()
            _copy_rows(workdir / "large.db", largest, range(done, rounds))
            fill_s[target] = time.perf_counter() - start
            done = max(done, rounds)
            targets = [story + (rounds - 1) * largest["stories"] for story in largest_stories]  # the last round's
            measured = workdir / "large.db"
            if number < len(args.sizes) - 1:  # measured on a copy: the added rows stay out of the next rounds
                measured = workdir / "measured.db"
                shutil.copyfile(workdir / "large.db", measured)
            costs[target] = _added_cost(measured, held_out, targets)
            stored[target] = rounds * per_round

        print(f"ML-Crisis {args.topic}: {args.articles} articles ingested in {ingest_s:.1f} s")
        print(f"{'what':<74}{'ms':>10}")
        headline = f"a {size}-article story ({story['entries']} dated entries): the kept chronicle"
        print(f"{headline:<74}{story['kept']:>10.1f}   (aim: < 50 ms)")
        print(f"{'  the same, first thing after opening the store':<74}{story['first']:>10.1f}")
        print(f"{'  built anew (on a change): read back, stored analyses and sheets':<74}{story['read']:>10.1f}")
        print(f"{'  built anew (on a change): build':<74}{story['build']:>10.1f}")
        print(f"{'  read back with tokens rebuilt (a store without sheets)':<74}{story['tokens']:>10.1f}")
        for target in args.sizes:
            median = statistics.median(costs[target])
            spread = f"{min(costs[target]):.1f}-{max(costs[target]):.1f}"
            line = f"an added article at {stored[target]:,} stored (its sheet + its chronicles refreshed)"
            print(
                f"{line:<74}{median:>10.1f}   median of {len(costs[target])} ({spread}); store filled in {fill_s[target]:.0f} s"
            )
        if len(args.sizes) >= 2:
            low, high = (statistics.median(costs[s]) for s in (args.sizes[0], args.sizes[-1]))
            print(f"ratio {args.sizes[-1]:,} / {args.sizes[0]:,} stored: {high / low:.2f}   (aim: within 1.5)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
