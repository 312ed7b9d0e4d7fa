"""Judging a candidate: trained on the older courses, compared on the newer, gated on
fairness; too few outcomes leave the hand weights ranking, and say so."""

import numpy as np

from matcher.learning.evaluation import History
from matcher.learning.fairness import Lists
from matcher.learning.features import FEATURE_COUNT, FEATURE_NAMES
from matcher.learning.training import judge

PROXIMITY = FEATURE_NAMES.index("proximity")
RELEVANCE = FEATURE_NAMES.index("relevance_share")
DAY = 739_000


def _history(count: int, seed: int = 2) -> History:
    """Contacts of 8 a citizen, a day apart; the good ones are near home, which the hand
    scores (random here) know nothing of."""
    rng = np.random.default_rng(seed)
    found = rng.random((count, FEATURE_COUNT))
    found[:, RELEVANCE] = 1.0
    good = rng.random(count) < 1 / (1 + np.exp(-(-2.0 + 4.0 * found[:, PROXIMITY])))
    groups = np.array(["sick_listed", "minority_women"])[np.arange(count) % 2]
    return History(
        citizen=np.arange(count) // 8,
        day=DAY + np.arange(count),
        features=found,
        good=good,
        declined=np.zeros(count, dtype=bool),
        target_group=groups,
        danish_level=np.full(count, "native"),
    )


def _fair(_model: object) -> Lists:
    groups = np.array(["sick_listed", "minority_women"] * 10)
    return Lists(
        groups={"target_group": groups, "danish_level": np.full(20, "native")},
        suggestions=np.full(20, 5),
        good={"hand": np.full(20, 0.5), "model": np.full(20, 0.7)},
    )


def _unfair(_model: object) -> Lists:
    fair = _fair(None)
    model = np.where(fair.groups["target_group"] == "sick_listed", 0.9, 0.4)
    return Lists(fair.groups, fair.suggestions, {"hand": fair.good["hand"], "model": model})


def test_a_model_that_beats_the_hand_weights_and_is_fair_may_rank():
    candidate = judge(_history(4000), _fair, rounds=200)
    assert candidate.may_rank and candidate.refused == []
    assert candidate.model is not None and candidate.comparison is not None
    assert candidate.comparison.difference["ndcg@10"].low > 0
    assert (candidate.trained_on, candidate.tested_on) == (3000, 1000)
    assert candidate.windows["test"] is not None


def test_an_unfair_one_is_kept_as_a_candidate_with_the_reason():
    candidate = judge(_history(4000), _unfair, rounds=200)
    assert candidate.model is not None and not candidate.may_rank
    assert [r.text for r in candidate.refused] == [
        "good_exposure by target_group: the gap grows from 0.000 to 0.500"
    ]


def test_one_that_does_not_beat_them_is_refused_with_the_figures():
    history = _history(4000)
    history.good[:] = np.random.default_rng(9).random(4000) < 0.3  # nothing to learn
    candidate = judge(history, _fair, rounds=200)
    assert not candidate.may_rank
    assert candidate.refused[0].text.startswith(
        "does not beat the hand weights: nDCG@10 difference"
    )


def test_too_few_outcomes_train_nothing_and_say_so():
    candidate = judge(_history(100), _fair, rounds=200)
    assert candidate.model is None and not candidate.may_rank
    assert [r.text for r in candidate.refused] == [
        "75 courses with an outcome, "
        f"{int(_history(100).take(np.arange(75)).good.sum())} good: a model needs at least "
        "200, with 30 good and 30 not"
    ]
