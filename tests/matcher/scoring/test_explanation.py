"""A suggestion's reasons: the needs met and unmet, the terms matched as written, and the
suggestion as a plain document."""

from dataclasses import replace

from matcher.models import Experience, GoalOccupation, PlacementRecord
from tests.factories import (
    citizen,
    function,
    query,
    rank,
    workplace,
)


def test_unmet_soft_needs_are_named() -> None:
    [suggestion] = rank([workplace(1)], citizen())
    assert suggestion.soft_needs_unmet == ("gradual_ramp",)
    assert suggestion.hard_needs_met == ("no_heavy_lifting",)


def test_limited_danish_adds_a_soft_need() -> None:
    profile = replace(citizen(), danish_level="basic")
    [suggestion] = rank([workplace(1)], profile)
    assert "limited_danish_ok" in suggestion.soft_needs_unmet


def test_matched_terms_are_shown_as_written() -> None:
    [suggestion] = rank([workplace(1)], citizen())
    assert "sortering" in suggestion.matched_terms
    assert "pakning" in suggestion.matched_terms


def test_a_suggestion_document_holds_every_field_as_plain_data() -> None:
    import dataclasses

    [suggestion] = rank([workplace(1, record=PlacementRecord(3, 2, 1))], citizen())
    expected = dataclasses.asdict(suggestion)
    # asdict keeps tuples; a document has lists, as JSON does.
    for key in (
        "placement_types",
        "hard_needs_met",
        "soft_needs_met",
        "soft_needs_unmet",
        "matched_terms",
        "matched_competences",
    ):
        expected[key] = list(expected[key])
    expected["factors"] = list(expected["factors"])
    least, most = expected["weekly_hours"]
    expected["weekly_hours"] = {"min": least, "max": most}
    assert suggestion.document() == expected


def test_a_suggestion_says_the_functions_hours_and_the_room_left_under_the_rule() -> None:
    # 20 ordinary employees: room for 4 in praktik and wage subsidy together.
    [suggestion] = rank([workplace(1)], citizen())
    assert suggestion.weekly_hours == (8, 30)
    assert suggestion.free_places == 4
    [busier] = rank([workplace(2, current_subsidised_placements=3)], citizen())
    assert busier.free_places == 1


def test_a_goal_match_says_how_the_occupations_are_related() -> None:
    # The domain brief's example: a warehouse goal, sorting at a recycling centre.
    profile = replace(citizen(), goal_occupations=(GoalOccupation("Lagermedarbejder", "4321", 1),))
    [suggestion] = rank([workplace(1)], profile)
    goal = suggestion.goal_occupation
    assert goal is not None and goal.title == "Lagermedarbejder"
    assert (goal.relation, goal.field) == ("same_field", "Lager, logistik og transport")
    assert goal.similarity == 0.5
    same = rank([workplace(1)], citizen())[0].goal_occupation
    assert same is not None and (same.relation, same.field) == ("same_occupation", None)


def test_a_goal_given_as_a_title_says_what_it_was_read_as_and_how_surely() -> None:
    profile = replace(citizen(), goal_occupations=(GoalOccupation("Genbrugsarbejder", None, 1),))
    [suggestion] = rank([workplace(1)], profile)
    goal = suggestion.goal_occupation
    assert goal is not None and goal.occupation_code == "9612"
    assert (goal.interpreted_as, goal.confidence) == ("Genbrugsarbejder", 1.0)
    assert goal.relation == "same_occupation"


def test_an_unsure_reading_of_a_title_keeps_no_code() -> None:
    profile = replace(citizen(), goal_occupations=(GoalOccupation("Astronaut", None, 1),))
    [goal] = query(profile).goals
    assert goal.occupation_code is None
    assert goal.interpreted_as == "Astronom" and goal.confidence is not None
    assert goal.confidence < 0.8


def test_what_met_what_is_shown_in_the_citizens_words_and_the_workplaces() -> None:
    delivery = function(
        10,
        title="Varebilschauffør",
        occupation_code="8322",
        tasks=("Distribution af varer", "Levering til kunder"),
        accommodations=frozenset({"no_heavy_lifting"}),
    )
    profile = replace(
        citizen(skills=(), goal_occupations=()),
        experience=(Experience("kørt varer ud for min fars firma", kind="home"),),
    )
    [suggestion] = rank([workplace(1, delivery)], profile)
    shared = {m.label: m for m in suggestion.matched_competences if not m.near}
    match = shared["Distribution og levering"]
    assert match.citizen_words == "kørt varer ud for min fars firma"
    assert match.workplace_words == "Distribution af varer" and match.source == "home"
    near = [m for m in suggestion.matched_competences if m.near]
    assert all(m.citizen_label for m in near)
    assert suggestion.document()["matched_competences"][0]["source"] == "home"
    # Home experience earns skills points as paid work would.
    skills = next(f.contribution for f in suggestion.factors if f.name == "skills")
    assert skills > 0
