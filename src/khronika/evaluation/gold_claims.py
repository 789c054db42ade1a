"""Score who said what, figures and conflicts against the gold sample (``khronika eval
claims --gold quality/gold``), from what a user's ingest stores (``gold_ingest``).

- **source+cue**, per language: a stored claim of an annotated sentence matches a
  gold claim of that sentence when its cue overlaps the gold cue and its source
  covers part of the gold head (the speaker's name, else the head noun) while
  staying inside the gold source phrase (one short word before it, an article,
  may be included). ``Аналитики в Москве`` → ``Москва`` lies inside the phrase but
  misses the head ``Аналитики``: wrong. Precision is over every stored claim of the
  annotated sentences (a claim in an unattributed sentence is wrong), recall over
  the gold claims. **content**: word-overlap F1 of the matched pairs' contents.
- **figures**, per language: a gold figure is *found* where a stored figure
  overlaps its span, *right* where that figure has the gold value (and upper end
  for a range) and measure. *Spurious*: stored figures of annotated sentences that
  overlap no gold figure (a clock time, a year or an age read as a count, say).
- **conflicts**: each candidate pair is *flagged* when khronika's own rules set its
  two sides against each other: the stored figures overlapping the two sides, by
  the in-article rule (``find_conflicts``) for two sides of one article, by the
  cross-article rule of a story (``figures_conflict``) for two articles, as if
  both were in one story (clustering is scored elsewhere). A side khronika reads
  no figure for is never flagged. Precision and recall against ``conflict``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from khronika.analysis.figures.conflicts import find_conflicts
from khronika.evaluation.claims import overlap_f1
from khronika.evaluation.gold_entities import prf
from khronika.evaluation.gold_ingest import Predicted
from khronika.evaluation.gold_sample import GoldClaim, GoldPair, Span
from khronika.stories.conflicts import StoredFigure, figures_conflict

_ARTICLE_LETTERS = 3  # a word this short just before the source phrase is an article (la, the, l')


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _phrase_start(text: str, start: int) -> int:
    """The source phrase's start, widened over one article-like short word before it."""
    before = re.search(r"(\w+['’]?)\s*$", text[:start])
    return before.start() if before and len(before.group(1).rstrip("'’")) <= _ARTICLE_LETTERS else start


def _same_claim(text: str, gold: GoldClaim, source: Span, cue: Span) -> bool:
    inside = _phrase_start(text, gold.source[0]) <= source[0] and source[1] <= gold.source[1]
    return inside and _overlaps(source, gold.head) and _overlaps(cue, gold.cue)


def _claims(item: Predicted, counts: Counter[tuple[str, str]], contents: list[float], errors: list[Any]) -> None:
    lang, text = item.gold.lang, item.gold.text
    for sentence, found in zip(item.gold.sentences, item.alignment.found, strict=True):
        counts[lang, "gold"] += len(sentence.claims)
        if not found:
            continue
        stored = []
        for data in item.analysis.get("claims", []):
            spans = [
                item.alignment.span(data["field"], *data[key]) for key in ("source_span", "cue_span", "content_span")
            ]
            source, cue, content = spans
            if cue is not None and sentence.span[0] <= cue[0] < sentence.span[1]:
                stored.append((source or (cue[0], cue[0]), cue, content or (cue[0], cue[0]), data))
        counts[lang, "predicted"] += len(stored)
        unmatched = list(sentence.claims)
        for source, cue, content, data in stored:
            hit = next((g for g in unmatched if _same_claim(text, g, source, cue)), None)
            if hit is None:
                errors.append({"doc": item.gold.doc, "wrong": {"source": data["source"], "cue": data["cue"]}})
                continue
            unmatched.remove(hit)
            counts[lang, "right"] += 1
            contents.append(overlap_f1(text[hit.content[0] : hit.content[1]], text[content[0] : content[1]]))
        errors.extend(
            {
                "doc": item.gold.doc,
                "missed": {"source": text[g.source[0] : g.source[1]], "cue": text[g.cue[0] : g.cue[1]]},
            }
            for g in unmatched
        )


def _stored_figure(item: Predicted, span: Span) -> int | None:
    """The index of the stored figure overlapping a gold span (the first), if any."""
    for index, figure in enumerate(item.figures):
        mapped = item.alignment.span(figure.figure.field.value, figure.figure.start, figure.figure.end)
        if mapped is not None and _overlaps(mapped, span):
            return index
    return None


def _same_max(gold: float | None, stored: float | None) -> bool:
    return (gold is None and stored is None) or (gold is not None and stored is not None and abs(gold - stored) < 1e-6)


def _figures(item: Predicted, counts: Counter[tuple[str, str]], errors: list[Any]) -> None:
    lang, text = item.gold.lang, item.gold.text
    sentences = [s.span for s, ok in zip(item.gold.sentences, item.alignment.found, strict=True) if ok]
    claimed: set[int] = set()
    for sentence in item.gold.sentences:
        for gold in sentence.figures:
            counts[lang, "figures"] += 1
            index = _stored_figure(item, gold.span)
            if index is None:
                errors.append({"doc": item.gold.doc, "figure missed": text[gold.span[0] : gold.span[1]]})
                continue
            claimed.add(index)
            stored = item.figures[index].figure
            counts[lang, "figures found"] += 1
            value = abs(stored.value - gold.value) < 1e-6 and _same_max(gold.value_max, stored.value_max)
            counts[lang, "figures value"] += value
            counts[lang, "figures right"] += value and stored.measure == gold.measure
            if not (value and stored.measure == gold.measure):
                errors.append({"doc": item.gold.doc, "figure": text[gold.span[0] : gold.span[1]],
                               "gold": [gold.value, gold.measure], "got": [stored.value, stored.measure]})  # fmt: skip
    for index, figure in enumerate(item.figures):
        span = item.alignment.span(figure.figure.field.value, figure.figure.start, figure.figure.end)
        if index not in claimed and span is not None and any(a <= span[0] < b for a, b in sentences):
            counts[lang, "figures spurious"] += 1
            errors.append({"doc": item.gold.doc, "spurious figure": figure.figure.text})


def _side(by_doc: dict[str, Predicted], side: str) -> tuple[Predicted, int] | None:
    doc, _, name = side.partition("/")
    item = by_doc[doc]
    spans = {f.id: f.span for s in item.gold.sentences for f in s.figures}
    spans.update({n.id: n.span for s in item.gold.sentences for n in s.numbers})
    index = _stored_figure(item, spans[name])
    return None if index is None else (item, index)


def flagged(by_doc: dict[str, Predicted], pair: GoldPair) -> bool:
    """Whether khronika's conflict rules set the pair's two sides against each other."""
    first, second = _side(by_doc, pair.first), _side(by_doc, pair.second)
    if first is None or second is None:
        return False
    (one, i), (other, j) = first, second
    if one is other:
        if i == j:
            return False
        low, high = min(i, j), max(i, j)
        return any((c.first, c.second) == (low, high) for c in find_conflicts([f.figure for f in one.figures]))
    a: StoredFigure = one.figures[i]
    return figures_conflict(a, other.figures[j])


def score_claims(predicted: list[Predicted], pairs: tuple[GoldPair, ...], *, details: bool = False) -> dict[str, Any]:
    """Per language: source+cue P/R/F1, content F1, figures; over all: conflict P/R/F1."""
    counts: Counter[tuple[str, str]] = Counter()
    contents: dict[str, list[float]] = {}
    errors: list[Any] = []
    for item in predicted:
        _claims(item, counts, contents.setdefault(item.gold.lang, []), errors)
        _figures(item, counts, errors)
    by_doc = {item.gold.doc: item for item in predicted}
    verdicts = [(pair, flagged(by_doc, pair)) for pair in pairs]
    true_flagged = sum(pair.conflict and hit for pair, hit in verdicts)
    flagged_count = sum(hit for _, hit in verdicts)
    languages = sorted({item.gold.lang for item in predicted})

    def block(langs: list[str]) -> dict[str, Any]:
        def total(what: str) -> int:
            return sum(counts[lang, what] for lang in langs)

        scores = [s for lang in langs for s in contents.get(lang, [])]
        figures = total("figures")
        return {
            "source_cue": prf(total("right"), total("predicted"), total("gold")),
            "content_f1": round(sum(scores) / len(scores), 4) if scores else 0.0,
            "figures": {
                "gold": figures, "found": total("figures found"), "right_value": total("figures value"),
                "right": total("figures right"),
                "accuracy": round(total("figures right") / figures, 4) if figures else 0.0,
                "spurious": total("figures spurious"),
            },
        }  # fmt: skip

    result: dict[str, Any] = {
        "languages": {lang: block([lang]) for lang in languages},
        "all": block(languages),
        "conflicts": {
            **prf(true_flagged, flagged_count, sum(pair.conflict for pair in pairs)),
            "pairs": len(pairs),
            "false_pairs_flagged": flagged_count - true_flagged,
        },
    }
    if details:
        errors.extend(
            {"pair": p.id, "conflict": p.conflict, "flagged": hit, "why": p.why}
            for p, hit in verdicts
            if hit != p.conflict
        )
        result["errors"] = errors
    return result
