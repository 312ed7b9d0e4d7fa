"""The fairness gate: the same measures by target group and by Danish level, for the hand
weights and for a candidate model, and the verdict on the model.

Measures, each a mean over the group's citizens:
- good_exposure: how many of a citizen's top 5 are at good workplaces (a smoothed rate of
  good outcomes of at least GOOD_WORKPLACE), out of as many as could be there (the good ones
  among the citizen's REACH best candidates by the hand weights, at most 5), over the active
  citizens with a good workplace in reach. Out of what could be there, because which
  workplaces are within reach (the hard needs, the commute, the network) is not the
  ranking's doing: a plain share would call a ranking unfair for the network's gaps;
- hit_rate: hit@5 of the eventual good outcomes, over the test window's citizens;
- three_or_more: the share of citizens with at least 3 suggestions;
- zero_results: the share of citizens with none.

A gap is the best group's mean less the worst group's (groups of at least MIN_GROUP citizens;
a smaller group's figures are not shown). A model is refused when it widens any gap by more
than TOLERANCE. A model only re-orders the candidates, so the last two measures are the same
for both; they are shown because an unfair filter shows there first.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.learning.refusals import Refusal, gap_widened
from matcher.scoring import Suggestion
from matcher.table import FloatArray, IntArray

GROUPINGS = ("target_group", "danish_level")
MEASURES = ("good_exposure", "hit_rate", "three_or_more", "zero_results")
GOOD_WORKPLACE = 0.6
"""A workplace whose smoothed rate of good outcomes is at least this counts as good."""
TOP = 5
REACH = 100
TOLERANCE = 0.05
"""How much a model may widen a gap (as a share, 0.05 = 5 points)."""
MIN_GROUP = 5
"""Smaller groups are shown but not gated: their means move too much by chance."""
SYSTEMS = ("hand", "model")


def good_count(suggestions: Sequence[Suggestion], limit: int = TOP) -> int:
    """How many of the first `limit` suggestions are at good workplaces."""
    return sum(s.record.smoothed_good_rate >= GOOD_WORKPLACE for s in suggestions[:limit])


def exposure(shown: Sequence[Suggestion], reach: Sequence[Suggestion]) -> float:
    """Good workplaces among the first TOP of `shown`, out of as many as `reach` (the
    citizen's REACH best by the hand weights) could put there; NaN when it has none."""
    could = min(TOP, good_count(reach, REACH))
    return min(1.0, good_count(shown) / could) if could else float("nan")


@dataclass(frozen=True)
class Lists:
    """The active citizens' live lists under each system: their groups, how many
    suggestions each got, and each list's exposure of good workplaces."""

    groups: Mapping[str, npt.NDArray[np.str_]]
    suggestions: IntArray
    good: Mapping[str, FloatArray]  # system -> exposure per citizen


@dataclass(frozen=True)
class Hits:
    """The test window's citizens: their groups and hit@5 under each system."""

    groups: Mapping[str, npt.NDArray[np.str_]]
    hit: Mapping[str, FloatArray]  # system -> hit@5 per citizen


@dataclass(frozen=True)
class GroupFigures:
    grouping: str
    group: str
    citizens: int  # in the live lists
    tested: int  # in the test window, with a good outcome
    hand: dict[str, float]  # measure -> mean (NaN with no citizens to measure)
    model: dict[str, float]


@dataclass(frozen=True)
class Gap:
    grouping: str
    measure: str
    hand: float
    model: float

    @property
    def widened(self) -> bool:
        return self.model - self.hand > TOLERANCE + 1e-12


@dataclass(frozen=True)
class FairnessReport:
    groups: list[GroupFigures]
    gaps: list[Gap]
    tolerance: float = TOLERANCE

    @property
    def passed(self) -> bool:
        return not any(gap.widened for gap in self.gaps)

    def reasons(self) -> list[Refusal]:
        """Why a model is refused: each gap it widens beyond the tolerance."""
        return [
            gap_widened(g.measure, g.grouping, hand=g.hand, model=g.model)
            for g in self.gaps
            if g.widened
        ]


def _mean(values: FloatArray) -> float:
    kept = values[~np.isnan(values)]
    return float(kept.mean()) if len(kept) else float("nan")


def _figures(lists: Lists, hits: Hits, grouping: str, group: str) -> GroupFigures:
    listed = lists.groups[grouping] == group
    tested = hits.groups[grouping] == group
    count = lists.suggestions[listed].astype(np.float64)
    # A group too small to judge shows no figures either: a mean over one or two citizens
    # would tell about them.
    enough, tested_enough = listed.sum() >= MIN_GROUP, tested.sum() >= MIN_GROUP
    nothing = float("nan")
    by_system = {
        system: {
            "good_exposure": _mean(lists.good[system][listed]) if enough else nothing,
            "hit_rate": _mean(hits.hit[system][tested]) if tested_enough else nothing,
            "three_or_more": _mean((count >= 3).astype(np.float64)) if enough else nothing,
            "zero_results": _mean((count == 0).astype(np.float64)) if enough else nothing,
        }
        for system in SYSTEMS
    }
    return GroupFigures(
        grouping, group, int(listed.sum()), int(tested.sum()), by_system["hand"], by_system["model"]
    )


def report(lists: Lists, hits: Hits) -> FairnessReport:
    """Every group's figures under both systems, and each gap."""
    groups: list[GroupFigures] = []
    gaps: list[Gap] = []
    for grouping in GROUPINGS:
        names = sorted(set(lists.groups[grouping].tolist()) | set(hits.groups[grouping].tolist()))
        figures = [_figures(lists, hits, grouping, name) for name in names]
        groups.extend(figures)
        for measure in MEASURES:
            gaps.append(
                Gap(grouping, measure, *(_gap(figures, measure, system) for system in SYSTEMS))
            )
    return FairnessReport(groups, gaps)


def _gap(figures: list[GroupFigures], measure: str, system: str) -> float:
    """The best group's mean less the worst group's, among the groups large enough."""
    size = "tested" if measure == "hit_rate" else "citizens"
    values = [
        getattr(f, system)[measure]
        for f in figures
        if getattr(f, size) >= MIN_GROUP and not np.isnan(getattr(f, system)[measure])
    ]
    return max(values) - min(values) if len(values) >= 2 else 0.0
