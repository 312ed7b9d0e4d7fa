"""A citizen's query: needs without repeats (hard wins), limited Danish as a soft need, the
request's filters over the profile's own values, the home from the postal code, goals with
their code and balance."""

from dataclasses import replace

from matcher.models import Coordinates, Experience, GoalOccupation
from matcher.vocabulary import ALL_PLACEMENTS_MASK, placement_mask
from tests.factories import VALBY, citizen, query, with_needs


def test_a_need_both_hard_and_soft_is_hard_and_repeats_count_once() -> None:
    profile = with_needs(
        citizen(),
        ("no_heavy_lifting", True),
        ("no_heavy_lifting", False),
        ("mentor", False),
        ("mentor", False),
    )
    q = query(profile)
    assert q.hard_needs == ("no_heavy_lifting",)
    assert q.soft_needs == ("mentor",)


def test_limited_danish_is_a_soft_need_unless_already_asked_for() -> None:
    assert "limited_danish_ok" in query(citizen(danish_level="basic")).soft_needs
    assert "limited_danish_ok" not in query(citizen(danish_level="fluent")).soft_needs
    hard = with_needs(citizen(danish_level="basic"), ("limited_danish_ok", True))
    q = query(hard)
    assert q.hard_needs == ("limited_danish_ok",) and "limited_danish_ok" not in q.soft_needs


def test_the_request_filters_replace_the_profile_values() -> None:
    profile = citizen(max_commute_km=10.0, placement_types=frozenset({"internship"}))
    q = query(profile, radius_km=3.0, placement_types=frozenset({"paid_hours"}), limit=5)
    assert q.radius_km == 3.0 and q.limit == 5
    assert q.wanted_placement_mask == placement_mask(["paid_hours"])
    assert q.wants_paid_hours
    plain = query(profile)
    assert plain.radius_km == 10.0 and not plain.wants_paid_hours


def test_no_placement_type_wanted_means_any() -> None:
    q = query(citizen(placement_types=frozenset()))
    assert q.wanted_placement_mask == ALL_PLACEMENTS_MASK
    assert query(citizen(placement_types=frozenset(), purpose="paid_hours")).wants_paid_hours


def test_home_is_the_coordinates_else_the_postal_code_centre_else_unknown() -> None:
    here = Coordinates(55.70, 12.55)
    assert query(citizen(coordinates=here)).location == here
    assert query(citizen(coordinates=None, postal_code="2500")).location == VALBY
    assert query(citizen(coordinates=None, postal_code="9999")).location is None
    assert query(citizen(coordinates=None, postal_code=None)).location is None


def test_terms_come_from_skills_experience_and_education() -> None:
    profile = citizen(
        skills=("truckkørsel",),
        experience=(Experience("Lagermedarbejder", "Pluk af varer"),),
        education=("Social- og sundhedshjælper",),
    )
    terms = query(profile).terms
    for stem in ("truck", "lager", "pluk", "sundhedshjælp"):
        assert any(term.startswith(stem) for term in terms), (stem, terms)


def test_goals_get_their_code_from_the_title_and_their_balance_weight() -> None:
    profile = citizen(
        goal_occupations=(
            GoalOccupation("lager medarbejder"),
            GoalOccupation("Social- og sundhedshjælper", "5322", 0.5),
            GoalOccupation("astronaut"),
        )
    )
    by_title = {g.title: g for g in query(profile).goals}
    assert by_title["lager medarbejder"].occupation_code == "4321"
    assert by_title["lager medarbejder"].balance_category == "good"
    shortage = by_title["Social- og sundhedshjælper"]
    assert (shortage.balance_category, shortage.balance_weight, shortage.weight) == (
        "shortage",
        1.0,
        0.5,
    )
    unknown = by_title["astronaut"]
    assert unknown.occupation_code is None and unknown.balance_weight == 0.5


def test_excluded_workplaces_are_sorted() -> None:
    q = query(replace(citizen(), excluded_workplace_ids=frozenset({9, 2, 5})))
    assert q.excluded_workplace_ids == (2, 5, 9)
