"""NMI, ARI and B-cubed against hand-computed examples (and sklearn, where installed)."""

from __future__ import annotations

import math
import random

import pytest

from khronika.evaluation.clusters import ari, bcubed, nmi

GOLD = ["a", "a", "a", "b", "b", "b"]
PREDICTED = [1, 1, 2, 2, 3, 3]


def test_identical_partitions_score_one_whatever_the_names() -> None:
    assert nmi(GOLD, [7, 7, 7, 9, 9, 9]) == pytest.approx(1.0)
    assert ari(GOLD, [7, 7, 7, 9, 9, 9]) == pytest.approx(1.0)
    assert bcubed(GOLD, [7, 7, 7, 9, 9, 9]) == pytest.approx((1.0, 1.0, 1.0))


def test_nmi_by_hand() -> None:
    # contingency: (a,1)=2 (a,2)=1 (b,2)=1 (b,3)=2; H(gold)=ln 2, H(pred)=ln 3
    mutual = 2 * (2 / 6) * math.log(2 * 6 / (3 * 2)) + 2 * (1 / 6) * math.log(1 * 6 / (3 * 2))
    assert mutual == pytest.approx((2 / 3) * math.log(2))
    assert nmi(GOLD, PREDICTED) == pytest.approx(mutual / ((math.log(2) + math.log(3)) / 2))
    assert nmi(GOLD, PREDICTED, "geometric") == pytest.approx(mutual / math.sqrt(math.log(2) * math.log(3)))


def test_ari_by_hand() -> None:
    # sum C(n_ij,2) = 2; gold pairs 3+3 = 6; predicted pairs 1+1+1 = 3; all pairs 15
    expected = 6 * 3 / 15
    assert ari(GOLD, PREDICTED) == pytest.approx((2 - expected) / ((6 + 3) / 2 - expected))


def test_bcubed_by_hand() -> None:
    # items in (a,1): precision 2/2, recall 2/3; (a,2) and (b,2): precision 1/2, recall 1/3; (b,3): 2/2, 2/3
    precision, recall, f1 = bcubed(GOLD, PREDICTED)
    assert precision == pytest.approx((4 * 1.0 + 2 * 0.5) / 6)
    assert recall == pytest.approx((4 * 2 / 3 + 2 * 1 / 3) / 6)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_one_cluster_against_many_labels() -> None:
    assert nmi(GOLD, [0] * 6) == 0.0
    assert ari(GOLD, [0] * 6) == pytest.approx(0.0)
    assert bcubed(GOLD, [0] * 6) == pytest.approx((0.5, 1.0, 2 / 3))


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predicted"):
        nmi(["a", "b"], [1])


def test_agrees_with_sklearn() -> None:
    metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is not installed (not a dependency)")
    rng = random.Random(7)
    for _ in range(20):
        gold = [rng.randrange(5) for _ in range(60)]
        predicted = [rng.randrange(8) for _ in range(60)]
        assert nmi(gold, predicted) == pytest.approx(metrics.normalized_mutual_info_score(gold, predicted))
        assert nmi(gold, predicted, "geometric") == pytest.approx(
            metrics.normalized_mutual_info_score(gold, predicted, average_method="geometric")
        )
        assert ari(gold, predicted) == pytest.approx(metrics.adjusted_rand_score(gold, predicted))
