"""Offline evaluation before use: train on the older courses, test on the newer, and compare
the learned ranking with the hand weights on the newer ones.

Each citizen's contacts in the test window are ranked by each system; the eventual good
outcomes are what should come first (nDCG@10 and hit@5, matcher.metrics). Intervals are
bootstrapped over citizens (resampled with replacement), for each system and for the
difference, paired, so the interval says how sure the difference is.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.learning.features import FEATURE_NAMES
from matcher.metrics import hit_at, ndcg_at
from matcher.table import FloatArray, IntArray

TEST_SHARE = 0.25
"""The newest share of the courses is held out for testing."""
ROUNDS = 1000
"""Bootstrap resamples."""
LEVEL = 0.95
"""Confidence level of the intervals."""
MEASURES = ("ndcg@10", "hit@5")
_HAND = FEATURE_NAMES.index("hand_score")


@dataclass(frozen=True)
class History:
    """Contacts with a label, one row each: who, when, the features captured at the
    contact, whether it ended well (started and a good outcome) and whether the workplace
    declined it (a label of its own). The target group and Danish level are kept beside, to
    measure fairness with; they are never features."""

    citizen: IntArray
    day: IntArray  # the contact's date as an ordinal
    features: FloatArray
    good: npt.NDArray[np.bool_]
    declined: npt.NDArray[np.bool_]
    target_group: npt.NDArray[np.str_]
    danish_level: npt.NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.citizen)

    def take(self, keep: npt.NDArray[np.bool_] | IntArray) -> "History":
        return History(
            self.citizen[keep],
            self.day[keep],
            self.features[keep],
            self.good[keep],
            self.declined[keep],
            self.target_group[keep],
            self.danish_level[keep],
        )

    @property
    def hand_scores(self) -> FloatArray:
        """How the hand weights ordered each contact (its score, as a feature)."""
        return self.features[:, _HAND]

    def window(self) -> tuple[dt.date, dt.date] | None:
        if not len(self):
            return None
        return dt.date.fromordinal(int(self.day.min())), dt.date.fromordinal(int(self.day.max()))


def time_split(history: History, test_share: float = TEST_SHARE) -> tuple[History, History]:
    """The older contacts to train on and the newer to test on, cut at a day (every contact
    of a day on one side)."""
    if not len(history):
        return history, history
    cut = np.quantile(history.day, 1.0 - test_share, method="higher")
    newer = history.day >= cut
    return history.take(~newer), history.take(newer)


@dataclass(frozen=True)
class PerCitizen:
    """Each test citizen with a good outcome: the measures of one ranking of their contacts."""

    citizen: IntArray
    first: IntArray  # the citizen's first row in the history (to read their groups)
    values: dict[str, FloatArray]


def per_citizen(history: History, values: FloatArray) -> PerCitizen:
    """Rank each citizen's contacts by `values` (highest first; equal values in the order
    of contact) and measure where the good outcomes came; citizens with none are left out
    (no ranking can find what is not there)."""
    order = np.lexsort((history.day, -values, history.citizen))
    citizens, starts = np.unique(history.citizen[order], return_index=True)
    ends = [*starts[1:].tolist(), len(order)]
    kept: list[int] = []
    found: dict[str, list[float]] = {m: [] for m in MEASURES}
    for position, (start, end) in enumerate(zip(starts.tolist(), ends, strict=True)):
        good = history.good[order[start:end]]
        if not good.any():
            continue
        ranked = list(range(end - start))
        grades = {rank: 1 for rank in ranked if good[rank]}
        found["ndcg@10"].append(ndcg_at(ranked, grades, 10))
        found["hit@5"].append(hit_at(ranked, grades.keys(), 5))
        kept.append(position)
    chosen = np.array(kept, dtype=np.int64)
    return PerCitizen(
        citizen=citizens[chosen],
        first=order[starts[chosen]] if len(chosen) else np.zeros(0, dtype=np.int64),
        values={m: np.array(v, dtype=np.float64) for m, v in found.items()},
    )


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


def bootstrap(values: FloatArray, *, rounds: int = ROUNDS, seed: int = 0) -> Interval:
    """The mean with a percentile bootstrap interval at LEVEL."""
    if not len(values):
        return Interval(0.0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(rounds, len(values)))].mean(axis=1)
    tail = (1.0 - LEVEL) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Interval(float(values.mean()), float(low), float(high))


@dataclass(frozen=True)
class Comparison:
    """The learned ranking against the hand weights (or the model in use) on the test
    window."""

    courses: int
    citizens: int
    model: dict[str, Interval]
    hand: dict[str, Interval]
    difference: dict[str, Interval]

    @property
    def beats(self) -> bool:
        """Better on nDCG@10 beyond doubt (the interval of the difference above 0), and no
        worse on hit@5 on average."""
        return self.difference["ndcg@10"].low > 0 and self.difference["hit@5"].mean >= 0


def compare(
    test: History,
    learned: FloatArray,
    *,
    baseline: FloatArray | None = None,
    rounds: int = ROUNDS,
    seed: int = 0,
) -> tuple[Comparison, PerCitizen, PerCitizen]:
    """The comparison on the test window with the hand weights (or another `baseline`
    ranking's values), and both rankings' measures per citizen."""
    model = per_citizen(test, learned)
    hand = per_citizen(test, test.hand_scores if baseline is None else baseline)
    return (
        Comparison(
            courses=len(test),
            citizens=len(model.citizen),
            model={m: bootstrap(model.values[m], rounds=rounds, seed=seed) for m in MEASURES},
            hand={m: bootstrap(hand.values[m], rounds=rounds, seed=seed) for m in MEASURES},
            difference={
                m: bootstrap(model.values[m] - hand.values[m], rounds=rounds, seed=seed)
                for m in MEASURES
            },
        ),
        model,
        hand,
    )
