"""Features for the CRF entity tagger (python-crfsuite), per token of a sequence.

Groups, chosen when a model is trained and stored with it:

  base    lowercased word, prefixes and suffixes (1-4), word shape, spelling flags
  window  the neighbours' words, shapes and flags (±2) and word bigrams
  morph   pymorphy3: part of speech, case, number, gender, Name/Surn/Patr/Abbr tags
          and whether the dictionary knows the word, over *all* of its parses
          (pymorphy3's Ukrainian dictionary does not rank them)
  gaz     how often the word's lemma was inside a PER, ORG or LOC span in the
          training data (built 5-fold there, so the model does not over-trust it)
  places  the word's lemma or form is a city or country name (GeoNames, pycountry)
  quotes  the quote pair around a token: opening/closing quote, position inside,
          quote length, and the word before the opening quote (ТОВ, компанія…)
  clusters  navec k-means cluster ids (1024 fine, 128 coarse) of the word and its
          lemma; neighbours see them too (``crf_clusters``)
  streets the token follows a street or settlement word (``вул.``, ``просп.``,
          ``м.``, ``смт``) through capitalised words: ``вул. Богдана Хмельницького``
          is a street, not a person
  streetlists  with ``streets``: also down a list of names after the street word

Features of a word are cached per word form: tagging is not bound by pymorphy3.
Measured on a contiguous dev block of NER-UK (see the README), morph adds 3
points of micro-F1, gaz and the quote flag half a point, quotes half a point
(ORG boundaries), clusters a few tenths (LOC); places, lemma, character n-gram
and document-level features added nothing (nor, retried later, the same word's
spelling elsewhere in a 20-segment stretch, or the head of a genitive chain
such as "Центру … університету": 0.8453 and 0.8439 against 0.8445).
Measured on held-out folds (``scripts/ner_folds.py``, 5 contiguous folds, gap
20): streets with streetlists (shipped) raise the news fold 0.8:1.0 from 0.765
to 0.769 (LOC 0.649 -> 0.669) and fold 0.4:0.6 from 0.795 to 0.802, and cost the
dev block 0.3 (0.8455 -> 0.8427, noise-level). Not kept: places looked up by
every lemma and as two-word names (``Південній Кореї``), news fold 0.767 (LOC
0.670); navec vectors as 32 real-valued PCA components per word, 0.760.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from khronika.analysis.entities.gazetteer import place_kind
from khronika.analysis.entities.ner.crf_clusters import Clusters
from khronika.analysis.entities.ner.crf_streets import after_markers
from khronika.analysis.morphology import analyzer, word_parses
from khronika.text import WORD_APOSTROPHES

OFFSETS = (-2, -1, 1, 2)
_CACHE_LIMIT = 200_000  # word forms; the caches are emptied when they pass it
GROUPS = (
    "base",
    "window",
    "morph",
    "gaz",
    "places",
    "quotes",
    "clusters",
    "streets",
    "streetlists",
)
MORPH_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr")
SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!!!"})
_QUOTES_OPEN = frozenset("«“„")
_QUOTES = frozenset('«»"“”„')
_QUOTES_CLOSE = frozenset("»”")
_UPPER = re.compile(r"[A-ZА-ЯІЇЄҐЁ]")
_LOWER = re.compile(r"[a-zа-яіїєґё]")
_DIGIT = re.compile(r"\d")
_REPEAT = re.compile(r"(.)\1+")
_CYRILLIC = re.compile(r"[а-яіїєґё]")
_MAX_PARSES = 8

Gazetteer = Mapping[str, Mapping[str, int]]  # lemma or form -> {"PER": n, "ORG": n, "LOC": n, "O": n}


def shape(word: str) -> str:
    return _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))


def normalise(word: str) -> str:
    return word.lower().translate(WORD_APOSTROPHES)


class MorphFeatures:
    """pymorphy3 features of a word form over all its parses, cached."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.analyzer = analyzer(lang)
        self.cache: dict[str, tuple[tuple[str, ...], str]] = {}

    def __call__(self, word: str) -> tuple[tuple[str, ...], str]:
        """(feature strings, first lemma)."""
        hit = self.cache.get(word)
        if hit is not None:
            return hit
        low = normalise(word)
        found: set[str] = set()
        lemma = ""
        for parse in word_parses(low, self.lang)[:_MAX_PARSES]:
            tag = parse.tag
            found.add(f"pos={tag.POS}")
            found.update(
                f"{name}={value}"
                for name, value in (("case", tag.case), ("num", tag.number), ("gen", tag.gender))
                if value
            )
            found.update(f"mt={g}" for g in MORPH_TAGS if g in tag.grammemes)
            lemma = lemma or parse.normal_form
        known = bool(_CYRILLIC.search(low)) and bool(self.analyzer.word_is_known(low))
        found.add(f"known={int(known)}")
        result = (tuple(sorted(found)), lemma or low)
        self.cache[word] = result
        return result


def gazetteer_features(gazetteer: Gazetteer, keys: Sequence[str]) -> list[str]:
    for key in keys:
        counts = gazetteer.get(key)
        if not counts:
            continue
        total = sum(counts.values())
        found = []
        for kind in ("PER", "ORG", "LOC"):
            if counts.get(kind):
                ratio = counts[kind] / total
                found += [f"gaz={kind}", f"gaz={kind}:{'hi' if ratio > 0.7 else 'mid' if ratio > 0.3 else 'lo'}"]
        return [*found, f"gazn={min(total, 5)}"]
    return []


@dataclass
class Featurizer:
    groups: frozenset[str]
    morph: MorphFeatures | None = None
    gazetteer: Gazetteer = field(default_factory=dict)
    clusters: Clusters | None = None
    _cache: dict[str, tuple[list[str], list[str], str]] = field(default_factory=dict)
    _windowed: dict[str, dict[int, list[str]]] = field(default_factory=dict)

    def word(self, word: str) -> tuple[list[str], list[str], str]:
        """(own features, features its neighbours see, lookup key). Cached."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        groups, low = self.groups, normalise(word)
        own = ["bias", f"w={low}"]
        shared = [f"w={low}"]
        key = low
        if "base" in groups:
            own += [f"p{i}={low[:i]}" for i in range(1, 5) if len(low) >= i]
            own += [f"s{i}={low[-i:]}" for i in range(1, 5) if len(low) >= i]
            own += [f"shape={shape(word)[:8]}", f"len={min(len(word), 10)}"]
            short_shape = _REPEAT.sub(r"\1", shape(word))
            shared.append(f"ss={short_shape}")
            flags = {
                "title": word[:1].isupper() and not word.isupper(),
                "upper": word.isupper() and len(word) > 1,
                "digit": bool(_DIGIT.search(word)),
                "hyph": "-" in word,
                "apos": "'" in word.translate(WORD_APOSTROPHES),
                "punct": not any(ch.isalnum() for ch in word),
            }
            on = [f"f={name}" for name, value in flags.items() if value]
            own += on
            shared += on
        is_word = any(ch.isalpha() for ch in word)
        if self.morph is not None and is_word:
            features, lemma = self.morph(word)
            key = lemma
            if "morph" in groups:
                own += features
                shared += [f for f in features if f.startswith(("pos=", "mt=", "case="))]
        if "gaz" in groups and is_word:
            found = gazetteer_features(self.gazetteer, (key, low))
            own += found
            shared += [f for f in found if ":" not in f and not f.startswith("gazn")]
        if "places" in groups and is_word and word[:1].isupper():
            kind = place_kind(key) or place_kind(low)
            if kind:
                own.append(f"place={kind}")
                shared.append("place")
        if self.clusters is not None and is_word:
            for prefix, form in (("c", low), ("lc", key)):
                found_cluster = self.clusters(form)
                if found_cluster is not None and (prefix == "c" or key != low):
                    own += [f"{prefix}f={found_cluster[0]}", f"{prefix}c={found_cluster[1]}"]
                    if prefix == "c":
                        shared += [f"cf={found_cluster[0]}", f"cc={found_cluster[1]}"]
        result = (own, shared, key)
        self._cache[word] = result
        return result

    def _seen_from(self, word: str, shared: list[str]) -> dict[int, list[str]]:
        """A word's shared features as each neighbour sees them (``-1:w=…``),
        built once per word form: formatting them per token was half the cost."""
        hit = self._windowed.get(word)
        if hit is None:
            if len(self._windowed) > _CACHE_LIMIT:  # a long-running process meets new words forever
                self._windowed.clear()
            hit = {offset: [f"{offset}:{x}" for x in shared] for offset in OFFSETS}
            self._windowed[word] = hit
        return hit

    def context(self, tokens: Sequence[str]) -> list[list[str]]:
        """The features of each token that no single word form decides: where it
        stands in quotes and sentences (the word bigrams are ``bigrams``)."""
        quoted = None
        if "quotes" in self.groups and any(token in _QUOTES for token in tokens):  # else no token gets any
            quoted = quote_features(tokens, [self.word(token)[2] for token in tokens])
        streets = after_markers(tokens, "streetlists" in self.groups) if "streets" in self.groups else None
        count = len(tokens)
        result: list[list[str]] = []
        in_quote = False
        for i, token in enumerate(tokens):
            features: list[str] = []
            if token in _QUOTES:
                in_quote = token in _QUOTES_OPEN or (token == '"' and not in_quote)
            elif in_quote:
                features.append("in_quote")
            if quoted is not None:
                features += quoted[i]
            if streets is not None:
                features += streets[i]
            if i == 0 or tokens[i - 1] in SENTENCE_END:
                features.append("sent_start")
            if i == 0:
                features.append("BOS")
            if i == count - 1:
                features.append("EOS")
            result.append(features)
        return result

    def sequence(self, tokens: Sequence[str]) -> list[list[str]]:
        """The features of every token of one sequence (a paragraph, a segment), as
        strings for crfsuite: the word's own, its context's, its neighbours' and
        the word bigrams around it."""
        info = [self.word(token) for token in tokens]
        count = len(tokens)
        result: list[list[str]] = []
        for i, context in enumerate(self.context(tokens)):
            features = [*info[i][0], *context]
            if "window" in self.groups:
                for offset in OFFSETS:
                    j = i + offset
                    if 0 <= j < count:
                        features += self._seen_from(tokens[j], info[j][1])[offset]
                    else:
                        features.append(f"{offset}:pad")
                if i > 0:
                    features.append(f"bi-1={info[i - 1][1][0]}|{info[i][1][0]}")
                if i < count - 1:
                    features.append(f"bi+1={info[i][1][0]}|{info[i + 1][1][0]}")
            result.append(features)
        return result


def quote_pairs(tokens: Sequence[str]) -> dict[int, int]:
    """Opening quote index -> its closing quote's index (guillemets nest; ``"``
    toggles; ``„…“`` closes with ``“``). Quotes left open get no entry."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token == '"':
            if stack and tokens[stack[-1]] == '"':
                pairs[stack.pop()] = i
            else:
                stack.append(i)
        elif token == "“" and stack and tokens[stack[-1]] == "„":
            pairs[stack.pop()] = i
        elif token in _QUOTES_OPEN:
            stack.append(i)
        elif token in _QUOTES_CLOSE:
            while stack and tokens[stack[-1]] not in "«“":
                stack.pop()
            if stack:
                pairs[stack.pop()] = i
    return pairs


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def quote_features(tokens: Sequence[str], keys: Sequence[str]) -> list[list[str]]:
    """Where each token stands in the quotes around it: the opening and closing
    quotes of a pair, how far in, how long the quote is, and the word before the
    opening quote (``ТОВ``, ``компанія``, ``газета``), which decides many ORG spans."""
    result: list[list[str]] = [[] for _ in tokens]
    for opening, closing in quote_pairs(tokens).items():
        length = _bucket(closing - opening - 1, 5)
        head = keys[opening - 1] if opening > 0 and any(ch.isalpha() for ch in tokens[opening - 1]) else "-"
        first = keys[opening + 1] if closing > opening + 1 else "-"
        result[opening] += ["q=open", f"qlen={length}", f"qhead={head}"]
        result[closing] += ["q=close", f"qlen={length}", f"qhead={head}", f"qfirst={first}"]
        for i in range(opening + 1, closing):
            result[i] += [
                f"qpos={_bucket(i - opening, 4)}",
                f"qend={_bucket(closing - i, 4)}",
                f"qlen={length}",
                f"qhead={head}",
            ]
        if opening > 0:
            result[opening - 1].append(f"qnext_len={length}")
    return result


def count_gazetteer(
    sequences: Sequence[tuple[Sequence[str], Sequence[str]]], featurizer: Featurizer
) -> dict[str, dict[str, int]]:
    """lemma/form -> counts of the span type it was inside (or O), from tagged data."""
    counts: dict[str, Counter[str]] = {}
    for tokens, tags in sequences:
        for token, tag in zip(tokens, tags, strict=True):
            if not any(ch.isalpha() for ch in token):
                continue
            kind = tag[2:] if tag != "O" else "O"
            for key in {normalise(token), featurizer.word(token)[2]}:
                counts.setdefault(key, Counter())[kind] += 1
    return {key: dict(counter) for key, counter in counts.items()}
