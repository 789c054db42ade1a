"""The cue lexicon of attribution, kept as data in ``rules/<lang>/attribution.json``:
reporting verbs (by form or lemma), cue phrases (``за словами``, ``according to``),
chain cues, descriptors, pronouns, and the names of official bodies and outlets.

Per word form, what a token may be to a claim is read once and cached: its cue kind
(``cue_word_kind``: a reporting verb, the first word of a cue phrase) and what it
may be as a source (``source_word``: a pronoun, a descriptor, a known body or
outlet). A form's lemma is taken to be the same wherever it occurs, as the
morphology stage gives it per form. ``cue_kinds`` reads every token of an article
in one ``map`` over their texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat

from khronika.analysis.token_index import article_tokens
from khronika.records import Token
from khronika.rules import RULE_LANGUAGES, load_rules

_CACHE_LIMIT = 100_000  # word forms per cache


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
    media_verbs: frozenset[str]  # lemmas that report only with an outlet as the source (``передает ТАСС``)
    impersonal: frozenset[str]  # lemmas with no subject (``сообщается``): a source only where ``в докладе`` names one
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
    source_word_cache: dict[str, SourceWord | None] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class SourceWord:
    """What a word form may be as a source: a pronoun, a descriptor (by form or
    lemma), a known official body or outlet (capitalised), the last word of a
    two-word descriptor."""

    pronoun: bool
    descriptor: tuple[str, str] | None
    known: str | None  # "official body" or "media"
    pair_end: bool


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
        if len(rules.cue_word_cache) > _CACHE_LIMIT:
            rules.cue_word_cache.clear()
        rules.cue_word_cache[key] = found
    return found


def source_word(rules: _Rules, token: Token) -> SourceWord | None:
    """What the token's form may be as a source, None for a word that is none of
    these (most words); cached per word form."""
    key = token.text
    cache_ = rules.source_word_cache
    if key in cache_:
        return cache_[key]
    low = key.lower()
    descriptor = rules.descriptors.get(low) or rules.descriptors.get(token.lemma.lower())
    known = None
    if key[:1].isupper() and (low in rules.official or low in rules.media):
        known = "official body" if low in rules.official else "media"
    pair_end = any(pair.endswith(" " + low) for pair in rules.pair_descriptors)
    pronoun = low in rules.pronouns
    word = SourceWord(pronoun, descriptor, known, pair_end) if pronoun or descriptor or known or pair_end else None
    if len(cache_) > _CACHE_LIMIT:
        cache_.clear()
    cache_[key] = word
    return word


def cue_kinds(rules: _Rules, tokens: tuple[Token, ...]) -> list[int]:
    """``cue_word_kind`` of each of an article's tokens, looked up in one ``map`` over
    their texts (the forms not seen before read one by one)."""
    kinds = list(map(rules.cue_word_cache.get, article_tokens(tokens).texts, repeat(-1)))
    if -1 in kinds:
        for i in [i for i, kind in enumerate(kinds) if kind == -1]:
            kinds[i] = cue_word_kind(rules, tokens[i])
    return kinds


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    # the look-ahead for a phrase's first letter adds nothing to what matches, but the
    # regex engine then passes over most positions of a sentence twice as fast
    first_letters = "".join(sorted({re.escape(p[0]) for p in ordered}))
    ahead = f"(?=[{first_letters}])" if ordered else ""
    return re.compile(rf"{ahead}(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


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
        media_verbs=frozenset(v.lower() for v in data.get("media_verbs", [])),
        impersonal=frozenset(v.lower() for v in data.get("impersonal_verbs", [])),
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
