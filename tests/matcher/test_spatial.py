"""The spatial grid: it finds every row within a radius, prunes the rest, and gives up where a
grid cannot work."""

import random

import numpy as np

from matcher.geo import haversine_km
from matcher.spatial import SpatialGrid


def test_the_grid_finds_every_row_within_the_radius() -> None:
    rng = random.Random(8)
    lat = [55.4 + rng.random() * 0.6 for _ in range(5000)]
    lon = [12.0 + rng.random() * 0.8 for _ in range(5000)]

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
