"""The source side of attribution: a view of one sentence (its tokens, entity
mentions and quoted stretches) and the sources of claims found in it; the cue
lexicon is ``khronika.analysis.claims.lexicon``.

A source is an entity mention, described by kind (person, official body, media or
organisation), a descriptor from the lexicon (``правозахисники``; two-word ones such
as ``rights groups`` read with the word before), a known official
body or outlet the tagger missed (``МВС``, ``Reuters``), a pronoun, or a
capitalised name the tagger missed before a chain cue (``Видання Politico``).
Pronouns resolve to the last person mention of fitting gender in the sentence or
the three before it, preferring a subject (nominative); plural pronouns (``вони``,
``они``, ``they``) to the last organisation or group source there. Quotes may be «…», „…“,
"…", “…”, mixed or unpaired.

``khronika.analysis.claims.attribution`` finds the cues and the content, and builds the claims.
"""

from __future__ import annotations

import bisect
import re
from operator import attrgetter
from typing import NamedTuple

from khronika.analysis.claims.lexicon import _Rules, cue_word_kind, source_word
from khronika.analysis.morphology import word_parses
from khronika.analysis.token_index import article_tokens
from khronika.records import AnalysedArticle, EntityMention, EntityType, Field, Token

OPEN_QUOTES = '«„“"‘'
CLOSE_QUOTES = '»“”"’'
CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")"})
_STRIP = " \t\n,.;:!?—–-"
_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}]")


class Source(NamedTuple):
    """Who a claim is attributed to, with its kind and span (the pronoun's, where resolved)."""

    name: str
    kind: str
    start: int
    end: int
    entity_id: str | None = None


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Inner spans of quoted stretches, pairing any opening mark with the next closing
    mark of any kind (so «БЕЛТА" pairs); an opener must be followed by a non-space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        i, char = mark.start(), mark.group()
        if opened is None:
            if char in OPEN_QUOTES and i + 1 < end and not text[i + 1].isspace():
                opened = i + 1
        elif char in CLOSE_QUOTES and i > opened and not text[i - 1].isspace():
            spans.append((opened, i))
            opened = None
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``..``end`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


_mention_start = attrgetter("start")
_sorted_mentions: tuple[tuple[EntityMention, ...], dict[Field, tuple[list[int], list[EntityMention]]]] | None = None


def _mentions_within(mentions: tuple[EntityMention, ...], field: Field, start: int, end: int) -> list[EntityMention]:
    """The mentions of ``field`` inside ``[start, end)``, by binary search over the
    article's mentions sorted once (the last article's order is kept)."""
    global _sorted_mentions
    known = _sorted_mentions
    if known is None or known[0] is not mentions:
        by_field: dict[Field, list[EntityMention]] = {}
        for mention in sorted(mentions, key=_mention_start):
            by_field.setdefault(mention.field, []).append(mention)
        known = _sorted_mentions = (mentions, {f: ([m.start for m in ms], ms) for f, ms in by_field.items()})
    starts, field_mentions = known[1].get(field, ([], []))
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end, lo=first)
    return [m for m in field_mentions[first:last] if m.end <= end]


class SentenceView:
    """One sentence of an article: its field's text and bounds, tokens, entity
    mentions (pronouns left out) and quoted stretches, with the language's rules."""

    def __init__(self, article: AnalysedArticle, index: int, rules: _Rules, kinds: list[int] | None = None) -> None:
        sentence = article.sentences[index]
        self.index = index
        self.field = sentence.field
        self.text = article.field_text(sentence.field)
        self.start = sentence.start
        self.end = min(sentence.end, len(self.text))
        self.rules = rules
        self.article = article
        # the tokens, where they start (None: out of text order) and each one's
        # ``cue_word_kind``, from the article's ``kinds`` (``cue_kinds``) where given
        indexed = article_tokens(article.tokens)
        own = indexed.sentence(index, self.field)
        self.tokens, self.starts = own.tokens, own.starts
        own_kinds = indexed.sentence_values(kinds, own) if kinds is not None else None
        self.cue_kinds = own_kinds if own_kinds is not None else [cue_word_kind(rules, t) for t in self.tokens]
        self.entities = [
            m
            for m in _mentions_within(article.entities, self.field, self.start, self.end)
            if m.text.lower() not in rules.pronouns
        ]
        self.quotes = quote_spans(self.text, self.start, self.end)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start] in _STRIP:
            start += 1
        while end > start and self.text[end - 1] in _STRIP:
            end -= 1
        return start, end

    def clause_start(self, before: int) -> int:
        """Where the clause holding ``before`` starts: after the last clause break
        ending by ``before``, else the sentence's start."""
        if self.starts is None:
            cut = self.start
            for token in self.tokens:
                if token.end <= before and token.text in CLAUSE_BREAK:
                    cut = token.end
            return cut
        for i in range(bisect.bisect_right(self.starts, before) - 1, -1, -1):
            token = self.tokens[i]
            if token.end <= before and token.text in CLAUSE_BREAK:
                return token.end
        return self.start

    def tokens_from(self, position: int, count: int | None = None) -> list[Token]:
        """The tokens starting at or after ``position``, in order (the first ``count``)."""
        if self.starts is None:
            return [t for t in self.tokens if t.start >= position][:count]
        first = bisect.bisect_left(self.starts, position)
        return self.tokens[first : None if count is None else first + count]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """The tokens lying inside ``[start, end]``, in order."""
        if self.starts is None:
            return [t for t in self.tokens if start <= t.start and t.end <= end]
        first = bisect.bisect_left(self.starts, start)
        return [t for t in self.tokens[first : bisect.bisect_right(self.starts, end, lo=first)] if t.end <= end]

    def tokens_ending_by(self, position: int, count: int) -> list[Token]:
        """The last ``count`` tokens ending at or before ``position``, in order."""
        if self.starts is None:
            return [t for t in self.tokens if t.end <= position][-count:]
        found: list[Token] = []
        for i in range(bisect.bisect_right(self.starts, position) - 1, -1, -1):
            if self.tokens[i].end <= position:
                found.append(self.tokens[i])
                if len(found) == count:
                    break
        return found[::-1]


def release_article_caches() -> None:
    """Forget the last article's sorted mentions and genders (``find_claims`` calls
    this when done), so that the module does not keep a finished article alive."""
    global _sorted_mentions, _genders
    _sorted_mentions = _genders = None


_genders: (
    tuple[
        tuple[EntityMention, ...],
        dict[tuple[str | None, Field], str | None],
        dict[tuple[str | None, Field], list[EntityMention]],
    ]
    | None
) = None


def _entity_gender(article: AnalysedArticle, entity_id: str | None, field: Field) -> str | None:
    """The gender voted over all the entity's mentions in the field, leaving out
    indeclinable forms such as ``Лукашенко`` (which the tagger may read as feminine);
    kept for the last article, as pronouns ask about the same people again."""
    global _genders
    genders = _genders
    if genders is None or genders[0] is not article.entities:
        mentions: dict[tuple[str | None, Field], list[EntityMention]] = {}
        for mention in article.entities:
            mentions.setdefault((mention.entity_id, mention.field), []).append(mention)
        genders = _genders = (article.entities, {}, mentions)
    known = genders[1]
    if (entity_id, field) not in known:
        indexed = article_tokens(article.tokens)
        masculine = feminine = 0
        for other in genders[2].get((entity_id, field), []):
            for token in indexed.within(other.field, other.start, other.end):
                tags = token.tags
                if "Fixd" in tags or "ms-f" in tags:
                    continue
                masculine += "masc" in tags
                feminine += "femn" in tags
        # a tie tells nothing (``Светлана Иванова``, the surname read as a masculine genitive)
        known[(entity_id, field)] = "femn" if feminine > masculine else "masc" if masculine > feminine else None
    return known[(entity_id, field)]


def is_subject(article: AnalysedArticle, mention: EntityMention) -> bool:
    """Whether the mention is in the nominative (or untagged)."""
    subject_tags: set[str] = set()
    for token in article_tokens(article.tokens).within(mention.field, mention.start, mention.end):
        subject_tags |= token.tags
    return "nomn" in subject_tags or not subject_tags


def _kind(view: SentenceView, mention: EntityMention) -> str:
    rules = view.rules
    if mention.type is EntityType.PER:
        return "person"
    if mention.type is EntityType.LOC:
        return "official body"
    name = mention.canonical.lower()
    if name in rules.official:
        return "official body"
    before = view.tokens_ending_by(mention.start, 2)
    if name in rules.media or any(
        t.lemma.lower() in rules.media_words or t.text.lower() in rules.media_words for t in before
    ):
        return "media"
    return "organisation"


def _resolve_plural(view: SentenceView, token: Token, floor: int, ceiling: int) -> Source | None:
    """``вони``, ``они``, ``they``: the last organisation, official body, media or
    group (a descriptor such as ``правозахисники``, ``police``) before the pronoun,
    in its sentence or the three before it."""
    article, rules = view.article, view.rules
    best: Source | None = None
    best_start = -1
    for mention in article.entities:
        if (
            mention.type is EntityType.ORG
            and mention.field is view.field
            and floor <= mention.start
            and mention.end <= ceiling
            and mention.start > best_start
            and mention.text.lower() not in rules.pronouns
        ):
            best = Source(mention.canonical, _kind(view, mention), token.start, token.end, mention.entity_id)
            best_start = mention.start
    for word in article_tokens(article.tokens).within(view.field, floor, ceiling):
        if word.start <= best_start:
            continue
        descriptor = rules.descriptors.get(word.text.lower()) or rules.descriptors.get(word.lemma.lower())
        if descriptor and descriptor[1] != "person":
            best, best_start = Source(descriptor[0], descriptor[1], token.start, token.end), word.start
    return best


def _bare_pronoun(view: SentenceView, token: Token) -> Source:
    """A pronoun nothing before resolves (``Она сказала``, ``мы утверждаем``): the source as written."""
    plural = view.rules.pronouns.get(token.text.lower()) == "plur"
    return Source(token.text, "group" if plural else "person", token.start, token.end)


def _resolve_pronoun(view: SentenceView, token: Token) -> Source | None:
    """A third-person pronoun's person (or group) in the three sentences before its
    own, not in its own, where a person named in the quote or the clause beside it
    is seldom the speaker (``«… Джонни Карсон …», — добавил он``); ``я``, ``мы``
    (``self``) never resolve."""
    wanted = view.rules.pronouns[token.text.lower()]
    if wanted == "self":
        return None
    floor = view.article.sentences[max(0, view.index - 3)].start
    ceiling = min(token.start, view.start)
    if wanted == "plur":
        return _resolve_plural(view, token, floor, ceiling)
    earlier = [
        m
        for m in view.article.entities
        if m.type is EntityType.PER and m.field is view.field and floor <= m.start and m.end <= ceiling
    ]
    for want_subject in (True, False):
        for mention in reversed(earlier):
            if want_subject and not is_subject(view.article, mention):
                continue
            gender = _entity_gender(view.article, mention.entity_id, mention.field)
            if gender is None or gender == wanted:
                return Source(mention.canonical, "person", token.start, token.end, mention.entity_id)
    return None


def _descriptor_pair(view: SentenceView, token: Token, start: int) -> Source | None:
    """A two-word descriptor ending at ``token`` (``rights groups`` -> human rights groups)."""
    if not view.rules.pair_descriptors:
        return None
    starts = view.starts if view.starts is not None else [t.start for t in view.tokens]
    at = bisect.bisect_left(starts, token.start)
    if at == 0 or view.tokens[at - 1].start < start:
        return None
    before = view.tokens[at - 1]
    found = view.rules.pair_descriptors.get(f"{before.text.lower()} {token.text.lower()}")
    return Source(found[0], found[1], before.start, token.end) if found else None


def candidates(view: SentenceView, start: int, end: int) -> list[Source]:
    """Sources between ``start`` and ``end``, in text order."""
    found: list[Source] = []
    taken: list[tuple[int, int]] = []
    for mention in view.entities:
        if start <= mention.start and mention.end <= end:
            found.append(Source(mention.canonical, _kind(view, mention), mention.start, mention.end, mention.entity_id))
            taken.append((mention.start, mention.end))
    known = view.rules.source_word_cache
    for token in view.tokens_between(start, end):
        word = known[token.text] if token.text in known else source_word(view.rules, token)
        if word is None or (taken and inside(taken, token.start, token.end)):
            continue
        if word.pronoun:
            # resolved to a person (or group) of the sentences before, else kept as written
            found.append(_resolve_pronoun(view, token) or _bare_pronoun(view, token))
            continue
        pair = _descriptor_pair(view, token, start) if word.pair_end else None
        if pair:
            found.append(pair)
        elif word.descriptor:
            found.append(Source(word.descriptor[0], word.descriptor[1], token.start, token.end))
        elif word.known:
            # a known body or outlet the tagger missed (``МВС повідомило``)
            found.append(Source(token.text, word.known, token.start, token.end))
    return sorted(found, key=lambda s: s.start)


def bare_name(view: SentenceView, start: int, end: int) -> list[Source]:
    """A source the tagger missed before a chain cue: ``Видання Politico`` -> Politico (media)."""
    words = [t for t in view.tokens_between(start, end) if t.text not in "•*·"]
    media = bool(words) and (
        words[0].text.lower() in view.rules.media_words or words[0].lemma.lower() in view.rules.media_words
    )
    if media:
        words = words[1:]
    if not words or len(words) > 4 or not words[0].text[:1].isupper():
        return []
    name = view.text[words[0].start : words[-1].end]
    kind = "media" if media or name.lower() in view.rules.media else "organisation"
    return [Source(name, kind, words[0].start, words[-1].end)]


FUNCTION_TAGS = frozenset({"CONJ", "ADVB", "PRCL", "PREP", "NPRO"})


def is_function_word(token: Token, lang: str, tags: frozenset[str] = FUNCTION_TAGS) -> bool:
    """Whether the word is (or may be: the morphology reads ``до``, ``як`` as nouns at
    times) a conjunction, adverb, particle, preposition or pronoun."""
    if token.tags & tags:
        return True
    # other readings count for short words and indeclinable "nouns" only: ``до``, ``як``, ``и``
    # (``накануне`` read as an adverb is no preposition, though it may be one)
    if not token.tags or not (len(token.text) <= 3 or "Fixd" in token.tags):
        return False
    return any(parse.tag.POS in tags for parse in word_parses(token.text, lang))
