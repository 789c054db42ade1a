"""The shortcuts of the claims and figures stages give the answers of the plain ways
they replace: the article token index (``ArticleTokens``) against the grouping
helpers, the look-ahead cue regexes against the plain alternations, numbers read at
the starts of digit runs against a search; and the stages keep no finished article
alive."""

from __future__ import annotations

import gc
import re
import weakref
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.analysis.claims.attribution import find_claims
from khronika.analysis.claims.lexicon import rules_for as cue_rules
from khronika.analysis.figures.numbers import _phrases, digit_runs, raw_numbers
from khronika.analysis.figures.numbers import rules_for as figure_rules
from khronika.analysis.figures.reader import find_figures
from khronika.analysis.pipeline import Pipeline
from khronika.analysis.token_index import ArticleTokens
from khronika.records import AnalysedArticle, DateSource, Field, PublicationDate, Token
from tests.unit.grouping_reference import tokens_by_sentence, tokens_within

SEED_LIKE = (
    'Як повідомляє «БЕЛТА", переговори Лукашенка і Путіна відбудуться у форматі "сам на сам".\n'
    "• 8 вересня Лукашенко заявив про готовність продовжити інтеграцію з Росією. "
    "Тоді ж він зазначив, що Білорусь не впаде.\n"
    "За офіційними даними МВС, в ході вуличних акцій загинули три людини. "
    "Правозахисники говорять про п'ятьох. У Мінську затримали понад 1 200 людей, 80,1% виборців."
)


@cache
def _pipeline() -> Pipeline:
    return Pipeline(("sentences", "morphology", "entities", "timex"))


def _analyse(text: str, title: str | None = None) -> AnalysedArticle:
    return _pipeline()(AnalysedArticle("uk", title, text, PublicationDate(None, DateSource.NONE)))


def _same_as_grouping(tokens: tuple[Token, ...], spans: list[tuple[Field, int, int]]) -> None:
    index = ArticleTokens(tokens)
    for (sentence, field), grouped in tokens_by_sentence(tokens).items():
        own = index.sentence(sentence, field)
        assert own.tokens == grouped
        starts = [t.start for t in grouped]
        assert own.starts == (starts if starts == sorted(starts) else None)
        values = index.sentence_values(list(range(len(tokens))), own)
        assert values is None or [tokens[i] for i in values] == grouped
    assert index.sentence(10_000, Field.TEXT).tokens == []
    for field, start, end in spans:
        assert index.within(field, start, end) == tokens_within(tokens, field, start, end)


def test_index_of_an_analysed_article_matches_the_grouping_helpers() -> None:
    article = _analyse(SEED_LIKE, title="Лукашенко знову поговорить з Путіним")
    spans = [(m.field, m.start, m.end) for m in article.entities]
    spans += [(s.field, s.start, s.end) for s in article.sentences] + [(Field.TEXT, 5, 60)]
    _same_as_grouping(article.tokens, spans)


_TOKENS = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.sampled_from([Field.TITLE, Field.TEXT]),
        st.integers(0, 60),
        st.integers(0, 5),
    ),
    max_size=30,
).map(
    lambda rows: tuple(
        Token(f"w{i}", start, start + length, field, sentence=sentence)
        for i, (sentence, field, start, length) in enumerate(rows)
    )
)


@settings(max_examples=200, deadline=None)
@given(_TOKENS, st.lists(st.tuples(st.sampled_from([Field.TITLE, Field.TEXT]), st.integers(0, 70)), max_size=5))
def test_index_matches_the_grouping_helpers_whatever_the_token_order(
    tokens: tuple[Token, ...], spans: list[tuple[Field, int]]
) -> None:
    # tokens out of sentence order, out of text order, or of another field than
    # their sentence's: the index still gives what the helpers give
    _same_as_grouping(tokens, [(field, start, start + 12) for field, start in spans])


def _plain(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


_CUE_TEXT = st.lists(
    st.sampled_from(["За", "за", "ЗА", "словами", "Як", "як", "повідомляє", "заявив", "з", "посиланням", "на",
                     "According", "to", "x", "-", ",", " ", "  ", "\n", "«", "п'ять", "Reuters", "said"]),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_CUE_TEXT, st.integers(0, 10), st.integers(0, 10))
def test_look_ahead_cue_patterns_match_what_the_plain_alternations_match(text: str, cut: int, trim: int) -> None:
    from khronika.rules import load_rules

    for lang in ("uk", "en"):
        rules, data = cue_rules(lang), load_rules(lang, "attribution")
        pairs = [(rules.prefix, data.get("prefix_cues", [])), (rules.chain, data.get("chain_cues", []))]
        for fast, phrases in pairs:
            assert fast is not None
            start, end = min(cut, len(text)), max(0, len(text) - trim)
            found = [m.span() for m in fast.finditer(text, start, end)]
            assert found == [m.span() for m in _plain(phrases).finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 ,.-–a\u00a0б%", max_size=30), st.integers(0, 5))
def test_numbers_read_at_digit_runs_are_the_numbers_searched_for(text: str, skip: int) -> None:
    assert digit_runs(text) == [m.start() for m in re.finditer(r"\d+", text)]
    rules = figure_rules("uk")
    start = min(skip, len(text))
    read = raw_numbers(text, start, len(text), [], rules, digit_runs(text), number_words=False)
    searched = raw_numbers(text, start, len(text), [], rules)
    assert read == searched


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["понад ", "Понад ", "близько ", "до ", "від ", "x", " ", "5", "про"]), max_size=12).map(
        "".join
    )
)
def test_look_ahead_qualifier_patterns_search_as_the_plain_ones(text: str) -> None:
    qualifiers = ["понад", "близько", "до", "не менше", "більш ніж"]
    fast = _phrases(qualifiers, r"(?<!\w)({})\s+$")
    assert fast is not None and fast.pattern.startswith("(?=[")
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(qualifiers), key=len, reverse=True))
    plain = re.compile(rf"(?<!\w)({body})\s+$", re.IGNORECASE)
    for end in range(len(text) + 1):
        a, b = fast.search(text, max(0, end - 25), end), plain.search(text, max(0, end - 25), end)
        assert (a and (a.span(), a.group(1))) == (b and (b.span(), b.group(1)))


def test_the_stages_keep_no_finished_article_alive() -> None:
    article = _analyse(SEED_LIKE)
    claims = find_claims(article)
    figures = find_figures(article, claims)
    assert claims and figures
    token = weakref.ref(article.tokens[0])
    mention = weakref.ref(article.entities[0])
    del article
    gc.collect()
    assert token() is None and mention() is None
