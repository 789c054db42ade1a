"""The timeline metric against tilse's own figures (recorded by scripts/record_tilse_scores.py)
and against hand-computed examples; the tilse-format reference reader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from khronika.evaluation.rouge import porter_stem, rouge155_tokens, rouge_counts, unicode_tokens
from khronika.evaluation.timeline import (
    PRF,
    TimelineScores,
    figures,
    mean_scores,
    read_reference,
    read_reference_file,
    score_timeline,
    summary_length,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "timeline"
RECORDED: dict[str, Any] = json.loads((FIXTURES / "tilse-scores.json").read_text(encoding="utf-8"))
D = dt.date


@pytest.mark.parametrize("pair", sorted(RECORDED["pairs"]))
def test_agrees_with_tilse_within_a_thousandth(pair: str) -> None:
    predicted = read_reference_file(FIXTURES / f"predicted-{pair}.txt")
    reference = read_reference_file(FIXTURES / f"reference-{pair}.txt")
    scores = score_timeline(predicted, reference)
    ours = {
        "ar1": scores.ar[1], "ar2": scores.ar[2],
        "concat_r1": scores.concat[1], "concat_r2": scores.concat[2], "date": scores.date,
    }  # fmt: skip
    for name, prf in ours.items():
        expected = RECORDED["pairs"][pair][name]
        assert prf.precision == pytest.approx(expected["precision"], abs=1e-3), name
        assert prf.recall == pytest.approx(expected["recall"], abs=1e-3), name
        assert prf.f == pytest.approx(expected["f"], abs=1e-3), name


@pytest.mark.parametrize("index", range(len(RECORDED["summaries"])))
def test_rouge_counts_equal_rouge155(index: int) -> None:
    case = RECORDED["summaries"][index]
    peer, model = rouge155_tokens(case["peer"]), rouge155_tokens(case["model"])
    for n in (1, 2):
        counts = rouge_counts(peer, model, n)
        assert (counts.hits, counts.peer, counts.model) == (
            case[f"rouge_{n}_h_count"], case[f"rouge_{n}_p_count"], case[f"rouge_{n}_m_count"],
        )  # fmt: skip


def test_rouge_tokeniser_keeps_only_ascii_letters_digits_and_stems() -> None:
    # stop words ("the", "went", "in", "s") go, accents split words, suffixes are stemmed,
    # irregular forms come from the exception table
    assert rouge155_tokens(["The protesters went marching in Égypte’s cities"]) == ["protest", "march", "gypt", "citi"]
    assert rouge155_tokens(["Children"]) == ["child"]
    assert porter_stem("generalizations") == "gener"
    assert porter_stem("hopping") == "hop"


def test_unicode_tokeniser_keeps_every_script() -> None:
    assert unicode_tokens(["9 серпня в Білорусі відбулися вибори", "L’armée"]) == [
        "9", "серпня", "в", "білорусі", "відбулися", "вибори", "l", "armée",
    ]  # fmt: skip
    assert rouge155_tokens(["9 серпня в Білорусі"]) == ["9"]


def test_reader_merges_a_date_and_unglues_dash_lines() -> None:
    reference = read_reference_file(FIXTURES / "reference-b.txt")
    assert list(reference) == [D(2011, 2, 15), D(2011, 2, 17), D(2011, 2, 21), D(2011, 3, 17), D(2011, 3, 19)]
    assert reference[D(2011, 2, 17)] == [
        "« Jour de la colère » : les forces de sécurité tirent sur la foule ; l’ ONG Human Rights Watch fait état de 24 morts .",
        "Le régime de Mouammar Kadhafi coupe l’ accès à internet.",
        "Les manifestants prennent le contrôle de plusieurs bâtiments publics à Benghazi .",
    ]
    assert summary_length(reference) == 2  # 8 sentences over 5 dates, rounded


def test_reader_on_a_glued_line_then_a_date() -> None:
    text = "2011-05-13\nA\n- --------\n2011-05-14\nB dit--------------------------------\nC\n2011-05-15\nD\n"
    # C follows a closed entry with no date of its own: it belongs to none
    assert read_reference(text) == {D(2011, 5, 13): ["A"], D(2011, 5, 14): ["B dit"], D(2011, 5, 15): ["D"]}


def test_alignment_by_hand() -> None:
    # one predicted date a day off the only reference date: hits weighted by 1/2
    predicted = {D(2020, 8, 10): ["election held Belarus"]}
    reference = {D(2020, 8, 9): ["election held Belarus", "protest"]}
    scores = score_timeline(predicted, reference, tokeniser="unicode")
    assert scores.ar[1] == PRF(0.5 * 3 / 3, 0.5 * 3 / 4)
    assert scores.ar[2] == PRF(0.5 * 2 / 2, 0.5 * 2 / 3)
    assert scores.concat[1] == PRF(1.0, 0.75)
    assert scores.date == PRF(0.0, 0.0)


def test_many_to_one_lets_two_predicted_dates_share_a_reference_date() -> None:
    reference = {D(2020, 8, 9): ["election"], D(2020, 9, 13): ["march"]}
    predicted = {D(2020, 8, 9): ["election"], D(2020, 8, 10): ["election"]}
    scores = score_timeline(predicted, reference, tokeniser="unicode")
    # precision: both predicted dates align to 08-09 (1 + 1/2 hits of 2); recall: 08-09 hits, 09-13 aligns
    # to 08-10 (35 days off, "election" is no "march") and hits nothing
    assert scores.ar[1].precision == pytest.approx(1.5 / 2)
    assert scores.ar[1].recall == pytest.approx(1 / 2)
    assert scores.date == PRF(0.5, 0.5)


def test_mean_is_f_of_mean_precision_and_recall() -> None:
    first = TimelineScores({1: PRF(1.0, 0.0)}, {1: PRF(1.0, 0.0)}, PRF(1.0, 0.0))
    second = TimelineScores({1: PRF(0.0, 1.0)}, {1: PRF(0.0, 1.0)}, PRF(0.0, 1.0))
    mean = mean_scores([first, second])
    # each topic's F is 0; news-tls reports F(0.5, 0.5) = 0.5
    assert figures(mean) == {"ar1_f": 0.5, "concat_r1_f": 0.5, "date_f1": 0.5}


def test_empty_prediction_scores_zero() -> None:
    scores = score_timeline({}, {D(2020, 8, 9): ["election"]})
    assert figures(scores)["ar1_f"] == 0.0
    assert scores.date == PRF(0.0, 0.0)
