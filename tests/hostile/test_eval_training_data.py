"""``eval ner`` on the shipped model's own training data says so."""

from __future__ import annotations

import hashlib
from pathlib import Path

from khronika.evaluation.ner import training_data_warnings
from tests.conftest import SHARED, requires_shared

TRAIN = SHARED / "data" / "ner-uk" / "train.iob"


def test_the_shipped_model_knows_its_training_file() -> None:
    requires_shared(TRAIN)
    (warning,) = training_data_warnings(TRAIN, "crf-uk")
    assert warning == (
        f"{TRAIN} is the training data of the NER model uk-crf.crfsuite (its SHA-256 is in uk-crf.fingerprint): "
        "these scores flatter the model; score a file it was not trained on"
    )


def test_a_model_with_a_fingerprint_warns_on_that_file_only(tmp_path: Path) -> None:
    trained_on = tmp_path / "train.iob"
    trained_on.write_text("Київ B-LOC\n\nОлена B-PERS\n", encoding="utf-8")
    other = tmp_path / "held-out.iob"
    other.write_text("Львів B-LOC\n", encoding="utf-8")
    model = tmp_path / "mine.crfsuite"
    model.write_bytes(b"")
    digest = hashlib.sha256(trained_on.read_bytes()).hexdigest()
    (tmp_path / "mine.fingerprint").write_text(f"sha256 {digest}  train.iob\n")
    assert len(training_data_warnings(trained_on, f"crf:{model}")) == 1
    assert training_data_warnings(other, f"crf:{model}") == []
    assert training_data_warnings(trained_on, "rules") == []  # a model with no fingerprint: nothing to compare
    assert training_data_warnings(trained_on, "crf-uk") == []  # the shipped model was not trained on it
