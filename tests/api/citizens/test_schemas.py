"""The citizen profile body: a reference that is a case reference and never a CPR number, each
need listed once, bounds on every list, defaults a consultant can leave out, and the profile
the matcher receives carrying exactly what was sent."""

import pytest
from pydantic import ValidationError

from api.citizens.schemas import CitizenIn, CitizenRecordLine, CitizenUpdate
from matcher.models import AccommodationNeed, Coordinates, GoalOccupation, HoursRange
from tests.api.payloads import citizen


def _fields(error: ValidationError) -> list[str]:
    return [".".join(str(part) for part in e["loc"]) for e in error.errors()]


@pytest.mark.parametrize(
    "reference", ["", " ", "-JC", "JC 1", "JC#1", "x" * 65, "010190-1234", "JC-0101901234"]
)
def test_a_reference_that_is_no_case_reference_is_refused(reference: str) -> None:
    with pytest.raises(ValidationError) as refused:
        CitizenIn(**citizen(reference=reference))
    assert _fields(refused.value) == ["reference"]


def test_a_need_listed_twice_is_refused_by_name() -> None:
    needs = [{"code": "mentor", "hard": True}, {"code": "mentor", "hard": False}]
    with pytest.raises(ValidationError, match="'mentor' is listed twice"):
        CitizenIn(**citizen(accommodation_needs=needs))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_group": "pensioner"}, "target_group"),
        ({"skills": ["x"] * 101}, "skills"),
        ({"max_commute_km": 0}, "max_commute_km"),
        ({"max_commute_km": 201}, "max_commute_km"),
        ({"goal_occupations": [{"title": "Lager", "weight": 0}]}, "goal_occupations.0.weight"),
        ({"experience": [{"title": "Lager", "years": 61}]}, "experience.0.years"),
        (
            {"accommodation_needs": [{"code": "a_quiet_beach", "hard": True}]},
            "accommodation_needs.0.code",
        ),
        ({"diagnosis": "ryglidelse"}, "diagnosis"),
    ],
)
def test_each_wrong_field_is_named(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        CitizenIn(**citizen(**change))
    assert _fields(refused.value) == [field]


def test_left_out_fields_take_a_consultants_defaults() -> None:
    data = CitizenIn(reference="JC-1", target_group="vulnerable_youth", skills=["lager"])
    assert (data.danish_level, data.purpose, data.active) == ("fluent", "training", True)
    assert (data.weekly_hours.min, data.weekly_hours.max) == (2, 37)
    assert data.placement_types == [] and data.accommodation_needs == []


def test_the_matcher_receives_what_was_sent() -> None:
    body = citizen(
        coordinates={"lat": 55.66, "lon": 12.5},
        excluded_workplace_ids=[4, 5],
        most_recent_employer_id=9,
    )
    profile = CitizenIn(**body).to_domain(citizen_id=3, version=2)
    assert (profile.id, profile.version, profile.reference) == (3, 2, "JC-TEST-0001")
    assert profile.accommodation_needs == (
        AccommodationNeed("no_heavy_lifting", True),
        AccommodationNeed("gradual_ramp", False),
    )
    assert profile.coordinates == Coordinates(55.66, 12.5)
    assert profile.hours == HoursRange(10, 15)
    assert profile.goal_occupations == (GoalOccupation("Sorteringsmedarbejder", "9612", 1.0),)
    assert profile.placement_types == {"internship", "paid_hours"}
    assert profile.excluded_workplace_ids == {4, 5} and profile.most_recent_employer_id == 9


def test_an_edit_names_the_version_it_read_and_an_import_line_may_name_a_team() -> None:
    with pytest.raises(ValidationError) as refused:
        CitizenUpdate(**citizen())
    assert _fields(refused.value) == ["version"]
    line = CitizenRecordLine(**citizen(team="jobcenter-nord", id=7))
    assert (line.team, line.id) == ("jobcenter-nord", 7)
