"""The features a learned ranking reads: the scorer's own findings, from 0 to 1, and never
the target group."""

from dataclasses import replace

import numpy as np
import pytest

from matcher.geo import haversine_km
from matcher.learning.features import FEATURE_NAMES, features
from matcher.models import Coordinates, PlacementRecord
from matcher.scoring import ScoringContext, score
from matcher.table import FunctionTable, Vocabulary, function_rows
from tests.factories import TODAY, VALBY, citizen, function, query, with_needs, workplace

CONTEXT = ScoringContext(on=TODAY)
FAR = Coordinates(55.6620, 12.6040)  # about 6.3 km east of Valby


def _features(workplaces, profile):
    vocabulary = Vocabulary()
    table = FunctionTable.build([r for w in workplaces for r in function_rows(w)], vocabulary)
    asked = query(profile)
    scored = score(table, asked, vocabulary, CONTEXT)
    found = features(table, scored, np.arange(len(scored.rows)), asked, CONTEXT)
    by_function = table.function_id[scored.rows]
    return {
        int(f): dict(zip(FEATURE_NAMES, row, strict=True))
        for f, row in zip(by_function, found, strict=True)
    }


WORKPLACES = [
    workplace(
        1,
        function(10, accommodations=frozenset({"no_heavy_lifting", "gradual_ramp"})),
        record=PlacementRecord(10, 9, 5),
    ),
    workplace(2, function(20), coordinates=FAR),
]


def test_each_feature_reads_what_the_scorer_found():
    found = _features(WORKPLACES, citizen())
    near, far = found[10], found[20]
    assert near["soft_needs_met"] == 1.0 and far["soft_needs_met"] == 0.0
    assert near["soft_needs_asked"] == pytest.approx(1 / 5)
    assert far["soft_needs_unmet"] == pytest.approx(1 / 5)
    assert near["proximity"] == pytest.approx(1.0) and near["distance"] == pytest.approx(0.0)
    km = haversine_km(VALBY.lat, VALBY.lon, FAR.lat, FAR.lon)
    assert far["distance"] == pytest.approx(km / 30)
    assert far["proximity"] == pytest.approx(0.5 ** (km / CONTEXT.weights.distance_half_life_km))
    assert near["commute"] == pytest.approx(10 / 30)
    # (9 good of 10, with the prior of 0.5 worth 4 placements)
    assert near["record"] == pytest.approx((9 + 2) / 14)
    assert near["record"] > far["record"] == pytest.approx(0.5)
    assert near["goal_similarity"] == 1.0 and near["skills"] > 0
    assert near["hours_overlap"] == 1.0  # 10-15 hours within the function's 8-30
    assert near["offers_praktik"] == 1.0 and near["offers_paid_hours"] == 1.0


def test_features_lie_between_0_and_1():
    found = _features(WORKPLACES, citizen())
    assert all(0.0 <= v <= 1.0 for row in found.values() for v in row.values())


def test_hours_overlap_is_the_share_of_the_citizens_hours_the_function_gives():
    short = workplace(3, function(30, hours=replace(function(30).hours, max=12)))
    found = _features([short], citizen())
    assert found[30]["hours_overlap"] == pytest.approx((12 - 10) / (15 - 10))


def test_the_target_group_and_danish_level_are_never_read():
    profile = replace(citizen(), danish_level="native")
    other = replace(profile, target_group="minority_women", danish_level="fluent")
    assert _features(WORKPLACES, profile) == _features(WORKPLACES, other)


def test_limited_danish_counts_only_as_the_need_it_makes():
    """A limited Danish level asks for the soft need limited_danish_ok (matcher.query): the
    features see that need, met or not, as they see any other."""
    limited = replace(citizen(), danish_level="none")
    as_a_need = replace(
        with_needs(
            citizen(),
            ("no_heavy_lifting", True),
            ("gradual_ramp", False),
            ("limited_danish_ok", False),
        ),
        danish_level="fluent",
    )
    assert _features(WORKPLACES, limited) == _features(WORKPLACES, as_a_need)


def test_a_citizen_without_soft_needs_or_home_reads_zeros_for_them():
    profile = replace(with_needs(citizen(), ("no_heavy_lifting", True)), coordinates=None)
    found = _features(WORKPLACES, replace(profile, max_commute_km=None))[10]
    assert found["soft_needs_asked"] == found["soft_needs_met"] == 0.0
    assert found["located"] == found["proximity"] == found["commute"] == 0.0
