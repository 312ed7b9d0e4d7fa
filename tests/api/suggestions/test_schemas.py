"""A suggestion as the API shows it: its rounded factors add up to the score exactly as shown,
distances and rates are rounded for reading, a suggestion without a goal match says so, and
each wrong filter is named."""

import dataclasses

import pytest
from pydantic import ValidationError

from api.suggestions.schemas import FiltersIn, SuggestionOut
from matcher.scoring import Factor
from tests.factories import citizen, excellent, rank, workplace


def test_the_rounded_factors_add_up_to_the_score_shown() -> None:
    (suggestion,) = rank([excellent(1)], citizen())
    thirds = tuple(Factor(name, 10 / 3) for name in ("skills", "soft_needs", "distance"))
    shown = SuggestionOut.of(1, dataclasses.replace(suggestion, factors=thirds))
    assert [f.contribution for f in shown.factors] == [3.3333] * 3
    assert shown.score == 9.9999 == round(sum(f.contribution for f in shown.factors), 4)


def test_a_suggestion_reads_as_its_workplace_and_reasons() -> None:
    (suggestion,) = rank([excellent(1)], citizen())
    shown = SuggestionOut.of(3, suggestion)
    assert (shown.rank, shown.workplace_id, shown.function_id) == (3, 1, 10)
    assert shown.hard_needs_met == ["no_heavy_lifting"]
    assert shown.soft_needs_met == ["gradual_ramp"] and shown.soft_needs_unmet == []
    assert shown.distance_km == 0.0
    assert shown.goal_occupation is not None and shown.goal_occupation.occupation_code == "9612"
    assert shown.record.smoothed_good_rate == round(suggestion.record.smoothed_good_rate, 3)


def test_a_suggestion_without_a_goal_or_a_home_says_so() -> None:
    profile = citizen(goal_occupations=(), coordinates=None)
    (suggestion,) = rank([workplace(1)], profile)
    shown = SuggestionOut.of(1, suggestion)
    assert shown.goal_occupation is None and shown.distance_km is None


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"radius_km": 0}, "radius_km"),
        ({"placement_types": ["volunteering"]}, "placement_types.0"),
        ({"sort": "distance"}, "sort"),
    ],
)
def test_each_wrong_filter_is_named(filters: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        FiltersIn(**filters)
    assert [".".join(map(str, e["loc"])) for e in refused.value.errors()] == [field]
