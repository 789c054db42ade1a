"""Near-duplicate cost per article: MinHash signature + LSH lookup + entity candidates +
writes, at several numbers of stored signatures (default 1,000 and 20,000).

The store is filled with generated articles of 150-400 words: 45% drawn from 100
function words, the rest from 50,000 content words (both Zipf-distributed, every word a
distinct 4-letter string so the 5-character stems keep them apart). Two unrelated
articles then share 1.5% of their shingles on average (Jaccard), three times the 0.5%
of examples/ and below the 2.6% of raw ml-crisis pages of one topic: a harsh but
realistic background for the LSH buckets. Each has five entity mentions from 3,000
Zipf-distributed entities, and one in ten is a lightly edited copy of an earlier one,
so buckets, postings and copy groups are all exercised. Then ``--probe`` new articles are signed
one by one (``sign_article``, as on ingest) and timed. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from functools import cache
from pathlib import Path

from khronika.store.sqlite.duplicates import DuplicateTables
from khronika.store.sqlite.migrations import apply_migrations
from khronika.stories.duplicates import sign_article

FUNCTION_WORDS = 100
CONTENT_WORDS = 50_000
FUNCTION_SHARE = 0.45
ENTITIES = 3_000


def _zipf_choices(rng: random.Random, size: int, count: int) -> list[int]:
    return rng.choices(range(size), weights=_zipf_weights(size), k=count)


@cache
def _zipf_weights(size: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(size)]


def _word(number: int) -> str:
    letters = ""
    for _ in range(4):
        letters = chr(ord("a") + number % 26) + letters
        number //= 26
    return letters


class Generator:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.function_words = [_word(n) for n in range(FUNCTION_WORDS)]
        self.words = [_word(FUNCTION_WORDS + n) for n in range(CONTENT_WORDS)]
        self.texts: list[str] = []

    def text(self) -> str:
        if self.texts and self.rng.random() < 0.1:  # a lightly edited copy of an earlier article
            words = self.rng.choice(self.texts).split()
            for _ in range(len(words) // 20):
                words[self.rng.randrange(len(words))] = self.rng.choice(self.words)
            text = " ".join(words)
        else:
            length = self.rng.randint(150, 400)
            functions = _zipf_choices(self.rng, FUNCTION_WORDS, length)
            contents = _zipf_choices(self.rng, CONTENT_WORDS, length)
            text = " ".join(
                self.function_words[functions[n]] if self.rng.random() < FUNCTION_SHARE else self.words[contents[n]]
                for n in range(length)
            )
        self.texts.append(text)
        return text

    def entities(self) -> list[str]:
        return [f"ent:{n}" for n in _zipf_choices(self.rng, ENTITIES, 5)]


def add_article(db: sqlite3.Connection, article_id: int, generator: Generator) -> str:
    db.execute(
        """INSERT INTO articles (id, url, version, content_hash, lang, outlet, domain, published_day,
           published_source, pipeline_version, ingested_at, updated_at)
           VALUES (?, ?, 1, '', 'en', ?, ?, '2020-10-22', 'meta', 'bench', '', '')""",
        (article_id, f"https://o{article_id % 50}.example/{article_id}", f"o{article_id % 50}", f"o{article_id % 50}"),
    )
    db.executemany(
        "INSERT INTO entity_mentions VALUES (?, ?, 'text', ?, ?, '')",
        [(article_id, entity, n, n + 1) for n, entity in enumerate(generator.entities())],
    )
    return generator.text()


class _Tables(DuplicateTables):
    """The SQLite store's duplicate tables on the bench's own connection (rows filled raw, fast)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db


def fill(db: sqlite3.Connection, generator: Generator, start: int, count: int) -> None:
    db.execute("BEGIN")
    for article_id in range(start, start + count):
        sign_article(_Tables(db), article_id, add_article(db, article_id, generator))
    db.execute("COMMIT")


def probe(db: sqlite3.Connection, generator: Generator, start: int, count: int) -> tuple[float, float]:
    """Milliseconds per article to sign and link ``count`` new articles, without and
    with the commit of each article's own transaction."""
    texts = []
    db.execute("BEGIN")
    for article_id in range(start, start + count):
        texts.append(add_article(db, article_id, generator))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the fill's WAL is not the probe's cost
    signing = total = 0.0
    for offset, text in enumerate(texts):
        began = time.perf_counter()
        db.execute("BEGIN")
        sign_article(_Tables(db), start + offset, text)
        signed = time.perf_counter()
        db.execute("COMMIT")
        signing += signed - began
        total += time.perf_counter() - began
    return signing * 1000 / count, total * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, nargs="+", default=[1_000, 20_000])
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "bench.db", isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        apply_migrations(db)
        db.execute("DELETE FROM duplicate_queue")
        generator = Generator()
        stored = 0
        print(f"{'stored signatures':>18}  {'ms/article':>10}  {'with commit':>11}  {'copy groups':>11}")
        for target in sorted(args.stored):
            fill(db, generator, stored + 1, target - stored)
            stored = target
            signing, with_commit = probe(db, generator, stored + 1, args.probe)
            stored += args.probe
            groups = db.execute("SELECT COUNT(DISTINCT group_id) FROM copy_groups").fetchone()[0]
            print(f"{target:>18,}  {signing:>10.2f}  {with_commit:>11.2f}  {groups:>11,}")
        db.close()


if __name__ == "__main__":
    main()
