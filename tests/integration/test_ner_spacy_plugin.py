"""The ``spacy`` NER backend: a spaCy pipeline on disk, trained here, loaded by spec."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from khronika.analysis.entities.ner import NerSpan, backend_for, load_backend
from khronika.errors import UsageError
from khronika.records import AnalysedArticle, DateSource, EntityType, Field, PublicationDate

spacy = pytest.importorskip("spacy", reason="spaCy is a dev dependency: pip install spacy")

TRAINING = [
    ("Angela Merkel visited Paris on Monday.", [("Angela Merkel", "PERSON"), ("Paris", "GPE")]),
    ("Angela Merkel met reporters in Berlin.", [("Angela Merkel", "PERSON"), ("Berlin", "GPE")]),
    ("Reporters in Berlin waited for Angela Merkel.", [("Berlin", "GPE"), ("Angela Merkel", "PERSON")]),
    ("Siemens opened a factory in Paris.", [("Siemens", "ORG"), ("Paris", "GPE")]),
    ("Angela Merkel praised Siemens in Berlin.", [("Angela Merkel", "PERSON"), ("Siemens", "ORG"), ("Berlin", "GPE")]),
    ("The Eurovision contest was held in Paris.", [("Eurovision", "EVENT"), ("Paris", "GPE")]),
    ("Siemens said profits rose.", [("Siemens", "ORG")]),
    ("Nothing happened on Monday.", []),
]


def _entities(text: str, labelled: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    spans = []
    for surface, label in labelled:
        start = text.index(surface)
        spans.append((start, start + len(surface), label))
    return spans


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny English NER pipeline, trained from scratch: it memorises its sentences."""
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    random.seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [
        Example.from_dict(nlp.make_doc(text), {"entities": _entities(text, labelled)}) for text, labelled in TRAINING
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("spacy") / "en_tiny_ner"
    nlp.to_disk(path)
    return path


@pytest.fixture(autouse=True)
def _fresh_backends() -> Iterator[None]:
    load_backend.cache_clear()
    yield
    load_backend.cache_clear()


def _article(text: str, title: str | None = None) -> AnalysedArticle:
    return AnalysedArticle(lang="en", title=title, text=text, published=PublicationDate(None, DateSource.NONE))


def _found(article: AnalysedArticle, spans: list[NerSpan]) -> set[tuple[Field, str, EntityType]]:
    return {(span.field, article.field_text(span.field)[span.start : span.end], span.type) for span in spans}


def test_loads_a_pipeline_by_path(model_path: Path) -> None:
    backend = load_backend(f"spacy:{model_path}")
    assert backend.name == "spacy"
    article = _article("Angela Merkel met reporters in Berlin.", title="Siemens said profits rose.")
    found = _found(article, backend.recognise(article))
    assert (Field.TEXT, "Angela Merkel", EntityType.PER) in found  # PERSON -> PER
    assert (Field.TEXT, "Berlin", EntityType.LOC) in found  # GPE -> LOC
    assert (Field.TITLE, "Siemens", EntityType.ORG) in found


def test_spans_index_the_field_and_other_labels_are_misc(model_path: Path) -> None:
    text = "Nothing happened on Monday.\nThe Eurovision contest was held in Paris."
    article = _article(text)
    spans = load_backend(f"spacy:{model_path}").recognise(article)
    assert spans and all(span.field is Field.TEXT for span in spans)
    found = _found(article, spans)
    assert (Field.TEXT, "Paris", EntityType.LOC) in found
    assert (Field.TEXT, "Eurovision", EntityType.MISC) in found  # EVENT -> MISC
    paris = next(span for span in spans if text[span.start : span.end] == "Paris")
    assert paris.start == text.index("Paris")


def test_chosen_by_the_environment(model_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_NER", f"en=spacy:{model_path}")
    backend = backend_for("en")
    assert backend.name == "spacy"
    article = _article("Angela Merkel visited Paris on Monday.")
    found = _found(article, backend.recognise(article))
    assert {(Field.TEXT, "Angela Merkel", EntityType.PER), (Field.TEXT, "Paris", EntityType.LOC)} <= found


def test_needs_a_model_path() -> None:
    with pytest.raises(UsageError, match="needs a model path"):
        load_backend("spacy")


def test_a_missing_model_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot load a spaCy pipeline"):
        load_backend(f"spacy:{tmp_path / 'no-such-model'}")


def test_without_spacy_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # "import spacy" now raises ImportError
    with pytest.raises(UsageError, match=r"needs spaCy: pip install spacy"):
        load_backend(f"spacy:{tmp_path}")
