"""The API calls that need no database: analyse one document, score khronika
against gold data, train its models (``khronika analyze``, ``eval …``, ``train …``).

Options are checked here, as ``UsageError`` naming the option, so the CLI and
any other caller refuse the same inputs. The evaluation modules and the trainer
load on first call (they pull in scoring and training code nobody else needs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from khronika.errors import UsageError
from khronika.records import AnalysedArticle, Article
from khronika.settings import Settings


def analyze(
    source: str, settings: Settings | None = None, published: str | None = None, lang: str | None = None
) -> AnalysedArticle:
    """Read, extract and analyse ``source`` (a path, or ``-`` for stdin); stores nothing."""
    from khronika.run.document import analyse_source

    return analyse_source(source, settings or Settings(), published=published, lang=lang)


def extract(
    source: str, settings: Settings | None = None, published: str | None = None, lang: str | None = None
) -> Article:
    """Read and extract ``source`` as ingest would (a path, ``.html.gz`` too, or ``-``):
    the article with its credits and dropped lines, not analysed; stores nothing."""
    from khronika.run.document import extract_source

    return extract_source(source, settings or Settings(), published=published, lang=lang)


def analyze_article(article: Article, settings: Settings | None = None) -> AnalysedArticle:
    """Run the analysis stages (of ``settings``) on an extracted article; stores nothing."""
    from khronika.run.document import analyse_article

    return analyse_article(article, settings or Settings())


def _iob_path(iob: Path) -> Path:
    if not iob.is_file():
        raise UsageError(f"--iob {iob}: no such file")
    return iob


def evaluate_ner(
    iob: Path, lang: str = "uk", backend: str | None = None, block: str | None = None, unseen: bool = False
) -> dict[str, Any]:
    """Exact-span precision, recall and F1 per entity type (and of the block's unseen names), tokens/s."""
    from khronika.evaluation.ner import check_block
    from khronika.evaluation.ner import evaluate_ner as score_ner

    if unseen and not block:
        raise UsageError("--unseen needs --block: the unseen names are those the rest of the file lacks")
    check_block("--block", block)
    try:
        return score_ner(_iob_path(iob), lang=lang, backend=backend, block=block, unseen=unseen)
    except ValueError as error:
        raise UsageError(f"--iob {iob}: {error}") from None


def evaluate_timex(iob: Path, lang: str = "uk") -> dict[str, Any]:
    """The time tagger against the DATE spans of an IOB file, exact and overlapping."""
    from khronika.evaluation.timex import evaluate_timex as score_timex

    try:
        return score_timex(_iob_path(iob), lang)
    except ValueError as error:
        raise UsageError(f"--iob {iob}: {error}") from None


def evaluate_claims(gold: Path) -> dict[str, Any]:
    """Source+cue F1, content-span F1 and figure accuracy on a claims gold set (JSONL)."""
    from khronika.evaluation.claims import evaluate_claims as score_claims

    if not gold.is_file():
        raise UsageError(f"--gold {gold}: no such file")
    try:
        return score_claims(gold)
    except (ValueError, KeyError) as error:
        raise UsageError(f"--gold {gold}: {error}") from None


def evaluate_clusters(
    jsonl: Path | None = None,
    docs: tuple[Path, ...] = (),
    level: str = "story",
    batches: int | None = None,
    config: Path | None = None,
    per_topic: int | None = None,
) -> dict[str, Any]:
    """NMI, ARI and B-cubed of online clustering against gold labels: of a labelled
    JSONL stream, or of ``docs`` folders ingested into a temporary store."""
    if (jsonl is None) == (not docs):
        raise UsageError("give exactly one of --jsonl FILE or --docs DIR…")
    if config is not None and not config.is_file():
        raise UsageError(f"--config {config}: no such file")
    if docs:
        if batches is not None:
            raise UsageError("--batches goes with --jsonl only")
        return _clusters_of_docs(list(docs), level, config, per_topic)
    assert jsonl is not None
    if per_topic is not None:
        raise UsageError("--limit goes with --docs only")
    return _clusters_of_jsonl(jsonl, level, batches, config)


def _clusters_of_jsonl(jsonl: Path, level: str, batches: int | None, config: Path | None) -> dict[str, Any]:
    from khronika.evaluation.clusters import evaluate_clusters as score_clusters

    if not jsonl.is_file():
        raise UsageError(f"--jsonl {jsonl}: no such file")
    try:
        return score_clusters(
            jsonl, level="storyline" if level == "storyline" else "story", batches=batches, config=config
        )
    except ValueError as error:
        raise UsageError(f"--jsonl {jsonl}: {error}") from None


def _clusters_of_docs(docs: list[Path], level: str, config: Path | None, per_topic: int | None) -> dict[str, Any]:
    from khronika.evaluation.stored_clusters import evaluate_stored_clusters

    try:
        return evaluate_stored_clusters(docs, level=level, config=config, per_topic=per_topic)
    except ValueError as error:
        raise UsageError(f"--docs: {error}") from None


def train_ner(
    iob: Path, model: Path, lang: str = "uk", exclude_block: str | None = None, features: str | None = None
) -> dict[str, Any]:
    """Train the CRF entity tagger on an IOB file into ``model`` (use it with KHRONIKA_NER=uk=crf:MODEL)."""
    from khronika.analysis.entities.ner.crf_train import DEFAULT_GROUPS, train_crf
    from khronika.evaluation.ner import check_block

    check_block("--exclude-block", exclude_block)
    try:
        return train_crf(
            _iob_path(iob),
            model,
            lang=lang,
            groups=tuple(features.split(",")) if features else DEFAULT_GROUPS,
            exclude_block=exclude_block,
        )
    except ValueError as error:
        raise UsageError(f"--iob {iob}: {error}") from None
