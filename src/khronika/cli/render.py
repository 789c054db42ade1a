"""The terminal rendering of the views' contexts (``khronika.views``): rich tables
and lines on stdout, counts on stderr. Nothing here reads the database or builds
JSON: ``--json`` prints ``context.to_json()`` (``cli/common.py``).

Every text from the outside (titles, names, URLs, reasons) is escaped: rich must
never read it as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from khronika.cli.common import err, out, print_table
from khronika.records import AnalysedArticle, EntityMention, TimeRange
from khronika.results import StorylineSummary, StorySummary
from khronika.views.articles import (
    AnalyzeContext,
    ArticleContext,
    ArticlesContext,
    FailuresContext,
    StatsContext,
    VersionsContext,
)
from khronika.views.chronicles import LineCorrectionContext
from khronika.views.common import day_span, plural
from khronika.views.entities import ClaimsContext, ConflictsContext, EntitiesContext, EntityContext
from khronika.views.stories import (
    CorrectionContext,
    DecisionsContext,
    DeletionContext,
    RelatedContext,
    StoriesContext,
    StoryContext,
    StorylineContext,
    StorylinesContext,
)

# -- articles --------------------------------------------------------------------------


def articles(context: ArticlesContext) -> None:
    table = Table("id", "date", "lang", "outlet", "title", box=None)
    for row in context.rows:
        table.add_row(str(row.id), row.day, row.lang, escape(row.outlet), escape(row.title))
    print_table(table)
    err.print(plural(len(context.articles), "article"))


def article(context: ArticleContext) -> None:
    found = context.article
    out.print(f"[bold]{escape(found.title or '(no title)')}[/]")
    out.print(
        f"[dim]{escape(found.outlet or '—')} · {context.date} ({found.published.source.value}) · {found.lang}"
        f" · {escape(found.url)}[/]"
    )
    if found.credits:
        out.print(f"[dim]credit: {escape(', '.join(found.credits))}[/]")
    out.print()
    out.print(escape(found.text))
    for link in found.related:
        out.print(f"[dim]related:[/] {escape(link.title)} {escape(link.url or '')}")


def article_text(context: ArticleContext) -> None:
    click.echo(context.article.text)


def article_dropped(context: ArticleContext) -> None:
    for line in context.article.dropped:
        out.print(f"[dim]{line.rule:>14}[/]  {escape(line.text)}")
    err.print(plural(len(context.article.dropped), "dropped line"))


def article_versions(context: VersionsContext) -> None:
    table = Table("version", "stored", "content hash", "title", box=None)
    for version in context.versions:
        table.add_row(str(version.version), version.stored_at, version.content_hash, escape(version.title or "—"))
    print_table(table)
    err.print(plural(len(context.versions), "version"))


def failures(context: FailuresContext) -> None:
    for f in context.failures:
        out.print(f"[dim]{f.at}[/] {f.kind} {escape(f.input)}: {escape(f.reason)}")
    err.print(plural(len(context.failures), "failure"))


def stats(context: StatsContext) -> None:
    table = Table("what", "count", box=None, show_header=False)
    for label, value in context.rows:
        if isinstance(value, dict):  # on a terminal the first 12; piped, all of them
            items = list(value.items())
            kept = items[:12] if out.is_terminal else items
            shown = ", ".join(f"{escape(k or '—')}: {v}" for k, v in kept)
            more = f", … {len(items) - len(kept)} more" if len(kept) < len(items) else ""
            table.add_row(label, (shown or "—") + more)
        else:
            table.add_row(label, escape(str(value if value is not None else "—")))
    print_table(table)


def analysis(context: AnalyzeContext) -> None:
    """Everything ``analyze`` found, a table a part: entities, times, claims, figures,
    conflicts, then what extraction kept beside the text (credits, dropped lines)."""
    article = context.article
    sentences = plural(len(article.sentences), "sentence")
    out.print(f"[bold]{escape(article.title or '(no title)')}[/] · {article.lang} · {sentences}")
    for table in (*analysis_tables(article), *found_tables(context)):
        out.print()
        print_table(table)


def _section(title: str, *headers: str) -> Table:
    return Table(*headers, box=None, title=title, title_justify="left")


def found_tables(context: AnalyzeContext) -> tuple[Table, ...]:
    """Claims, figures and conflicts of an analysed document, and its credits and dropped lines."""
    claims = _section("claims", "source", "kind", "cue", "content")
    for claim in context.article.claims:
        cited = f" citing {claim.cited_source}" if claim.cited_source else ""
        quote = " «»" if claim.quote else ""
        claims.add_row(
            escape(claim.source), escape(claim.source_kind + cited), escape(claim.cue) + quote,
            escape(context.claim_content(claim)),
        )  # fmt: skip
    figures = _section("figures", "text", "value", "measure", "subject", "source", "date", "place")
    for figure in context.article.figures:
        figures.add_row(
            escape(figure.text), escape(context.figure_value(figure)), escape(figure.measure or "—"),
            escape(figure.subject or "—"), escape(figure.source or "—"), escape(figure.date or "—"),
            escape(figure.place or "—"),
        )  # fmt: skip
    conflicts = _section("conflicts", "measure", "source", "says", "source", "says")
    for conflict in context.article.conflicts:
        first, second = context.conflict_sides(conflict)
        conflicts.add_row(
            escape(conflict.measure), escape(conflict.first_source), escape(first.text),
            escape(conflict.second_source), escape(second.text),
        )  # fmt: skip
    credit_table = _section("credits", "credit")
    for credit in context.extracted.credits:
        credit_table.add_row(escape(credit))
    dropped = _section("dropped lines", "rule", "line")
    for line in context.extracted.dropped:
        dropped.add_row(escape(line.rule), escape(line.text))
    return claims, figures, conflicts, credit_table, dropped


def analysis_tables(article: AnalysedArticle) -> tuple[Table, Table]:
    """Entities and time expressions of an analysed article."""
    entities = _section("entities", "type", "entity", "mentions", "forms in the text", "id")
    grouped: dict[str, list[EntityMention]] = {}
    for mention in article.entities:
        grouped.setdefault(mention.entity_id, []).append(mention)
    for entity_id, mentions in sorted(grouped.items(), key=lambda item: -len(item[1])):
        forms = ", ".join(dict.fromkeys(m.text for m in mentions))
        first = mentions[0]
        entities.add_row(
            first.type.value, escape(first.canonical), str(len(mentions)), escape(forms), escape(entity_id)
        )
    times = _section("times", "expression", "value", "granularity", "")
    for time in article.times:
        value = time.value if not isinstance(time.value, TimeRange) else f"{time.value.start}..{time.value.end}"
        flags = ", ".join(f for f, on in (("approximate", time.approximate), (time.anchor.value, True)) if on)
        times.add_row(escape(time.text), escape(str(value)), time.granularity.value, flags)
    return entities, times


# -- stories and storylines ------------------------------------------------------------


def cluster_table(
    found: Sequence[StorySummary] | Sequence[StorylineSummary],
    second: str,
    second_cell: Callable[[Any], str],
) -> Table:
    """Stories or storylines, one a row: id, ``second``, articles, days, languages, title, top entities."""
    table = Table("id", second, "articles", "days", "langs", "title", "entities", box=None)
    for cluster in found:
        names = ", ".join(entity.name for entity in cluster.top_entities)
        table.add_row(
            str(cluster.id), second_cell(cluster), str(cluster.articles), day_span(cluster.first_day, cluster.last_day),
            ",".join(cluster.languages), escape(cluster.title or ""), escape(names),
        )  # fmt: skip
    return table


def _titles(titles: Mapping[str, str]) -> None:
    """A story's or storyline's title in each language, one a line."""
    for lang, title in titles.items():
        out.print(f"  {lang}: {escape(title)}")


def stories(context: StoriesContext) -> None:
    print_table(cluster_table(context.stories, "line", lambda story: str(story.storyline or "—")))


def story(context: StoryContext) -> None:
    found = context.story.summary
    out.print(
        f"[bold]{escape(found.title or '')}[/] (story {found.id}, {plural(found.articles, 'article')},"
        f" {plural(found.sources, 'source')}, storyline {found.storyline or '—'})"
    )
    _titles(found.titles)
    for item in context.story.articles_list:
        outlet = f"  [{escape(item.outlet)}]" if item.outlet else ""
        copy = f"  [dim](copy of #{item.copy_of})[/]" if item.copy_of else ""
        out.print(f"  {item.published or '—'}  #{item.id}  {item.lang}  {escape(item.title or '')}{outlet}{copy}")


def storylines(context: StorylinesContext) -> None:
    print_table(cluster_table(context.storylines, "stories", lambda line: str(line.stories)))


def storyline(context: StorylineContext) -> None:
    found = context.storyline.summary
    out.print(
        f"[bold]{escape(found.title or '')}[/] (storyline {found.id}, {plural(found.stories, 'story', 'stories')},"
        f" {plural(found.articles, 'article')}, {day_span(found.first_day, found.last_day)})"
    )
    _titles(found.titles)
    for item in context.storyline.stories_list:
        days = day_span(item.first_day, item.last_day)
        out.print(f"  story {item.id}  {days}  {plural(item.articles, 'article')}  {escape(item.title or '')}")


def related(context: RelatedContext) -> None:
    for item in context.related:
        outlet = f"  [{escape(item.outlet)}]" if item.outlet else ""
        out.print(
            f"{item.published or '—'}  #{item.id}  {item.lang}  {escape(item.title or '')}{outlet}"
            f"  [dim]({escape(context.why(item))})[/]"
        )
    err.print(plural(len(context.related), "related article"))


def correction(context: CorrectionContext | LineCorrectionContext) -> None:
    out.print(f"{escape(context.line)} (decision {context.decision})")


def deletions(context: DeletionContext) -> None:
    for item in context.deleted:
        out.print(escape(context.line(item)))
    err.print(f"{plural(len(context.deleted), 'article')} deleted; ingesting their URLs again needs --restore")


def decisions(context: DecisionsContext) -> None:
    table = Table("id", "kind", "arguments", "made", box=None)
    for decision in context.decisions:
        table.add_row(str(decision.id), decision.kind, escape(context.arguments(decision)), decision.created_at)
    print_table(table)
    err.print(plural(len(context.decisions), "decision"))


# -- entities, claims, conflicts -------------------------------------------------------


def entities(context: EntitiesContext) -> None:
    table = Table("id", "type", "name", "articles", "mentions", "aliases", box=None)
    for e in context.entities:
        table.add_row(
            escape(e.id), e.type, escape(e.canonical), str(e.articles), str(e.mentions),
            escape(context.other_names(e)),
        )  # fmt: skip
    print_table(table)


def entity(context: EntityContext) -> None:
    found = context.entity.summary
    out.print(f"[bold]{escape(found.canonical)}[/] ({found.type}, {escape(found.id)})")
    out.print(f"aliases: {escape(', '.join(found.aliases))}")
    for item in context.entity.articles_list:
        out.print(f"  {item.published or '—'}  #{item.id}  {escape(item.title or '')}  ({item.mentions}×)")


def claims(context: ClaimsContext) -> None:
    for claim in context.claims:
        quote = "«»" if claim.quote else ""
        cited = f" citing {escape(claim.cited_source)}" if claim.cited_source else ""
        out.print(
            f"[dim]{claim.published or '—'} #{claim.article}[/] [bold]{escape(claim.source)}[/]"
            f" ({claim.source_kind}{cited}) [italic]{escape(claim.cue)}[/]{quote}: {escape(claim.content)}"
        )
    err.print(plural(len(context.claims), "claim"))


def conflicts(context: ConflictsContext) -> None:
    for conflict in context.conflicts:
        story = f" story {conflict.story}" if conflict.story is not None else ""
        out.print(f"[bold]{escape(conflict.measure)}[/] ({escape(context.event(conflict))}){story}")
        for side in conflict.sides:
            out.print(
                f"  {escape(side.text or str(side.value))} — {escape(context.side_sources(side))}"
                f" ({context.side_articles(side)}): {escape(side.sentence)}"
            )
    err.print(plural(len(context.conflicts), "conflict"))
