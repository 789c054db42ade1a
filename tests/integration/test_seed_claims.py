"""The seed article's 'Who said what' and 'Figures and the conflict' checklist."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.analysis.claims.attribution import Claim, find_claims
from khronika.analysis.figures.conflicts import find_conflicts
from khronika.analysis.figures.reader import find_figures
from khronika.records import AnalysedArticle
from khronika.run.document import analyse_source
from khronika.settings import Settings

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article-uk.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")


@pytest.fixture(scope="module")
def article() -> AnalysedArticle:
    return analyse_source(str(SEED), Settings(), published="2020-09-14")


def _content(article: AnalysedArticle, claim: Claim) -> str:
    return article.text[claim.content_start : claim.content_end]


@pytest.mark.parametrize(
    ("source", "kind", "cue", "content"),
    [
        ("БЕЛТА", "media", "Як повідомляє", "сам на сам"),
        ("Bloomberg", "media", "з посиланням на джерела писало", "Путін не вірить"),
        ("джерела", "unnamed", "За словами", "приголомшена"),
        ("ЦВК", "official body", "За офіційними даними", "80,1%"),
        ("МВС", "official body", "За офіційними даними", "загинули три"),
        ("правозахисники", "group", "говорять про", "п'ятьох"),
        ("Олександр Лукашенко", "person", "заявив", "інтеграцію з Росією"),
        ("Олександр Лукашенко", "person", "зазначив", "наступною буде Росія"),
        ("Олександр Лукашенко", "person", "почав стверджувати", "НАТО"),
        ("Володимир Путін", "person", "припустив", "силовиків"),
        ("Євросоюз", "organisation", "заявили", "невизнання"),
    ],
)
def test_who_said_what(article: AnalysedArticle, source: str, kind: str, cue: str, content: str) -> None:
    hits = [
        c
        for c in find_claims(article)
        if c.source == source and c.cue == cue and content in _content(article, c) and c.source_kind == kind
    ]
    assert hits, f"{source} / {cue} / {content}"


def test_bloomberg_cites_unnamed_sources(article: AnalysedArticle) -> None:
    [claim] = [c for c in find_claims(article) if c.source == "Bloomberg"]
    assert (claim.cited_source, claim.cited_source_kind) == ("джерела", "unnamed")


def test_no_other_claims(article: AnalysedArticle) -> None:
    claims = find_claims(article)
    assert len(claims) == 11
    assert not [c for c in claims if c.source == "TUT.by"]  # published the video: no claim


def test_figures(article: AnalysedArticle) -> None:
    figures = find_figures(article, find_claims(article))
    got = {(f.text, f.value, f.measure, f.qualifier, f.approximate) for f in figures}
    assert ("80,1%", 80.1, "vote_share", None, False) in got
    assert ("10,1%", 10.1, "vote_share", None, False) in got
    assert ("три", 3.0, "deaths", None, False) in got
    assert ("п'ятьох", 5.0, "deaths", None, False) in got
    assert ("понад 400", 400.0, "detained", "over", False) in got
    assert ("Тисячі", 1000.0, "participants", None, True) in got
    assert ("тисячі", 1000.0, "detained", None, True) in got
    [detained] = [f for f in figures if f.text == "понад 400"]
    assert (detained.date, detained.place) == ("2020-09-13", "Мінськ")
    sources = {f.text: f.source for f in figures}
    assert (sources["80,1%"], sources["три"], sources["п'ятьох"]) == ("ЦВК", "МВС", "правозахисники")


def test_the_one_conflict(article: AnalysedArticle) -> None:
    figures = find_figures(article, find_claims(article))
    [conflict] = find_conflicts(figures)
    assert conflict.measure == "deaths"
    assert {(conflict.first_source, conflict.first_value), (conflict.second_source, conflict.second_value)} == {
        ("МВС", 3.0),
        ("правозахисники", 5.0),
    }
