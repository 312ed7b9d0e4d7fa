"""What scoring works with: the weights and rules of the day, the scored rows of a citizen,
and values derived once from a table."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

import numpy as np
import numpy.typing as npt

from matcher.occupations import OccupationTable, default_occupations
from matcher.query import CitizenQuery
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.table import FloatArray, FunctionTable, IntArray
from matcher.weights import DEFAULT_WEIGHTS, ScoringWeights

_T = TypeVar("_T")


class LearnedOrder(Protocol):
    """A learned ranking (matcher.learning): it re-orders the rows that passed the hard
    filters and are relevant enough, and never adds or drops one."""

    @property
    def label(self) -> str:
        """What a suggestion it ranked says ranked it."""
        ...

    def order(
        self,
        table: FunctionTable,
        scored: "Scored",
        positions: IntArray,
        query: CitizenQuery,
        context: "ScoringContext",
    ) -> FloatArray:
        """A value for each position of `scored`: the higher, the earlier."""
        ...


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """Weights, the rules in force on the day of the request, the occupations, and the
    learned ranking in use (None: the hand weights order)."""

    weights: ScoringWeights = DEFAULT_WEIGHTS
    rules: RuleBook = DEFAULT_RULES
    on: dt.date = field(default_factory=dt.date.today)
    occupations: OccupationTable = field(default_factory=default_occupations)
    model: LearnedOrder | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    """Rows that passed every hard filter, with each factor's contribution."""

    rows: IntArray
    factors: dict[str, FloatArray]
    total: FloatArray
    distance_km: FloatArray | None
    available_placements: npt.NDArray[np.uint8]
    best_goal: IntArray
    goal_similarity: FloatArray
    fit_points: FloatArray  # the fit factors' points before scaling by relevance
    fit_share: FloatArray  # the share of them that counts (1 from the relevance floor)
    passing: int | None = None
    """How many rows passed every hard filter, when only those that could be among the best
    were scored (a near-match search leaves out rows by their score bound)."""


def derived(table: FunctionTable, key: object, make: Callable[[], _T]) -> _T:
    """A value computed from the table once and kept with it (tables never change)."""
    value = table.derived.get(key)
    if value is None:
        value = make()
        table.derived[key] = value
    return cast(_T, value)


def smoothed_rate(
    successes: npt.ArrayLike, trials: npt.ArrayLike, *, prior_rate: float, strength: float
) -> FloatArray:
    """A rate of successes in trials, pulled towards a prior rate as if `strength` trials at
    that rate had come first: a workplace with few placements is judged near the prior, one
    with many by its own record (additive smoothing)."""
    rate: FloatArray = (np.asarray(successes, dtype=np.float64) + prior_rate * strength) / (
        np.asarray(trials, dtype=np.float64) + strength
    )
    return rate
