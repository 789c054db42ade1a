"""The terminal rendering of quality scores (``khronika eval …``) and of a trained
model (``khronika train ner``): a table on stdout, counts and speed on stderr."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from khronika.cli.common import err, print_table
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
