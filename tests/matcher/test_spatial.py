"""The spatial grid: it finds every row within a radius, prunes the rest, and gives up where a
grid cannot work."""

import random

import numpy as np

from matcher.geo import haversine_km
from matcher.spatial import SpatialGrid, locality_key


def _points(
    seed: int, count: int, south_west: tuple[float, float], size: tuple[float, float]
) -> tuple[random.Random, list[float], list[float]]:
    """`count` random points in a box of `size` degrees from its south-west corner."""
    rng = random.Random(seed)
    lat = [south_west[0] + rng.random() * size[0] for _ in range(count)]
    lon = [south_west[1] + rng.random() * size[1] for _ in range(count)]
    return rng, lat, lon


def test_the_grid_finds_every_row_within_the_radius() -> None:
    rng, lat, lon = _points(8, 5000, (55.4, 12.0), (0.6, 0.8))
    grid = SpatialGrid(np.array(lat), np.array(lon), cell_km=0.7)
    for _ in range(200):
        home = (55.3 + rng.random() * 0.8, 11.9 + rng.random() * 1.0)
        radius = rng.choice([0.5, 2.0, 5.0, 12.0, 40.0])
        within = {
            i for i in range(5000) if haversine_km(home[0], home[1], lat[i], lon[i]) <= radius
        }
        near = grid.rows_near(home[0], home[1], radius)
        assert near is not None
        assert within <= set(near.tolist())
        # and it is a pruning: at most the bounding box's rows, far fewer than all of them
        if radius <= 5.0:
            assert len(near) < 5000 / 4


def test_the_grid_gives_up_at_the_poles_and_the_date_line() -> None:
    grid = SpatialGrid(np.array([89.9, 0.0]), np.array([0.0, 179.99]))
    assert grid.rows_near(89.95, 10.0, 5.0) is None
    assert grid.rows_near(0.0, 179.999, 5.0) is None
    near = grid.rows_near(0.0, 179.95, 4.0)
    assert near is not None and near.tolist() == [1]


def test_the_grid_follows_the_circle_not_its_bounding_box() -> None:
    _, lat, lon = _points(5, 20000, (55.5, 12.2), (0.4, 0.6))
    grid = SpatialGrid(np.array(lat), np.array(lon))
    near = grid.rows_near(55.7, 12.5, 10.0)
    assert near is not None
    distances = [haversine_km(55.7, 12.5, lat[i], lon[i]) for i in near.tolist()]
    # The box's corners (a fifth of its area) are left out: what lies beyond the radius is
    # the part of the cells the circle cuts (with the box, some 30 %).
    beyond = sum(d > 10.0 for d in distances)
    assert beyond < 0.15 * len(near)


def test_beyond_an_inner_radius_every_row_of_the_ring_and_little_of_the_disc() -> None:
    rng, lat, lon = _points(9, 8000, (55.3, 11.9), (0.8, 1.2))
    grid = SpatialGrid(np.array(lat), np.array(lon), cell_km=0.8)
    for _ in range(150):
        home = (55.4 + rng.random() * 0.6, 12.0 + rng.random() * 1.0)
        inner = rng.choice([0.3, 1.0, 3.0, 8.0, 15.0])
        outer = inner + rng.choice([0.5, 2.0, 5.0])
        distance = [haversine_km(home[0], home[1], lat[i], lon[i]) for i in range(8000)]
        ring = {i for i, d in enumerate(distance) if inner < d <= outer}
        near = grid.rows_near(home[0], home[1], outer, inner)
        assert near is not None
        assert ring <= set(near.tolist())
        if inner >= 8.0:
            # Most of the disc within the inner radius is left out.
            disc = {i for i, d in enumerate(distance) if d <= inner - 2.0}
            assert len(disc & set(near.tolist())) < 0.05 * len(disc)


def test_in_locality_order_a_circle_is_read_from_a_run_of_rows_per_band() -> None:
    _, lat, lon = _points(4, 20000, (55.5, 12.2), (0.4, 0.6))
    points = list(zip(lat, lon, strict=True))
    points.sort(key=lambda point: locality_key(*point))
    grid = SpatialGrid(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    near = grid.rows_near(55.7, 12.5, 5.0)
    assert near is not None and len(near) > 1000
    runs = 1 + int(np.count_nonzero(np.diff(near) != 1))
    bands = len({locality_key(*points[i])[0] for i in near.tolist()})
    assert runs == bands  # one run of neighbouring rows per band of latitude
