"""The rows worth scoring for a citizen: those offering the citizen's rarest hard need, with a
commute radius only those near home (a spatial grid over big tables; for a search beyond the
radius, only those that may be beyond it), and for a search that wants relevant rows only,
those sharing a term or related to a goal."""

import numpy as np
import numpy.typing as npt

from matcher.query import CitizenQuery
from matcher.scoring.context import derived
from matcher.scoring.relevance import Relevance
from matcher.spatial import SpatialGrid
from matcher.table import FunctionTable, IntArray

# Below this many rows a table is scanned whole: a grid would cost more than it saves.
GRID_MIN_ROWS = 2048


def candidates(
    table: FunctionTable,
    query: CitizenQuery,
    active: npt.NDArray[np.bool_] | None,
    relevance: Relevance | None = None,
) -> IntArray:
    """The rows worth looking at for a citizen: those that offer the citizen's rarest hard
    need (the other filters follow), with a commute radius only those near home, and when the
    query wants relevant rows only (and `relevance` is given), only those."""
    key: object = "all"
    if query.hard_mask:
        counts = derived(table, "accommodation_counts", lambda: _bit_counts(table))
        bits = [bit for bit in range(32) if query.hard_mask >> bit & 1]
        key = min(bits, key=lambda bit: counts[bit])
    rows = derived(table, ("rows", key), lambda: _rows_offering(table, key))
    if query.location is not None and query.radius_km is not None and len(rows) >= GRID_MIN_ROWS:
        grid = derived(table, ("grid", key), lambda: SpatialGrid(table.lat, table.lon, rows=rows))
        near = grid.rows_near(
            query.location.lat, query.location.lon, query.radius_km, query.beyond_km
        )
        if near is not None:
            rows = near
    if query.relevant_only and relevance is not None and query.asks_relevance:
        rows = rows[relevance.among(query, rows)]
    if active is not None:
        rows = rows[active[rows]]
    return rows


def _bit_counts(table: FunctionTable) -> list[int]:
    """How many rows offer each accommodation bit."""
    return [int(np.count_nonzero(table.accommodations & np.uint32(1 << b))) for b in range(32)]


def _rows_offering(table: FunctionTable, bit: object) -> IntArray:
    """Rows that offer one accommodation bit, or every row ("all")."""
    if bit == "all":
        return np.arange(len(table), dtype=np.int64)
    assert isinstance(bit, int)
    return np.flatnonzero(table.accommodations & np.uint32(1 << bit)).astype(np.int64)
