"""A grid over a table's rows, so a commute radius only looks at the rows near home.

Rows are bucketed in cells of about a kilometre and sorted by cell. For a home and a radius the
grid returns the rows of every cell the radius' bounding box touches: a superset of the rows
within the radius, which the scorer then checks with the exact great-circle distance.
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

    def rows_near(self, lat: float, lon: float, radius_km: float) -> IntArray | None:
        """Rows that may lie within `radius_km` of the point, in no particular order; None
        when the box reaches a pole or the date line (then every row must be checked)."""
        angle = radius_km / EARTH_RADIUS_KM
        span_lat = math.degrees(angle) * _MARGIN
        lat_low, lat_high = lat - span_lat, lat + span_lat
        if lat_high >= 89.0 or lat_low <= -89.0:
            return None
        # The widest longitude a circle of this radius reaches (the bounding-box formula for
        # great circles), widened a little.
        reach = math.sin(angle) / math.cos(math.radians(lat))
        if reach >= 1.0:
            return None
        span_lon = math.degrees(math.asin(reach)) * _MARGIN
        lon_low, lon_high = lon - span_lon, lon + span_lon
        if lon_low < -180.0 or lon_high > 180.0:
            return None
        y_low = max(math.floor(lat_low / self._dlat) - self._y0, 0)
        y_high = min(math.floor(lat_high / self._dlat) - self._y0, self._height - 1)
        x_low = max(math.floor(lon_low / self._dlon) - self._x0, 0)
        x_high = min(math.floor(lon_high / self._dlon) - self._x0, self._width - 1)
        if y_low > y_high or x_low > x_high:
            return np.zeros(0, dtype=np.int64)
        bands = np.arange(y_low, y_high + 1, dtype=np.int64) * self._width
        starts = np.searchsorted(self._keys, bands + x_low, side="left")
        ends = np.searchsorted(self._keys, bands + x_high, side="right")
        spans = zip(starts.tolist(), ends.tolist(), strict=True)
        pieces = [self._order[start:end] for start, end in spans if end > start]
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(pieces)
