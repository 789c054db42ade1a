"""The terminal rendering of quality scores (``khronika eval …``) and of a trained
model (``khronika train ner``): a table on stdout, counts and speed on stderr."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from khronika.cli.common import err, out, print_table
from khronika.views.scores import ScoresContext


def _prf(scores: Any) -> tuple[str, str, str]:
    return f"{scores['precision']:.3f}", f"{scores['recall']:.3f}", f"{scores['f1']:.3f}"


def ner(result: ScoresContext) -> None:
    table = Table("type", "precision", "recall", "F1", "support", box=None)
    for kind, scores in result["per_type"].items():
        table.add_row(kind, *_prf(scores), str(scores["support"]))
    table.add_row("micro", *_prf(result["micro"]), "", style="bold")
    if "unseen" in result:
        table.add_row("unseen names", *_prf(result["unseen"]), str(result["unseen"]["support"]))
    print_table(table)
    err.print(f"{result['segments']} segments, {result['tokens']} tokens, {result['tokens_per_s']:.0f} tokens/s")
    for warning in result.result.get("warnings", []):
        err.print(f"[yellow]warning:[/] {escape(warning)}")


def dates(result: ScoresContext) -> None:
    table = Table("system", "accuracy", "precision", "recall", "right", "wrong", "none", "seconds", box=None)
    for name, scores in result["systems"].items():
        table.add_row(
            name, *(f"{scores[key]:.3f}" for key in ("accuracy", "precision", "recall")),
            *(str(scores[key]) for key in ("right", "wrong", "none", "seconds")),
        )  # fmt: skip
    print_table(table)
    err.print(f"{result['pages']} pages ({result['half']} half)")


def extraction(result: ScoresContext) -> None:
    table = Table("half", "system", "precision", "recall", "F1", "tp", "fp", "fn", "s/page", box=None)
    for half, systems in result["halves"].items():
        for name, scores in systems.items():
            seconds = f"{result['seconds_per_page'][name]:.4f}"
            counts = (str(scores[key]) for key in ("tp", "fp", "fn"))
            table.add_row(f"{half} ({result['pages'][half]})", name, *_prf(scores), *counts, seconds)
    print_table(table)
    err.print(f"pages split by seed {escape(result['seed'])}; {len(result['dev_misses'])} dev pages with a miss")


def timex(result: ScoresContext) -> None:
    table = Table("match", "precision", "recall", "F1", box=None)
    for kind in ("exact", "overlap"):
        table.add_row(kind, *_prf(result[kind]))
    print_table(table)
    err.print(
        f"{result['gold']} gold, {result['predicted']} predicted ({result['ranges_left_out']} explicit ranges left out:"
        f" NER-UK tags them PERIOD), {result['tokens_per_s']} tokens/s"
    )


def claims(result: ScoresContext) -> None:
    if "languages" in result:
        _sample_claims(result)
        return
    table = Table("score", "precision", "recall", "F1", box=None)
    table.add_row("source+cue", *_prf(result["source_cue"]))
    table.add_row("content", "", "", f"{result['content_f1']:.3f}")
    print_table(table)
    figures = result["figures"]
    err.print(
        f"{result['sentences']} sentences; figures {figures['right']}/{figures['gold']} right ({figures['accuracy']:.3f})"
    )


def clusters(result: ScoresContext) -> None:
    table = Table("metric", "value", box=None)
    for key in ("nmi", "ari", "bcubed_precision", "bcubed_recall", "bcubed_f1", "mean_batch_nmi"):
        if key in result:
            table.add_row(key, f"{result[key]:.4f}")
    print_table(table)
    err.print(
        f"{result['docs']} docs, {result['clusters']} clusters for {result['labels']} labels,"
        f" {result['docs_per_s']} docs/s"
    )


def trained(result: ScoresContext) -> None:
    err.print(
        f"trained on {result['tokens']} tokens in {result['seconds']} s: {result['model']}"
        f" ({result['bytes'] / 1e6:.1f} MB)"
    )


TIMELINE_FIGURES = ("ar1_f", "ar2_f", "concat_r1_f", "concat_r2_f", "date_f1", "unicode_ar1_f", "unicode_ar2_f")


def timeline(result: ScoresContext) -> None:
    """A row per topic (and their mean): the news-tls figures and the seconds it took."""
    out.print("topic          " + " ".join(f"{key:>13}" for key in TIMELINE_FIGURES) + "  seconds", markup=False)
    rows = [*result["topics"], *([result["mean"]] if "mean" in result else [])]
    for row in rows:
        name = f"{row['lang']}/{row['topic']}" if row.get("lang") else str(row["topic"])
        figures = " ".join(f"{row[key]:13.4f}" for key in TIMELINE_FIGURES)
        out.print(f"{name:14} {figures} {row['seconds']:8.1f}", markup=False)
    for row in result["topics"]:
        err.print(
            f"{row['topic']} ({row['lang'] or 'language detected'}): {row['articles']} articles,"
            f" {row['dates']}/{row['reference_dates']} dates, {row['per_date']} per date",
            markup=False,
        )


def _sample_claims(result: ScoresContext) -> None:
    """The gold sample: a row per language (and all), then the conflicts."""
    table = Table("lang", "source+cue P", "R", "F1", "content F1", "figures right", "found", "spurious", box=None)
    for lang, row in [*result["languages"].items(), ("all", result["all"])]:
        figures = row["figures"]
        table.add_row(
            lang, *_prf(row["source_cue"]), f"{row['content_f1']:.3f}",
            f"{figures['right']}/{figures['gold']} ({figures['accuracy']:.3f})", str(figures["found"]),
            str(figures["spurious"]), style="bold" if lang == "all" else None,
        )  # fmt: skip
    print_table(table)
    conflicts = result["conflicts"]
    err.print(
        f"{result['documents']} documents ({result['split']}); conflicts: precision {conflicts['precision']:.3f},"
        f" recall {conflicts['recall']:.3f} ({conflicts['right']} of {conflicts['gold']} true pairs flagged,"
        f" {conflicts['false_pairs_flagged']} false ones, of {conflicts['pairs']})"
    )


def entities(result: ScoresContext) -> None:
    """A row per language (and all): exact span, span and id, per type F1, B-cubed."""
    table = Table("lang", "span P", "R", "F1", "span+id P", "R", "F1", "PER F1", "ORG F1", "LOC F1", "B3 F1",
                  "gold", box=None)  # fmt: skip
    for lang, row in [*result["languages"].items(), ("all", result["all"])]:
        per_type = row["per_type"]
        table.add_row(
            lang, *_prf(row["span"]), *_prf(row["span_and_id"]),
            *(f"{per_type[kind]['f1']:.3f}" for kind in ("PER", "ORG", "LOC")), f"{row['bcubed']['f1']:.3f}",
            str(row["span"]["gold"]), style="bold" if lang == "all" else None,
        )  # fmt: skip
    print_table(table)
    err.print(
        f"{result['documents']} documents ({result['split']}); {result['stored_ids']} stored ids for"
        f" {result['gold_entities']} gold entities among the span-right mentions"
    )
