"""Who said what: attributed claims per sentence, from cue lexicons kept as data
(``rules/<lang>/attribution.json``).

Two kinds of cue are found:

- prefix cues that precede their source (``за словами джерел``, ``according to
  Reuters``, ``según la policía``); the content is the rest of the sentence after
  the source, or what comes before the cue where the cue closes the sentence;
- reporting verbs (``заявив``, ``said``, ``put the figure at``) whose source is the nearest entity,
  descriptor (``правозахисники``) or pronoun before them in the clause, or just
  after them (``— заявив Лукашенко``); a chain cue between source and verb
  (``Bloomberg з посиланням на джерела писало``) records the cited source.

The lexicon lives in ``khronika.analysis.claims.lexicon``; the sentence view,
quoted stretches (``quote_spans``), pronoun resolution and the finding and
describing of sources in ``khronika.analysis.claims.sources``.

Speed: every token's cue kind is looked up once per article (``cue_kinds``, one
``map`` over the word forms); only the sentences holding a reporting verb or a cue
phrase get a view, and a view's tokens come from the article's token index
(``khronika.analysis.token_index``), shared with the figures stage.

A sentence with two sources (``Officials say three people have died; human rights
groups put the figure at five``) gives two claims, each content ending where the
other claim's source or cue begins (``_split_contents``). A bare ``за офіційними
даними`` names its own source: the language's ``official_data_source`` descriptor
(``офіційні дані``, ``officials``), not the cue text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import compress

from khronika.analysis.claims.cues import DASHES, verb_cues
from khronika.analysis.claims.lexicon import REPORTING_VERB, _Rules, cue_kinds, rules_for
from khronika.analysis.claims.phrases import inverted_head, nominative_span, subject_before_insert, subject_head
from khronika.analysis.claims.places import impersonal, placed
from khronika.analysis.claims.sources import (
    CLAUSE_BREAK,
    CLOSE_QUOTES,
    OPEN_QUOTES,
    SentenceView,
    Source,
    bare_name,
    candidates,
    inside,
    is_function_word,
    release_article_caches,
)
from khronika.analysis.claims.sources import quote_spans as quote_spans  # re-exported: tests and callers use it
from khronika.analysis.claims.syntax import Parse, not_speakers, parse_views, parsed_source
from khronika.analysis.claims.syntax import enabled as syntax_enabled
from khronika.analysis.morphology import word_parses
from khronika.analysis.pipeline import DEEP_LANGUAGES, Stage, register_stage
from khronika.analysis.token_index import article_tokens
from khronika.records import AnalysedArticle, Claim, Token
from khronika.records_json import claim_json as claim_json  # re-exported: evaluation reads claims as JSON

PARSED_LANGUAGES = frozenset({"ru"})  # where the shipped syntax model reads the subject


def _content_after(view: SentenceView, position: int) -> tuple[int, int, bool]:
    rules = view.rules
    following = view.tokens_from(position, 5)
    for i, token in enumerate(following):
        if token.text.lower() in rules.complementizers:
            position = token.end
            break
        if token.text in ":" and i == 0:
            position = token.end
            break
    start, end = view.trim(position, view.end)
    return _quoted(view, start, end)


def _quoted(view: SentenceView, start: int, end: int) -> tuple[int, int, bool]:
    for q_start, q_end in view.quotes:
        if q_start - 1 <= start and end <= q_end + 1 and q_end - q_start >= (end - start) * 0.8:
            return q_start, q_end, True
    if start > view.start and view.text[start - 1] in OPEN_QUOTES:
        return start, end, True
    return start, end, False


def _content_before(view: SentenceView, position: int) -> tuple[int, int, bool]:
    start, end = view.trim(view.start, position)
    while start < end and view.text[start] in "•*·":
        start, end = view.trim(start + 1, end)
    start, end, quote = _quoted(view, start, end)
    dialogue = view.text[view.start : view.end].lstrip(" •").startswith(tuple(DASHES))
    return start, end, quote or dialogue


def _verb_claim(
    view: SentenceView,
    cue_start: int,
    cue_end: int,
    parsed: Source | None = None,
    vetoed: frozenset[int] = frozenset(),
    verb: Token | None = None,
) -> Claim | None:
    """The claim of a reporting verb; ``parsed``: its subject as the parse reads it
    (``khronika.analysis.claims.syntax``), which then speaks; ``vetoed``: where the
    words start that the parse reads as objects, no source for the rules."""
    clause = view.clause_start(cue_start)
    chain = None
    if view.rules.chain:
        chain = view.rules.chain.search(view.text, clause, cue_start)
    cited: Source | None = None
    if parsed is not None and not chain:
        left = [parsed] if parsed.end <= cue_start else []
    elif chain:
        left = candidates(view, clause, chain.start()) or bare_name(view, clause, chain.start())
        right = candidates(view, chain.end(), cue_start)
        cited = right[0] if right else None
        cue_start = chain.start()
    else:
        left = [
            s for s in candidates(view, clause, cue_start) if not _after_preposition(view, s) and s.start not in vetoed
        ]
        head = subject_head(view, clause, cue_start)
        if head is not None and (not left or left[-1].end <= head.end):
            left = [*left, head]  # the phrase's head speaks, a place or body inside it describes
        left = placed(view, left, clause, cue_start, verb)
    source = left[-1] if left else None
    inverted = False
    if source is None and parsed is not None and not chain:
        source, inverted = parsed, True
    elif source is None:
        window = view.tokens_from(cue_end, _INVERTED_WINDOW.get(view.article.lang, 8))
        limit = next((t.start for t in window if t.text in CLAUSE_BREAK), window[-1].end if window else cue_end)
        after_verb = [s for s in candidates(view, cue_end, limit) if s.start not in vetoed]
        found = [s for s in after_verb if not _object(view, s)]
        if not found and after_verb and inverted_head(view, after_verb[-1].end, limit, verb) is None:
            found = after_verb[:1]  # no speaker past it: a name misread as oblique (``говорит Пэлл``)
        if found and found[0].kind == "media" and view.tokens_from(cue_end, 1)[0].start == found[0].start:
            # ``сказал ТАСС источник``: the outlet spoken to, where a speaker follows it
            after_outlet = found[1:] or [h for h in [inverted_head(view, found[0].end, limit)] if h is not None]
            found = after_outlet or found
        right_side = placed(view, found, cue_end, limit, verb)
        if not right_side and impersonal(view, verb):
            return None
        # the subject before an insert set off by commas (``X, один из …, объяснила CNN``)
        before_insert = subject_before_insert(view, cue_start, verb) if verb is not None else None
        if (
            before_insert is not None
            and not any(s.kind == "person" for s in right_side)
            and not _speech_first(view)
            and not _clause_first(view)
        ):
            return _verb_claim(view, cue_start, cue_end, before_insert, vetoed, verb)
        if not right_side:
            head_after = inverted_head(view, cue_end, limit, verb)
            if head_after is None and before_insert is not None:
                return _verb_claim(view, cue_start, cue_end, before_insert, vetoed, verb)
            if head_after is None:
                return None
            right_side = [head_after]
        # ``повідомив міністр закордонних справ Литви Лінас Лінкявічюс``: the person, not Lithuania;
        # ``заявив мер Сум``: the mayor, not Sumy
        named = next((s for s in right_side if s.kind == "person" and nominative_span(view, s.start, s.end)), None)
        source, inverted = named or inverted_head(view, cue_end, limit) or right_side[0], True
    if verb is not None and verb.lemma.lower() in view.rules.media_verbs and source.kind != "media":
        return None  # ``передал документы``: no report; ``передает ТАСС``: one
    after = source.end if inverted else cue_end
    c_start, c_end, quote = _content_after(view, after)
    if inverted or c_end <= c_start:
        c_start, c_end, quote = _content_before(view, min(cue_start, source.start))
        if inverted and c_start < c_end and _says_nothing(view, c_start, c_end):
            c_start, c_end, quote = _content_after(view, source.end)  # ``Как отметил министр, …``
    if c_end <= c_start or _says_nothing(view, c_start, c_end):
        return None
    return _claim(view, source, (cue_start, cue_end), (c_start, c_end), quote, cited)


# tokens after the verb where an inverted source may stand: more where the morphology
# tells a nominative speaker from the words spoken to (``сообщил «Интерфаксу» официальный
# представитель СК РФ Владимир Маркин``); 8 elsewhere (``según dijo uno de los letrados en
# declaraciones recogidas por la RTBF``: not RTBF)
_INVERTED_WINDOW = {"ru": 10, "uk": 10}


def _clause_first(view: SentenceView) -> bool:
    """Whether the sentence's words before its first comma hold a verb: a clause of
    its own (``СК завершил следствие, …, сообщил …``), no subject set off by an insert."""
    for token in view.tokens:
        if token.text in CLAUSE_BREAK:
            return False
        if "VERB" in token.tags:
            return True
    return False


def _speech_first(view: SentenceView) -> bool:
    """Whether the sentence opens with a quote or a dash: the speaker follows the speech."""
    opening = view.text[view.start : view.end].lstrip(" •")
    return opening.startswith(tuple(DASHES + OPEN_QUOTES))


def _object(view: SentenceView, source: Source) -> bool:
    """A name after the verb in an oblique case, no preposition before it (``говорив
    ще малій Софії її батько``: to Sofia): the one spoken to, never the speaker."""
    words = view.tokens_between(source.start, source.end)
    if not words or not words[0].tags or words[0].tags & {"nomn", "Fixd"}:
        return False
    if any("nomn" in parse.tag.grammemes for parse in word_parses(words[0].text, view.article.lang)):
        return False  # ``Олеся``: a name read first as a genitive
    before = view.tokens_ending_by(source.start, 1)
    return not (before and is_function_word(before[0], view.article.lang, frozenset({"PREP"})))


def _says_nothing(view: SentenceView, start: int, end: int) -> bool:
    """A content of one function word (``Як повідомили в прес-службі``: ``Як``)."""
    words = view.tokens_between(start, end)
    return len(words) == 1 and is_function_word(words[0], view.article.lang)


# where the morphology tags no prepositions: the common ones
_PREPOSITIONS = {
    "en": frozenset({"in", "at", "from", "to", "of", "with", "for", "on", "near", "into", "by"}),
    "es": frozenset({"en", "de", "desde", "a", "con", "por", "para", "hacia", "sobre"}),
    "fr": frozenset({"en", "de", "à", "dans", "avec", "chez", "pour", "sur", "depuis", "vers", "par"}),
    "it": frozenset({"in", "a", "da", "di", "con", "per", "su", "verso"}),
}


def _after_preposition(view: SentenceView, source: Source) -> bool:
    """Whether a place or a person stands after a preposition (``у Гродно``, ``до Путіна``,
    ``of Kyiv``): an object, never the subject that speaks. A body may (``У Міністерстві
    охорони здоров'я повідомили``: the ministry reported)."""
    is_place = (source.entity_id or "").startswith("loc:")
    if not (is_place or source.kind == "person"):
        return False
    before = view.tokens_ending_by(source.start, 1)
    if not before:
        return False
    word = before[0]
    if word.tags:
        return is_function_word(word, view.article.lang, frozenset({"PREP"}))
    return word.text.lower() in _PREPOSITIONS.get(view.article.lang, frozenset())


def _prefix_claim(view: SentenceView, match: re.Match[str]) -> Claim | None:
    region_end = next((t.start for t in view.tokens_from(match.end()) if t.text in _REGION_END), view.end)
    found = candidates(view, match.end(), region_end)
    if found:
        source = next((f for f in found if f.kind == "person"), found[0])
    else:
        s_start, s_end = view.trim(match.end(), region_end)
        words = view.text[s_start:s_end].split()
        if not words and _OFFICIAL.search(match.group(0)):
            # "за офіційними даними, загинули троє": the cue names its own source
            official = Source(view.rules.official_data, "official body", match.start(), match.end())
            return _claim_with_source(view, match, official, region_end)
        if not words or len(words) > 6:
            return None
        name = re.sub(r"^(?:the|la|el|le|les|il|los|las)\s+", "", view.text[s_start:s_end], flags=re.IGNORECASE)
        source = Source(name.strip(OPEN_QUOTES + CLOSE_QUOTES), "organisation", s_start, s_end)
    return _claim_with_source(view, match, source, region_end)


_REGION_END = frozenset({",", ":", ";", "—", "–"})  # ``по данным правозащитников — пять``
_OFFICIAL = re.compile(r"офіційн|официальн|offici|oficial|ufficial", re.IGNORECASE)


def _claim_with_source(view: SentenceView, match: re.Match[str], source: Source, region_end: int) -> Claim | None:
    c_start, c_end, quote = _content_after(view, region_end)
    if c_end <= c_start:
        c_start, c_end, quote = _content_before(view, match.start())
    if c_end <= c_start:
        return None
    return _claim(view, source, match.span(), (c_start, c_end), quote)


def _claim(
    view: SentenceView,
    source: Source,
    cue: tuple[int, int],
    content: tuple[int, int],
    quote: bool,
    cited: Source | None = None,
) -> Claim:
    return Claim(
        view.index,
        view.field,
        source.name,
        source.kind,
        source.start,
        source.end,
        view.text[cue[0] : cue[1]],
        cue[0],
        cue[1],
        content[0],
        content[1],
        quote,
        source.entity_id,
        cited.name if cited else None,
        cited.kind if cited else None,
    )


def _sentence_claims(view: SentenceView, parse: Parse | None = None) -> list[Claim]:
    rules = view.rules
    prefix = [
        m
        for m in (rules.prefix.finditer(view.text, view.start, view.end) if rules.prefix else ())
        if not inside(view.quotes, m.start(), m.end())
    ]
    claims: list[Claim] = []
    vetoed = not_speakers(view, parse) if parse is not None else frozenset()
    for cue_start, cue_end, verb in verb_cues(view, [m.span() for m in prefix]):
        parsed = parsed_source(view, parse, verb) if parse is not None and verb >= 0 else None
        claim = _verb_claim(view, cue_start, cue_end, parsed, vetoed, view.tokens[verb] if verb >= 0 else None)
        if claim:
            claims.append(claim)
    for match in prefix:
        if any(c.cue_start <= match.start() < c.cue_end for c in claims):
            continue
        claim = _prefix_claim(view, match)
        if claim:
            claims.append(claim)
    return _split_contents(view, sorted(claims, key=lambda c: c.cue_start))


def _split_contents(view: SentenceView, claims: list[Claim]) -> list[Claim]:
    """A sentence with two sources (``По официальным данным, погибли три человека, по
    данным правозащитников — пять``): a claim's content stops where the next claim's
    source or cue begins, so each figure goes to the nearest source clause."""
    if len(claims) < 2:
        return claims
    split: list[Claim] = []
    for claim in claims:
        edges = [
            min(other.cue_start, other.source_start)
            for other in claims
            if other is not claim and claim.content_start < min(other.cue_start, other.source_start) < claim.content_end
        ]
        if edges:
            edge = min(edges)  # back to the clause break before the next source, if any
            breaks = [t.start for t in view.tokens if claim.content_start < t.start < edge and t.text in CLAUSE_BREAK]
            start, end = view.trim(claim.content_start, breaks[-1] if breaks else edge)
            if end > start:
                claim = replace(claim, content_start=start, content_end=end)
        split.append(claim)
    return split


def _sentences_with_cues(article: AnalysedArticle, rules: _Rules, kinds: list[int]) -> set[int]:
    """Indices of the sentences holding a reporting verb or a cue phrase: the others
    cannot hold a claim and are passed over (most sentences of an article). A cue
    phrase is tried only where a word that starts one stands. ``kinds``: each token's
    ``cue_word_kind`` (``cue_kinds``)."""
    tokens, sentence_ids = article.tokens, article_tokens(article.tokens).sentence_ids
    found: set[int] = set()
    patterns = [p for p in (rules.prefix, rules.multiword) if p is not None]
    for i in compress(range(len(kinds)), kinds):
        if sentence_ids[i] in found:
            continue
        if kinds[i] & REPORTING_VERB:
            found.add(sentence_ids[i])
            continue
        token = tokens[i]
        text = article.field_text(token.field)
        for pattern in patterns:
            if pattern.match(text, token.start):
                found.add(sentence_ids[i])
                break
    return found


def find_claims(article: AnalysedArticle) -> list[Claim]:
    """Every attributed claim of the article, in text order; sentences without a
    cue give none. Pure: reads the sentences, tokens and entities."""
    rules = rules_for(article.lang)
    kinds = cue_kinds(rules, article.tokens)
    views = [
        SentenceView(article, index, rules, kinds)
        for index in sorted(_sentences_with_cues(article, rules, kinds))
        if 0 <= index < len(article.sentences)
    ]
    parsed = article.lang in PARSED_LANGUAGES and syntax_enabled()
    parses = parse_views(views) if parsed else [None] * len(views)
    claims: list[Claim] = []
    for view, parse in zip(views, parses, strict=True):
        claims.extend(_sentence_claims(view, parse))
    release_article_caches()
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
