"""Timeline summarisation metrics as news-tls reports them (tilse's), and the reference reader.

A timeline maps dates to their summary sentences. The figures:

* ``ar1``/``ar2``: tilse's ``align_date_content_costs_many_to_one`` (Martschat and
  Markert 2017, "align+ m:1"), the alignment-based ROUGE news-tls reports: every
  predicted date is aligned to the reference date of least cost (date distance
  times content mismatch), every reference date to the predicted date of least
  cost, and ROUGE hits are weighted by ``1 / (days apart + 1)``;
* ``concat_r1``/``concat_r2``: ROUGE of all predicted against all reference sentences;
* ``date``: precision, recall and F1 of the predicted dates;
* several topics: the mean precision and mean recall, and the F of those two
  (news-tls ``get_average_results``), not the mean F.

ROUGE counts use ``evaluation/rouge.py``: the tilse-compatible tokeniser
(``[A-Za-z0-9-]`` only) or the ``unicode`` one, with the same alignment either way.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from khronika.evaluation.rouge import TOKENISERS, RougeCounts, Tokeniser, rouge_counts

Timeline = Mapping[dt.date, Sequence[str]]

_DATE_LINE = re.compile(r"\d{4}-\d{2}-\d{2}")
# a run of dashes that closes a date's entry; the reference files glue some to the
# end of a sentence (``…la capitale-----``) or start them with ``- ``
_SEPARATOR = re.compile(r"\s*(?:-\s)?-{8,}\s*$")


def read_reference(text: str) -> dict[dt.date, list[str]]:
    """A tilse-format timeline: a ``YYYY-MM-DD`` line, its sentences, a dash line.

    Entries of one date are merged in file order; a dash run glued to a sentence
    ends the entry and leaves the sentence; sentences before any date are dropped.
    """
    timeline: dict[dt.date, list[str]] = {}
    current: list[str] | None = None
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if _DATE_LINE.fullmatch(line):
            current = timeline.setdefault(dt.date.fromisoformat(line), [])
            continue
        separator = _SEPARATOR.search(line)
        if separator:
            line = line[: separator.start()].strip()
        if line and current is not None:
            current.append(line)
        if separator:
            current = None
    return {date: sentences for date, sentences in sorted(timeline.items()) if sentences}


def read_reference_file(path: Path) -> dict[dt.date, list[str]]:
    return read_reference(path.read_text(encoding="utf-8"))


def summary_length(reference: Timeline) -> int:
    """Sentences per date to ask of a system: the reference's mean, rounded (news-tls)."""
    lengths = [len(sentences) for sentences in reference.values()]
    return round(sum(lengths) / len(lengths)) if lengths else 0


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _approximate_rouge1_f(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """tilse's ``compute_rouge_approximation``: whitespace tokens, punctuation marks
    dropped, case kept, no stemming; it only shapes the alignment."""

    def bag(sentences: Sequence[str]) -> Counter[str]:
        return Counter(tok for sent in sentences for tok in sent.split() if tok not in string.punctuation)

    peer, model = bag(predicted), bag(reference)
    hits = sum(min(count, model[tok]) for tok, count in peer.items())
    return PRF(_ratio(hits, sum(peer.values())), _ratio(hits, sum(model.values()))).f


def _closeness(first: dt.date, second: dt.date) -> float:
    return 1 / (abs(first.toordinal() - second.toordinal()) + 1)


def _many_to_one(
    sources: list[dt.date], targets: list[dt.date], cost: dict[tuple[dt.date, dt.date], float]
) -> list[dt.date]:
    """For each source date, the target date of least cost (the first one on ties)."""
    return [min(targets, key=lambda target: cost[source, target]) for source in sources]


@dataclass(frozen=True)
class TimelineScores:
    """One topic's figures; ``ar``/``concat`` map ROUGE-N (1, 2) to precision and recall."""

    ar: dict[int, PRF]
    concat: dict[int, PRF]
    date: PRF


def alignment_rouge(
    predicted: Timeline, reference: Timeline, tokenise: Tokeniser, orders: Sequence[int] = (1, 2)
) -> dict[int, PRF]:
    """tilse's align+ m:1 ROUGE-N precision and recall for each N in ``orders``."""
    pred_dates, ref_dates = sorted(d for d in predicted if predicted[d]), sorted(d for d in reference if reference[d])
    if not pred_dates or not ref_dates:
        return {n: PRF(0.0, 0.0) for n in orders}
    cost = {
        (p, r): (1 - _closeness(p, r)) * (1 - _approximate_rouge1_f(predicted[p], reference[r]))
        for p in pred_dates
        for r in ref_dates
    }
    reverse = {(r, p): value for (p, r), value in cost.items()}
    pred_tokens = {d: tokenise(predicted[d]) for d in pred_dates}
    ref_tokens = {d: tokenise(reference[d]) for d in ref_dates}
    scores: dict[int, PRF] = {}
    for n in orders:
        prec_num = prec_den = rec_num = rec_den = 0.0
        for p, r in zip(pred_dates, _many_to_one(pred_dates, ref_dates, cost), strict=True):
            counts = rouge_counts(pred_tokens[p], ref_tokens[r], n)
            prec_num += _closeness(p, r) * counts.hits
            prec_den += counts.peer
        for r, p in zip(ref_dates, _many_to_one(ref_dates, pred_dates, reverse), strict=True):
            counts = rouge_counts(pred_tokens[p], ref_tokens[r], n)
            rec_num += _closeness(p, r) * counts.hits
            rec_den += counts.model
        scores[n] = PRF(_ratio(prec_num, prec_den), _ratio(rec_num, rec_den))
    return scores


def concat_rouge(
    predicted: Timeline, reference: Timeline, tokenise: Tokeniser, orders: Sequence[int] = (1, 2)
) -> dict[int, PRF]:
    def concatenated(timeline: Timeline) -> list[str]:
        return [sentence for date in sorted(timeline) for sentence in timeline[date]]

    peer, model = tokenise(concatenated(predicted)), tokenise(concatenated(reference))
    scores: dict[int, PRF] = {}
    for n in orders:
        counts: RougeCounts = rouge_counts(peer, model, n)
        scores[n] = PRF(_ratio(counts.hits, counts.peer), _ratio(counts.hits, counts.model))
    return scores


def date_scores(predicted: Timeline, reference: Timeline) -> PRF:
    pred_dates, ref_dates = {d for d in predicted if predicted[d]}, {d for d in reference if reference[d]}
    shared = len(pred_dates & ref_dates)
    return PRF(_ratio(shared, len(pred_dates)), _ratio(shared, len(ref_dates)))


def score_timeline(predicted: Timeline, reference: Timeline, tokeniser: str = "rouge") -> TimelineScores:
    tokenise = TOKENISERS[tokeniser]
    return TimelineScores(
        alignment_rouge(predicted, reference, tokenise),
        concat_rouge(predicted, reference, tokenise),
        date_scores(predicted, reference),
    )


def _mean(values: Iterable[PRF]) -> PRF:
    items = list(values)
    if not items:
        return PRF(0.0, 0.0)
    return PRF(sum(v.precision for v in items) / len(items), sum(v.recall for v in items) / len(items))


def mean_scores(topics: Sequence[TimelineScores]) -> TimelineScores:
    """Several topics: mean precision and mean recall of each figure (F follows from them)."""
    orders = sorted({n for topic in topics for n in topic.ar})
    return TimelineScores(
        {n: _mean(t.ar[n] for t in topics) for n in orders},
        {n: _mean(t.concat[n] for t in topics) for n in orders},
        _mean(t.date for t in topics),
    )


def figures(scores: TimelineScores, prefix: str = "") -> dict[str, float]:
    """The printed figures: ``ar1_f``, ``ar2_f``, ``concat_r1_f``, ``concat_r2_f``, ``date_f1``."""
    out: dict[str, float] = {}
    for n, prf in scores.ar.items():
        out[f"{prefix}ar{n}_f"] = prf.f
    for n, prf in scores.concat.items():
        out[f"{prefix}concat_r{n}_f"] = prf.f
    if not prefix:
        out["date_f1"] = scores.date.f
    return out
