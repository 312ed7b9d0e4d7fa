"""A grid over a table's rows, so a commute radius only looks at the rows near home.

Rows are bucketed in cells of about a kilometre and sorted by cell. For a home and a radius the
grid returns the rows of every cell the circle may touch (band by band of latitude, the
longitudes the haversine formula allows there): a superset of the rows within the radius, which
the scorer then checks with the exact great-circle distance. For a search beyond one radius and
within a wider one (near matches a little too far away), the cells wholly within the inner
radius are left out too.
"""

import math

import numpy as np
import numpy.typing as npt

from matcher.geo import EARTH_RADIUS_KM

IntArray = npt.NDArray[np.int64]

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
# Widen the bounding box by this share, so rounding can never leave a row within the
# radius outside it.
_MARGIN = 1.001
_HAIR = 1e-9  # degrees


def locality_key(lat: float, lon: float, cell_km: float = 1.0) -> tuple[int, float]:
    """A sort key that puts rows near each other next to each other: by band of latitude (a
    grid's rows of cells), then by longitude. A table in this order reads a grid's cells, band
    by band, from runs of neighbouring rows rather than from all over its columns, which is
    what a search within a radius spends most of its time on (cache misses) otherwise."""
    return (math.floor(lat / (cell_km / KM_PER_DEGREE)), lon)


def locality_order(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], cell_km: float = 1.0
) -> IntArray:
    """The rows' positions sorted by `locality_key` (stable: rows at one place keep their
    order)."""
    band = np.floor(lat / (cell_km / KM_PER_DEGREE))
    order: IntArray = np.lexsort((lon, band)).astype(np.int64)
    return order


class SpatialGrid:
    """Row positions bucketed by (latitude, longitude) cell."""

    def __init__(
        self,
        lat: npt.NDArray[np.float64],
        lon: npt.NDArray[np.float64],
        *,
        rows: IntArray | None = None,
        cell_km: float = 1.0,
    ) -> None:
        """A grid over the given rows of the table whose columns `lat` and `lon` are
        (default: every row)."""
        if rows is not None:
            lat, lon = lat[rows], lon[rows]
        self.size = len(lat)
        self._dlat = cell_km / KM_PER_DEGREE
        middle = float(np.median(lat)) if len(lat) else 0.0
        self._dlon = cell_km / (KM_PER_DEGREE * max(math.cos(math.radians(middle)), 0.05))
        cell_y = np.floor(lat / self._dlat).astype(np.int64)
        cell_x = np.floor(lon / self._dlon).astype(np.int64)
        self._y0 = int(cell_y.min()) if len(lat) else 0
        self._x0 = int(cell_x.min()) if len(lat) else 0
        self._height = int(cell_y.max()) - self._y0 + 1 if len(lat) else 0
        self._width = int(cell_x.max()) - self._x0 + 1 if len(lat) else 0
        keys = (cell_y - self._y0) * self._width + (cell_x - self._x0)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._order: IntArray = (order if rows is None else rows[order]).astype(np.int64)

    def rows_near(
        self, lat: float, lon: float, radius_km: float, beyond_km: float | None = None
    ) -> IntArray | None:
        """Rows that may lie within `radius_km` of the point (and, given `beyond_km`, may lie
        farther than that), in no particular order; None when the radius reaches a pole or
        the date line (then every row must be checked)."""
        angle = radius_km / EARTH_RADIUS_KM
        span_lat = math.degrees(angle) * _MARGIN
        lat_low, lat_high = lat - span_lat, lat + span_lat
        if lat_high >= 89.0 or lat_low <= -89.0:
            return None
        y_low = max(math.floor(lat_low / self._dlat) - self._y0, 0)
        y_high = min(math.floor(lat_high / self._dlat) - self._y0, self._height - 1)
        if y_low > y_high or self._width == 0:
            return np.zeros(0, dtype=np.int64)
        bands = np.arange(y_low, y_high + 1, dtype=np.int64)
        # Each band's latitudes, a hair wider than its cells (rounding in the bucketing).
        south = np.radians((bands + self._y0) * self._dlat - _HAIR)
        north = np.radians((bands + self._y0 + 1) * self._dlat + _HAIR)
        home = math.radians(lat)
        reach = _longitude_reach(home, south, north, angle)
        if reach is None or np.any(np.abs(lon) + reach > 180.0):
            return None
        x_low = np.maximum(np.floor((lon - reach) / self._dlon) - self._x0, 0).astype(np.int64)
        x_high = np.minimum(
            np.floor((lon + reach) / self._dlon) - self._x0, self._width - 1
        ).astype(np.int64)
        spans = [(bands, x_low, x_high)]
        if beyond_km is not None and beyond_km > 0:
            inside = _longitude_inside(home, south, north, beyond_km / EARTH_RADIUS_KM)
            # The cells wholly within `beyond_km` (no row there can be beyond it) are left out.
            first = np.ceil((lon - inside) / self._dlon).astype(np.int64) - self._x0
            last = np.floor((lon + inside) / self._dlon).astype(np.int64) - self._x0 - 1
            hole = (inside > 0) & (first <= last)
            spans = [
                (bands, x_low, np.where(hole, np.minimum(x_high, first - 1), x_high)),
                (bands[hole], np.maximum(x_low[hole], last[hole] + 1), x_high[hole]),
            ]
        return self._rows_in(spans)

    def _rows_in(self, spans: list[tuple[IntArray, IntArray, IntArray]]) -> IntArray:
        """The rows of the cells from x_low to x_high (inclusive) of each band."""
        pieces: list[IntArray] = []
        for bands, x_low, x_high in spans:
            wanted = x_low <= x_high
            keys = bands[wanted] * self._width
            starts = np.searchsorted(self._keys, keys + x_low[wanted], side="left")
            ends = np.searchsorted(self._keys, keys + x_high[wanted], side="right")
            pieces.extend(
                self._order[start:end]
                for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
                if end > start
            )
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(pieces)


def _haversine(angle: npt.NDArray[np.float64] | float) -> npt.NDArray[np.float64]:
    return np.asarray(np.sin(np.asarray(angle) / 2.0) ** 2, dtype=np.float64)


def _longitude_reach(
    home: float, south: npt.NDArray[np.float64], north: npt.NDArray[np.float64], angle: float
) -> npt.NDArray[np.float64] | None:
    """For each band of latitudes (radians), the most longitude (degrees) a point of the band
    within `angle` of home can differ by, widened a little; -1 where no point can be. From
    the haversine formula, hav(d) = hav(dlat) + cos(lat1) cos(lat2) hav(dlon), with the
    band's nearest latitude to home and its latitude farthest from the equator: an upper
    bound. None when the bound reaches half the globe."""
    nearest = np.maximum(np.maximum(south - home, home - north), 0.0)
    least_cos = np.cos(np.maximum(np.abs(south), np.abs(north)))
    ratio = (_haversine(angle) - _haversine(nearest)) / (math.cos(home) * least_cos)
    if np.any(ratio >= 1.0):
        return None
    reach = np.degrees(2.0 * np.arcsin(np.sqrt(np.clip(ratio, 0.0, None)))) * _MARGIN
    result: npt.NDArray[np.float64] = np.where(ratio < 0.0, -1.0, reach)
    return result


def _longitude_inside(
    home: float, south: npt.NDArray[np.float64], north: npt.NDArray[np.float64], angle: float
) -> npt.NDArray[np.float64]:
    """For each band of latitudes (radians), a longitude difference (degrees) within which
    every point of the band lies within `angle` of home, narrowed a little; 0 where there is
    none. The same formula as `_longitude_reach`, with the band's farthest latitude from
    home and its latitude nearest the equator: a lower bound."""
    farthest = np.maximum(np.abs(south - home), np.abs(north - home))
    straddles = (south < 0.0) & (north > 0.0)
    most_cos = np.where(straddles, 1.0, np.cos(np.minimum(np.abs(south), np.abs(north))))
    ratio = (_haversine(angle) - _haversine(farthest)) / (math.cos(home) * most_cos)
    inside = np.degrees(2.0 * np.arcsin(np.sqrt(np.clip(ratio, 0.0, 1.0)))) / _MARGIN
    result: npt.NDArray[np.float64] = np.where(ratio > 0.0, inside, 0.0)
    return result
