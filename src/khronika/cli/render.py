"""Views of stored records as JSON-ready dicts and rich tables (CLI now, web later)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table

from khronika.records import AnalysedArticle, EntityMention, StoredArticle, TimeRange


def article_json(article: StoredArticle, with_text: bool) -> dict[str, Any]:
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


def stats_table(stats: dict[str, Any]) -> Table:
    table = Table("what", "count", box=None, show_header=False)
    for key, value in stats.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{escape(k or '—')}: {v}" for k, v in list(value.items())[:12])
            table.add_row(key.replace("_", " "), shown or "—")
        else:
            table.add_row(key.replace("_", " "), escape(str(value if value is not None else "—")))
    return table


def analysis_tables(article: AnalysedArticle) -> Group:
    """Entities and time expressions of an analysed article, for a terminal."""
    entities = Table(
        "type", "entity", "mentions", "forms in the text", "id", box=None, title="entities", title_justify="left"
    )
    grouped: dict[str, list[EntityMention]] = {}
    for mention in article.entities:
        grouped.setdefault(mention.entity_id, []).append(mention)
    for entity_id, mentions in sorted(grouped.items(), key=lambda item: -len(item[1])):
        forms = ", ".join(dict.fromkeys(m.text for m in mentions))
        first = mentions[0]
        entities.add_row(
            first.type.value, escape(first.canonical), str(len(mentions)), escape(forms), escape(entity_id)
        )
    times = Table("expression", "value", "granularity", "", box=None, title="times", title_justify="left")
    for time in article.times:
        value = time.value if not isinstance(time.value, TimeRange) else f"{time.value.start}..{time.value.end}"
        flags = ", ".join(f for f, on in (("approximate", time.approximate), (time.anchor.value, True)) if on)
        times.add_row(escape(time.text), escape(str(value)), time.granularity.value, flags)
    header = f"[bold]{escape(article.title or '(no title)')}[/] · {article.lang} · {len(article.sentences)} sentences"
    return Group(header, entities, times)
