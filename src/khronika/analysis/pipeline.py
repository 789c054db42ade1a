"""The per-article analysis: an ordered list of named stages.

Each stage is a pure function ``AnalysedArticle -> AnalysedArticle`` that says
which fields it needs (``requires``) and which it fills (``assigns``), as spaCy's
pipes do. Stages register a factory under a name; a pipeline is a list of names,
checked once when it is built, so a stage that needs tokens cannot run before the
stage that makes them.

    pipeline = Pipeline()                       # the default stages
    analysed = pipeline(AnalysedArticle(lang="uk", title=…, text=…, published=…))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from khronika.errors import UsageError
from khronika.records import AnalysedArticle, DateSource, PublicationDate

_NO_DATE = PublicationDate(None, DateSource.NONE)
StageFunction = Callable[[AnalysedArticle], AnalysedArticle]
ANALYSED_FIELDS = ("sentences", "tokens", "entities", "times", "claims", "figures", "conflicts")


# languages the deep stages (morphology-based entities) are built for; others get
# sentences and times, and a warning
DEEP_LANGUAGES = frozenset({"uk", "ru", "en", "es", "fr", "it"})
# longer texts are analysed up to this many characters, with a warning: a 2 MB
# single-line "article" is a scraping accident, not news
MAX_ANALYSED_CHARS = 200_000


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: StageFunction
    languages: frozenset[str] | None = None  # None: every language


_FACTORIES: dict[str, Callable[[], Stage]] = {}
# stage name -> module that registers it (imported on first use: loading a model
# costs time, and a pipeline without that stage should not pay it)
_STAGE_MODULES = {
    "sentences": "khronika.analysis.sentences",
    "morphology": "khronika.analysis.morphology",
    "entities": "khronika.analysis.entities.recognition",
    "timex": "khronika.analysis.timex.tagger",
    "claims": "khronika.analysis.claims.attribution",
    "figures": "khronika.analysis.figures.reader",
    "conflicts": "khronika.analysis.figures.conflicts",
}
DEFAULT_STAGES = ("sentences", "morphology", "entities", "timex", "claims", "figures", "conflicts")


def register_stage(name: str) -> Callable[[Callable[[], Stage]], Callable[[], Stage]]:
    """Decorator for a stage factory: ``@register_stage("timex") def make() -> Stage``."""

    def decorate(factory: Callable[[], Stage]) -> Callable[[], Stage]:
        _FACTORIES[name] = factory
        return factory

    return decorate


def make_stage(name: str) -> Stage:
    if name not in _FACTORIES and name in _STAGE_MODULES:
        importlib.import_module(_STAGE_MODULES[name])
    if name not in _FACTORIES:
        known = ", ".join(sorted({*_FACTORIES, *_STAGE_MODULES}))
        raise UsageError(f"unknown analysis stage {name!r} (known: {known})")
    return _FACTORIES[name]()


class Pipeline:
    """Runs stages in order; built once, called per article."""

    def __init__(self, names: Sequence[str] = DEFAULT_STAGES) -> None:
        self.stages = [make_stage(name) for name in names]
        available: set[str] = set()
        for stage in self.stages:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise UsageError(f"analysis stage {stage.name!r} needs {', '.join(missing)} from an earlier stage")
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def warm_up(self, langs: Sequence[str] = ("uk", "ru", "en")) -> None:
        """Load every model and dictionary the stages use for these languages now
        (before forking workers, which then share them)."""
        for lang in langs:
            self(AnalysedArticle(lang, "Київ", "Лукашенко зустрівся з Путіним у Сочі 14 вересня.", _NO_DATE))

    def __call__(self, article: AnalysedArticle) -> AnalysedArticle:
        warnings = list(article.warnings)
        if len(article.text) > MAX_ANALYSED_CHARS:
            warnings.append(
                f"text is {len(article.text):,} characters long: analysed the first {MAX_ANALYSED_CHARS:,} only"
            )
            article = replace(article, text=article.text[:MAX_ANALYSED_CHARS])
        skipped = [stage.name for stage in self.stages if stage.languages and article.lang not in stage.languages]
        if skipped:
            warnings.append(
                f"language {article.lang!r} is not analysed deeply: no {', '.join(skipped)} (sentences and times only)"
            )
        for stage in self.stages:
            if stage.name not in skipped:
                article = stage.run(article)
        return replace(article, warnings=tuple(warnings))
