"""Russian sources from a dependency parse: natasha's shipped syntax model
(``slovnet_syntax_news_v1``, over the navec embedding the NER model already loads;
both in the ``natasha`` wheel, MIT; nothing downloaded).

Optional: it runs where ``KHRONIKA_RU_SYNTAX=1`` (``enabled``), else the rules
work alone. Only the sentences that hold a cue are parsed (``parse_views``, one batch per
article), over khronika's own tokens, so the cost stays small. ``parsed_source``
reads who speaks from the tree: the ``nsubj`` of the reporting verb (or of the verb
it is coordinated with or depends on: ``начал говорить``, ``сказала ... и
сообщила``). The source is then

- a named person or body inside the subject phrase where the tagger found one
  (``министр Сергей Лавров`` -> Сергей Лавров; ``экономист Александр Аузан``);
- a personal pronoun, resolved as the rules resolve it, else kept as written
  (``Она сказала``, ``мы утверждаем``);
- else the phrase's head with its modifiers (adjectives, genitives, prepositional
  phrases; not its clauses): ``Французские журналисты``, ``Премьер Франции``
  (a person described by France, not France), ``Аналитики в Москве``, ``Сестра``.

No ``nsubj`` gives no answer (``None``): the rules then look for the body named in
the clause (``В МВД сообщили``), and an impersonal verb (``сообщается``) is no cue.
A relative pronoun (``который``) is no source.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, NamedTuple

from khronika.analysis.claims.sources import SentenceView, Source, candidates
from khronika.records import EntityType

SYNTAX_FILE = "model/slovnet_syntax_news_v1.tar"
BATCH_SIZE = 16
MAX_TOKENS = 200  # a longer "sentence" (a list, a table) is not parsed

_lock = threading.Lock()
_model: Any = None
_unavailable = False


class Parse(NamedTuple):
    """One sentence's tree over the view's tokens: each token's head (index into the
    tokens, -1 for the root) and relation."""

    heads: list[int]
    rels: list[str]

    def children(self, head: int) -> list[int]:
        return [i for i, h in enumerate(self.heads) if h == head]


def _load() -> Any:
    """The slovnet syntax model, loaded once per process; None where natasha's files
    cannot be read (the rules then work alone)."""
    global _model, _unavailable
    with _lock:
        if _model is None and not _unavailable:
            try:
                from slovnet import Syntax

                from khronika.analysis.entities.ner.slovnet import load_navec, natasha_data_dir

                path = natasha_data_dir() / SYNTAX_FILE
                _model = Syntax.load(str(path), batch_size=BATCH_SIZE).navec(load_navec())
            except Exception as error:  # natasha missing or its files unreadable: the rules work alone
                _unavailable = True
                print(f"khronika: the Russian syntax model is unavailable ({error}); rules only", file=sys.stderr)
        return _model


SWITCH = "KHRONIKA_RU_SYNTAX"


def enabled() -> bool:
    """Whether the parse runs: optional (``KHRONIKA_RU_SYNTAX=1``), as it costs more
    than the 10% budget (``bench/analysis_speed.py --lang ru``, one BLAS thread as the
    CLI runs, the sample corpus's Russian pages: the whole analysis 21-25 ms an article
    without it, 31-35 ms with it, the claims stage 0.6-0.9 ms -> 7-8 ms)."""
    return os.environ.get(SWITCH, "") == "1"


def parse_views(views: list[SentenceView]) -> list[Parse | None]:
    """A parse of each view's tokens (None for an empty or overlong sentence, or
    where the model is unavailable), in one batch."""
    wanted = [i for i, view in enumerate(views) if 0 < len(view.tokens) <= MAX_TOKENS]
    found: list[Parse | None] = [None] * len(views)
    model = _load() if wanted else None
    if model is None:
        return found
    markups = model.map([[token.text for token in views[i].tokens] for i in wanted])
    for i, markup in zip(wanted, markups, strict=True):
        heads, rels = [], []
        for token in markup.tokens:
            head = int(token.head_id) - 1
            heads.append(head if head != int(token.id) - 1 else -1)
            rels.append(str(token.rel))
        found[i] = Parse(heads, rels)
    return found


_SUBJECT = frozenset({"nsubj", "nsubj:pass"})
_CLIMB = frozenset({"conj", "xcomp"})  # ``сказала ... и сообщила``, ``начал говорить``
_MODIFIERS = frozenset({"amod", "nmod", "det", "nummod", "compound", "flat", "flat:name", "flat:foreign", "case"})
_NOT_MODIFIERS = frozenset({"ADVB", "VERB", "GRND", "INFN"})
_NOT_SPEAKERS = frozenset({"obj", "iobj", "nmod", "amod"})  # a word in these roles is not who speaks
_RELATIVE = frozenset({"который", "которая", "которое", "которые", "кто", "что"})


def subject_of(parse: Parse, verb: int) -> int | None:
    """The token that is the verb's subject, climbing from a coordinated or
    dependent verb to the one that has it."""
    seen: set[int] = set()
    while verb >= 0 and verb not in seen:
        seen.add(verb)
        subjects = [i for i in parse.children(verb) if parse.rels[i] in _SUBJECT]
        if subjects:
            return subjects[0]
        if parse.rels[verb] not in _CLIMB:
            return None
        verb = parse.heads[verb]
    return None


def _phrase(view: SentenceView, parse: Parse, head: int) -> list[int]:
    """The head and its modifiers (not its clauses, appositions, punctuation, or an
    adverb the parse hung on it: ``правительство упреждающе сообщает``)."""
    found, todo = {head}, [head]
    while todo:
        for child in parse.children(todo.pop()):
            if parse.rels[child] in _MODIFIERS and not view.tokens[child].tags & _NOT_MODIFIERS:
                found.add(child)
                todo.append(child)
    return sorted(found)


def parsed_source(view: SentenceView, parse: Parse, verb: int) -> Source | None:
    """Who speaks, by the tree, for the reporting verb at token ``verb``; None where
    the verb has no subject (see the module's text)."""
    subject = subject_of(parse, verb)
    if subject is None:
        return None
    tokens = view.tokens
    head = tokens[subject]
    low = head.text.lower()
    if low in _RELATIVE:
        return None
    if low in view.rules.pronouns or "NPRO" in head.tags:
        resolved = candidates(view, head.start, head.end)
        if resolved:
            return resolved[0]
        return Source(head.text, "group" if view.rules.pronouns.get(low) == "plur" else "person", head.start, head.end)
    phrase = _phrase(view, parse, subject)
    # an apposition names the person (``экономист Александр Аузан``)
    names = [i for i in parse.children(subject) if parse.rels[i] == "appos"]
    start, end = tokens[phrase[0]].start, tokens[phrase[-1]].end
    wide_end = max([end, *(tokens[_phrase(view, parse, i)[-1]].end for i in names)])
    found = candidates(view, start, wide_end)
    person = next((s for s in found if s.kind == "person" and s.entity_id), None)
    if person is not None:
        return person
    for mention in view.entities:
        if mention.start <= head.start and head.end <= mention.end and mention.type is not EntityType.MISC:
            return next((s for s in found if s.start == mention.start), None) or Source(
                mention.canonical, "organisation", mention.start, mention.end, mention.entity_id
            )
    described = next((s for s in found if s.start <= head.start and head.end <= s.end), None)
    kind = described.kind if described is not None else "person"
    return Source(view.text[start:end], kind, start, end)


def not_speakers(view: SentenceView, parse: Parse) -> frozenset[int]:
    """Where the words start that the parse reads as an object or a noun's modifier
    (``Студентам Университета ЛУИСС рассказали``): the rules take no source there."""
    return frozenset(view.tokens[i].start for i, rel in enumerate(parse.rels) if rel in _NOT_SPEAKERS)
