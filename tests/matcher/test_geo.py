"""Distances: the haversine distance, one pair or many at once, and Denmark's bounding box."""

import numpy as np
import pytest

from matcher.geo import RadianPoints, haversine_km, in_denmark

NORREPORT = (55.6833, 12.5713)
AARHUS_C = (56.1500, 10.2039)


def test_a_known_distance() -> None:
    # Copenhagen to Aarhus as the crow flies is about 156 km.
    assert haversine_km(*NORREPORT, *AARHUS_C) == pytest.approx(156.3, abs=1.0)
    assert haversine_km(*NORREPORT, *NORREPORT) == 0.0


def test_it_is_the_same_both_ways() -> None:
    assert haversine_km(*NORREPORT, *AARHUS_C) == haversine_km(*AARHUS_C, *NORREPORT)


def test_antipodes_are_half_the_circumference_not_an_error() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(np.pi * 6371.0088)


def test_many_pairs_at_once_equal_one_pair_at_a_time() -> None:
    lat = np.array([55.68, 55.66, 56.15, 55.40])
    lon = np.array([12.57, 12.50, 10.20, 10.38])
    points = RadianPoints.of(lat, lon)
    mine, theirs = np.array([0, 0, 1, 3]), np.array([1, 2, 3, 3])
    got = points.distances_km(mine, points, theirs)
    expected = [
        haversine_km(lat[i], lon[i], lat[j], lon[j]) for i, j in zip(mine, theirs, strict=True)
    ]
    assert got.tolist() == pytest.approx(expected, abs=1e-9)


def test_from_one_point_the_same_figures_as_pair_by_pair() -> None:
    lat = np.array([55.68, 55.66, 56.15, 55.40, 55.68])
    lon = np.array([12.57, 12.50, 10.20, 10.38, 12.57])
    points = RadianPoints.of(lat, lon)
    theirs = np.array([4, 1, 2, 3, 1])
    got = points.distances_from(55.68, 12.57, theirs)
    pair_by_pair = RadianPoints.of(np.array([55.68]), np.array([12.57])).distances_km(
        np.zeros(len(theirs), dtype=np.int64), points, theirs
    )
    # Exactly equal: a suggestion's distance (and rank) must not depend on the path taken.
    assert got.tolist() == pair_by_pair.tolist()
    assert got[0] == 0.0
    assert got[1] == pytest.approx(haversine_km(55.68, 12.57, 55.66, 12.50), abs=1e-9)


@pytest.mark.parametrize(
    ("point", "inside"),
    [(NORREPORT, True), ((55.10, 14.70), True), ((59.33, 18.07), False), ((64.18, -51.7), False)],
    ids=["copenhagen", "bornholm", "stockholm", "nuuk"],
)
def test_denmark_proper_is_inside_the_box(point: tuple[float, float], inside: bool) -> None:
    assert in_denmark(*point) is inside
