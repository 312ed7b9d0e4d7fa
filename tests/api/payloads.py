"""Request bodies for API tests."""

import copy
from typing import Any

WORKPLACE: dict[str, Any] = {
    "name": "Genbrugsstation Test",
    "address": "Vigerslevvej 301, 2500 Valby",
    "postal_code": "2500",
    "coordinates": {"lat": 55.6405, "lon": 12.4810},
    "industry": "recycling",
    "ordinary_employees": 14,
    "current_subsidised_placements": 1,
    "accommodations": ["mentor"],
    "record": {"placements": 3, "good_outcomes": 2, "paid_hours_outcomes": 2},
    "functions": [
        {
            "title": "Sorteringsmedarbejder",
            "occupation_code": "9612",
            "tasks": ["Sortering af affald og genbrug"],
            "weekly_hours": {"min": 8, "max": 30},
            "placement_types": ["internship", "paid_hours"],
            "accommodations": ["no_heavy_lifting", "changing_positions"],
        }
    ],
}

CITIZEN: dict[str, Any] = {
    "reference": "JC-TEST-0001",
    "target_group": "sick_listed",
    "skills": ["sortering", "lager"],
    "accommodation_needs": [
        {"code": "no_heavy_lifting", "hard": True},
        {"code": "gradual_ramp", "hard": False},
    ],
    "postal_code": "2500",
    "max_commute_km": 10,
    "weekly_hours": {"min": 10, "max": 15},
    "goal_occupations": [{"title": "Sorteringsmedarbejder", "occupation_code": "9612"}],
    "placement_types": ["internship", "paid_hours"],
}


# A plan for CITIZEN at WORKPLACE's function, begun before the tests' day (2026-11-22).
PLAN: dict[str, Any] = {
    "placement_type": "internship",
    "start_date": "2026-11-02",
    "weeks": 13,
    "start_hours": 10,
    "target_hours": 15,
    "tasks": ["Sortering af affald og genbrug"],
    "accommodations": ["no_heavy_lifting"],
    "contact_person": "Mette Holm",
    "follow_up_every_weeks": 2,
    "paid_hours_week": 7,
}


def plan(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(PLAN)
    body.update(changes)
    return body


def workplace(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(WORKPLACE)
    body.update(changes)
    return body


def citizen(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(CITIZEN)
    body.update(changes)
    return body
