"""Distances on the earth's surface, scalar and vectorised."""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_KM = 6371.0088

# Denmark's land area with Bornholm and the small islands, generously rounded. Greenland and
# the Faroe Islands are outside: the job centres this service is for are in Denmark proper.
DENMARK_LAT = (54.4, 57.9)
DENMARK_LON = (7.9, 15.3)


def in_denmark(lat: float, lon: float) -> bool:
    """True when the point lies inside Denmark's bounding box."""
    return DENMARK_LAT[0] <= lat <= DENMARK_LAT[1] and DENMARK_LON[0] <= lon <= DENMARK_LON[1]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class RadianPoints:
    """Points in radians with the cosine of their latitude, for many distances at once."""

    phi: npt.NDArray[np.float64]
    lam: npt.NDArray[np.float64]
    cos_phi: npt.NDArray[np.float64]

    @classmethod
    def of(cls, lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> "RadianPoints":
        phi = np.radians(lat)
        return cls(phi, np.radians(lon), np.cos(phi))

    def distances_km(
        self, mine: npt.NDArray[np.int64], others: "RadianPoints", theirs: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Great-circle distances in kilometres from my points `mine` to the other points
        `theirs`, pair by pair (the haversine formula)."""
        return _haversine_km(
            (self.phi[mine], self.lam[mine], self.cos_phi[mine]),
            (others.phi[theirs], others.lam[theirs], others.cos_phi[theirs]),
        )

    def distances_from(
        self, lat: float, lon: float, theirs: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Great-circle distances in kilometres from one point to my points `theirs`: the
        same figures as `distances_km` gives, without gathering the one point per pair."""
        home = RadianPoints.of(np.array([lat]), np.array([lon]))
        return _haversine_km(
            (home.phi[0], home.lam[0], home.cos_phi[0]),
            (self.phi[theirs], self.lam[theirs], self.cos_phi[theirs]),
        )


def _haversine_km(first: tuple[Any, Any, Any], second: tuple[Any, Any, Any]) -> Any:
    """The haversine formula over (latitude, longitude, cosine of latitude) in radians,
    arrays of pairs or one point against many."""
    phi1, lam1, cos1 = first
    phi2, lam2, cos2 = second
    a = np.sin((phi2 - phi1) / 2) ** 2 + cos1 * cos2 * np.sin((lam2 - lam1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
