"""MinHash signatures, the copy verdict and the LSH index (stories/duplicates.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from khronika.records import Article, DateSource, PublicationDate
from khronika.store import SQLiteStore, open_store
from khronika.stories.duplicates import (
    Provenance,
    band_keys,
    copy_similarity,
    estimated_jaccard,
    find_near_duplicates,
    shingle_hashes,
    sign_article,
    signature,
)

AGENCY = (
    "The central bank kept its key interest rate at six percent on Thursday, saying inflation was slowing "
    "faster than expected while the economy was still recovering from the pandemic. The governor told reporters "
    "that the board had discussed a cut but decided that the risks from rising food prices were too high. "
    "Analysts had expected the decision, although two of them said a cut in December was now more likely. "
    "The national currency was stable against the dollar after the announcement, and bond yields fell slightly. "
    "The next meeting of the board is scheduled for the tenth of December, the bank said in a statement."
)
# the same agency text with the outlet's own opening and closing lines
SYNDICATED = (
    "As the agency reports, citing its own sources in the capital: "
    + AGENCY
    + " Follow our live page for more updates on the economy."
)
# lightly edited: a few words changed, one sentence dropped
EDITED = (
    AGENCY.replace("on Thursday", "this Thursday")
    .replace("told reporters", "told journalists")
    .replace(
        " Analysts had expected the decision, although two of them said a cut in December was now more likely.", ""
    )
)
# another outlet's own report of the same decision: same facts, its own words
OTHER_REPORT = (
    "Six percent: that is where the key rate stays. The board of the central bank voted on Thursday to leave "
    "borrowing costs unchanged, the governor announced at a press conference, pointing to food prices. "
    "Inflation, he said, is slowing faster than the bank expected, but the recovery from the pandemic is fragile. "
    "Economists polled last week had predicted the move; some now see room for a cut at the December meeting. "
    "The currency barely moved after the announcement."
)
ELSEWHERE = Provenance("Herald", "herald.example", date(2020, 10, 22), "en")
AGENCY_FROM = Provenance("Wire", "wire.example", date(2020, 10, 22), "en")


def true_jaccard(first: str, second: str) -> float:
    a, b = set(shingle_hashes(first).tolist()), set(shingle_hashes(second).tolist())
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("other", [SYNDICATED, EDITED, OTHER_REPORT])
def test_minhash_estimates_the_jaccard_similarity(other: str) -> None:
    first, second = signature(AGENCY), signature(other)
    assert first is not None and second is not None
    assert abs(estimated_jaccard(first.values, second.values) - true_jaccard(AGENCY, other)) < 0.12


def test_signatures_are_stable_and_identical_texts_agree_everywhere() -> None:
    first, second = signature(AGENCY), signature(AGENCY.upper())  # case does not matter
    assert first is not None and second is not None
    assert np.array_equal(first.values, second.values)
    assert band_keys(first.values) == band_keys(second.values)
    assert signature("Too short to judge.") is None


def test_the_verdict_matches_copies_and_rewrites_but_not_another_report() -> None:
    agency = signature(AGENCY)
    assert agency is not None
    for copy in (SYNDICATED, EDITED):
        other = signature(copy)
        assert other is not None
        assert copy_similarity(agency, other, AGENCY_FROM, ELSEWHERE) is not None
    report = signature(OTHER_REPORT)
    assert report is not None
    assert copy_similarity(agency, report, AGENCY_FROM, ELSEWHERE) is None


def test_pages_of_one_site_need_nearly_the_same_text() -> None:
    """Shared page furniture must not make two articles of one site copies."""
    furniture = " ".join(
        f"Most read: {subject} {verb} {place} as {cause}."
        for subject in ("Farmers", "Teachers", "Dockers", "Nurses")
        for verb, place, cause in (
            ("protest in", "the northern port", "fuel prices climb again"),
            ("gather near", "the old town hall", "the council debates wages"),
            ("march through", "the capital", "talks with ministers stall"),
            ("stay home in", "three regions", "a strike enters its second week"),
        )
    )
    first, second = signature(furniture + " " + AGENCY), signature(furniture + " " + OTHER_REPORT)
    assert first is not None and second is not None
    assert copy_similarity(first, second, AGENCY_FROM, ELSEWHERE) is not None  # from two sites: a rewrite
    same_site = Provenance("Wire", "wire.example", date(2020, 10, 22), "en")
    assert copy_similarity(first, second, AGENCY_FROM, same_site) is None
    assert copy_similarity(first, second, Provenance(), Provenance()) is None  # unknown sites count as one


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = open_store(tmp_path / "duplicates.db")
    yield opened
    opened.close()


def _article(store: SQLiteStore, article_id: int, outlet: str, text: str) -> None:
    """Store ``text`` as article ``article_id`` of ``outlet`` (the same text at another
    outlet's URL is an exact copy of the first article that held it)."""
    added = store.add_article(
        Article(
            url=f"https://{outlet}.example/{article_id}",
            input_name=f"{outlet}.html",
            title=None,
            text=text,
            lang="en",
            outlet=outlet,
            published=PublicationDate("2020-10-22", DateSource.METADATA),
            domain=f"{outlet}.example",
        )
    )
    assert added.article_id == article_id


def test_the_lsh_index_finds_rewrites_and_groups_them_with_exact_copies(store: SQLiteStore) -> None:
    texts = {1: AGENCY, 2: OTHER_REPORT, 3: SYNDICATED, 4: EDITED}
    for article_id, text in texts.items():
        _article(store, article_id, f"outlet{article_id}", text)
        sign_article(store, article_id, text)
    _article(store, 5, "outlet5", SYNDICATED)  # an exact copy of 3, stored without analysis: never signed
    assert store.article(5).copy_of == 3
    agency = signature(AGENCY)
    assert agency is not None
    assert {found.article_id for found in find_near_duplicates(store, 1, agency)} == {3, 4}
    assert store.copy_group_map() == {1: 1, 3: 1, 4: 1, 5: 1}
    assert store.copies_of(5) == [1, 3, 4]
    assert store.copies_of(2) == []


def test_a_new_version_that_no_longer_copies_leaves_its_group(store: SQLiteStore) -> None:
    for article_id, text in {1: AGENCY, 2: SYNDICATED, 3: EDITED}.items():
        _article(store, article_id, f"outlet{article_id}", text)
        sign_article(store, article_id, text)
    assert store.copy_group_map() == {1: 1, 2: 1, 3: 1}
    _article(store, 1, "outlet1", OTHER_REPORT)  # article 1 rewritten into its own report: a new version
    sign_article(store, 1, OTHER_REPORT)
    assert store.copy_group_map() == {2: 2, 3: 2}
    assert store.copies_of(1) == []
