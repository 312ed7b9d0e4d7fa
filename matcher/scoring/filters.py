"""The hard filters, over a block of (citizen, row) pairs: placement types offered today
(the reasonableness rule), weekly hours, hard accommodation needs, the most recent employer,
excluded workplaces and the commute radius. What passes is scored; nothing else is.

A near-match search (matcher.near) turns one of them around: only rows lacking a need, offering
none of the wanted placement types, or beyond the radius pass it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.geo import RadianPoints
from matcher.query import CitizenQuery
from matcher.scoring.context import ScoringContext, derived
from matcher.table import FloatArray, FunctionTable, IntArray
from matcher.vocabulary import PRAKTIK_MASK, SUBSIDISED_MASK


@dataclass(frozen=True, slots=True)
class Pairs:
    """The (citizen, row) pairs of a block still in: `owner` is the citizen's position in the
    block, `available` the placement types the pair can have, `distance` in km (0 where the
    citizen has no location, see `located`)."""

    rows: IntArray
    owner: IntArray
    available: npt.NDArray[np.uint8]
    distance: FloatArray
    located: npt.NDArray[np.bool_]

    def kept(
        self,
        keep: npt.NDArray[np.bool_],
        *,
        available: npt.NDArray[np.uint8] | None = None,
        distance: FloatArray | None = None,
    ) -> "Pairs":
        """The pairs where `keep` is true (with new availability or distances, if given)."""
        available = self.available if available is None else available
        distance = self.distance if distance is None else distance
        return Pairs(
            self.rows[keep], self.owner[keep], available[keep], distance[keep], self.located
        )


def column(queries: list[CitizenQuery], value: Callable[[CitizenQuery], Any], dtype: Any) -> Any:
    """One value of each citizen of a block, as an array."""
    return np.array([value(q) for q in queries], dtype=dtype)


def offered(table: FunctionTable, context: ScoringContext) -> npt.NDArray[np.uint8]:
    """Placement types each row offers today: a workplace that is full under the
    reasonableness rule takes no one more in praktik or wage subsidy."""
    rule = context.rules.reasonableness_at(context.on)

    def make() -> npt.NDArray[np.uint8]:
        full = table.current_subsidised >= rule.limits(table.ordinary_employees)
        offered = np.where(
            full, table.placement_types & ~np.uint8(SUBSIDISED_MASK), table.placement_types
        )
        return offered.astype(np.uint8)

    return derived(table, ("offered", rule), make)


def hard_filtered(
    table: FunctionTable,
    queries: list[CitizenQuery],
    rows: IntArray,
    owner: IntArray,
    context: ScoringContext,
) -> Pairs:
    """The pairs that pass every hard filter, the cheap filters first."""
    available = (
        offered(table, context)[rows]
        & column(queries, lambda q: q.wanted_placement_mask, np.uint8)[owner]
    )
    keep = available != 0
    keep &= table.hours_min[rows] <= column(queries, lambda q: q.hours_max, np.float64)[owner]
    keep &= table.hours_max[rows] >= column(queries, lambda q: q.hours_min, np.float64)[owner]
    hard = column(queries, lambda q: q.hard_mask, np.uint32)
    if hard.any():
        needed = hard[owner]
        keep &= (table.accommodations[rows] & needed) == needed
    lacking = column(queries, lambda q: q.lacking_mask, np.uint32)
    if lacking.any():
        keep &= (table.accommodations[rows] & lacking[owner]) == 0
    located = column(queries, lambda q: q.location is not None, np.bool_)
    pairs = Pairs(rows, owner, available, np.zeros(len(rows), dtype=np.float64), located)
    pairs = pairs.kept(keep)
    pairs = _not_in_praktik_at_the_last_employer(table, queries, pairs)
    pairs = _not_at_excluded_workplaces(table, queries, pairs)
    missing = column(queries, lambda q: q.missing_placement_mask, np.uint8)
    if missing.any():
        pairs = pairs.kept((pairs.available & missing[pairs.owner]) == 0)
    return _within_reach(table, queries, pairs)


def _not_in_praktik_at_the_last_employer(
    table: FunctionTable, queries: list[CitizenQuery], pairs: Pairs
) -> Pairs:
    employer = column(
        queries,
        lambda q: -1 if q.most_recent_employer_id is None else q.most_recent_employer_id,
        np.int64,
    )
    if not (employer >= 0).any():
        return pairs
    at_employer = table.workplace_id[pairs.rows] == employer[pairs.owner]
    available = np.where(
        at_employer, pairs.available & ~np.uint8(PRAKTIK_MASK), pairs.available
    ).astype(np.uint8)
    return pairs.kept(available != 0, available=available)


def _not_at_excluded_workplaces(
    table: FunctionTable, queries: list[CitizenQuery], pairs: Pairs
) -> Pairs:
    excluded = [
        (position, workplace_id)
        for position, query in enumerate(queries)
        for workplace_id in query.excluded_workplace_ids
    ]
    if not excluded:
        return pairs
    span = int(max(int(table.workplace_id.max(initial=0)), *(w for _, w in excluded))) + 1
    pair_keys = pairs.owner * span + table.workplace_id[pairs.rows]
    keep = ~np.isin(pair_keys, np.array([p * span + w for p, w in excluded], dtype=np.int64))
    return pairs.kept(keep)


def _within_reach(table: FunctionTable, queries: list[CitizenQuery], pairs: Pairs) -> Pairs:
    """Distances from home, and only the pairs within the citizen's commute radius."""
    if not pairs.located.any():
        return pairs
    home_lat = column(queries, lambda q: q.location.lat if q.location else 0.0, np.float64)
    home_lon = column(queries, lambda q: q.location.lon if q.location else 0.0, np.float64)
    places = derived(table, "radians", lambda: RadianPoints.of(table.lat, table.lon))
    distance = RadianPoints.of(home_lat, home_lon).distances_km(pairs.owner, places, pairs.rows)
    radius = column(
        queries,
        lambda q: q.radius_km if q.location is not None and q.radius_km is not None else np.inf,
        np.float64,
    )
    beyond = column(
        queries,
        lambda q: q.beyond_km if q.location is not None and q.beyond_km is not None else -1.0,
        np.float64,
    )
    keep = (distance <= radius[pairs.owner]) & (distance > beyond[pairs.owner])
    return pairs.kept(keep, distance=distance)
