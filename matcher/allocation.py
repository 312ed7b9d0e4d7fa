"""Spreading the load on workplaces: across all citizens' ranked lists, each workplace
appears in at most its capacity of the lists' first places, the total score kept as high as
it can be, and every citizen keeping at least KEEP suggestions where that is possible.

It is a minimum-cost flow (OR-Tools' network simplex is a C++ solver that takes millions of
arcs in seconds): the source gives each citizen up to SHOWN units, a unit goes from the
citizen to the workplace of one of the citizen's candidates (cost: minus its score) and on to
the sink within the workplace's capacity. A citizen's first KEEP units earn a bonus larger
than every score together, so no score is ever bought with a citizen falling below KEEP; an
arc from the source straight to the sink lets a unit stay unplaced when nothing is worth it.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

SHOWN = 5
KEEP = 3
# Scores (points) become integer costs in tenths of a point; the rank breaks ties (below a
# tenth), so an unconstrained allocation keeps each citizen's own first places. The bonus
# then stays small enough for the solver's cost scaling not to overflow 64 bits.
_SCALE = 10
_RANKS = 32

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Lists:
    """Every citizen's candidates, columnar, each citizen's in rank order: the citizen's
    number (0..citizens-1, ascending), the workplace and the score of each."""

    citizen: IntArray
    workplace: IntArray
    score: FloatArray

    def __post_init__(self) -> None:
        if not len(self.citizen) == len(self.workplace) == len(self.score):
            raise ValueError("citizen, workplace and score must be equally long")
        if len(self.citizen) and np.any(np.diff(self.citizen) < 0):
            raise ValueError("the lists must be ordered by citizen")

    @property
    def citizens(self) -> int:
        return int(self.citizen[-1]) + 1 if len(self.citizen) else 0

    def rank(self) -> IntArray:
        """Each candidate's place in its citizen's list (0 first)."""
        starts = np.searchsorted(self.citizen, self.citizen, side="left")
        ranks: IntArray = np.arange(len(self.citizen), dtype=np.int64) - starts
        return ranks


@dataclass(frozen=True, slots=True)
class Figures:
    """What an allocation did: workplaces over their capacity before and after, the score
    of the first places before and after (and the share lost), the share of citizens with at
    least KEEP suggestions, and the Gini coefficient of exposure across workplaces."""

    citizens: int
    workplaces: int
    over_capacity_before: int
    over_capacity_after: int
    score_before: float
    score_after: float
    score_lost_share: float
    three_or_more_before: float
    three_or_more_after: float
    gini_before: float
    gini_after: float
    seconds: float

    def document(self) -> dict[str, float | int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Allocation:
    """Which candidates are shown (a mask over the lists), and the figures."""

    shown: npt.NDArray[np.bool_]
    figures: Figures


def unconstrained(lists: Lists, shown: int = SHOWN) -> npt.NDArray[np.bool_]:
    """Each citizen's first `shown` candidates: the lists as ranked."""
    mask: npt.NDArray[np.bool_] = lists.rank() < shown
    return mask


def allocate(
    lists: Lists,
    capacity: Mapping[int, int],
    *,
    shown: int = SHOWN,
    keep: int = KEEP,
) -> Allocation:
    """The candidates shown after spreading the load (a workplace missing from `capacity`
    has no limit), and what that did."""
    began = time.perf_counter()
    workplaces, slot = np.unique(lists.workplace, return_inverse=True)
    limits = np.array(
        [capacity.get(int(w), len(lists.citizen)) for w in workplaces.tolist()], dtype=np.int64
    )
    chosen = _solve(lists, slot.astype(np.int64), limits, shown, keep)
    figures = measure(lists, unconstrained(lists, shown), chosen, capacity, keep=keep)
    seconds = time.perf_counter() - began
    return Allocation(chosen, _with_seconds(figures, seconds))


def _solve(
    lists: Lists, slot: IntArray, limits: IntArray, shown: int, keep: int
) -> npt.NDArray[np.bool_]:
    citizens, count = lists.citizens, len(lists.citizen)
    if count == 0:
        return np.zeros(0, dtype=np.bool_)
    available = np.bincount(lists.citizen, minlength=citizens)
    first = np.minimum(keep, available)
    rest = np.minimum(shown, available) - first
    gain = np.round(lists.score * _SCALE).astype(np.int64) * _RANKS + (
        _RANKS - 1 - np.minimum(lists.rank(), _RANKS - 1)
    )
    source, sink, citizen0 = 0, 1, 2
    workplace0 = citizen0 + citizens
    supply = int(first.sum() + rest.sum())
    # More than any flow's total gain: a unit that keeps a citizen at KEEP always wins.
    bonus = supply * int(gain.max()) + 1
    everyone = citizen0 + np.arange(citizens, dtype=np.int64)
    tails = [np.zeros(citizens), np.zeros(citizens), citizen0 + lists.citizen]
    heads = [everyone, everyone, workplace0 + slot]
    capacities = [first, rest, np.ones(count)]
    costs = [np.full(citizens, -bonus), np.zeros(citizens), -gain]
    tails += [workplace0 + np.arange(len(limits)), np.array([source])]
    heads += [np.full(len(limits), sink), np.array([sink])]
    capacities += [limits, np.array([supply])]
    costs += [np.zeros(len(limits)), np.array([0])]
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(capacities).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the allocation found no optimal flow (status {status})")
    candidate_arcs = arcs[2 * citizens : 2 * citizens + count]
    chosen: npt.NDArray[np.bool_] = flow.flows(candidate_arcs) > 0
    return chosen


def measure(
    lists: Lists,
    before: npt.NDArray[np.bool_],
    after: npt.NDArray[np.bool_],
    capacity: Mapping[int, int],
    *,
    keep: int = KEEP,
) -> Figures:
    """The figures of two ways of showing the lists (the ranked first places, and what an
    allocation chose); exposure counts every workplace in `capacity`, shown or not."""
    known = sorted(set(capacity) | set(np.unique(lists.workplace).tolist()))
    position = {w: i for i, w in enumerate(known)}
    index = np.array([position[int(w)] for w in lists.workplace.tolist()], dtype=np.int64)
    limits = np.array([capacity.get(w, len(lists.citizen)) for w in known], dtype=np.int64)
    exposure_before = np.bincount(index[before], minlength=len(known))
    exposure_after = np.bincount(index[after], minlength=len(known))
    citizens = lists.citizens
    score_before = float(lists.score[before].sum())
    score_after = float(lists.score[after].sum())
    return Figures(
        citizens=citizens,
        workplaces=len(known),
        over_capacity_before=int(np.count_nonzero(exposure_before > limits)),
        over_capacity_after=int(np.count_nonzero(exposure_after > limits)),
        score_before=round(score_before, 2),
        score_after=round(score_after, 2),
        score_lost_share=round(1 - score_after / score_before, 4) if score_before else 0.0,
        three_or_more_before=_share_with(lists, before, citizens, keep),
        three_or_more_after=_share_with(lists, after, citizens, keep),
        gini_before=round(gini(exposure_before), 4),
        gini_after=round(gini(exposure_after), 4),
        seconds=0.0,
    )


def _share_with(lists: Lists, shown: npt.NDArray[np.bool_], citizens: int, keep: int) -> float:
    if citizens == 0:
        return 0.0
    counts = np.bincount(lists.citizen[shown], minlength=citizens)
    return round(float(np.count_nonzero(counts >= keep)) / citizens, 4)


def gini(values: npt.ArrayLike) -> float:
    """The Gini coefficient of non-negative values: 0 when all are equal, towards 1 when
    one holds everything (0 for none, or all zero)."""
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    total = ordered.sum()
    if len(ordered) == 0 or total == 0:
        return 0.0
    n = len(ordered)
    ranks = np.arange(1, n + 1)
    return float(2 * np.sum(ranks * ordered) / (n * total) - (n + 1) / n)


def _with_seconds(figures: Figures, seconds: float) -> Figures:
    values = figures.document()
    values["seconds"] = round(seconds, 3)
    return Figures(**values)  # type: ignore[arg-type]
