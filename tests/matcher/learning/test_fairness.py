"""The fairness gate: each group's figures under both systems, and a model refused when it
widens a gap between groups beyond the tolerance."""

from dataclasses import replace

import numpy as np
import pytest

from matcher.learning.fairness import (
    GOOD_WORKPLACE,
    MIN_GROUP,
    TOLERANCE,
    Hits,
    Lists,
    exposure,
    report,
)
from matcher.scoring import RecordSummary, Suggestion
from tests.factories import citizen, rank, workplace

SUGGESTION = rank([workplace(1)], citizen())[0]


def _at(rate: float) -> Suggestion:
    return replace(SUGGESTION, record=RecordSummary(4, 2, 0, rate))


GOOD, POOR = _at(GOOD_WORKPLACE), _at(GOOD_WORKPLACE - 0.01)


def test_exposure_counts_the_good_shown_out_of_the_good_in_reach():
    reach = [POOR, GOOD, POOR, GOOD, POOR, POOR, GOOD]  # 3 good within reach
    assert exposure(reach, reach) == pytest.approx(2 / 3)  # the first 5 show 2 of them
    assert exposure([GOOD, GOOD, GOOD, POOR], reach) == 1.0
    assert np.isnan(exposure([POOR], [POOR, POOR]))  # nothing good in reach: not counted


def _lists(groups: list[str], hand: list[float], model: list[float]) -> Lists:
    labels = np.array(groups)
    return Lists(
        groups={"target_group": labels, "danish_level": np.array(["native"] * len(groups))},
        suggestions=np.full(len(groups), 5),
        good={"hand": np.array(hand), "model": np.array(model)},
    )


def _hits(groups: list[str], hand: list[float], model: list[float]) -> Hits:
    labels = np.array(groups)
    return Hits(
        groups={"target_group": labels, "danish_level": np.array(["native"] * len(groups))},
        hit={"hand": np.array(hand), "model": np.array(model)},
    )


A, B = ["sick_listed"] * MIN_GROUP, ["minority_women"] * MIN_GROUP


def test_a_model_that_lifts_every_group_alike_passes():
    lists = _lists(A + B, [0.5] * 5 + [0.4] * 5, [0.7] * 5 + [0.6] * 5)
    found = report(lists, _hits(A + B, [1.0] * 10, [1.0] * 10))
    assert found.passed and found.reasons() == []
    gap = next(
        g for g in found.gaps if (g.grouping, g.measure) == ("target_group", "good_exposure")
    )
    assert (gap.hand, gap.model) == (pytest.approx(0.1), pytest.approx(0.1))
    women = next(g for g in found.groups if g.group == "minority_women")
    assert women.citizens == 5 and women.model["good_exposure"] == pytest.approx(0.6)


def test_a_model_that_leaves_a_group_behind_is_refused_and_says_where():
    lists = _lists(A + B, [0.5] * 5 + [0.4] * 5, [0.8] * 5 + [0.4] * 5)
    found = report(lists, _hits(A + B, [1.0] * 10, [1.0] * 10))
    assert not found.passed
    assert [r.text for r in found.reasons()] == [
        "good_exposure by target_group: the gap grows from 0.100 to 0.400"
    ]


def test_the_hit_rate_of_the_test_window_is_gated_too():
    lists = _lists(A + B, [0.5] * 10, [0.5] * 10)
    found = report(lists, _hits(A + B, [0.8] * 10, [1.0] * 5 + [0.8] * 5))
    assert [g.measure for g in found.gaps if g.widened] == ["hit_rate"]


def test_a_widening_within_the_tolerance_passes():
    lists = _lists(A + B, [0.5] * 10, [0.5] * 5 + [0.5 - TOLERANCE] * 5)
    assert report(lists, _hits(A + B, [1.0] * 10, [1.0] * 10)).passed


def test_groups_too_small_to_judge_are_shown_but_not_gated():
    few = ["vulnerable_youth"] * (MIN_GROUP - 1)
    lists = _lists(A + few, [0.5] * 9, [0.5] * 5 + [0.0] * 4)
    found = report(lists, _hits(A, [1.0] * 5, [1.0] * 5))
    assert found.passed
    (youth,) = [g for g in found.groups if g.group == "vulnerable_youth"]
    assert youth.citizens == 4
    assert all(np.isnan(v) for v in [*youth.hand.values(), *youth.model.values()])


def test_suggestion_counts_give_the_three_or_more_and_zero_result_rates():
    lists = replace(
        _lists(A + B, [0.5] * 10, [0.5] * 10), suggestions=np.array([0, 1, 3, 5, 5] * 2)
    )
    found = report(lists, _hits(A + B, [1.0] * 10, [1.0] * 10))
    sick = next(g for g in found.groups if g.group == "sick_listed")
    assert sick.hand["three_or_more"] == pytest.approx(0.6)
    assert sick.hand["zero_results"] == pytest.approx(0.2)
