"""Offline evaluation: a time split, each citizen's contacts ranked by each system, and
bootstrap intervals that say how sure a difference is."""

import datetime as dt

import numpy as np
import pytest

from matcher.learning.evaluation import History, bootstrap, compare, per_citizen, time_split
from matcher.learning.features import FEATURE_COUNT, FEATURE_NAMES

HAND = FEATURE_NAMES.index("hand_score")
DAY = dt.date(2025, 1, 6).toordinal()


def _history(citizen, day, hand, good, declined=None):
    count = len(citizen)
    found = np.zeros((count, FEATURE_COUNT))
    found[:, HAND] = hand
    return History(
        citizen=np.array(citizen),
        day=np.array(day),
        features=found,
        good=np.array(good, dtype=bool),
        declined=np.array(declined or [False] * count, dtype=bool),
        target_group=np.array(["sick_listed"] * count),
        danish_level=np.array(["native"] * count),
    )


def test_the_newest_quarter_is_held_out_cut_at_a_day():
    days = [DAY + d for d in (0, 1, 2, 3, 4, 5, 6, 6)]
    history = _history(list(range(8)), days, [0.5] * 8, [True] * 8)
    older, newer = time_split(history)
    assert older.day.max() < newer.day.min()
    assert newer.day.tolist() == [DAY + 6, DAY + 6]  # 2 of 8: both of the last day
    assert older.window() == (dt.date(2025, 1, 6), dt.date(2025, 1, 11))


def test_each_citizen_is_measured_on_their_own_contacts():
    # Citizen 1: the hand weights put the good one third; citizen 2: first; citizen 3 has no
    # good outcome and is left out.
    history = _history(
        [1, 1, 1, 2, 2, 3],
        [DAY] * 6,
        [0.9, 0.8, 0.1, 0.9, 0.2, 0.5],
        [False, False, True, True, False, False],
    )
    measured = per_citizen(history, history.hand_scores)
    assert measured.citizen.tolist() == [1, 2]
    assert measured.values["ndcg@10"].tolist() == pytest.approx([1 / np.log2(4), 1.0])
    assert measured.values["hit@5"].tolist() == [1.0, 1.0]
    assert history.citizen[measured.first].tolist() == [1, 2]


def test_equal_values_keep_the_order_of_contact():
    history = _history([1, 1], [DAY + 1, DAY], [0.5, 0.5], [True, False])
    assert per_citizen(history, history.hand_scores).values["ndcg@10"].tolist() == [
        pytest.approx(1 / np.log2(3))
    ]


def test_the_interval_holds_the_mean_and_narrows_with_more_citizens():
    rng = np.random.default_rng(1)
    few, many = bootstrap(rng.random(20)), bootstrap(rng.random(2000))
    assert few.low < few.mean < few.high
    assert many.high - many.low < (few.high - few.low) / 5
    assert bootstrap(np.zeros(0)).mean == 0.0


def _random_history(count: int, seed: int = 5) -> History:
    rng = np.random.default_rng(seed)
    citizen = rng.integers(0, count // 8, size=count)
    hand = rng.random(count)
    good = rng.random(count) < 0.3
    return _history(citizen.tolist(), [DAY] * count, hand.tolist(), good.tolist())


def test_a_ranking_that_knows_the_outcomes_beats_the_hand_weights_beyond_doubt():
    history = _random_history(4000)
    comparison, _, _ = compare(history, history.good.astype(float) + history.hand_scores / 10)
    assert comparison.beats
    assert comparison.model["ndcg@10"].mean == pytest.approx(1.0)
    assert comparison.difference["ndcg@10"].low > 0.1


def test_a_worse_ranking_does_not_beat_them():
    history = _random_history(4000)
    comparison, _, _ = compare(history, -history.good.astype(float))
    assert not comparison.beats
    assert comparison.difference["ndcg@10"].high < 0


def test_the_same_ranking_is_not_better():
    history = _random_history(4000)
    comparison, _, _ = compare(history, history.hand_scores)
    assert comparison.difference["ndcg@10"].mean == 0.0
    assert not comparison.beats
