"""Views of stored articles, of what could not be ingested, of the counts, and of
one document analysed without storing it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from khronika import offline
from khronika.analysis.serialize import analysis_json
from khronika.api import Khronika
from khronika.records import AnalysedArticle, Article, Claim, Conflict, Figure, StoredArticle
from khronika.results import CopyGroup, StoredAnalysis, StoreStats
from khronika.settings import Settings
from khronika.store import ArticleVersion, StoredFailure
from khronika.views.common import number


def article_json(article: StoredArticle, with_text: bool) -> dict[str, Any]:
    """A stored article as ``articles --json`` lists it; with its text, dropped lines,
    headers and extras as ``article ID --json`` shows it."""
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "language": article.lang,
        "outlet": article.outlet,
        "domain": article.domain,
        "published": article.published.value,
        "published_source": article.published.source.value,
        "published_has_time": article.published.has_time,
        "utc_offset": article.published.utc_offset,
        "version": article.version,
        "copy_of": article.copy_of,
        "pipeline_version": article.pipeline_version,
        "ingested_at": article.ingested_at,
        "credits": list(article.credits),
        "related": [{"title": link.title, "url": link.url} for link in article.related],
    }
    if with_text:
        data["text"] = article.text
        data["dropped"] = [{"text": line.text, "rule": line.rule} for line in article.dropped]
        data["http_headers"] = article.http_headers
        data["extra"] = article.extra
    return data


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list."""

    id: int
    day: str  # ``—`` when undated
    lang: str
    outlet: str  # ``—`` when unknown
    title: str  # the text's start when the article has no title


@dataclass(frozen=True)
class ArticlesContext:
    """``khronika articles``: the stored articles, oldest first."""

    articles: tuple[StoredArticle, ...]

    @staticmethod
    def load(
        kh: Khronika,
        lang: str | None = None,
        outlet: str | None = None,
        undated: bool = False,
        limit: int | None = None,
    ) -> ArticlesContext:
        return ArticlesContext(tuple(kh.articles(lang=lang, outlet=outlet, undated=undated, limit=limit)))

    @property
    def rows(self) -> list[ArticleRow]:
        return [
            ArticleRow(a.id, a.published.day or "—", a.lang, a.outlet or "—", a.title or a.text[:70])
            for a in self.articles
        ]

    def to_json(self) -> list[dict[str, Any]]:
        return [article_json(article, with_text=False) for article in self.articles]


@dataclass(frozen=True)
class ArticleContext:
    """``khronika article ID``: one stored article, its analysis and its copy group."""

    article: StoredArticle
    analysis: StoredAnalysis | None
    copy_group: CopyGroup

    @staticmethod
    def load(kh: Khronika, article_id: int) -> ArticleContext:
        return ArticleContext(kh.article(article_id), kh.analysis(article_id), kh.copy_group(article_id))

    @property
    def date(self) -> str:
        return self.article.published.value or "undated"

    def to_json(self) -> dict[str, Any]:
        analysis = self.analysis.to_json() if self.analysis is not None else {}
        return {**article_json(self.article, with_text=True), **analysis, "copy_group": self.copy_group.to_json()}


@dataclass(frozen=True)
class VersionsContext:
    """``khronika article ID --versions``: every stored version of one article, oldest first."""

    article_id: int
    versions: tuple[ArticleVersion, ...]

    @staticmethod
    def load(kh: Khronika, article_id: int) -> VersionsContext:
        return VersionsContext(article_id, tuple(kh.article_versions(article_id)))

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(version) for version in self.versions]


@dataclass(frozen=True)
class FailuresContext:
    """``khronika failures``: what past runs could not ingest, newest first."""

    failures: tuple[StoredFailure, ...]

    @staticmethod
    def load(kh: Khronika, limit: int | None = None) -> FailuresContext:
        return FailuresContext(tuple(kh.failures(limit)))

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {"run": f.run_id, "input": f.input, "reason": f.reason, "kind": f.kind, "at": f.at} for f in self.failures
        ]


@dataclass(frozen=True)
class StatsContext:
    """``khronika stats``: counts of what the database holds."""

    stats: StoreStats

    @staticmethod
    def load(kh: Khronika) -> StatsContext:
        return StatsContext(kh.stats())

    @property
    def rows(self) -> list[tuple[str, Any]]:
        """(label, value) in order; a value is a count, a text, None or a {name: count} dict."""
        return [(key.replace("_", " "), value) for key, value in self.to_json().items()]

    def to_json(self) -> dict[str, Any]:
        return self.stats.to_json()


@dataclass(frozen=True)
class AnalyzeContext:
    """``khronika analyze FILE``: one document extracted and analysed, nothing stored:
    the analysis (``article``) and what extraction kept beside the text (``extracted``:
    its credits and dropped lines)."""

    article: AnalysedArticle
    extracted: Article

    @staticmethod
    def load(
        source: str, settings: Settings | None = None, published: str | None = None, lang: str | None = None
    ) -> AnalyzeContext:
        extracted = offline.extract(source, settings, published=published, lang=lang)
        return AnalyzeContext(offline.analyze_article(extracted, settings), extracted)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.article.warnings

    def claim_content(self, claim: Claim) -> str:
        """What the claim says: its content span of the title or the text."""
        return self.article.field_text(claim.field)[claim.content_start : claim.content_end]

    def figure_value(self, figure: Figure) -> str:
        """``5``, ``3–5`` for a range, with its qualifier (``over 5``) and unit (``5 km``)."""
        value = number(figure.value) + (f"–{number(figure.value_max)}" if figure.value_max is not None else "")
        words = (figure.qualifier, ("~" if figure.approximate and not figure.qualifier else "") + value, figure.unit)
        return " ".join(word for word in words if word)

    def conflict_sides(self, conflict: Conflict) -> tuple[Figure, Figure]:
        """The two figures that cannot both be true."""
        return self.article.figures[conflict.first], self.article.figures[conflict.second]

    def to_json(self) -> dict[str, Any]:
        dropped = [{"text": line.text, "rule": line.rule} for line in self.extracted.dropped]
        return analysis_json(self.article) | {"credits": list(self.extracted.credits), "dropped": dropped}
