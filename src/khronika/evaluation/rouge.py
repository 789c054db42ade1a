"""ROUGE-1 and ROUGE-2 counts as ROUGE-1.5.5 computes them for tilse, and a Unicode variant.

tilse (Martschat and Markert 2017), which news-tls scores timelines with, runs the
Perl ROUGE-1.5.5 with ``-n 2 -m -s -f A -t 2`` on one peer and one model summary
and keeps the raw counts (hits, peer n-grams, model n-grams). What that script does
to a summary, reproduced here step by step:

* ``^`` becomes ``&circ;`` (pyrouge writes the SEE files that way), and a sentence
  ends at its first ``<`` (the SEE line pattern stops there);
* the sentences are joined by spaces (bigrams cross sentence boundaries), ASCII
  letters are lowercased, hyphens are split off, and every character outside
  ``[A-Za-z0-9-]`` becomes a space, so accented and non-Latin letters split words;
* tokens in the SMART stop-word list and tokens not starting with ``[a-z0-9$]``
  (the lone hyphens) are dropped;
* tokens over three characters are stemmed: the WordNet 2.0 exception table first,
  else the script's own Porter stemmer (with its 2004 change to step 4).

The data (stop words, exceptions) is ``rules/common/rouge155.json``. The
``unicode`` tokeniser keeps the letters and digits of every script, lowercased,
with no stop words and no stemming: language-neutral, for Ukrainian and Russian.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

Tokeniser = Callable[[Sequence[str]], list[str]]


@cache
def _rouge_data() -> tuple[frozenset[str], dict[str, str]]:
    path = resources.files("khronika.rules").joinpath("common", "rouge155.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["stopwords"]), dict(data["exceptions"])


# -- the Porter stemmer of ROUGE-1.5.5 (sub stem), rule for rule ------------------

_C = "[^aeiou][^aeiouy]*"  # consonant sequence
_V = "[aeiouy][aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # measure > 0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # measure = 1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # measure > 1
_VOWEL_IN_STEM = re.compile(f"^({_C})?[aeiouy]")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous",
    "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive",
    "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble",
    "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def porter_stem(word: str) -> str:
    """ROUGE-1.5.5's Porter stemmer (Porter 1980 as the script implements it)."""
    if len(word) < 3:
        return word
    initial_y = word.startswith("y")
    w = "Y" + word[1:] if initial_y else word
    # step 1a
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    # step 1b
    if m := re.search("eed$", w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif m := re.search("(ed|ing)$", w):
        stem = w[: m.start()]
        if _VOWEL_IN_STEM.search(stem):
            w = stem
            if re.search("(at|bl|iz)$", w):
                w += "e"
            elif re.search(r"([^aeiouylsz])\1$", w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    # step 1c
    if (m := re.search("y$", w)) and _VOWEL_IN_STEM.search(w[: m.start()]):
        w = w[: m.start()] + "i"
    # steps 2 and 3
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):
        if m := pattern.search(w):
            stem = w[: m.start()]
            if _MGR0.search(stem):
                w = stem + table[m.group(1)]
    # step 4 (with the 2004 change: -ement no longer tries -ment and -ent first)
    if (m := _STEP4_RE.search(w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if (m := re.search("ment$", w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    elif (m := re.search("(s|t)(ion)$", w)) and _MGR1.search(w[: m.start()] + m.group(1)):
        w = w[: m.start()] + m.group(1)
    # step 5
    if m := re.search("e$", w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    return "y" + w[1:] if initial_y else w


# -- tokenisers ---------------------------------------------------------------------

_NOT_ROUGE_CHAR = re.compile(r"[^A-Za-z0-9\-]")
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ROUGE_TOKEN_START = re.compile(r"^[a-z0-9$]")


def rouge155_tokens(sentences: Sequence[str]) -> list[str]:
    """The tokens ROUGE-1.5.5 (``-m -s``) counts in a summary of ``sentences``."""
    stopwords, exceptions = _rouge_data()
    kept: list[str] = []
    for sentence in sentences:
        text = " ".join(sentence.split()).replace("^", "&circ;").split("<", 1)[0]
        if text:
            kept.append(text)
    text = " ".join(kept).translate(_ASCII_UPPER).replace("-", " - ")
    tokens: list[str] = []
    for token in _NOT_ROUGE_CHAR.sub(" ", text).split():
        if token in stopwords or not _ROUGE_TOKEN_START.match(token):
            continue
        if len(token) > 3:
            token = exceptions.get(token) or porter_stem(token)
        tokens.append(token)
    return tokens


_WORD = re.compile(r"[^\W_]+")


def unicode_tokens(sentences: Sequence[str]) -> list[str]:
    """Lowercased runs of letters and digits of any script; nothing dropped, nothing stemmed."""
    return [word for sentence in sentences for word in _WORD.findall(sentence.casefold())]


TOKENISERS: dict[str, Tokeniser] = {"rouge": rouge155_tokens, "unicode": unicode_tokens}


# -- counts -------------------------------------------------------------------------


@dataclass(frozen=True)
class RougeCounts:
    """ROUGE-N raw counts: clipped hits, the peer's n-grams, the model's n-grams."""

    hits: int
    peer: int
    model: int


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_counts(peer_tokens: Sequence[str], model_tokens: Sequence[str], n: int) -> RougeCounts:
    peer, model = ngrams(peer_tokens, n), ngrams(model_tokens, n)
    hits = sum(min(count, peer[gram]) for gram, count in model.items() if gram in peer)
    return RougeCounts(hits, sum(peer.values()), sum(model.values()))
