"""The harness's measures on rankings worked out by hand."""

import math

import pytest

from matcher.metrics import (
    first_occurrences,
    hit_at,
    mean,
    ndcg_at,
    reciprocal_rank,
    trapped,
)


def test_a_hit_counts_only_within_the_first_k() -> None:
    assert hit_at([7, 8, 9], {9}, 3) == 1.0
    assert hit_at([7, 8, 9], {9}, 2) == 0.0
    assert hit_at([], {9}, 5) == 0.0


def test_the_reciprocal_rank_is_of_the_first_relevant() -> None:
    assert reciprocal_rank([4, 5, 6], {6, 5}) == 0.5
    assert reciprocal_rank([4, 5, 6], {1}) == 0.0


def test_ndcg_is_one_for_the_ideal_order_and_less_for_another() -> None:
    grades = {1: 2, 2: 1, 3: 0}
    assert ndcg_at([1, 2, 3], grades, 10) == 1.0
    swapped = (1 / math.log2(2) + 3 / math.log2(3)) / (3 / math.log2(2) + 1 / math.log2(3))
    assert ndcg_at([2, 1], grades, 10) == pytest.approx(swapped)
    assert ndcg_at([9, 1], grades, 1) == 0.0
    assert ndcg_at([1], {1: 0}, 10) == 0.0  # nothing graded above 0: nothing to find


def test_a_trap_anywhere_in_the_list_counts() -> None:
    assert trapped([1, 2, 3, 4], {4}) == 1.0
    assert trapped([1, 2], {4}) == 0.0


def test_a_workplace_ranks_where_its_best_function_does() -> None:
    assert first_occurrences([5, 3, 5, 2, 3]) == [5, 3, 2]


def test_the_mean_of_nothing_is_zero() -> None:
    assert mean([]) == 0.0 and mean([1.0, 0.0]) == 0.5
