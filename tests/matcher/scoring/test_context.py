"""The scorer's context: smoothing pulls a short record towards the prior, and a value derived
from a table is made once."""

import numpy as np
import pytest

from matcher.scoring.context import derived, smoothed_rate
from matcher.table import FunctionTable, Vocabulary


def test_no_record_is_judged_at_the_prior() -> None:
    assert smoothed_rate(0, 0, prior_rate=0.5, strength=4).tolist() == 0.5


def test_one_placement_moves_the_rate_little_and_many_move_it_far() -> None:
    one = float(smoothed_rate(1, 1, prior_rate=0.5, strength=4))
    many = float(smoothed_rate(100, 100, prior_rate=0.5, strength=4))
    assert one == pytest.approx(0.6)
    assert many == pytest.approx((100 + 0.5 * 4) / (100 + 4))
    assert 0.5 < one < many < 1.0


def test_it_works_on_arrays() -> None:
    rates = smoothed_rate(np.array([0, 2, 8]), np.array([0, 4, 8]), prior_rate=0.2, strength=2)
    assert rates.tolist() == pytest.approx([0.2, (2 + 0.4) / 6, (8 + 0.4) / 10])


def test_a_derived_value_is_made_once_per_table() -> None:
    table = FunctionTable.build([], Vocabulary())
    made = []

    def make() -> int:
        made.append(1)
        return 42

    assert derived(table, "answer", make) == 42
    assert derived(table, "answer", make) == 42
    assert len(made) == 1
    other = FunctionTable.build([], Vocabulary())
    assert derived(other, "answer", make) == 42
    assert len(made) == 2
