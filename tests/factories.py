"""Small builders of domain objects for unit tests."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from matcher.balance import BalanceEntry, BalanceTable
from matcher.models import (
    AccommodationNeed,
    CitizenProfile,
    Coordinates,
    GoalOccupation,
    HoursRange,
    PlacementRecord,
    Workplace,
    WorkplaceFunction,
)
from matcher.query import CitizenQuery, SuggestionFilters, build_query
from matcher.scoring import ScoringContext, Suggestion, suggest
from matcher.table import FunctionTable, Vocabulary, function_rows

VALBY = Coordinates(55.6620, 12.5040)
TODAY = dt.date(2026, 11, 22)
BALANCE = BalanceTable(
    [
        BalanceEntry("9612", "Sorteringsmedarbejder", "hovedstaden", "2026-07", "good"),
        BalanceEntry("4321", "Lagermedarbejder", "hovedstaden", "2026-07", "good"),
        BalanceEntry("5322", "Social- og sundhedshjælper", "hovedstaden", "2026-07", "shortage"),
        BalanceEntry("4110", "Kontorassistent", "hovedstaden", "2026-07", "limited"),
    ],
    area="hovedstaden",
    on=TODAY,
)


def function(function_id: int, **overrides: Any) -> WorkplaceFunction:
    values: dict[str, Any] = {
        "id": function_id,
        "title": "Sorteringsmedarbejder",
        "occupation_code": "9612",
        "tasks": ("Sortering af affald og genbrug", "Pluk og pakning"),
        "hours": HoursRange(8, 30),
        "placement_types": frozenset({"internship", "paid_hours"}),
        "accommodations": frozenset({"no_heavy_lifting", "changing_positions"}),
    }
    values.update(overrides)
    return WorkplaceFunction(**values)


def workplace(workplace_id: int, *functions: WorkplaceFunction, **overrides: Any) -> Workplace:
    values: dict[str, Any] = {
        "id": workplace_id,
        "name": f"Arbejdsplads {workplace_id}",
        "address": "Valby Langgade 1",
        "postal_code": "2500",
        "coordinates": VALBY,
        "industry": "recycling",
        "ordinary_employees": 20,
        "current_subsidised_placements": 0,
        "accommodations": frozenset(),
        "functions": functions or (function(workplace_id * 10),),
        "record": PlacementRecord(),
    }
    values.update(overrides)
    return Workplace(**values)


def citizen(**overrides: Any) -> CitizenProfile:
    values: dict[str, Any] = {
        "reference": "JC-TEST-1",
        "target_group": "sick_listed",
        "skills": ("sortering", "pluk og pakning"),
        "accommodation_needs": (
            AccommodationNeed("no_heavy_lifting", hard=True),
            AccommodationNeed("gradual_ramp", hard=False),
        ),
        "coordinates": VALBY,
        "max_commute_km": 10.0,
        "hours": HoursRange(10, 15),
        "goal_occupations": (GoalOccupation("Sorteringsmedarbejder", "9612", 1.0),),
        "placement_types": frozenset({"internship", "paid_hours"}),
    }
    values.update(overrides)
    return CitizenProfile(**values)


def query(profile: CitizenProfile, **filters: Any) -> CitizenQuery:
    return build_query(
        profile,
        balance=BALANCE,
        weights=ScoringContext().weights,
        postal_codes={"2500": VALBY},
        filters=SuggestionFilters(**filters),
    )


def rank(
    workplaces: list[Workplace],
    profile: CitizenProfile,
    context: ScoringContext | None = None,
    **filters: Any,
) -> list[Suggestion]:
    """Suggestions for a profile among the given workplaces."""
    vocabulary = Vocabulary()
    rows = [row for w in workplaces for row in function_rows(w)]
    table = FunctionTable.build(rows, vocabulary)
    return suggest(
        table, query(profile, **filters), vocabulary, context or ScoringContext(on=TODAY)
    )


def with_needs(profile: CitizenProfile, *needs: tuple[str, bool]) -> CitizenProfile:
    return replace(profile, accommodation_needs=tuple(AccommodationNeed(c, h) for c, h in needs))


# A function that scores as well as a function can for the default citizen: every task and
# the title match, every soft need is met, it is next door and has a perfect record.
def excellent(workplace_id: int, **workplace_overrides: Any) -> Workplace:
    best = function(
        workplace_id * 10,
        accommodations=frozenset({"no_heavy_lifting", "changing_positions", "gradual_ramp"}),
    )
    return workplace(workplace_id, best, record=PlacementRecord(20, 20, 20), **workplace_overrides)


def ids(suggestions: Sequence[Suggestion]) -> list[int]:
    return [s.workplace_id for s in suggestions]
