"""Reading and checking the gold sample format (quality/gold): offsets, hashes, splits, pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khronika.evaluation.gold_sample import file_hash, load_gold, sentence_hash

FILE_TEXT = "Un titular\nMaría López dijo que llueve en Madrid. Fin del texto.\n"


def _at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


SENTENCE = _at(FILE_TEXT, "María López dijo que llueve en Madrid.")
NAME, CUE, MADRID = _at(FILE_TEXT, "María López"), _at(FILE_TEXT, "dijo"), _at(FILE_TEXT, "Madrid")
CONTENT = _at(FILE_TEXT, "llueve en Madrid")


def _shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared" / "data" / "x"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(FILE_TEXT, encoding="utf-8")
    return tmp_path / "shared"


def _sentence(text: str, span: tuple[int, int], **more: Any) -> dict[str, Any]:
    return {"span": list(span), "sha": sentence_hash(text[span[0] : span[1]]), **more}


def _shared_doc(**more: Any) -> dict[str, Any]:
    entities = [
        {"span": [11, 22], "type": "PER", "entity": "per:maria-lopez"},
        {"span": [42, 48], "type": "LOC", "entity": "loc:madrid"},
    ]
    figures = [{"id": "f1", "span": list(NAME), "value": 1, "measure": "people"}]
    return {
        "doc": "es-1", "lang": "es", "split": "test", "file": "data/x/a.txt", "sha256": file_hash(FILE_TEXT),
        "published": "2011-01-26",
        "sentences": [_sentence(FILE_TEXT, SENTENCE, entities=entities, figures=figures,
                                claims=[{"source": list(NAME), "cue": list(CUE), "content": list(CONTENT)}])],
        **more,
    }  # fmt: skip


def _written_doc(split: str = "dev") -> dict[str, Any]:
    text = "Заголовок\nМер Харкова Ігор Терехов заявив, що загинули троє людей."
    three = list(_at(text, "троє"))
    return {
        "doc": "uk-1", "lang": "uk", "split": split, "written": True, "text": text,
        "sentences": [_sentence(text, (10, len(text)), figures=[{"id": "f1", "span": three, "value": 3, "measure": "deaths"}])],
    }  # fmt: skip


def _write(tmp_path: Path, docs: list[dict[str, Any]], pairs: list[dict[str, Any]] | None = None) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir(exist_ok=True)
    (gold / "sample.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
    )
    if pairs is not None:
        (gold / "conflicts.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    return gold


def test_a_valid_sample_reads_back_with_its_spans_pointing_at_the_file(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    sample = load_gold(_write(tmp_path, [_shared_doc(), _written_doc()]), shared)
    shared_doc, written = sample.documents
    (sentence,) = shared_doc.sentences
    assert [shared_doc.text[a:b] for a, b in (e.span for e in sentence.entities)] == ["María López", "Madrid"]
    assert sentence.claims[0].head == sentence.claims[0].source  # no head given: the whole source
    assert written.written and not shared_doc.written
    assert written.text[slice(*written.sentences[0].figures[0].span)] == "троє"


def test_a_changed_shared_file_fails_the_check_naming_the_document(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    gold = _write(tmp_path, [_shared_doc()])
    (shared / "data" / "x" / "a.txt").write_text(FILE_TEXT.replace("llueve", "nieva"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"es-1.*SHA-256 differs"):
        load_gold(gold, shared)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"sentences": [{"span": list(SENTENCE), "sha": "000000000000"}]}, "hash differs"),
        ({"sentences": [_sentence(FILE_TEXT, SENTENCE, entities=[{"span": [NAME[0], NAME[0] + 4], "type": "PER", "entity": "x"}])]},
         "ends inside a word"),
        ({"sentences": [_sentence(FILE_TEXT, SENTENCE, entities=[{"span": [SENTENCE[1] + 1, SENTENCE[1] + 4], "type": "PER", "entity": "x"}])]},
         "outside its sentence"),
        ({"sentences": [_sentence(FILE_TEXT, SENTENCE, entities=[{"span": list(NAME), "type": "MISC", "entity": "x"}])]},
         "needs a type"),
        ({"text": FILE_TEXT}, "copies no text"),
        ({"split": "train"}, "is not one of"),
    ],
)  # fmt: skip
def test_bad_annotations_are_refused_with_the_reason(tmp_path: Path, change: dict[str, Any], reason: str) -> None:
    shared = _shared(tmp_path)
    with pytest.raises(ValueError, match=reason):
        load_gold(_write(tmp_path, [_shared_doc(**change)]), shared)


def test_pairs_name_annotated_figures_and_take_the_split_of_both_documents(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    pairs = [
        {"id": "p1", "first": "es-1/f1", "second": "uk-1/f1", "conflict": False, "why": "two events"},
        {"id": "p2", "first": "uk-1/f1", "second": "uk-1/f1", "conflict": False, "why": "itself"},
    ]
    sample = load_gold(_write(tmp_path, [_shared_doc(), _written_doc("dev")], pairs), shared)
    assert [p.split for p in sample.pairs] == ["cross", "dev"]
    assert [p.id for p in sample.only("dev").pairs] == ["p2"] and sample.only("test").pairs == ()
    assert [d.doc for d in sample.only("test").documents] == ["es-1"]
    bad = [{"id": "p3", "first": "es-1/f9", "second": "uk-1/f1", "conflict": True}]
    with pytest.raises(ValueError, match="names no annotated figure"):
        load_gold(_write(tmp_path, [_shared_doc(), _written_doc()], bad), shared)
