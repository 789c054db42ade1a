"""Score online clustering against gold labels: NMI, ARI and B-cubed.

The input is JSON lines ``{"id", "text", "title"?, "published"?, "lang"?,
"label"}`` clustered once, in file order. With ``batches`` the stream is split
into that many equal consecutive batches, and each batch is scored right after
it is processed (NMI over that batch's documents, with their assignments as
they stand then), the protocol of the MStream paper (Yin et al., KDD 2018).

NMI here is sklearn's default (mutual information over the arithmetic mean of
the two entropies); ``nmi_sqrt`` (over their geometric mean, as in the GSDMM
and MStream papers) is reported beside it and is never lower.
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from khronika.stories.clustering import ClusterConfig, Document, Level, OnlineClusterer, load_cluster_config
from khronika.stories.embeddings import embed_ahead, embedding_text

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# the title says what the story is: its words count this many times over the body's
TITLE_REPEAT = 2


# -- metrics -------------------------------------------------------------------------


def _entropy(counts: Sequence[int], total: int) -> float:
    return -sum(c / total * math.log(c / total) for c in counts if c)


def _contingency(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Counter[tuple[Hashable, Hashable]]:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predicted")
    return Counter(zip(gold, predicted, strict=True))


def nmi(gold: Sequence[Hashable], predicted: Sequence[Hashable], average: str = "arithmetic") -> float:
    """Normalised mutual information; ``average``: arithmetic (sklearn's default) or geometric."""
    total = len(gold)
    joint = _contingency(gold, predicted)
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    if total == 0:
        return 1.0
    if len(gold_counts) == len(predicted_counts) == 1:
        return 1.0  # both one cluster: identical, as sklearn says
    mutual = sum(
        n / total * math.log(n * total / (gold_counts[g] * predicted_counts[p])) for (g, p), n in joint.items()
    )
    h_gold = _entropy(list(gold_counts.values()), total)
    h_predicted = _entropy(list(predicted_counts.values()), total)
    if average == "arithmetic":
        denominator = (h_gold + h_predicted) / 2
    elif average == "geometric":
        denominator = math.sqrt(h_gold * h_predicted)
    else:
        raise ValueError(f"average must be arithmetic or geometric, not {average!r}")
    return max(0.0, min(1.0, mutual / denominator)) if denominator > 0 else 0.0


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def ari(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie)."""
    joint = _contingency(gold, predicted)
    total = len(gold)
    sum_joint = sum(_pairs(n) for n in joint.values())
    sum_gold = sum(_pairs(n) for n in Counter(gold).values())
    sum_predicted = sum(_pairs(n) for n in Counter(predicted).values())
    all_pairs = _pairs(total)
    if all_pairs == 0:
        return 1.0
    expected = sum_gold * sum_predicted / all_pairs
    maximum = (sum_gold + sum_predicted) / 2
    if maximum == expected:
        return 1.0  # both partitions trivial in the same way
    return (sum_joint - expected) / (maximum - expected)


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin), averaged over items."""
    joint = _contingency(gold, predicted)
    total = len(gold)
    if total == 0:
        return 1.0, 1.0, 1.0
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    # every item in cell (g, p) has n items of its cell in its cluster and in its class
    precision = sum(n * n / predicted_counts[p] for (_g, p), n in joint.items()) / total
    recall = sum(n * n / gold_counts[g] for (g, _p), n in joint.items()) / total
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# -- reading and evaluating ----------------------------------------------------------


def terms_of(text: str) -> list[str]:
    """Lower-cased words; pre-processed short texts (MStream's) pass through as they are."""
    return _WORD.findall(text.lower())


def _published(value: Any, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{where}: published {value!r} is not an ISO date") from None


def read_labelled(path: str | Path) -> tuple[list[Document], list[str]]:
    """Documents and their gold labels from a JSON lines file, in file order."""
    documents: list[Document] = []
    labels: list[str] = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not JSON ({error.msg})") from None
            if not isinstance(record, dict) or "label" not in record or "text" not in record:
                raise ValueError(f"{where}: a line needs at least 'text' and 'label'")
            terms = terms_of(str(record["text"]))
            if record.get("title"):
                terms += terms_of(str(record["title"])) * TITLE_REPEAT
            documents.append(
                Document(
                    id=str(record.get("id", number)),
                    terms=terms,
                    published=_published(record.get("published"), where),
                    lang=record.get("lang"),
                    text=embedding_text(str(record["text"]), str(record.get("title") or "")),
                )
            )
            labels.append(str(record["label"]))
    return documents, labels


def scores(gold: Sequence[str], predicted: Sequence[int]) -> dict[str, float]:
    precision, recall, f1 = bcubed(gold, predicted)
    return {
        "nmi": round(nmi(gold, predicted), 4),
        "nmi_sqrt": round(nmi(gold, predicted, "geometric"), 4),
        "ari": round(ari(gold, predicted), 4),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
    }


def evaluate_clusters(
    path: str | Path,
    *,
    level: Level = "story",
    batches: int | None = None,
    config: ClusterConfig | str | Path | None = None,
) -> dict[str, Any]:
    """Cluster the file online and score the result (and each batch, with ``batches``)."""
    if not isinstance(config, ClusterConfig):
        config = load_cluster_config(config, level)
    documents, labels = read_labelled(path)
    if batches is not None and not 1 <= batches <= max(len(documents), 1):
        raise ValueError(f"batches must be between 1 and the number of documents ({len(documents)})")
    tick = time.perf_counter()  # embeddings (if configured) in batches up front, not one per add()
    embedded = embed_ahead(config, documents, progress=sys.stderr.isatty())
    embedding_seconds = time.perf_counter() - tick
    clusterer = OnlineClusterer(config)
    predicted: list[int] = []
    batch_nmi: list[float] = []
    bounds = [round(i * len(documents) / batches) for i in range(batches + 1)] if batches else []
    started = time.perf_counter()
    clustering_seconds = 0.0
    spans = list(pairwise(bounds)) if batches else [(0, len(documents))]
    for batch_start, batch_end in spans:
        tick = time.perf_counter()
        predicted.extend(clusterer.add(document) for document in documents[batch_start:batch_end])
        clustering_seconds += time.perf_counter() - tick
        if batches:  # assignments never move once made, so "as they stand then" is what we hold
            batch_nmi.append(nmi(labels[batch_start:batch_end], predicted[batch_start:batch_end]))
    report: dict[str, Any] = scores(labels, predicted)
    report.update(
        {
            "clusters": len(set(predicted)),
            "labels": len(set(labels)),
            "docs": len(documents),
            "docs_per_s": round(len(documents) / clustering_seconds) if clustering_seconds else 0,
            "mean_scored_clusters": round(clusterer.stats.mean_scored, 1),
            "seconds": round(time.perf_counter() - started, 2),
            "level": level,
        }
    )
    if embedded:
        report["embedding_seconds"] = round(embedding_seconds, 2)
    if batches:
        report["batches"] = batches
        report["mean_batch_nmi"] = round(sum(batch_nmi) / len(batch_nmi), 4)
        report["batch_nmi"] = [round(value, 4) for value in batch_nmi]
    return report
