"""A learned ranking: the probability that a contact ends in a good outcome, from the pair's
features and their pairwise interactions, by logistic regression (scikit-learn).

The trained model is kept as plain numbers (the features' means and scales and one weight
for each feature and interaction), so it is stored as JSON, read without unpickling
anything, shown on the model card, and applied with one product per row. Logistic regression
was chosen over gradient boosting for that: a few hundred outcomes do not support more, and a
model whose weights can be read is what the public algorithm registers ask for.
"""

import itertools
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.learning.features import FEATURE_NAMES, features
from matcher.learning.refusals import Refusal, too_few
from matcher.query import CitizenQuery
from matcher.scoring.context import Scored, ScoringContext
from matcher.table import FloatArray, FunctionTable, IntArray

MIN_COURSES = 200
"""A model is trained from at least this many courses with an outcome ..."""
MIN_EACH = 30
"""... at least this many of them good and this many not (else the hand weights rank)."""
REGULARISATION = 1.0
"""scikit-learn's C: smaller keeps the weights nearer 0 (stronger regularisation)."""


_RELEVANCE_SHARE = FEATURE_NAMES.index("relevance_share")
_HAND = FEATURE_NAMES.index("hand_score")


class TooFewOutcomes(ValueError):
    """Not enough outcomes to learn from: the hand weights keep ranking."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.text)
        self.refusal = refusal


def interaction_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The expanded features' names: each feature, then each pair's product."""
    return (*names, *(f"{a} x {b}" for a, b in itertools.combinations(names, 2)))


def expand(found: FloatArray) -> FloatArray:
    """Each row's features followed by the product of each pair of them."""
    left, right = np.triu_indices(found.shape[1], k=1)
    expanded: FloatArray = np.hstack((found, found[:, left] * found[:, right]))
    return expanded


@dataclass(frozen=True)
class LearnedRanking:
    """A trained model; `version` is the store's number for it (0 before it is stored)."""

    feature_names: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray
    intercept: float
    version: int = 0

    @property
    def label(self) -> str:
        """What a suggestion it ranked says ranked it."""
        return f"model_{self.version}"

    def probability(self, found: FloatArray) -> FloatArray:
        """The probability of a good outcome for each row of features: the logistic of
        constant + x . linear + x . (quadratic x), which is the standardised weights applied
        to the features and their products, without making the products (a model ranks many
        thousand rows a request)."""
        constant, linear, quadratic = self._folded
        logit = constant + found @ linear + np.einsum("ij,ij->i", found @ quadratic, found)
        chance: FloatArray = 1.0 / (1.0 + np.exp(-logit))
        return chance

    @cached_property
    def _folded(self) -> tuple[float, FloatArray, FloatArray]:
        """The weights with the standardisation folded in: a constant, a weight for each
        feature, and one for each pair (upper triangle) of features."""
        count = len(self.feature_names)
        per_unit = self.weights / self.scale
        constant = self.intercept - float(per_unit @ self.mean)
        left, right = np.triu_indices(count, k=1)
        quadratic = np.zeros((count, count))
        quadratic[left, right] = per_unit[count:]
        return constant, per_unit[:count], quadratic

    def ranking_values(self, found: FloatArray) -> FloatArray:
        """What orders contacts as the live lists order them (matcher.scoring.order): the
        relevant ones by the model's probability, then the rest by their hand score."""
        relevant = found[:, _RELEVANCE_SHARE] > 0
        values: FloatArray = np.where(relevant, 2.0 + self.probability(found), found[:, _HAND])
        return values

    def order(
        self,
        table: FunctionTable,
        scored: Scored,
        positions: IntArray,
        query: CitizenQuery,
        context: ScoringContext,
    ) -> FloatArray:
        """The probability for each position of `scored` (what ranking orders by)."""
        return self.probability(features(table, scored, positions, query, context))

    def contributions(self) -> list[tuple[str, float]]:
        """Each feature's and interaction's weight on the standardised scale, the largest
        first (what the model card shows)."""
        named = zip(interaction_names(self.feature_names), self.weights.tolist(), strict=True)
        return sorted(named, key=lambda pair: -abs(pair[1]))

    def to_json(self) -> str:
        return json.dumps(
            {
                "feature_names": list(self.feature_names),
                "mean": self.mean.tolist(),
                "scale": self.scale.tolist(),
                "weights": self.weights.tolist(),
                "intercept": self.intercept,
            }
        )

    @classmethod
    def from_json(cls, text: str, *, version: int = 0) -> "LearnedRanking":
        """A stored model; ValueError when it was trained on other features than today's
        (it cannot rank: the hand weights do)."""
        data: dict[str, Any] = json.loads(text)
        names = tuple(data["feature_names"])
        if names != FEATURE_NAMES:
            raise ValueError("the model was trained on other features than the matcher has")
        return cls(
            feature_names=names,
            mean=np.array(data["mean"], dtype=np.float64),
            scale=np.array(data["scale"], dtype=np.float64),
            weights=np.array(data["weights"], dtype=np.float64),
            intercept=float(data["intercept"]),
            version=version,
        )


def check_enough(good: npt.NDArray[np.bool_]) -> None:
    """Raise TooFewOutcomes unless there are enough outcomes of each kind to learn from."""
    total, wins = len(good), int(good.sum())
    if total < MIN_COURSES or wins < MIN_EACH or total - wins < MIN_EACH:
        raise TooFewOutcomes(too_few(total, wins, least=MIN_COURSES, each=MIN_EACH))


def train(
    found: FloatArray, good: npt.NDArray[np.bool_], *, regularisation: float = REGULARISATION
) -> LearnedRanking:
    """A model of good outcomes from the features of past contacts; TooFewOutcomes when
    there is too little to learn from."""
    # Imported here: serving keeps a model as plain numbers and never needs scikit-learn.
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    check_enough(good)
    expanded = expand(found)
    scaler = StandardScaler().fit(expanded)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    classifier = LogisticRegression(C=regularisation, max_iter=2000)
    classifier.fit((expanded - scaler.mean_) / scale, good)
    return LearnedRanking(
        feature_names=FEATURE_NAMES,
        mean=np.asarray(scaler.mean_, dtype=np.float64),
        scale=np.asarray(scale, dtype=np.float64),
        weights=np.asarray(classifier.coef_[0], dtype=np.float64),
        intercept=float(classifier.intercept_[0]),
    )
