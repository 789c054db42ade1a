"""The source side of attribution: the cue lexicon of ``rules/<lang>/attribution.json``,
a view of one sentence (its tokens, entity mentions and quoted stretches) and the
sources of claims found in it.

A source is an entity mention, described by kind (person, official body, media or
organisation), a descriptor from the lexicon (``правозахисники``; two-word ones such
as ``rights groups`` read with the word before), a known official
body or outlet the tagger missed (``МВС``, ``Reuters``), a pronoun, or a
capitalised name the tagger missed before a chain cue (``Видання Politico``).
Pronouns resolve to the last person mention of fitting gender in the sentence or
the three before it, preferring a subject (nominative); plural pronouns (``вони``,
``они``, ``they``) to the last organisation or group source there. Quotes may be «…», „…“,
"…", “…”, mixed or unpaired.

``khronika.analysis.attribution`` finds the cues and the content, and builds the claims.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from khronika.analysis.grouping import tokens_by_sentence, tokens_within
from khronika.records import AnalysedArticle, EntityMention, EntityType, Field, Token
from khronika.rules import RULE_LANGUAGES, load_rules

OPEN_QUOTES = '«„“"‘'
CLOSE_QUOTES = '»“”"’'
CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")"})
_STRIP = " \t\n,.;:!?—–-"
_QUOTE_MARK = re.compile(f"[{re.escape(OPEN_QUOTES + CLOSE_QUOTES)}]")


@dataclass(frozen=True)
class Source:
    """Who a claim is attributed to, with its kind and span (the pronoun's, where resolved)."""

    name: str
    kind: str
    start: int
    end: int
    entity_id: str | None = None


@dataclass(frozen=True)
class _Rules:
    prefix: re.Pattern[str] | None
    chain: re.Pattern[str] | None
    verbs: frozenset[str]
    verb_forms: frozenset[str]
    multiword: re.Pattern[str] | None
    needing: dict[str, frozenset[str]]
    cue_words: frozenset[str]
    aux: frozenset[str]
    complementizers: frozenset[str]
    pronouns: dict[str, str]
    descriptors: dict[str, tuple[str, str]]
    pair_descriptors: dict[str, tuple[str, str]]  # two words: ``rights groups``
    official_data: str  # the source of a bare ``за офіційними даними``
    media_words: frozenset[str]
    official: frozenset[str]
    media: frozenset[str]
    phrase_starts: frozenset[str]  # first words of the prefix cues and multi-word verb forms
    cue_word_cache: dict[str, int] = field(default_factory=dict, compare=False)


REPORTING_VERB = 1
PHRASE_START = 2


def cue_word_kind(rules: _Rules, token: Token) -> int:
    """``REPORTING_VERB`` (by form or lemma), ``PHRASE_START`` (may begin a cue phrase
    such as ``за словами``), both or 0; cached per word form."""
    key = token.text
    found = rules.cue_word_cache.get(key)
    if found is None:
        low = token.text.lower()
        verb = low in rules.verb_forms or token.lemma.lower() in rules.verbs
        found = (REPORTING_VERB if verb else 0) | (PHRASE_START if low in rules.phrase_starts else 0)
        if len(rules.cue_word_cache) > 100_000:
            rules.cue_word_cache.clear()
        rules.cue_word_cache[key] = found
    return found


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def rules_for(lang: str) -> _Rules:
    """The language's cue lexicon; media names are pooled over every language."""
    data = load_rules(lang, "attribution")
    media = {
        name.lower() for other in RULE_LANGUAGES for name in load_rules(other, "attribution").get("media_names", [])
    }
    forms = [f.lower() for f in data.get("verb_forms", [])]
    phrases = [p.lower() for p in data.get("prefix_cues", [])] + [f for f in forms if " " in f]
    return _Rules(
        prefix=_alternation(data.get("prefix_cues", [])),
        chain=_alternation(data.get("chain_cues", [])),
        verbs=frozenset(v.lower() for v in data.get("verbs", [])),
        verb_forms=frozenset(f for f in forms if " " not in f),
        multiword=_alternation([f for f in forms if " " in f]),
        needing={k.lower(): frozenset(v) for k, v in data.get("verbs_needing", {}).items()},
        cue_words=frozenset(w.lower() for w in data.get("cue_takes_next", [])),
        aux=frozenset(a.lower() for a in data.get("aux", [])),
        complementizers=frozenset(c.lower() for c in data.get("complementizers", [])),
        pronouns={k.lower(): v for k, v in data.get("pronouns", {}).items()},
        descriptors={k.lower(): (v[0], v[1]) for k, v in data.get("descriptors", {}).items() if " " not in k},
        pair_descriptors={k.lower(): (v[0], v[1]) for k, v in data.get("descriptors", {}).items() if " " in k},
        official_data=str(data.get("official_data_source", "officials")),
        media_words=frozenset(w.lower() for w in data.get("media_words", [])),
        official=frozenset(o.lower() for o in data.get("official_names", [])),
        media=frozenset(media),
        phrase_starts=frozenset(p.split()[0] for p in phrases if p.split()),
    )


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


_sorted_mentions: tuple[tuple[EntityMention, ...], dict[Field, tuple[list[int], list[EntityMention]]]] | None = None


def _mentions_within(mentions: tuple[EntityMention, ...], field: Field, start: int, end: int) -> list[EntityMention]:
    """The mentions of ``field`` inside ``[start, end)``, by binary search over the
    article's mentions sorted once (the last article's order is kept)."""
    global _sorted_mentions
    if _sorted_mentions is None or _sorted_mentions[0] is not mentions:
        by_field: dict[Field, list[EntityMention]] = {}
        for mention in sorted(mentions, key=lambda m: m.start):
            by_field.setdefault(mention.field, []).append(mention)
        _sorted_mentions = (mentions, {f: ([m.start for m in ms], ms) for f, ms in by_field.items()})
    starts, field_mentions = _sorted_mentions[1].get(field, ([], []))
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end, lo=first)
    return [m for m in field_mentions[first:last] if m.end <= end]


class SentenceView:
    """One sentence of an article: its field's text and bounds, tokens, entity
    mentions (pronouns left out) and quoted stretches, with the language's rules."""

    def __init__(self, article: AnalysedArticle, index: int, rules: _Rules) -> None:
        sentence = article.sentences[index]
        self.index = index
        self.field = sentence.field
        self.text = article.field_text(sentence.field)
        self.start = sentence.start
        self.end = min(sentence.end, len(self.text))
        self.rules = rules
        self.article = article
        self.tokens = tokens_by_sentence(article.tokens).get((index, self.field), [])
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
        cut = self.start
        for token in self.tokens:
            if token.end <= before and token.text in CLAUSE_BREAK:
                cut = token.end
        return cut


_genders: tuple[tuple[EntityMention, ...], dict[tuple[str | None, Field], str | None]] | None = None


def _entity_gender(article: AnalysedArticle, entity_id: str | None, field: Field) -> str | None:
    """The gender voted over all the entity's mentions in the field, leaving out
    indeclinable forms such as ``Лукашенко`` (which the tagger may read as feminine);
    kept for the last article, as pronouns ask about the same people again."""
    global _genders
    if _genders is None or _genders[0] is not article.entities:
        _genders = (article.entities, {})
    known = _genders[1]
    if (entity_id, field) not in known:
        votes = {"masc": 0, "femn": 0}
        for other in article.entities:
            if other.entity_id != entity_id or other.field is not field:
                continue
            for token in tokens_within(article.tokens, other.field, other.start, other.end):
                if "Fixd" in token.tags or "ms-f" in token.tags:
                    continue
                for key in votes:
                    votes[key] += key in token.tags
        known[(entity_id, field)] = max(votes, key=lambda g: votes[g]) if any(votes.values()) else None
    return known[(entity_id, field)]


def _gender(article: AnalysedArticle, mention: EntityMention) -> tuple[str | None, bool]:
    """The gender of the mention's entity and whether this mention is in the
    nominative (or untagged)."""
    subject_tags: set[str] = set()
    for token in tokens_within(article.tokens, mention.field, mention.start, mention.end):
        subject_tags |= token.tags
    return _entity_gender(article, mention.entity_id, mention.field), "nomn" in subject_tags or not subject_tags


def _kind(view: SentenceView, mention: EntityMention) -> str:
    rules = view.rules
    if mention.type is EntityType.PER:
        return "person"
    if mention.type is EntityType.LOC:
        return "official body"
    name = mention.canonical.lower()
    if name in rules.official:
        return "official body"
    before = [t for t in view.tokens if t.end <= mention.start][-2:]
    if name in rules.media or any(
        t.lemma.lower() in rules.media_words or t.text.lower() in rules.media_words for t in before
    ):
        return "media"
    return "organisation"


def _resolve_plural(view: SentenceView, token: Token, floor: int) -> Source | None:
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
            and mention.end <= token.start
            and mention.start > best_start
            and mention.text.lower() not in rules.pronouns
        ):
            best = Source(mention.canonical, _kind(view, mention), token.start, token.end, mention.entity_id)
            best_start = mention.start
    for word in tokens_within(article.tokens, view.field, floor, token.start):
        if word.start <= best_start:
            continue
        descriptor = rules.descriptors.get(word.text.lower()) or rules.descriptors.get(word.lemma.lower())
        if descriptor and descriptor[1] != "person":
            best, best_start = Source(descriptor[0], descriptor[1], token.start, token.end), word.start
    return best


def _resolve_pronoun(view: SentenceView, token: Token) -> Source | None:
    wanted = view.rules.pronouns[token.text.lower()]
    floor = view.article.sentences[max(0, view.index - 3)].start
    if wanted == "plur":
        return _resolve_plural(view, token, floor)
    earlier = [
        m
        for m in view.article.entities
        if m.type is EntityType.PER and m.field is view.field and floor <= m.start and m.end <= token.start
    ]
    for want_subject in (True, False):
        for mention in reversed(earlier):
            gender, subject = _gender(view.article, mention)
            if (gender is None or gender == wanted) and (subject or not want_subject):
                return Source(mention.canonical, "person", token.start, token.end, mention.entity_id)
    return None


def _descriptor_pair(view: SentenceView, token: Token, start: int) -> Source | None:
    """A two-word descriptor ending at ``token`` (``rights groups`` -> human rights groups)."""
    if not view.rules.pair_descriptors:
        return None
    at = bisect.bisect_left([t.start for t in view.tokens], token.start)
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
    for token in view.tokens:
        if not (start <= token.start and token.end <= end) or inside(taken, token.start, token.end):
            continue
        key = token.text.lower()
        if key in view.rules.pronouns and (source := _resolve_pronoun(view, token)):
            found.append(source)
            continue
        descriptor = view.rules.descriptors.get(key) or view.rules.descriptors.get(token.lemma.lower())
        pair = _descriptor_pair(view, token, start)
        if pair:
            found.append(pair)
        elif descriptor:
            found.append(Source(descriptor[0], descriptor[1], token.start, token.end))
        elif token.text[:1].isupper() and (key in view.rules.official or key in view.rules.media):
            # a known body or outlet the tagger missed (``МВС повідомило``)
            kind = "official body" if key in view.rules.official else "media"
            found.append(Source(token.text, kind, token.start, token.end))
    return sorted(found, key=lambda s: s.start)


def bare_name(view: SentenceView, start: int, end: int) -> list[Source]:
    """A source the tagger missed before a chain cue: ``Видання Politico`` -> Politico (media)."""
    words = [t for t in view.tokens if start <= t.start and t.end <= end and t.text not in "•*·"]
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
