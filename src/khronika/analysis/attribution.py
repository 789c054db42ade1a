"""Who said what: attributed claims per sentence, from cue lexicons kept as data
(``rules/<lang>/attribution.json``).

Two kinds of cue are found:

- prefix cues that precede their source (``за словами джерел``, ``according to
  Reuters``, ``según la policía``); the content is the rest of the sentence after
  the source, or what comes before the cue where the cue closes the sentence;
- reporting verbs (``заявив``, ``said``) whose source is the nearest entity,
  descriptor (``правозахисники``) or pronoun before them in the clause, or just
  after them (``— заявив Лукашенко``); a chain cue between source and verb
  (``Bloomberg з посиланням на джерела писало``) records the cited source.

Pronouns resolve to the last person mention of fitting gender, preferring a
subject (nominative). Quotes may be «…», „…“, "…", “…”, mixed or unpaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.records import AnalysedArticle, Claim, EntityMention, EntityType, Token
from khronika.rules import RULE_LANGUAGES, load_rules

OPEN_QUOTES = '«„“"‘'
CLOSE_QUOTES = '»“”"’'
DASHES = "—–-"
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")"})
_STRIP = " \t\n,.;:!?—–-"


def claim_json(claim: Claim, text: str) -> dict[str, Any]:
    """A claim as JSON, its content quoted from ``text`` (its field's text)."""
    return {
        "sentence": claim.sentence,
        "field": claim.field.value,
        "source": claim.source,
        "source_kind": claim.source_kind,
        "entity_id": claim.entity_id,
        "source_span": [claim.source_start, claim.source_end],
        "cue": claim.cue,
        "cue_span": [claim.cue_start, claim.cue_end],
        "content": text[claim.content_start : claim.content_end],
        "content_span": [claim.content_start, claim.content_end],
        "quote": claim.quote,
        "cited_source": claim.cited_source,
        "cited_source_kind": claim.cited_source_kind,
    }


@dataclass(frozen=True)
class _Source:
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
    media_words: frozenset[str]
    official: frozenset[str]
    media: frozenset[str]


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def rules_for(lang: str) -> _Rules:
    data = load_rules(lang, "attribution")
    media = {
        name.lower() for other in RULE_LANGUAGES for name in load_rules(other, "attribution").get("media_names", [])
    }
    forms = [f.lower() for f in data.get("verb_forms", [])]
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
        descriptors={k.lower(): (v[0], v[1]) for k, v in data.get("descriptors", {}).items()},
        media_words=frozenset(w.lower() for w in data.get("media_words", [])),
        official=frozenset(o.lower() for o in data.get("official_names", [])),
        media=frozenset(media),
    )


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Inner spans of quoted stretches, pairing any opening mark with the next closing
    mark of any kind (so «БЕЛТА" pairs); an opener must be followed by a non-space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(start, end):
        char = text[i]
        if opened is None:
            if char in OPEN_QUOTES and i + 1 < end and not text[i + 1].isspace():
                opened = i + 1
        elif char in CLOSE_QUOTES and i > opened and not text[i - 1].isspace():
            spans.append((opened, i))
            opened = None
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


class _SentenceView:
    def __init__(self, article: AnalysedArticle, index: int, rules: _Rules) -> None:
        sentence = article.sentences[index]
        self.index = index
        self.field = sentence.field
        self.text = article.field_text(sentence.field)
        self.start = sentence.start
        self.end = min(sentence.end, len(self.text))
        self.rules = rules
        self.article = article
        self.tokens = [t for t in article.tokens if t.sentence == index and t.field is self.field]
        self.entities = [
            m
            for m in article.entities
            if m.field is self.field
            and self.start <= m.start
            and m.end <= self.end
            and m.text.lower() not in rules.pronouns
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
            if token.end <= before and token.text in _CLAUSE_BREAK:
                cut = token.end
        return cut


def _gender(article: AnalysedArticle, mention: EntityMention) -> tuple[str | None, bool]:
    """The gender of the mention's entity (voted over all its mentions, leaving out
    indeclinable forms such as ``Лукашенко``, which the tagger may read as feminine)
    and whether this mention is in the nominative (or untagged)."""
    votes = {"masc": 0, "femn": 0}
    subject_tags: set[str] = set()
    for other in article.entities:
        if other.entity_id != mention.entity_id or other.field is not mention.field:
            continue
        for token in article.tokens:
            if token.field is other.field and other.start <= token.start and token.end <= other.end:
                if other is mention:
                    subject_tags |= token.tags
                if "Fixd" in token.tags or "ms-f" in token.tags:
                    continue
                for key in votes:
                    votes[key] += key in token.tags
    gender: str | None = max(votes, key=lambda g: votes[g]) if any(votes.values()) else None
    return gender, "nomn" in subject_tags or not subject_tags


def _kind(view: _SentenceView, mention: EntityMention) -> str:
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


def _resolve_pronoun(view: _SentenceView, token: Token) -> _Source | None:
    wanted = view.rules.pronouns[token.text.lower()]
    if wanted == "plur":
        return None
    floor = view.article.sentences[max(0, view.index - 3)].start
    earlier = [
        m
        for m in view.article.entities
        if m.type is EntityType.PER and m.field is view.field and floor <= m.start and m.end <= token.start
    ]
    for want_subject in (True, False):
        for mention in reversed(earlier):
            gender, subject = _gender(view.article, mention)
            if (gender is None or gender == wanted) and (subject or not want_subject):
                return _Source(mention.canonical, "person", token.start, token.end, mention.entity_id)
    return None


def _candidates(view: _SentenceView, start: int, end: int) -> list[_Source]:
    """Sources between ``start`` and ``end``, in text order."""
    found: list[_Source] = []
    taken: list[tuple[int, int]] = []
    for mention in view.entities:
        if start <= mention.start and mention.end <= end:
            found.append(
                _Source(mention.canonical, _kind(view, mention), mention.start, mention.end, mention.entity_id)
            )
            taken.append((mention.start, mention.end))
    for token in view.tokens:
        if not (start <= token.start and token.end <= end) or _inside(taken, token.start, token.end):
            continue
        key = token.text.lower()
        if key in view.rules.pronouns and (source := _resolve_pronoun(view, token)):
            found.append(source)
            continue
        descriptor = view.rules.descriptors.get(key) or view.rules.descriptors.get(token.lemma.lower())
        if descriptor:
            found.append(_Source(descriptor[0], descriptor[1], token.start, token.end))
    return sorted(found, key=lambda s: s.start)


def _content_after(view: _SentenceView, position: int) -> tuple[int, int, bool]:
    rules = view.rules
    following = [t for t in view.tokens if t.start >= position][:5]
    for i, token in enumerate(following):
        if token.text.lower() in rules.complementizers:
            position = token.end
            break
        if token.text in ":" and i == 0:
            position = token.end
            break
    start, end = view.trim(position, view.end)
    return _quoted(view, start, end)


def _quoted(view: _SentenceView, start: int, end: int) -> tuple[int, int, bool]:
    for q_start, q_end in view.quotes:
        if q_start - 1 <= start and end <= q_end + 1 and q_end - q_start >= (end - start) * 0.8:
            return q_start, q_end, True
    if start > view.start and view.text[start - 1] in OPEN_QUOTES:
        return start, end, True
    return start, end, False


def _content_before(view: _SentenceView, position: int) -> tuple[int, int, bool]:
    start, end = view.trim(view.start, position)
    while start < end and view.text[start] in "•*·":
        start, end = view.trim(start + 1, end)
    start, end, quote = _quoted(view, start, end)
    dialogue = view.text[view.start : view.end].lstrip(" •").startswith(tuple(DASHES))
    return start, end, quote or dialogue


def _verb_cues(view: _SentenceView, skip: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    rules = view.rules
    cues: list[tuple[int, int, str]] = []
    for i, token in enumerate(view.tokens):
        low, lemma = token.text.lower(), token.lemma.lower()
        if low not in rules.verb_forms and lemma not in rules.verbs:
            continue
        if _inside(view.quotes, token.start, token.end) or any(s < token.end and token.start < e for s, e in skip):
            continue
        end = token.end
        needed = rules.needing.get(low) or rules.needing.get(lemma)
        if needed:
            rest = [t for t in view.tokens[i + 1 : i + 3] if t.text != ","]
            after = rest[0] if rest else None
            if after is None or after.text.lower() not in needed:
                continue
            end = after.end if after.text.lower() in rules.cue_words else token.end
        start = token.start
        if i > 0 and (view.tokens[i - 1].text.lower() in rules.aux or view.tokens[i - 1].lemma.lower() in rules.aux):
            start = view.tokens[i - 1].start
        cues.append((start, end, lemma))
    if rules.multiword:
        for match in rules.multiword.finditer(view.text, view.start, view.end):
            if not any(s < match.end() and match.start() < e for s, e, _ in cues):
                cues.append((match.start(), match.end(), match.group(0).lower()))
    return sorted(cues)


def _bare_name(view: _SentenceView, start: int, end: int) -> list[_Source]:
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
    return [_Source(name, kind, words[0].start, words[-1].end)]


def _verb_claim(view: _SentenceView, cue_start: int, cue_end: int) -> Claim | None:
    clause = view.clause_start(cue_start)
    chain = None
    if view.rules.chain:
        chain = next(iter(view.rules.chain.finditer(view.text, clause, cue_start)), None)
    cited: _Source | None = None
    if chain:
        left = _candidates(view, clause, chain.start()) or _bare_name(view, clause, chain.start())
        right = _candidates(view, chain.end(), cue_start)
        cited = right[0] if right else None
        cue_start = chain.start()
    else:
        left = _candidates(view, clause, cue_start)
    source = left[-1] if left else None
    inverted = False
    if source is None:
        window = [t for t in view.tokens if t.start >= cue_end][:6]
        limit = next((t.start for t in window if t.text in _CLAUSE_BREAK), window[-1].end if window else cue_end)
        right_side = _candidates(view, cue_end, limit)
        if not right_side:
            return None
        source, inverted = right_side[0], True
    after = source.end if inverted else cue_end
    c_start, c_end, quote = _content_after(view, after)
    if inverted or c_end <= c_start:
        c_start, c_end, quote = _content_before(view, min(cue_start, source.start))
    if c_end <= c_start:
        return None
    return Claim(
        view.index,
        view.field,
        source.name,
        source.kind,
        source.start,
        source.end,
        view.text[cue_start:cue_end],
        cue_start,
        cue_end,
        c_start,
        c_end,
        quote,
        source.entity_id,
        cited.name if cited else None,
        cited.kind if cited else None,
    )


def _prefix_claim(view: _SentenceView, match: re.Match[str]) -> Claim | None:
    region_end = next((t.start for t in view.tokens if t.start >= match.end() and t.text in {",", ":", ";"}), view.end)
    found = _candidates(view, match.end(), region_end)
    if found:
        source = next((f for f in found if f.kind == "person"), found[0])
    else:
        s_start, s_end = view.trim(match.end(), region_end)
        words = view.text[s_start:s_end].split()
        if not words or len(words) > 6:
            return None
        name = re.sub(r"^(?:the|la|el|le|les|il|los|las)\s+", "", view.text[s_start:s_end], flags=re.IGNORECASE)
        source = _Source(name.strip(OPEN_QUOTES + CLOSE_QUOTES), "organisation", s_start, s_end)
    c_start, c_end, quote = _content_after(view, region_end)
    if c_end <= c_start:
        c_start, c_end, quote = _content_before(view, match.start())
    if c_end <= c_start:
        return None
    return Claim(
        view.index,
        view.field,
        source.name,
        source.kind,
        source.start,
        source.end,
        match.group(0),
        match.start(),
        match.end(),
        c_start,
        c_end,
        quote,
        source.entity_id,
    )


def _sentence_claims(view: _SentenceView) -> list[Claim]:
    rules = view.rules
    prefix = [
        m
        for m in (rules.prefix.finditer(view.text, view.start, view.end) if rules.prefix else ())
        if not _inside(view.quotes, m.start(), m.end())
    ]
    claims: list[Claim] = []
    for cue_start, cue_end, _ in _verb_cues(view, [m.span() for m in prefix]):
        claim = _verb_claim(view, cue_start, cue_end)
        if claim:
            claims.append(claim)
    for match in prefix:
        if any(c.cue_start <= match.start() < c.cue_end for c in claims):
            continue
        claim = _prefix_claim(view, match)
        if claim:
            claims.append(claim)
    return sorted(claims, key=lambda c: c.cue_start)


def find_claims(article: AnalysedArticle) -> list[Claim]:
    """Every attributed claim of the article, in text order; sentences without a
    cue give none. Pure: reads the sentences, tokens and entities."""
    rules = rules_for(article.lang)
    claims: list[Claim] = []
    for index in range(len(article.sentences)):
        claims.extend(_sentence_claims(_SentenceView(article, index, rules)))
    return claims


@register_stage("claims")
def make_claims_stage() -> Stage:
    return Stage(
        "claims",
        requires=("sentences", "tokens", "entities"),
        assigns=("claims",),
        run=lambda article: replace(article, claims=tuple(find_claims(article))),
        languages=DEEP_LANGUAGES,
    )
