"""The CRF entity tagger: features, post-rules, training and tagging round trip."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from khronika.analysis.entities.ner.crf import (
    CrfBackend,
    CrfSettings,
    load_settings,
    save_settings,
    shipped_model,
)
from khronika.analysis.entities.ner.crf_clusters import Clusters, read_clusters, shipped_clusters_path
from khronika.analysis.entities.ner.crf_features import (
    Featurizer,
    count_gazetteer,
    quote_features,
    quote_pairs,
    shape,
)
from khronika.analysis.entities.ner.crf_spans import (
    attach_legal_forms,
    balance_quotes,
    bio_to_spans,
    extend_addresses,
    split_place_lists,
)
from khronika.analysis.entities.ner.crf_streets import after_markers
from khronika.analysis.entities.ner.crf_train import retokenised, train_crf
from khronika.errors import UsageError
from khronika.evaluation.iob import Segment, read_iob
from khronika.evaluation.ner import check_block, evaluate_ner, names_outside
from khronika.records import EntityType, Field, Token


def _tokens(words: list[str]) -> list[Token]:
    tokens, position = [], 0
    for word in words:
        tokens.append(Token(word, position, position + len(word), Field.TEXT))
        position += len(word) + 1
    return tokens


def test_shape() -> None:
    assert shape("Київ-2") == "Xxxx-d"


def test_quote_pairs_nest_toggle_and_low_quotes() -> None:
    tokens = ["«", "а", "«", "б", "»", "»", '"', "в", '"', "„", "г", "“", "«", "open"]
    assert quote_pairs(tokens) == {0: 5, 2: 4, 6: 8, 9: 11}


def test_quote_features_name_the_word_before_the_quote() -> None:
    tokens = ["ТОВ", "«", "Омега", "Плюс", "»", "заявило"]
    features = quote_features(tokens, [t.lower() for t in tokens])
    assert features[0] == ["qnext_len=2"]
    assert {"q=open", "qlen=2", "qhead=тов"} <= set(features[1])
    assert {"qpos=1", "qend=2", "qhead=тов"} <= set(features[2])
    assert {"qpos=2", "qend=1"} <= set(features[3])
    assert {"q=close", "qfirst=омега"} <= set(features[4])
    assert features[5] == []


def test_quote_features_are_a_group() -> None:
    words = ["ТОВ", "«", "Омега", "»"]
    with_quotes = Featurizer(frozenset({"base", "quotes"})).sequence(words)
    without = Featurizer(frozenset({"base"})).sequence(words)
    assert "qhead=тов" in with_quotes[2]
    assert not any(f.startswith("q") for f in without[2])


def test_clusters_fall_back_to_russian_spelling(tmp_path: Path) -> None:
    path = tmp_path / "clusters.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("петро\t7\t1\nкиев\t9\t2\nмыр\t3\t0\nукраины\t4\t0\nкиевский\t5\t1\n")
    clusters = read_clusters(path)
    assert clusters("петро") == ("7", "1")
    assert clusters("київ") == ("9", "2")
    assert clusters("мир") == ("3", "0")
    assert clusters("україни") == ("4", "0")
    assert clusters("київський") == ("5", "1")
    assert clusters("zzz") is None


def test_cluster_features_for_word_and_neighbours() -> None:
    clusters = Clusters({"петро": ("7", "1"), "сказав": ("5", "4")})
    featurizer = Featurizer(frozenset({"base", "window", "clusters"}), clusters=clusters)
    features = featurizer.sequence(["Петро", "сказав"])
    assert {"cf=7", "cc=1", "1:cc=4"} <= set(features[0])
    assert "-1:cc=1" in features[1]


def test_shipped_clusters_file_is_small() -> None:
    path = shipped_clusters_path()
    assert path.is_file()
    assert path.stat().st_size < 2_000_000


def test_count_gazetteer() -> None:
    featurizer = Featurizer(frozenset({"base"}))
    counts = count_gazetteer([(["Петро", "прийшов", ","], ["B-PER", "O", "O"])], featurizer)
    assert counts["петро"] == {"PER": 1}
    assert "," not in counts


def test_balance_quotes() -> None:
    words = ["ТОВ", "«", "Омокс", "»", "і", "Київ", "»"]
    tags = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-LOC", "I-LOC"]
    assert balance_quotes(tags, words) == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O"]


@pytest.mark.parametrize(
    ("words", "tags", "expected"),
    [
        # the quoted name is tagged, its legal form is not
        ("у ТОВ « Альфабуд » є", "O O O B-ORG O O", "O B-ORG I-ORG I-ORG O O"),
        ("КМКП « Профдезінфекція № 1 »", "O O B-ORG I-ORG I-ORG I-ORG", "B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG"),
        # the legal form is tagged alone: the quoted name joins it, nested quotes sharing one close
        ("ДП « Миколаївське лісгосп » має", "B-ORG O O O O O", "B-ORG I-ORG I-ORG I-ORG I-ORG O"),
        ("ПП « ВКФ « Чайка » – 6", "B-ORG O O O O O O O", "B-ORG I-ORG I-ORG I-ORG I-ORG I-ORG O O"),
        # not a legal form (lowercase, Latin, a person before a quote) or no ORG around: unchanged
        ("фірма « Альфабуд »", "O O B-ORG O", "O O B-ORG O"),
        ("TOV « Alfa »", "O O B-ORG O", "O O B-ORG O"),
        ("ЖК « Славутич »", "O O B-LOC O", "O O B-LOC O"),
        ("ДП « без кінця", "B-ORG O O O", "B-ORG O O O"),
    ],
)
def test_attach_legal_forms(words: str, tags: str, expected: str) -> None:
    assert attach_legal_forms(tags.split(), words.split()) == expected.split()


def test_split_place_lists_keeps_house_numbers() -> None:
    words = ["вул.", "Завокзальна", ",", "Броварська", ",", "Головатого", "і", "вул.", "Попова", ",", "16"]
    tags = ["B-LOC", "I-LOC", "I-LOC", "I-LOC", "I-LOC", "I-LOC", "O", "B-LOC", "I-LOC", "I-LOC", "I-LOC"]
    assert split_place_lists(tags, words) == [
        "B-LOC",
        "I-LOC",
        "O",
        "B-LOC",
        "O",
        "B-LOC",
        "O",
        "B-LOC",
        "I-LOC",
        "I-LOC",
        "I-LOC",
    ]


def test_bio_to_spans() -> None:
    tokens = _tokens(["Петро", "Порошенко", "у", "Києві", "і", "Львові"])
    tags = ["B-PER", "I-PER", "O", "B-LOC", "O", "I-LOC"]
    spans = [(s.start, s.end, s.type) for s in bio_to_spans(tags, tokens)]
    assert spans == [(0, 15, EntityType.PER), (18, 23, EntityType.LOC), (26, 32, EntityType.LOC)]


def _spaced(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in re.finditer(r"(?:вул|просп)\.|\w+|[^\w\s]", text)]


@pytest.mark.parametrize(
    ("text", "tags", "expected"),
    [
        ("на вул. Лаврська, 10-12, а", "O B-LOC I-LOC", "O B-LOC I-LOC I-LOC I-LOC I-LOC I-LOC O O"),
        ("просп. Гагаріна 362.", "B-LOC I-LOC", "B-LOC I-LOC I-LOC O"),
        ("вул. Равська, 15д.", "B-LOC I-LOC", "B-LOC I-LOC I-LOC I-LOC O"),
        ("у Києві, 2015 р.", "O B-LOC", "O B-LOC O O O O"),
        ("вул. Лаврська, 10", "B-LOC I-LOC O O", "B-LOC I-LOC I-LOC I-LOC"),
    ],
)
def test_extend_addresses_takes_the_house_number(text: str, tags: str, expected: str) -> None:
    tokens = _spaced(text)
    given = tags.split() + ["O"] * (len(tokens) - len(tags.split()))
    assert extend_addresses(given, tokens) == expected.split()


def test_retokenised_projects_spans_onto_khronika_tokens() -> None:
    segment = Segment(("Компанія", "«ЮГ", "Комснаб»", "працює", "."), ("O", "B-ORG", "I-ORG", "O", "O"))
    tokens, tags = retokenised(segment, "uk")
    assert tokens == ["Компанія", "«", "ЮГ", "Комснаб", "»", "працює", "."]
    assert tags == ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O"]


def _write_iob(path: Path) -> None:
    sentences = [
        [("Петро", "B-PERS"), ("Іванов", "I-PERS"), ("приїхав", "O"), ("до", "O"), ("Києва", "B-LOC"), (".", "O")],
        [
            ("ТОВ", "B-ORG"),
            ("«", "I-ORG"),
            ("Омега", "I-ORG"),
            ("»", "I-ORG"),
            ("працює", "O"),
            ("у", "O"),
            ("Львові", "B-LOC"),
            (".", "O"),
        ],
        [("Олена", "B-PERS"), ("Коваль", "I-PERS"), ("живе", "O"), ("у", "O"), ("Харкові", "B-LOC"), (".", "O")],
    ]
    blocks = ["\n".join(f"{w} {t}" for w, t in sentence) for sentence in sentences * 6]
    path.write_text("\n\n\n".join(blocks) + "\n", encoding="utf-8")


def test_train_and_tag_round_trip(tmp_path: Path) -> None:
    iob, model = tmp_path / "tiny.iob", tmp_path / "models" / "tiny.crfsuite"
    _write_iob(iob)
    report = train_crf(iob, model, groups=("base", "window", "quotes"), max_iterations=50)
    assert report["segments"] == 18 and model.is_file()
    assert load_settings(model).groups == ("base", "window", "quotes")
    backend = CrfBackend(model)
    assert backend.tag(["Петро", "Іванов", "приїхав", "до", "Києва", "."]) == ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert backend.tag(["ТОВ", "«", "Омега", "»", "працює"])[:4] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG"]


def test_settings_round_trip(tmp_path: Path) -> None:
    model = tmp_path / "m.crfsuite"
    save_settings(model, CrfSettings("uk", ("base", "quotes"), {"київ": {"LOC": 2}}))
    assert load_settings(model) == CrfSettings("uk", ("base", "quotes"), {"київ": {"LOC": 2}})


def test_unknown_group_is_refused(tmp_path: Path) -> None:
    iob = tmp_path / "tiny.iob"
    _write_iob(iob)
    with pytest.raises(UsageError):
        train_crf(iob, tmp_path / "m.crfsuite", groups=("base", "nonsense"))


def test_compiled_decoder_gives_crfsuites_own_labels() -> None:
    """The numpy Viterbi over cached per-word scores must tag exactly as
    crfsuite does with the same model and feature strings."""
    backend = CrfBackend(shipped_model())
    text = (
        "Президент України Володимир Зеленський зустрівся у Києві з головою ТОВ « Нафтогаз - Трейдинг » . "
        "Вчора у Львові на вул . Городоцькій , 12 відкрили Центр українознавства Київського національного "
        "університету імені Тараса Шевченка . | Лукашенко | . | Мінськ , Білорусь , ЄС і НАТО заявили , "
        'що " Укренерго " працює . | Олександр Лукашенко ( Білорусь ) та Світлана Тихановська'
    )
    sequences = [part.split() for part in text.split("|")] + [[], ["Київ"]]
    expected = [list(backend.tagger.tag(backend.featurizer.sequence(words))) if words else [] for words in sequences]
    assert backend.tag_many(sequences) == expected
    assert [backend.tag(words) for words in sequences] == expected
    assert "B-PER" in expected[0] and "B-LOC" in expected[0]  # the comparison is over real decisions


def test_unseen_names_are_scored_apart(tmp_path: Path) -> None:
    iob, model = tmp_path / "tiny.iob", tmp_path / "tiny.crfsuite"
    _write_iob(iob)
    with iob.open("a", encoding="utf-8") as out:  # a last segment with two names the rest lacks
        out.write(
            "\n\n\nМарія B-PERS\nШевчук I-PERS\nживе O\nу O\nХаркові B-LOC\n. O\n\n\nЖитомир B-LOC\nвеликий O\n. O\n"
        )
    train_crf(iob, model, groups=("base", "window"), max_iterations=30, exclude_block="0.9:1")
    assert names_outside(read_iob(iob), "0.9:1") >= {"петро іванов", "києва", "тов «омега»", "харкові"}
    report = evaluate_ner(iob, backend=f"crf:{model}", block="0.9:1", unseen=True)
    assert report["unseen"]["support"] == 2  # Марія Шевчук and Житомир; Харкові occurs before the block
    assert report["per_type"]["LOC"]["support"] == 2
    assert "unseen" not in evaluate_ner(iob, backend=f"crf:{model}", block="0.9:1")


@pytest.mark.parametrize("block", ["x:1", "0.5:0.2", "0:1.5"])
def test_a_malformed_block_is_a_usage_error(block: str) -> None:
    with pytest.raises(UsageError, match="--block"):
        check_block("--block", block)
    check_block("--block", "0.7:0.85")


def test_training_leaves_a_gap_around_the_block(tmp_path: Path) -> None:
    iob = tmp_path / "tiny.iob"
    _write_iob(iob)
    assert (
        train_crf(iob, tmp_path / "a.crfsuite", groups=("base",), max_iterations=5, exclude_block="0.5:0.6")["segments"]
        == 17
    )
    gapped = train_crf(iob, tmp_path / "b.crfsuite", groups=("base",), max_iterations=5, exclude_block="0.5:0.6", gap=2)
    assert gapped["segments"] == 13


def test_words_after_a_street_or_settlement_word_are_marked() -> None:
    tokens = ["на", "вул", ".", "Богдана", "Хмельницького", ",", "12", "та", "м", ".", "Києва", "сказав", "Петро"]
    marked = after_markers(tokens)
    assert marked[3] == ["after=street", "after=street:2"] and marked[4] == ["after=street", "after=street:3"]
    assert marked[10] == ["after=town", "after=town:2"]
    assert marked[6] == [] and marked[12] == []  # a comma ends the street; a lowercase word ends the town
    assert not any(marked[i] for i in (0, 1, 2, 5, 7, 8, 9, 11))


def test_a_list_of_streets_is_marked_down_to_the_sentence_end() -> None:
    tokens = ["на", "вулицях", "Лісова", "Просіка", ",", "Гоголя", "та", "Десантників", ".", "Іван", "сказав"]
    listed = after_markers(tokens, lists=True)
    assert listed[2] == ["after=street", "after=street:1"]
    assert listed[5] == ["after=street", "after=street:list"] and listed[7] == listed[5]
    assert listed[9] == []  # past the full stop: a new sentence, not the list
    assert after_markers(tokens)[5] == []  # without lists only the name right after the word


def test_initials_and_acronyms_are_not_street_or_settlement_words() -> None:
    tokens = ["С", ".", "Петренко", "і", "ПР", "Сергій", "Горохов"]
    assert after_markers(tokens) == after_markers(tokens, lists=True) == [[] for _ in tokens]
