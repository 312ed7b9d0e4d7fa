"""Scoring weights: the factor maxima add up to 100, a mapping replaces named weights only, and
an unknown balance category weighs as unknown."""

import pytest

from matcher.weights import DEFAULT_WEIGHTS, FACTOR_NAMES, weights_from_mapping


def test_the_factor_maxima_add_up_to_100() -> None:
    assert sum(getattr(DEFAULT_WEIGHTS, name) for name in FACTOR_NAMES) == 100


def test_a_mapping_replaces_what_it_names_and_keeps_the_rest() -> None:
    weights = weights_from_mapping({"distance": 20, "balance": {"limited": 0.1}})
    assert weights.distance == 20 and weights.skills == DEFAULT_WEIGHTS.skills
    assert weights.balance["limited"] == 0.1
    assert weights.balance["shortage"] == DEFAULT_WEIGHTS.balance["shortage"]
    assert DEFAULT_WEIGHTS.balance["limited"] == 0.3  # the defaults are not changed


def test_an_unknown_weight_is_named() -> None:
    with pytest.raises(ValueError, match="unknown scoring weight\\(s\\): distanse, skils"):
        weights_from_mapping({"skils": 1, "distanse": 2})


def test_a_category_without_a_weight_weighs_as_unknown() -> None:
    assert DEFAULT_WEIGHTS.balance_weight(None) == DEFAULT_WEIGHTS.balance["unknown"]
    assert DEFAULT_WEIGHTS.balance_weight("surplus") == DEFAULT_WEIGHTS.balance["unknown"]
    assert DEFAULT_WEIGHTS.balance_weight("shortage") == 1.0


def test_the_best_score_is_100_or_more_for_a_citizen_near_home() -> None:
    assert DEFAULT_WEIGHTS.best_score() == 100
    extra = DEFAULT_WEIGHTS.distance_near_home - DEFAULT_WEIGHTS.distance
    assert DEFAULT_WEIGHTS.best_score(near_home=True) == 100 + extra
