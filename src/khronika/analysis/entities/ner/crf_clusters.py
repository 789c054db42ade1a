"""Word clusters for the CRF tagger's ``clusters`` feature group.

The clusters come from natasha's navec news embeddings (Russian, 250K words;
MIT licence): k-means on the unit vectors, 1024 fine clusters and 128 coarse
ones (k-means on the fine centroids). The word -> cluster table ships as
``models/navec-clusters.tsv.gz``, so tagging needs neither navec nor numpy.
Many Ukrainian names and places are spelled as in Russian; a word the table
lacks is looked up again through a rough Ukrainian -> Russian letter mapping
(``україни`` -> ``украины``, ``київський`` -> ``киевский``): that finds
clusters for about half of NER-UK's entity tokens.

``build_clusters`` makes the table (needs navec and numpy, at build time only).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

CLUSTERS_FILE = "navec-clusters.tsv.gz"
_TO_RUSSIAN = (
    str.maketrans({"и": "ы", "і": "и", "ї": "и", "є": "е", "ґ": "г", "'": ""}),  # україни -> украины
    str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": ""}),  # олексій -> олексий
    str.maketrans({"і": "е", "ї": "е", "є": "е", "ґ": "г", "'": ""}),  # київ -> киев
)
_SOFT_K = re.compile("([сц])ьк")  # київський -> киевский


class Clusters:
    """word -> (fine, coarse) cluster ids, with the Ukrainian -> Russian fallback."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        self.table = table

    def __call__(self, word: str) -> tuple[str, str] | None:
        """``word`` lowercased, apostrophes normalised."""
        hit = self.table.get(word)
        if hit is None:
            for russian in russian_spellings(word):
                hit = self.table.get(russian)
                if hit is not None:
                    break
        return hit


def russian_spellings(word: str) -> Iterator[str]:
    """Rough Russian spellings of a Ukrainian word, most likely first."""
    for mapping in _TO_RUSSIAN:
        russian = word.translate(mapping)
        yield russian
        yield _SOFT_K.sub(r"\1к", russian)


def read_clusters(path: Path) -> Clusters:
    table: dict[str, tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, fine, coarse = line.rstrip("\n").split("\t")
            table[word] = (fine, coarse)
    return Clusters(table)


def shipped_clusters_path() -> Path:
    return Path(str(resources.files("khronika.analysis.entities.ner").joinpath("models", CLUSTERS_FILE)))


@cache
def shipped_clusters() -> Clusters:
    return read_clusters(shipped_clusters_path())


def build_clusters(navec_path: Path, out: Path, fine: int = 1024, coarse: int = 128, iterations: int = 12) -> None:
    """k-means (cosine) over navec's vectors; writes ``word<TAB>fine<TAB>coarse`` lines."""
    import numpy as np
    from navec import Navec

    navec: Any = Navec.load(str(navec_path))
    words = [w for w in navec.vocab.words if not w.startswith("<")]
    vectors = navec.pq.unpack()[: len(words)].astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8
    rng = np.random.default_rng(0)

    def kmeans(points: Any, k: int, rounds: int) -> tuple[Any, Any]:
        centres = points[rng.choice(len(points), k, replace=False)].copy()
        labels = np.zeros(len(points), dtype=np.int32)
        for _ in range(rounds):
            for start in range(0, len(points), 50_000):
                labels[start : start + 50_000] = np.argmax(points[start : start + 50_000] @ centres.T, axis=1)
            for j in range(k):
                members = points[labels == j]
                total = members.sum(0) if len(members) else points[rng.integers(len(points))]
                centres[j] = total / (np.linalg.norm(total) + 1e-8)
        return centres, labels

    centres, fine_labels = kmeans(vectors, fine, iterations)
    _, coarse_of_centre = kmeans(centres, coarse, 30)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as lines:
        for word, label in zip(words, fine_labels, strict=True):
            lines.write(f"{word}\t{label}\t{coarse_of_centre[label]}\n")
