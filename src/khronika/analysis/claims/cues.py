"""The reporting verbs of a sentence (``verb_cues``): a verb of the lexicon by form
or lemma, with an auxiliary before it (``начал говорить``) or the word it needs
after it (``говорить о``), and the multi-word forms (``put the figure at``); not a
passive participle, an infinitive, a past participle with no auxiliary, a noun.
"""

from __future__ import annotations

from khronika.analysis.claims.lexicon import REPORTING_VERB
from khronika.analysis.claims.sources import SentenceView, inside

DASHES = "—–-"


def verb_cues(view: SentenceView, skip: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(start, end, verb)`` of each reporting verb: its span (with an auxiliary
    before it, or the word it needs after it) and its token index (-1 for a
    multi-word form such as ``put the figure at``)."""
    rules = view.rules
    cues: list[tuple[int, int, int]] = []
    for i, kind in enumerate(view.cue_kinds):
        if not kind & REPORTING_VERB:
            continue
        token = view.tokens[i]
        low, lemma = token.text.lower(), token.lemma.lower()
        if inside(view.quotes, token.start, token.end) or any(s < token.end and token.start < e for s, e in skip):
            continue
        before = view.tokens[i - 1] if i > 0 else None
        after_aux = before is not None and (before.text.lower() in rules.aux or before.lemma.lower() in rules.aux)
        if token.tags & {"PRTS", "PRTF"}:
            continue  # ``были заявлены``: a passive participle names no speaker
        if (
            view.article.lang in _PARTICIPLE_ENDINGS
            and low.endswith(_PARTICIPLE_ENDINGS[view.article.lang])
            and not after_aux
        ):
            continue  # ``internacionalmente reconocido``, ``fue declarado``: no perfect tense, no report
        if token.tags & {"INFN", "infn"} and not after_aux:
            continue  # ``не зміг сказати, що``: an infinitive reports nothing, but after ``начал``
        if before is not None and before.text.lower() in _NOT_BEFORE_A_VERB and not after_aux:
            continue  # ``in a note to``, ``has been written``: a noun or a passive
        end = token.end
        needed = rules.needing.get(low) or rules.needing.get(lemma)
        if needed and not _speech_beside(view, i):
            rest = [t for t in view.tokens[i + 1 : i + 3] if t.text != ","]
            after = rest[0] if rest else None
            if after is None or after.text.lower() not in needed:
                continue
            end = after.end if after.text.lower() in rules.cue_words else token.end
        start = token.start
        if i > 0 and (view.tokens[i - 1].text.lower() in rules.aux or view.tokens[i - 1].lemma.lower() in rules.aux):
            start = view.tokens[i - 1].start
        cues.append((start, end, i))
    if rules.multiword:
        for match in rules.multiword.finditer(view.text, view.start, view.end):
            if not any(s < match.end() and match.start() < e for s, e, _ in cues):
                cues.append((match.start(), match.end(), -1))
    return sorted(cues)


# past participles of the languages read without morphology: a report only after an auxiliary (ha declarado)
_PARTICIPLE_ENDINGS = {
    "es": ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"),
    "it": ("ato", "ata", "ati", "ate", "ito", "ita", "iti", "ite", "uto", "uta", "uti", "ute"),
}
_NOT_BEFORE_A_VERB = frozenset({"a", "an", "the", "been", "be", "being"})


def _speech_beside(view: SentenceView, i: int) -> bool:
    """Whether the verb at token ``i`` stands after a dash or comma (``», — говорит
    он``, ``Эта тенденция, говорят эксперты, сохранится``) or before a colon: a
    verb that otherwise needs a word after it (``говорить о``) reports speech there."""
    before = view.tokens[i - 1].text if i > 0 else ""
    after = view.tokens[i + 1].text if i + 1 < len(view.tokens) else ""
    return ((before in DASHES or before == ",") and i > 1) or after == ":"
