"""Reverse matching: for one workplace function, the citizens it suits, best first, scored by
the same code and the same hard filters as a citizen's own suggestions (a citizen is a
candidate for a function exactly when the function passes the citizen's filters), and each
shown to the workplace's side only as an anonymised card.

The citizens are scored in-process against a one-row table: citizen data never enters the
employer index, and the score of a pair does not depend on the table it is scored in (the
OpenSearch backend scores each citizen's candidates in a small table the same way)."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.geo import RadianPoints
from matcher.query import CitizenQuery
from matcher.scoring import ScoringContext, Suggestion, rank_many, ranking_key
from matcher.scoring.filters import offered
from matcher.table import FunctionRow, FunctionTable, Vocabulary

# The distance a card shows, as a band (upper bound in km, label); an exact distance and the
# home postal code would narrow down who the citizen is.
DISTANCE_BANDS: tuple[tuple[float, str], ...] = (
    (2.0, "under_2_km"),
    (5.0, "2_5_km"),
    (10.0, "5_10_km"),
    (20.0, "10_20_km"),
)
FAR_BAND = "over_20_km"
UNKNOWN_BAND = "unknown"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A citizen the function suits: the citizen's position in the queries given, and the
    function as the citizen's own suggestion (the same score and reasons)."""

    position: int
    suggestion: Suggestion


@dataclass(frozen=True, slots=True)
class CandidateCard:
    """What the workplace's side may see of a candidate: the target group, the function's own
    words the citizen's skills matched, the needs it meets (codes the workplace offers), the
    hours the citizen can work, a distance band and the score. Never a name, a reference, the
    citizen's own words, or a need the workplace does not offer."""

    target_group: str
    matched_terms: tuple[str, ...]
    needs_met: tuple[str, ...]
    weekly_hours: tuple[float, float]
    distance_band: str
    placement_types: tuple[str, ...]
    goal_relation: str | None
    score: float


@dataclass(frozen=True, slots=True)
class QueryArrays:
    """The citizens' cheap filters as arrays (placement types wanted, hard needs, hours,
    home and radius), built once for many look-ups."""

    wanted: npt.NDArray[np.int64]
    hard: npt.NDArray[np.int64]
    hours_min: npt.NDArray[np.float64]
    hours_max: npt.NDArray[np.float64]
    home: RadianPoints
    radius_km: npt.NDArray[np.float64]  # infinite without a home or a radius

    @classmethod
    def of(cls, queries: Sequence[CitizenQuery]) -> "QueryArrays":
        return cls(
            wanted=np.array([q.wanted_placement_mask for q in queries], dtype=np.int64),
            hard=np.array([q.hard_mask for q in queries], dtype=np.int64),
            hours_min=np.array([q.hours_min for q in queries], dtype=np.float64),
            hours_max=np.array([q.hours_max for q in queries], dtype=np.float64),
            home=RadianPoints.of(
                np.array([q.location.lat if q.location else 0.0 for q in queries], dtype=float),
                np.array([q.location.lon if q.location else 0.0 for q in queries], dtype=float),
            ),
            radius_km=np.array(
                [
                    q.radius_km if q.location is not None and q.radius_km is not None else np.inf
                    for q in queries
                ],
                dtype=np.float64,
            ),
        )

    def __len__(self) -> int:
        return len(self.wanted)

    def may_pass(self, table: FunctionTable, context: ScoringContext) -> npt.NDArray[np.bool_]:
        """The citizens that pass the cheap filters for the table's one row (types offered
        today, hours, hard needs, radius): only they are scored, which applies every filter
        exactly."""
        if len(self) == 0:
            return np.zeros(0, dtype=np.bool_)
        types = int(offered(table, context)[0])
        accommodations = int(table.accommodations[0])
        keep = (
            ((self.wanted & types) != 0)
            & ((self.hard & accommodations) == self.hard)
            & (self.hours_min <= float(table.hours_max[0]))
            & (self.hours_max >= float(table.hours_min[0]))
        )
        bounded = np.flatnonzero(keep & np.isfinite(self.radius_km))
        distances = self.home.distances_from(float(table.lat[0]), float(table.lon[0]), bounded)
        # a margin: the scorer's exact distance decides at the border
        keep[bounded] = distances <= self.radius_km[bounded] + 0.01
        return keep


def candidates(
    row: FunctionRow,
    queries: Sequence[CitizenQuery],
    context: ScoringContext,
    arrays: QueryArrays | None = None,
) -> list[Candidate]:
    """Every citizen (of `queries`) the function suits, best first (as the citizen's own
    list would order it; ties by position). `arrays` are the queries' (built when not
    given)."""
    vocabulary = Vocabulary()
    table = FunctionTable.build([row], vocabulary)
    filters = arrays if arrays is not None else QueryArrays.of(queries)
    positions = np.flatnonzero(filters.may_pass(table, context))
    chosen = [queries[int(p)] for p in positions]
    found = [
        Candidate(int(position), ranked.suggestions[0])
        for position, ranked in zip(
            positions, rank_many(table, chosen, vocabulary, context), strict=True
        )
        if ranked.suggestions
    ]
    found.sort(key=lambda c: (ranking_key(c.suggestion), c.position))
    return found


def distance_band(distance_km: float | None) -> str:
    """The band a distance falls in (UNKNOWN_BAND without a home location)."""
    if distance_km is None:
        return UNKNOWN_BAND
    for upper, label in DISTANCE_BANDS:
        if distance_km < upper:
            return label
    return FAR_BAND


def card(query: CitizenQuery, suggestion: Suggestion) -> CandidateCard:
    """The anonymised card of a candidate."""
    goal = suggestion.goal_occupation
    return CandidateCard(
        target_group=query.target_group,
        matched_terms=suggestion.matched_terms,
        needs_met=tuple(dict.fromkeys(suggestion.hard_needs_met + suggestion.soft_needs_met)),
        weekly_hours=(query.hours_min, query.hours_max),
        distance_band=distance_band(suggestion.distance_km),
        placement_types=suggestion.placement_types,
        goal_relation=goal.relation if goal is not None else None,
        score=suggestion.score,
    )
