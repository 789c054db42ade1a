"""``khronika eval …`` and ``khronika train …``: quality against gold data, and models."""

from __future__ import annotations

from pathlib import Path

import click

from khronika import offline
from khronika.cli import render_scores
from khronika.cli.common import reports_errors, show
from khronika.views.scores import ScoresContext


@click.group(name="eval")
def evaluate() -> None:
    """Score khronika against gold data (floors for CI live in quality/floors.json)."""


@evaluate.command(name="ner")
@click.option("--iob", type=click.Path(path_type=Path), required=True, help="NER-UK style file: 'token TAG' lines.")
@click.option("--lang", default="uk", show_default=True)
@click.option("--backend", help="NER backend spec (default: the language's), e.g. crf:/path/model.crfsuite.")
@click.option("--block", help="Score a contiguous block of segments only, e.g. 0.7:0.85.")
@click.option("--unseen", is_flag=True, help="Also score the names of the block that the rest of the file lacks.")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_ner(iob: Path, lang: str, backend: str | None, block: str | None, unseen: bool, as_json: bool) -> None:
    """Exact-span precision, recall and F1 for PER, ORG and LOC, and tokens/s."""
    result = offline.evaluate_ner(iob, lang=lang, backend=backend, block=block, unseen=unseen)
    show(ScoresContext(result), as_json, render_scores.ner)


@evaluate.command(name="dates")
@click.option(
    "--pages", type=click.Path(path_type=Path), required=True, help="htmldate's tests/ folder (its gold and pages)."
)
@click.option("--half", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="A seeded half of the pages: dev is for tuning, test is never tuned on.")  # fmt: skip
@click.option("--no-peers", is_flag=True, help="Score khronika only, not htmldate beside it.")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_dates(pages: Path, half: str, no_peers: bool, as_json: bool) -> None:
    """Publication-date accuracy, precision and recall, beside htmldate's on the same pages."""
    show(ScoresContext(offline.evaluate_dates(pages, half, peers=not no_peers)), as_json, render_scores.dates)


@evaluate.command(name="extraction")
@click.option(
    "--pages",
    type=click.Path(path_type=Path),
    required=True,
    help="trafilatura's tests/ folder (its evaldata.json and pages), or the repository holding it.",
)
@click.option("--no-peers", is_flag=True, help="Score khronika only, not trafilatura beside it.")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_extraction(pages: Path, no_peers: bool, as_json: bool) -> None:
    """Body-text precision, recall and F1 on both seeded halves, beside trafilatura's three modes."""
    result = offline.evaluate_extraction(pages, peers=not no_peers)
    show(ScoresContext(result), as_json, render_scores.extraction)


@evaluate.command(name="timex")
@click.option(
    "--iob", type=click.Path(path_type=Path), required=True, help="NER-UK style file: its DATE spans are the gold."
)
@click.option("--lang", default="uk", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_timex(iob: Path, lang: str, as_json: bool) -> None:
    """Precision, recall and F1 of the time tagger on DATE spans, exact and overlapping, and tokens/s."""
    show(ScoresContext(offline.evaluate_timex(iob, lang)), as_json, render_scores.timex)


@click.group()
def train() -> None:
    """Train khronika's own models."""


@train.command(name="ner")
@click.option(
    "--iob", type=click.Path(path_type=Path), required=True, help="Training data: 'token TAG' lines (NER-UK format)."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Model file to write (.crfsuite)."
)
@click.option("--lang", default="uk", show_default=True)
@click.option("--exclude-block", help="Keep a contiguous block out of training for evaluation, e.g. 0.7:0.85.")
@click.option("--features", help="Feature groups, comma-separated [default: the recipe of the shipped model].")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def train_ner(iob: Path, out: Path, lang: str, exclude_block: str | None, features: str | None, as_json: bool) -> None:
    """Train the CRF entity tagger; use it with KHRONIKA_NER=uk=crf:OUT."""
    result = offline.train_ner(iob, out, lang=lang, exclude_block=exclude_block, features=features)
    show(ScoresContext(result), as_json, render_scores.trained)


_SPLIT = click.option(
    "--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
    help="The gold sample's half: dev is for tuning, test is never tuned on.",
)  # fmt: skip
_SHARED = click.option(
    "--shared", type=click.Path(path_type=Path),
    help="The shared folder the gold sample points into [default: ../shared].",
)  # fmt: skip
_ERRORS = click.option("--errors", is_flag=True, help="With --json: list every miss and wrong prediction.")


@evaluate.command(name="claims")
@click.option(
    "--gold", type=click.Path(path_type=Path), required=True,
    help="JSONL (lang, text, claims, figures), or the gold sample: quality/gold (or its sample.jsonl).",
)  # fmt: skip
@_SPLIT
@_SHARED
@_ERRORS
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_claims(gold: Path, split: str, shared: Path | None, errors: bool, as_json: bool) -> None:
    """Source+cue F1, content-span F1 and figure accuracy on a claims gold set; on the
    gold sample, per language, and conflict precision and recall."""
    result = offline.evaluate_claims(gold, split, shared, details=errors)
    show(ScoresContext(result), as_json, render_scores.claims)


@evaluate.command(name="entities")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    required=True,
    help="The gold sample: quality/gold (or its sample.jsonl).",
)
@_SPLIT
@_SHARED
@_ERRORS
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_entities(gold: Path, split: str, shared: Path | None, errors: bool, as_json: bool) -> None:
    """PER/ORG/LOC precision, recall and F1 per language, exact span and canonical id,
    of what ingesting the gold sample's documents stores."""
    result = offline.evaluate_entities(gold, split, shared, details=errors)
    show(ScoresContext(result), as_json, render_scores.entities)


@evaluate.command(name="clusters")
@click.option(
    "--jsonl",
    type=click.Path(path_type=Path),
    help='Labelled lines: {"id", "text", "title"?, "published"?, "lang"?, "label"}, in stream order.',
)
@click.option(
    "--docs",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A DIR/<topic>/<YYYY-MM-DD>/<id>.txt folder (ML-Crisis layout), repeatable: ingested together into"
    " a temporary store and its stories scored against the topics.",
)
@click.option("--level", type=click.Choice(["story", "storyline"]), default="story", show_default=True)
@click.option(
    "--batches", type=click.IntRange(min=1), help="Also score N equal consecutive batches (MStream's protocol)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Clustering config (JSON), e.g. quality/clusters-tweets.json; default: the built-in weights.",
)
@click.option(
    "--limit",
    "per_topic",
    type=click.IntRange(min=1),
    help="With --docs: an evenly spaced sample of at most N files per topic and folder.",
)
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_clusters(
    jsonl: Path | None,
    docs: tuple[Path, ...],
    level: str,
    batches: int | None,
    config_path: Path | None,
    per_topic: int | None,
    as_json: bool,
) -> None:
    """NMI, ARI and B-cubed of online clustering against gold labels, and docs/s."""
    result = offline.evaluate_clusters(jsonl, docs, level, batches, config_path, per_topic)
    show(ScoresContext(result), as_json, render_scores.clusters)


@evaluate.command(name="timeline")
@click.option(
    "--docs",
    type=click.Path(path_type=Path),
    help="A topic folder DIR/<YYYY-MM-DD>/<id>.txt (ML-Crisis layout; the folder date is the publication date).",
)
@click.option(
    "--reference", type=click.Path(path_type=Path), help="With --docs: the reference timeline (tilse format)."
)
@click.option(
    "--topic",
    "topics",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A topic folder whose reference is DIR/../reference/<topic>.txt; repeatable (their mean is printed too).",
)
@click.option("--lang", help="The articles' language [default: the topic's parent folder (es/…), else detected].")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def eval_timeline(
    docs: Path | None, reference: Path | None, topics: tuple[Path, ...], lang: str | None, as_json: bool
) -> None:
    """Timeline ROUGE of the chronicle of a topic's articles against its reference (news-tls figures)."""
    result = offline.evaluate_timeline(docs, reference, topics, lang)
    show(ScoresContext(result), as_json, render_scores.timeline)
