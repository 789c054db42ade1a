"""From the CRF's BIO labels to entity spans, with the post-rules that follow it.

Each rule mends a boundary the CRF gets wrong often and NER-UK marks one way:

* ``attach_legal_forms``: a company's legal form goes with its quoted name,
  ``ТОВ «Альфабуд»``, ``ДП «Миколаївське лісове господарство»``, ``КМКП
  «Профдезінфекція № 1»``. An all-caps word of 2 to 6 letters right before an
  opening quote is part of an organisation in NER-UK nearly always (891 of 896
  times in its training file, over 55 different forms, many seen once or twice):
  where the CRF tags the quoted name as ORG, the form joins it; where it tags the
  form alone as ORG, the quoted name joins it, up to its closing quote.
* ``balance_quotes``: quotes stay balanced inside a name.
* ``extend_addresses``: a street takes its house number.
"""

from __future__ import annotations

from khronika.analysis.entities.ner import NerSpan
from khronika.analysis.entities.ner.crf_streets import STREET_WORDS
from khronika.records import EntityType, Token

_OPENING = frozenset("«„“")
_CLOSING = frozenset("»”")
_SENTENCE_END = frozenset({".", "!", "?", ";"})
_QUOTED_NAME_MAX = 20  # tokens from an opening quote to its closing one


def bio_to_spans(tags: list[str], tokens: list[Token]) -> list[NerSpan]:
    spans: list[NerSpan] = []
    start: Token | None = None
    end: Token | None = None
    kind = ""
    for tag, token in zip([*tags, "O"], [*tokens, None], strict=True):
        prefix, _, tag_type = tag.partition("-")
        if kind and (prefix != "I" or tag_type != kind):
            assert start is not None and end is not None
            spans.append(NerSpan(start.field, start.start, end.end, EntityType(kind)))
            kind = ""
        if token is not None and prefix in ("B", "I") and tag_type in ("PER", "ORG", "LOC") and not kind:
            start, kind = token, tag_type
        if kind:
            end = token
    return spans


def is_legal_form(word: str) -> bool:
    """ТОВ, ПП, ДП, ПАТ, КМКП…: an all-caps Cyrillic word of 2 to 6 letters."""
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper() and not word.isascii()


def _closing_quote(words: list[str], opening: int) -> int | None:
    """The index of the quote closing the one at ``opening``; nested names often
    share one closing mark (``«ВКФ «Чайка-2-Азов»``), so the first closing quote
    ends the name when no balanced one comes before the sentence does."""
    depth, first = 0, None
    for k in range(opening, min(len(words), opening + _QUOTED_NAME_MAX)):
        if words[k] in _OPENING:
            depth += 1
        elif words[k] in _CLOSING:
            depth -= 1
            first = k if first is None else first
            if depth == 0:
                return k
        elif words[k] in _SENTENCE_END:
            break
    return first


def attach_legal_forms(tags: list[str], words: list[str]) -> list[str]:
    """``ТОВ`` + ``«Альфабуд»`` is one organisation (see the module text)."""
    tags = list(tags)
    for i in range(1, len(tags)):
        if words[i] not in _OPENING or not is_legal_form(words[i - 1]):
            continue
        form, quoted = tags[i - 1], tags[i] if tags[i] != "O" else tags[min(i + 1, len(tags) - 1)]
        if form == "O" and quoted == "B-ORG":  # the name is tagged, the form is not
            tags[i - 1] = "B-ORG"
            tags[i] = "I-ORG"
            if i + 1 < len(tags) and tags[i + 1] == "B-ORG":
                tags[i + 1] = "I-ORG"
        elif form == "B-ORG" and tags[i] == "O":  # the form is tagged alone
            closing = _closing_quote(words, i)
            inside = range(i, closing + 1) if closing is not None else range(0)
            if closing is not None and all(tags[k] == "O" or tags[k].endswith("-ORG") for k in inside):
                for k in inside:
                    tags[k] = "I-ORG"
    return tags


def balance_quotes(tags: list[str], words: list[str]) -> list[str]:
    """A name keeps its quotes balanced: ``ТОВ «Омокс`` takes the ``»`` that follows,
    and a ``»`` that closes no quote of the name is left out of it."""
    tags = list(tags)
    i = 0
    while i < len(tags):
        if not tags[i].startswith("B-"):
            i += 1
            continue
        kind, end = tags[i][2:], i + 1
        while end < len(tags) and tags[end] == f"I-{kind}":
            end += 1
        opened = sum(w in _OPENING for w in words[i:end]) - sum(w in _CLOSING for w in words[i:end])
        while opened > 0 and end < len(tags) and words[end] in _CLOSING and tags[end] == "O":
            tags[end] = f"I-{kind}"
            end += 1
            opened -= 1
        while opened < 0 and end - 1 > i and words[end - 1] in _CLOSING:
            tags[end - 1] = "O"
            end -= 1
            opened += 1
        i = end
    return tags


_HOUSE_TAIL = frozenset("-‐/")


def extend_addresses(tags: list[str], tokens: list[Token]) -> list[str]:
    """A street name takes its house number, as NER-UK marks it: ``вул. Лаврська, 12``,
    ``просп. Гагаріна 362``, ``пров. Музейний, 12-14``."""
    tags = list(tags)
    i = 0
    while i < len(tags):
        if tags[i] != "B-LOC" or tokens[i].text.lower().rstrip(".") not in STREET_WORDS:
            i += 1
            continue
        end = i + 1
        while end < len(tags) and tags[end] == "I-LOC":
            end += 1
        number = end + 1 if end < len(tags) and tokens[end].text == "," else end
        if end - i > 1 and number < len(tags) and tokens[number].text[:1].isdigit() and tags[number] == "O":
            last = number
            while (
                last + 1 < len(tags)
                and tags[last + 1] == "O"
                and tokens[last + 1].start == tokens[last].end
                and (tokens[last + 1].text in _HOUSE_TAIL or tokens[last + 1].text.isalnum())
                and len(tokens[last + 1].text) <= 4
            ):
                last += 1
            if tokens[last].text in _HOUSE_TAIL:
                last -= 1
            for k in range(end, last + 1):
                tags[k] = "I-LOC"
            end = last + 1
        i = end
    return tags


def split_place_lists(tags: list[str], words: list[str]) -> list[str]:
    """A list of places is one place each: ``вул. Завокзальна, Броварська,
    Головатого``, ``на Поштовій площі, Подолі, Святошині``. NER-UK's addresses
    keep a comma inside (``вул. Космонавта Попова, 16``), so the CRF learns to
    run a place on over commas; a comma followed by a capitalised word ends it."""
    tags = list(tags)
    for i in range(1, len(tags) - 1):
        if (
            words[i] == ","
            and tags[i] == "I-LOC"
            and tags[i - 1].endswith("-LOC")
            and tags[i + 1] == "I-LOC"
            and words[i + 1][:1].isupper()
        ):
            tags[i] = "O"
            tags[i + 1] = "B-LOC"
    return tags
