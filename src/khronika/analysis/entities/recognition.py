"""The entities stage: NER spans -> canonical mentions, one entity per real thing.

1. The language's NER backend finds spans (``analysis/ner``); the alias table
   corrects and completes them (``analysis/alias_ruler``); months, weekdays and time
   zones are dropped (``calendar_names``).
2. Each span gets its canonical name: nominative, full, in the article's language
   and script (``names.canonical_name``: Олександра Лукашенка -> Олександр Лукашенко).
3. Mentions of one thing are joined inside the article: a name in the alias table
   takes that entry's id and canonical name (РФ -> Росія); a surname alone takes
   the full name it shortens (Лукашенка -> Олександр Лукашенко); an abbreviation
   the article spells out (``Національний банк України (НБУ)``: its letters are the
   initials of the name's words) is that name, wherever the article uses it (the
   store learns it as a name of the entity, so other articles' НБУ link to it too).
4. Every mention gets an ``entity_id``: the alias id, else ``type:latin-key`` of
   its canonical name, so the same name gives the same id in every article and
   every script that transliterates to it. The store links ids across articles.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace

from khronika.analysis.entities.abbreviations import is_abbreviation, spelled_out, with_spelled_out_names
from khronika.analysis.entities.alias_ruler import apply_alias_table
from khronika.analysis.entities.aliases import find_alias_group
from khronika.analysis.entities.calendar_names import is_calendar_name
from khronika.analysis.entities.names import canonical_name
from khronika.analysis.entities.ner import NerSpan, backend_for
from khronika.analysis.entities.org_places import with_places_joined
from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.records import AnalysedArticle, EntityMention, EntityType, Field, Token
from khronika.transliterate import match_key


@dataclass
class _Draft:
    span: NerSpan
    text: str
    canonical: str
    entity_id: str = ""


def entity_key(entity_type: EntityType | str, canonical: str, lang: str) -> str:
    """``per:oleksandr-lukashenko``: the id of a name outside the alias table."""
    slug = match_key(canonical, lang).replace(" ", "-") or canonical.casefold()
    return f"{str(entity_type).lower()}:{slug}"


def _tokens_in(tokens: list[Token], starts: list[int], span: NerSpan) -> list[Token]:
    first = bisect.bisect_left(starts, span.start)
    last = bisect.bisect_left(starts, span.end, lo=first)
    return [t for t in tokens[first:last] if t.end <= span.end]


def recognise_entities(article: AnalysedArticle) -> AnalysedArticle:
    if not article.tokens:
        return replace(article, entities=())
    by_field: dict[Field, list[Token]] = defaultdict(list)
    for token in article.tokens:
        by_field[token.field].append(token)
    texts = {field: article.field_text(field) for field in (Field.TITLE, Field.TEXT)}
    spans = apply_alias_table(backend_for(article.lang).recognise(article), by_field, texts, article.lang)
    spans = with_places_joined(with_spelled_out_names(spans, texts), texts, article.lang)
    starts = {field: [t.start for t in tokens] for field, tokens in by_field.items()}
    drafts = []
    for span in sorted(spans, key=lambda s: (s.field != Field.TITLE, s.start)):
        surface = article.field_text(span.field)[span.start : span.end]
        if is_calendar_name(surface, article.lang):
            continue  # ``Oct.``, ``Sunday``, ``GMT``: no entity (calendar_names.py)
        inside = _tokens_in(by_field[span.field], starts[span.field], span)
        canonical = canonical_name(inside, article.lang, span.type) if inside else surface
        drafts.append(_Draft(span, surface, canonical or surface))
    _resolve(drafts, article.lang, texts)
    mentions = tuple(
        EntityMention(d.text, d.span.start, d.span.end, d.span.field, d.span.type, d.canonical, d.entity_id)
        for d in drafts
    )
    return replace(article, entities=mentions)


def _resolve(drafts: list[_Draft], lang: str, texts: dict[Field, str] | None = None) -> None:
    # 3a: alias table
    for draft in drafts:
        group = find_alias_group(draft.canonical, lang, draft.span.type)
        if group is not None:
            draft.canonical = group.canonical(lang, draft.canonical)
            draft.entity_id = group.id
    # 3b: a lone surname (or first name, or an organisation's acronym) takes the full name it
    # shortens, if exactly one fits
    full_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for draft in drafts:
        words = draft.canonical.split()
        if draft.span.type is EntityType.PER and len(words) > 1:
            full_names[match_key(words[-1], lang)].add((draft.canonical, draft.entity_id))
    first_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for draft in drafts:
        words = draft.canonical.split()
        if draft.span.type is not EntityType.LOC and len(words) > 1:  # Asma el-Assad; МВД Белоруссии
            first_names[f"{draft.span.type}:{match_key(words[0], lang)}"].add((draft.canonical, draft.entity_id))
    for draft in drafts:
        lone = len(draft.canonical.split()) == 1
        if lone and (
            draft.span.type is EntityType.PER
            or (draft.span.type is EntityType.ORG and is_abbreviation(draft.canonical))
        ):
            key = match_key(draft.canonical, lang)
            candidates = full_names.get(key, set()) if draft.span.type is EntityType.PER else set()
            candidates = candidates or first_names.get(f"{draft.span.type}:{key}", set())
            if len(candidates) == 1:
                draft.canonical, alias_id = next(iter(candidates))
                draft.entity_id = alias_id or draft.entity_id
    # 4: ids, and one canonical (the longest seen) per id
    longest: dict[str, str] = {}
    for draft in drafts:
        draft.entity_id = draft.entity_id or entity_key(draft.span.type, draft.canonical, lang)
    # 3c: an abbreviation spelled out in the article is its full name, everywhere in it
    spelled = spelled_out([(d.span.field, d.span.start, d.span.end, d.text, d.canonical) for d in drafts], texts or {})
    for draft in drafts:
        full = drafts[spelled[draft.text]] if draft.text in spelled else None
        if full is not None and draft is not full:
            draft.entity_id, draft.span = full.entity_id, replace(draft.span, type=full.span.type)
    for draft in drafts:
        if len(draft.canonical) > len(longest.get(draft.entity_id, "")):
            longest[draft.entity_id] = draft.canonical
    for draft in drafts:
        draft.canonical = longest[draft.entity_id]


@register_stage("entities")
def make_entities_stage() -> Stage:
    return Stage(
        "entities", requires=("tokens",), assigns=("entities",), run=recognise_entities, languages=DEEP_LANGUAGES
    )
