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


def evaluate_dates(pages: Path, half: str = "all", peers: bool = True) -> dict[str, Any]:
    """Publication dates of htmldate's evaluation pages (its ``tests/`` folder, read in
    place), beside htmldate's own two modes on the same pages (evaluation/dates.py)."""
    from khronika.evaluation.dates import evaluate_dates as score_dates

    if not pages.is_dir():
        raise UsageError(f"--pages {pages}: not a folder (name htmldate's tests/ folder)")
    return score_dates(pages, half, peers)


def _is_gold_sample(gold: Path) -> bool:
    """A gold sample folder (``quality/gold/``) or its ``sample.jsonl``, not a claims JSONL."""
    if gold.is_dir():
        return True
    with gold.open(encoding="utf-8") as lines:
        first = next((line for line in lines if line.strip()), "")
    return first.lstrip().startswith('{"doc"')


def _shared_folder(gold: Path, shared: Path | None) -> Path:
    """``--shared``, else ``../shared`` beside the working folder or beside the gold's project."""
    if shared is not None:
        if not shared.is_dir():
            raise UsageError(f"--shared {shared}: not a folder")
        return shared
    folder = gold.resolve() if gold.is_dir() else gold.resolve().parent
    for candidate in (Path.cwd().parent / "shared", folder.parent.parent.parent / "shared"):
        if candidate.is_dir():
            return candidate
    raise UsageError(f"--gold {gold}: no ../shared folder found; name it with --shared DIR")


def _gold_sample(gold: Path, split: str, shared: Path | None) -> tuple[Any, Path]:
    from khronika.evaluation.gold_sample import load_gold

    if not gold.exists():
        raise UsageError(f"--gold {gold}: no such file or folder")
    if split not in ("dev", "test", "all"):
        raise UsageError(f"--split {split}: not one of dev, test, all")
    folder = _shared_folder(gold, shared)
    try:
        return load_gold(gold, folder).only(split), folder
    except ValueError as error:
        raise UsageError(f"--gold {gold}: {error}") from None


def evaluate_entities(
    gold: Path, split: str = "all", shared: Path | None = None, details: bool = False
) -> dict[str, Any]:
    """PER/ORG/LOC precision, recall and F1 per language, exact span and canonical id, of
    what ingesting the gold sample's documents stores (evaluation/gold_entities.py)."""
    from khronika.evaluation.gold_entities import score_entities
    from khronika.evaluation.gold_ingest import ingest_sample

    sample, folder = _gold_sample(gold, split, shared)
    result = score_entities(ingest_sample(sample, folder), details=details)
    return {"split": split, "documents": len(sample.documents), **result}


def evaluate_extraction(pages: Path, peers: bool = True) -> dict[str, Any]:
    """Body text of trafilatura's evaluation pages (its ``tests/`` folder, read in
    place), beside trafilatura's own three modes on the same pages, on both seeded
    halves (evaluation/extraction.py)."""
    from khronika.evaluation.extraction import evaluate_extraction as score_extraction

    if not pages.is_dir():
        raise UsageError(f"--pages {pages}: not a folder (name trafilatura's tests/ folder)")
    return score_extraction(pages, peers)


def evaluate_claims(
    gold: Path, split: str = "all", shared: Path | None = None, details: bool = False
) -> dict[str, Any]:
    """Source+cue F1, content-span F1 and figure accuracy on a claims gold set (JSONL);
    on the gold sample (a folder, or its sample.jsonl), per language, with conflicts."""
    from khronika.evaluation.claims import evaluate_claims as score_claims

    if gold.is_dir() or (gold.is_file() and _is_gold_sample(gold)):
        from khronika.evaluation.gold_claims import score_claims as score_sample
        from khronika.evaluation.gold_ingest import ingest_sample

        sample, folder = _gold_sample(gold, split, shared)
        result = score_sample(ingest_sample(sample, folder), sample.pairs, details=details)
        return {"split": split, "documents": len(sample.documents), **result}
    if not gold.is_file():
        raise UsageError(f"--gold {gold}: no such file")
    if split != "all" or shared is not None:
        raise UsageError("--split and --shared go with the gold sample (quality/gold), not a claims JSONL")
    try:
        return score_claims(gold, details=details)
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


def _topic_lang(docs: Path, lang: str | None) -> str | None:
    """``--lang``, else the ML-Crisis language folder the topic sits in (``es/egypt``), else detected."""
    if lang is not None:
        return lang
    parent = docs.resolve().parent.name
    return parent if len(parent) == 2 and parent.isalpha() and parent.islower() else None


def evaluate_timeline(
    docs: Path | None = None,
    reference: Path | None = None,
    topics: tuple[Path, ...] = (),
    lang: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Timeline ROUGE (news-tls figures) of the chronicle of every article of a topic
    (``DIR/<YYYY-MM-DD>/<id>.txt``) against its reference: ``docs`` with ``reference``,
    or each of ``topics`` with its ``DIR/../reference/<topic>.txt``."""
    from khronika.evaluation.timeline_docs import evaluate_topics

    if (docs is None) == (not topics):
        raise UsageError("give --docs DIR with --reference FILE, or --topic DIR…")
    if docs is not None and reference is None:
        raise UsageError("--docs needs --reference FILE")
    if topics and reference is not None:
        raise UsageError("--reference goes with --docs; a --topic's reference is DIR/../reference/<topic>.txt")
    pairs = [(docs, reference)] if docs is not None and reference is not None else []
    pairs += [(topic, topic.parent / "reference" / f"{topic.name}.txt") for topic in topics]
    for folder, reference_file in pairs:
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such directory")
        if not reference_file.is_file():
            raise UsageError(f"{reference_file}: no such reference file")
    try:
        return evaluate_topics([(d, r, _topic_lang(d, lang)) for d, r in pairs], settings)
    except ValueError as error:
        raise UsageError(str(error)) from None


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
