"""Clustering cost per article as the store grows: 1,000 new articles on top of 1,000
and of 100,000 stored ones.

The stored articles are generated, already analysed term bags, made to look like
news: a Zipfian vocabulary of 50,000 lemmas, about 150 content words per article
(its story's and storyline's own words mixed with the background vocabulary, the
headline's words counted three times as ``stories/assign.py`` counts them), 3–8
entity mentions from a Zipfian pool of 20,000 ids, stories of 1–30 articles a few
days long, grouped in storylines, dates spread over two years.

Filling: every stored article goes into its own story's cluster with
``OnlineClusterer.add(into=…)`` (the clusterer's real bookkeeping: document
frequencies, bounded centroids, postings, but no candidate search), and the state
is then written to a fresh SQLite store in bulk. So 100,000 articles take about a
minute, not the half hour of a full ingest.

Measured, for the 1,000 articles that come next in publication order:

  * memory: the in-memory clusterers alone (story, and storyline for an article that
    starts a story), as ``StoryAssigner`` calls them;
  * sqlite: the story assignment as ingest runs it inside an article's transaction
    (``save_bag`` and ``StoryAssigner._place``: both levels, their SQLite writes,
    the commit), on an assigner that loaded the store's saved state first; the
    writer loop's near-duplicate step (``run/writer.py``) is not clustering and is left out.

Prints ms per article (wall and CPU; the CPU figure is the one to trust on a shared
machine), the clusters scored per article, and the 100k/1k ratio. Target (issue 6):
at most 5 ms per article at 100,000 stored, within 2x of the figure at 1,000.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from khronika.store.protocols.stories import TermBag
from khronika.store.sqlite.store import SQLiteStore
from khronika.store.sqlite.stories import LEVELS
from khronika.stories.assign import NEWS_CONFIGS, TITLE_WEIGHT, StoryAssigner, cluster_record, document
from khronika.stories.clustering import Level, OnlineClusterer

VOCABULARY = 50_000
ENTITY_POOL = 20_000
WORDS_PER_ARTICLE = 150
TITLE_WORDS = 8
STORY_SHARE = 0.4  # of an article's words, from its story's (and storyline's) own words
DAYS = 730
START = date(2023, 1, 1)
ADDED = 1_000
SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["ka", "zha", "shi", "tro", "pre"]


def _zipf_table(size: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1…size under Zipf's law (for ``bisect``)."""
    return list(itertools.accumulate(1.0 / rank**exponent for rank in range(1, size + 1)))


def _lemmas(count: int, rng: random.Random) -> list[str]:
    """Distinct pronounceable pseudo-lemmas of 2–5 syllables (lengths like real ones)."""
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5)))] = None
    return list(seen)


@dataclass
class Generated:
    bags: list[TermBag]  # in publication order
    titles: list[str]
    stories: list[int]  # each article's generated story
    storylines: dict[int, int]  # story -> storyline


class NewsGenerator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _lemmas(VOCABULARY, self.rng)
        self.word_table = _zipf_table(VOCABULARY, 1.0)
        kinds = ("per", "org", "loc")
        self.entities = [f"{kinds[i % 3]}:{name}" for i, name in enumerate(_lemmas(ENTITY_POOL, self.rng))]
        self.entity_table = _zipf_table(ENTITY_POOL, 0.9)
        size_weights = [1.0 / size for size in range(1, 31)]  # stories of 1–30 articles, most small
        self.size_table = list(itertools.accumulate(size_weights))

    def _pick(self, table: list[float], items: list[str], floor: int = 0) -> str:
        low = table[floor - 1] if floor else 0.0
        return items[bisect.bisect(table, low + self.rng.random() * (table[-1] - low))]

    def generate(self, articles: int) -> Generated:
        """At least ``articles`` articles (whole stories), sorted by day."""
        rng = self.rng
        storyline_count = max(articles // 60, 3)
        storyline_words = [
            [self._pick(self.word_table, self.words, 300) for _ in range(30)] for _ in range(storyline_count)
        ]
        storyline_entities = [
            [self._pick(self.entity_table, self.entities) for _ in range(6)] for _ in range(storyline_count)
        ]
        line_table = _zipf_table(storyline_count, 0.8)
        rows: list[tuple[date, int, TermBag, str, int]] = []
        storylines: dict[int, int] = {}
        story = 0
        while len(rows) < articles:
            line = bisect.bisect(line_table, rng.random() * line_table[-1])  # a few long-running storylines
            storylines[story] = line
            own_words = rng.sample(storyline_words[line], 10) + [
                self._pick(self.word_table, self.words, 300) for _ in range(15)
            ]
            own_entities = rng.sample(storyline_entities[line], 3) + [
                self._pick(self.entity_table, self.entities) for _ in range(3)
            ]
            first_day = START + timedelta(days=rng.randrange(DAYS))
            size = bisect.bisect(self.size_table, rng.random() * self.size_table[-1]) + 1
            for _ in range(size):
                day = first_day + timedelta(days=min(int(rng.expovariate(0.7)), 14))
                title = rng.sample(own_words, TITLE_WORDS)
                body = [
                    rng.choice(own_words) if rng.random() < STORY_SHARE else self._pick(self.word_table, self.words)
                    for _ in range(WORDS_PER_ARTICLE - TITLE_WORDS)
                ]
                counts: Counter[str] = Counter(body)
                for word in title:
                    counts[word] += TITLE_WEIGHT
                entities = tuple(sorted(rng.choice(own_entities) for _ in range(rng.randint(3, 8))))
                bag = TermBag(dict(sorted(counts.items())), tuple(title), entities, day.isoformat())
                rows.append((day, len(rows), bag, " ".join(title).capitalize(), story))
            story += 1
        rows.sort(key=lambda row: (row[0], row[1]))
        return Generated([r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows], storylines)


@dataclass
class Filled:
    story_cluster: dict[int, int]  # generated story -> story cluster id
    story_line: dict[int, int]  # story cluster id -> storyline cluster id
    last_update: dict[tuple[Level, int], int]  # (level, cluster id) -> document count at its last update


def fill(clusterers: dict[Level, OnlineClusterer], news: Generated, count: int) -> Filled:
    """Put the first ``count`` articles in their generated stories and storylines."""
    story_cluster: dict[int, int] = {}
    line_cluster: dict[int, int] = {}
    story_line: dict[int, int] = {}
    last_update: dict[tuple[Level, int], int] = {}
    for article_id in range(1, count + 1):
        bag, story = news.bags[article_id - 1], news.stories[article_id - 1]
        for level, clusterer in clusterers.items():
            known = story_cluster if level == "story" else line_cluster
            key = story if level == "story" else news.storylines[story]
            if key not in known:
                known[key] = clusterer.index.new_cluster().id
            clusterer.add(document(article_id, bag, clusterer.config), into=known[key])
            last_update[level, known[key]] = clusterer.stats.documents
        story_line[story_cluster[story]] = line_cluster[news.storylines[story]]
    return Filled(story_cluster, story_line, last_update)


def write_store(
    path: Path, clusterers: dict[Level, OnlineClusterer], news: Generated, count: int, filled: Filled
) -> None:
    """The filled state as ``store/sqlite/stories.py`` keeps it, written in bulk (parents first: foreign keys)."""
    store = SQLiteStore(path)
    db = store.connection
    db.execute("BEGIN")
    db.executemany(
        """INSERT INTO articles (id, url, version, content_hash, title, lang, published_day, published_source,
           pipeline_version, ingested_at, updated_at) VALUES (?, ?, 1, ?, ?, 'en', ?, 'given', 'bench', '', '')""",
        (
            (i, f"https://bench.test/{i}", f"h{i}", news.titles[i - 1], news.bags[i - 1].day)
            for i in range(1, count + 1)
        ),
    )
    for article_id in range(1, count + 1):
        store.stories.save_bag(article_id, news.bags[article_id - 1])
    for level, clusterer in clusterers.items():
        table = LEVELS[level]
        for cluster in clusterer.clusters:
            record = cluster_record(cluster, filled.last_update[level, cluster.id])
            store.stories.save_cluster(level, record, news.titles[0])
        db.executemany(
            f"INSERT INTO {table.frequencies} VALUES (?, ?)",
            clusterer._document_frequency.items(),  # the counts the clusterer keeps, as count_document writes them
        )
        db.executemany(
            f"INSERT INTO {table.state} VALUES (?, ?)",
            [("documents", str(clusterer.stats.documents)), ("total_length", str(clusterer.total_length))],
        )
    db.executemany(
        "UPDATE stories SET storyline_id = ? WHERE id = ?",
        ((line + 1, story + 1) for story, line in filled.story_line.items()),
    )
    db.executemany(
        "INSERT INTO story_articles VALUES (?, ?, ?)",
        ((i, filled.story_cluster[news.stories[i - 1]] + 1, i) for i in range(1, count + 1)),
    )
    db.execute("COMMIT")
    store.close()


def measure_memory(clusterers: dict[Level, OnlineClusterer], news: Generated, start: int,
                   story_line: dict[int, int]) -> tuple[float, float, float]:  # fmt: skip
    """ms per article (wall, CPU) and clusters scored per article, as ``_place`` calls the clusterers."""
    story, line = clusterers["story"], clusterers["storyline"]
    scored_before = story.stats.scored + line.stats.scored
    wall, cpu = time.perf_counter(), time.process_time()
    for article_id in range(start, start + ADDED):
        bag = news.bags[article_id - 1]
        clusters_before = len(story.clusters)
        cluster = story.add(document(article_id, bag, story.config))
        into = story_line.get(cluster) if len(story.clusters) == clusters_before else None
        story_line[cluster] = line.add(document(article_id, bag, line.config), into=into)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    scored = story.stats.scored + line.stats.scored - scored_before
    return wall * 1000 / ADDED, cpu * 1000 / ADDED, scored / ADDED


def measure_sqlite(path: Path, news: Generated, start: int) -> tuple[float, float, float]:
    """Load time (s), then ms per article (wall, CPU) of the assignment in each article's transaction."""
    store = SQLiteStore(path)
    assigner = StoryAssigner(store, NEWS_CONFIGS["story"], NEWS_CONFIGS["storyline"])
    tick = time.perf_counter()
    assigner.clusterer("story")
    assigner.clusterer("storyline")
    load_seconds = time.perf_counter() - tick
    db: sqlite3.Connection = store.connection
    wall = cpu = 0.0
    for article_id in range(start, start + ADDED):
        bag = news.bags[article_id - 1]
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            """INSERT INTO articles (id, url, version, content_hash, title, lang, published_day, published_source,
               pipeline_version, ingested_at, updated_at) VALUES (?, ?, 1, ?, ?, 'en', ?, 'given', 'bench', '', '')""",
            (article_id, f"https://bench.test/{article_id}", f"h{article_id}", news.titles[article_id - 1], bag.day),
        )
        tick, tock = time.perf_counter(), time.process_time()
        assigner.stories.save_bag(article_id, bag)
        assigner._place(article_id, bag, news.titles[article_id - 1], None)
        db.execute("COMMIT")
        wall += time.perf_counter() - tick
        cpu += time.process_time() - tock
    store.close()
    return load_seconds, wall * 1000 / ADDED, cpu * 1000 / ADDED


def run(stored: int, seed: int, workdir: Path, with_sqlite: bool) -> dict[str, float]:
    tick = time.perf_counter()
    news = NewsGenerator(seed).generate(stored + ADDED)
    clusterers: dict[Level, OnlineClusterer] = {
        level: OnlineClusterer(NEWS_CONFIGS[level]) for level in ("story", "storyline")
    }
    filled = fill(clusterers, news, stored)
    result = {
        "stored": stored,
        "stories": len(clusterers["story"].clusters),
        "storylines": len(clusterers["storyline"].clusters),
    }
    path = workdir / f"stored-{stored}.db"
    if with_sqlite:
        write_store(path, clusterers, news, stored, filled)
    result["fill_s"] = time.perf_counter() - tick
    result["memory_wall_ms"], result["memory_cpu_ms"], result["scored"] = measure_memory(
        clusterers, news, stored + 1, dict(filled.story_line)
    )
    if with_sqlite:
        result["load_s"], result["sqlite_wall_ms"], result["sqlite_cpu_ms"] = measure_sqlite(path, news, stored + 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000], help="stored articles per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-only", action="store_true", help="skip the SQLite path")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="khronika-bench-") as workdir:
        for stored in args.sizes:
            results.append(run(stored, args.seed, Path(workdir), not args.memory_only))
            row = results[-1]
            print(f"filled {stored:,} articles ({row['stories']:,} stories, {row['storylines']:,} storylines) "
                  f"in {row['fill_s']:.0f} s", flush=True)  # fmt: skip
    columns = ["memory_cpu_ms", "memory_wall_ms", "scored"] + (
        [] if args.memory_only else ["sqlite_cpu_ms", "sqlite_wall_ms", "load_s"]
    )
    print(f"\n{'stored':>8}  " + "  ".join(f"{c:>14}" for c in columns))
    for row in results:
        print(f"{row['stored']:>8,}  " + "  ".join(f"{row[c]:>14.2f}" for c in columns))
    if len(results) >= 2:
        first, last = results[0], results[-1]
        ratios = "  ".join(f"{c}: {last[c] / first[c]:.2f}x" for c in columns if c.endswith("_ms") and first[c])
        print(f"\n{last['stored']:,} vs {first['stored']:,} stored: {ratios}")
    print(f"target: at most 5 ms per article at 100,000 stored, within 2x of the figure at 1,000 (added: {ADDED:,})")


if __name__ == "__main__":
    main()
