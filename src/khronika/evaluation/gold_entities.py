"""Score the entities khronika stores against the gold sample (``khronika eval entities --gold``).

The sample's documents are ingested into a temporary store (``gold_ingest``), and
the stored PER/ORG/LOC mentions inside the annotated sentences are set against
the gold ones, per language:

- **span**: a predicted mention is right when its span (mapped back onto the gold
  offsets) and its type are exactly a gold mention's; precision is over every
  predicted PER/ORG/LOC mention in the annotated sentences (MISC is not scored:
  a gold mention tagged MISC is a miss), recall over the gold mentions.
- **span and id**: right in span and type, *and* its stored entity id is the one
  that stands for the gold mention's entity: a stored id and a gold entity are
  paired when each is the other's majority among the span-right mentions, over
  the whole scored part of the sample (all languages: one id per thing across
  languages is what linking should give). So two stored ids for one thing leave
  the smaller one's mentions wrong, and one stored id for two things leaves the
  minority's mentions wrong.
- **B-cubed** over the span-right mentions: the gold entity as the class, the
  stored id as the cluster (precision: how pure each mention's stored entity is;
  recall: how much of its gold entity its stored entity holds).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from khronika.evaluation.gold_ingest import Predicted
from khronika.evaluation.gold_sample import ENTITY_TYPES, Span

Mention = tuple[str, Span, str]  # doc, span, type


def prf(right: int, predicted: int, gold: int) -> dict[str, Any]:
    precision = right / predicted if predicted else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "right": right, "predicted": predicted, "gold": gold,
    }  # fmt: skip


def _inside(span: Span, sentences: list[Span]) -> bool:
    return any(low <= span[0] and span[1] <= high for low, high in sentences)


def predicted_mentions(item: Predicted) -> list[tuple[Span, str, str, str]]:
    """The stored PER/ORG/LOC mentions inside the found gold sentences: span, type, id, text."""
    found = [s.span for s, ok in zip(item.gold.sentences, item.alignment.found, strict=True) if ok]
    mentions = []
    for data in item.analysis.get("entities", []):
        if data["type"] not in ENTITY_TYPES:
            continue
        span = item.alignment.span(data["field"], data["start"], data["end"])
        if span is not None and _inside(span, found):
            mentions.append((span, data["type"], data["entity_id"], data["text"]))
    return mentions


def _bcubed(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of (gold entity, stored id) pairs, one per mention."""
    if not pairs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    together = Counter(pairs)
    by_gold = Counter(g for g, _ in pairs)
    by_stored = Counter(p for _, p in pairs)
    precision = sum(together[g, p] / by_stored[p] for g, p in pairs) / len(pairs)
    recall = sum(together[g, p] / by_gold[g] for g, p in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_entities(predicted: list[Predicted], *, details: bool = False) -> dict[str, Any]:
    """Per language (and over all): span and span-and-id P/R/F1, per type, B-cubed."""
    matches: list[tuple[str, str, str, str]] = []  # lang, type, gold entity, stored id
    counts: Counter[tuple[str, str, str]] = Counter()  # (lang, type, "gold"|"predicted"|"right")
    errors: list[dict[str, Any]] = []
    for item in predicted:
        lang, text = item.gold.lang, item.gold.text
        gold = {(e.span, e.type): e.entity for s in item.gold.sentences for e in s.entities}
        for _, kind in gold:
            counts[lang, kind, "gold"] += 1
        for span, kind, entity_id, _ in predicted_mentions(item):
            counts[lang, kind, "predicted"] += 1
            wanted = gold.pop((span, kind), None)
            if wanted is None:
                errors.append({"doc": item.gold.doc, "wrong": text[span[0] : span[1]], "type": kind})
                continue
            counts[lang, kind, "right"] += 1
            matches.append((lang, kind, wanted, entity_id))
        errors.extend({"doc": item.gold.doc, "missed": text[s[0] : s[1]], "type": k} for s, k in gold)
    votes: defaultdict[str, Counter[str]] = defaultdict(Counter)  # stored id -> gold entities
    holders: defaultdict[str, Counter[str]] = defaultdict(Counter)  # gold entity -> stored ids
    for _, _, wanted, entity_id in matches:
        votes[entity_id][wanted] += 1
        holders[wanted][entity_id] += 1
    best_gold = {entity_id: tally.most_common(1)[0][0] for entity_id, tally in votes.items()}
    best_id = {wanted: tally.most_common(1)[0][0] for wanted, tally in holders.items()}

    def id_right(wanted: str, entity_id: str) -> bool:
        return best_gold[entity_id] == wanted and best_id[wanted] == entity_id

    languages = sorted({item.gold.lang for item in predicted})

    def block(langs: list[str]) -> dict[str, Any]:
        def total(kind: str, what: str) -> int:
            return sum(counts[lang, kind, what] for lang in langs)

        chosen = [m for m in matches if m[0] in langs]
        right_ids = sum(id_right(wanted, entity_id) for _, _, wanted, entity_id in chosen)
        predicted_all = sum(total(kind, "predicted") for kind in ENTITY_TYPES)
        gold_all = sum(total(kind, "gold") for kind in ENTITY_TYPES)
        return {
            "span": prf(len(chosen), predicted_all, gold_all),
            "span_and_id": prf(right_ids, predicted_all, gold_all),
            "per_type": {
                kind: prf(total(kind, "right"), total(kind, "predicted"), total(kind, "gold")) for kind in ENTITY_TYPES
            },
            "bcubed": _bcubed([(wanted, entity_id) for _, _, wanted, entity_id in chosen]),
        }

    result: dict[str, Any] = {
        "languages": {lang: block([lang]) for lang in languages},
        "all": block(languages),
        "stored_ids": len(votes),
        "gold_entities": len({wanted for _, _, wanted, _ in matches}),
    }
    if details:
        result["errors"] = errors
        result["split_ids"] = {
            wanted: ids
            for wanted in {w for _, _, w, _ in matches}
            if len(ids := sorted({e for _, _, w, e in matches if w == wanted})) > 1
        }
    return result
