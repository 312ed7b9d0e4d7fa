"""The hard filters, over a block of (citizen, row) pairs: placement types offered today
(the reasonableness rule), weekly hours, hard accommodation needs, the most recent employer,
excluded workplaces and the commute radius. What passes is scored; nothing else is.

A near-match search (matcher.near) turns one of them around: only rows lacking a need, offering
none of the wanted placement types, or beyond the radius pass it."""

from collections.abc import Callable, Sequence
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

    def kept(self, keep: npt.NDArray[np.bool_]) -> "Pairs":
        """The pairs where `keep` is true."""
        return Pairs(
            self.rows[keep],
            self.owner[keep],
            self.available[keep],
            self.distance[keep],
            self.located,
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
    block: Sequence[tuple[CitizenQuery, IntArray]],
    context: ScoringContext,
) -> Pairs:
    """The pairs of a block (each citizen with its candidate rows) that pass every hard
    filter, a citizen at a time, the cheap filters first."""
    offers = offered(table, context)
    passed = [_passing(table, query, rows, offers) for query, rows in block]
    return Pairs(
        rows=np.concatenate([rows for rows, _, _ in passed]),
        owner=np.repeat(np.arange(len(block), dtype=np.int64), [len(p[0]) for p in passed]),
        available=np.concatenate([available for _, available, _ in passed]),
        distance=np.concatenate([distance for _, _, distance in passed]),
        located=np.array([query.location is not None for query, _ in block], dtype=np.bool_),
    )


def _passing(
    table: FunctionTable, query: CitizenQuery, rows: IntArray, offers: npt.NDArray[np.uint8]
) -> tuple[IntArray, npt.NDArray[np.uint8], FloatArray]:
    """A citizen's rows that pass every hard filter, the placement types each can have, and
    the distance to each (0 without a home location)."""
    available = offers[rows] & np.uint8(query.wanted_placement_mask)
    keep = available != 0
    keep &= table.hours_min[rows] <= query.hours_max
    keep &= table.hours_max[rows] >= query.hours_min
    if query.hard_mask or query.lacking_mask:
        accommodations = table.accommodations[rows]
        hard = np.uint32(query.hard_mask)
        keep &= (accommodations & hard) == hard
        if query.lacking_mask:
            keep &= (accommodations & np.uint32(query.lacking_mask)) == 0
    rows, available = rows[keep], available[keep]
    if (
        query.most_recent_employer_id is not None
        or query.excluded_workplace_ids
        or query.missing_placement_mask
    ):
        rows, available = _by_workplace(table, query, rows, available)
    return _within_reach(table, query, rows, available)


def _by_workplace(
    table: FunctionTable, query: CitizenQuery, rows: IntArray, available: npt.NDArray[np.uint8]
) -> tuple[IntArray, npt.NDArray[np.uint8]]:
    """Never an internship at the most recent employer (another placement type may be),
    never an excluded workplace, and for a search for other placement types, only those."""
    if query.most_recent_employer_id is not None:
        at_employer = table.workplace_id[rows] == query.most_recent_employer_id
        available = np.where(at_employer, available & ~np.uint8(PRAKTIK_MASK), available).astype(
            np.uint8
        )
    keep = available != 0
    if query.excluded_workplace_ids:
        keep &= ~np.isin(table.workplace_id[rows], query.excluded_workplace_ids)
    if query.missing_placement_mask:
        keep &= (available & np.uint8(query.missing_placement_mask)) == 0
    return rows[keep], available[keep]


def _within_reach(
    table: FunctionTable, query: CitizenQuery, rows: IntArray, available: npt.NDArray[np.uint8]
) -> tuple[IntArray, npt.NDArray[np.uint8], FloatArray]:
    """Distances from home, and only the rows within the citizen's commute radius (and for
    a search beyond it, only those beyond)."""
    if query.location is None:
        return rows, available, np.zeros(len(rows), dtype=np.float64)
    places = derived(table, "radians", lambda: RadianPoints.of(table.lat, table.lon))
    distance = places.distances_from(query.location.lat, query.location.lon, rows)
    keep = np.ones(len(rows), dtype=np.bool_)
    if query.radius_km is not None:
        keep &= distance <= query.radius_km
    if query.beyond_km is not None:
        keep &= distance > query.beyond_km
    return rows[keep], available[keep], distance[keep]
