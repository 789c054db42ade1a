"""Every analysis round-trips through JSON whole (khronika/records_json.py): what
``analyze --json`` prints and what the store keeps read back as the same records,
claims, figures and conflicts included."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from khronika.records import (
    AnalysedArticle,
    Claim,
    Conflict,
    DateSource,
    EntityMention,
    EntityType,
    Field,
    Figure,
    PublicationDate,
    Sentence,
    TimeAnchor,
    TimeExpression,
    TimeGranularity,
    TimeRange,
)
from khronika.records_json import analysis_from_json, analysis_json, stored_analysis_json

texts = st.text(max_size=12)
maybe_texts = st.none() | texts
offsets = st.integers(min_value=0, max_value=10_000)
values = st.floats(allow_nan=False, allow_infinity=False)
fields = st.sampled_from(Field)

sentences = st.builds(Sentence, offsets, offsets, fields)
mentions = st.builds(EntityMention, texts, offsets, offsets, fields, st.sampled_from(EntityType), texts, texts)
times = st.builds(
    TimeExpression,
    texts,
    offsets,
    offsets,
    st.none() | texts | st.builds(TimeRange, texts, texts),
    st.sampled_from(TimeGranularity),
    st.booleans(),
    st.sampled_from(TimeAnchor),
    fields,
)
claims = st.builds(
    Claim, offsets, fields, texts, texts, offsets, offsets, texts, offsets, offsets, offsets, offsets,
    st.booleans(), maybe_texts, maybe_texts, maybe_texts,
)  # fmt: skip
figures = st.builds(
    Figure, offsets, fields, texts, offsets, offsets, values, maybe_texts, st.booleans(), maybe_texts, maybe_texts,
    maybe_texts, maybe_texts, maybe_texts, st.none() | offsets, maybe_texts, maybe_texts, maybe_texts,
    st.none() | values,
)  # fmt: skip
dates = st.builds(
    PublicationDate, st.none() | st.sampled_from(["2020-09-14", "2020-09-14T10:00+03:00"]), st.sampled_from(DateSource),
    st.booleans(), st.none() | st.just("+03:00"),
)  # fmt: skip


@st.composite
def analyses(draw: st.DrawFn) -> AnalysedArticle:
    found = tuple(draw(st.lists(figures, max_size=4)))
    # a conflict names two of the article's figures by index
    indexes = st.integers(min_value=0, max_value=len(found) - 1) if found else st.nothing()
    conflicts = (
        st.lists(
            st.builds(Conflict, texts, indexes, indexes, texts, texts, values, values, offsets, offsets), max_size=3
        )
        if found
        else st.just([])
    )
    return AnalysedArticle(
        lang=draw(st.sampled_from(["uk", "ru", "en", "fr"])),
        title=draw(maybe_texts),
        text=draw(st.text(max_size=40)),
        published=draw(dates),
        sentences=tuple(draw(st.lists(sentences, max_size=4))),
        entities=tuple(draw(st.lists(mentions, max_size=4))),
        times=tuple(draw(st.lists(times, max_size=4))),
        claims=tuple(draw(st.lists(claims, max_size=3))),
        figures=found,
        conflicts=tuple(draw(conflicts)),
        warnings=tuple(draw(st.lists(texts, max_size=2))),
    )


@given(analyses())
def test_the_printed_json_reads_back_whole(analysis: AnalysedArticle) -> None:
    printed = json.loads(json.dumps(analysis_json(analysis)))
    assert analysis_from_json(printed, published=analysis.published) == analysis


@given(analyses())
def test_the_stored_json_reads_back_whole_with_its_article(analysis: AnalysedArticle) -> None:
    stored = json.loads(json.dumps(stored_analysis_json(analysis)))
    assert "title" not in stored and "text" not in stored  # the article keeps them
    back = analysis_from_json(stored, published=analysis.published, title=analysis.title, text=analysis.text)
    assert back == analysis
