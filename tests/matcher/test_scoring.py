"""Hard filters, factors and ordering of the scorer, on small hand-built tables."""

from dataclasses import replace

import pytest

from matcher.models import Coordinates, GoalOccupation, HoursRange, PlacementRecord
from matcher.scoring import ScoringContext
from matcher.weights import FACTOR_NAMES, ScoringWeights
from tests.factories import TODAY, VALBY, citizen, function, rank, with_needs, workplace


# A function that scores as well as a function can for the default citizen: every task and
# the title match, every soft need is met, it is next door and has a perfect record.
def excellent(workplace_id: int, **workplace_overrides: object):  # type: ignore[no-untyped-def]
    best = function(
        workplace_id * 10,
        accommodations=frozenset({"no_heavy_lifting", "changing_positions", "gradual_ramp"}),
    )
    return workplace(workplace_id, best, record=PlacementRecord(20, 20, 20), **workplace_overrides)


def ids(suggestions: list) -> list[int]:  # type: ignore[type-arg]
    return [s.workplace_id for s in suggestions]


class TestHardFilters:
    """A function that fails one hard filter never appears, however well it would score."""

    def test_a_missing_hard_need_excludes_the_function(self) -> None:
        profile = with_needs(citizen(), ("no_heavy_lifting", True), ("late_start", True))
        lacking = excellent(1)  # everything but late_start
        meeting = workplace(
            2,
            function(20, accommodations=frozenset({"no_heavy_lifting"})),
            accommodations=frozenset({"late_start"}),
        )
        assert ids(rank([lacking, meeting], profile)) == [2]

    def test_a_hard_need_met_by_the_whole_workplace_counts(self) -> None:
        profile = with_needs(citizen(), ("mentor", True))
        assert ids(rank([workplace(1, accommodations=frozenset({"mentor"}))], profile)) == [1]

    def test_no_placement_type_in_common_excludes(self) -> None:
        profile = replace(citizen(), placement_types=frozenset({"flexjob"}))
        flexjob = workplace(2, function(20, placement_types=frozenset({"flexjob"})))
        assert ids(rank([excellent(1), flexjob], profile)) == [2]

    def test_hours_that_do_not_overlap_exclude(self) -> None:
        profile = replace(citizen(), hours=HoursRange(4, 6))
        short = workplace(2, function(20, hours=HoursRange(2, 5)))
        assert ids(rank([excellent(1), short], profile)) == [2]  # excellent needs 8-30

    def test_outside_the_commute_radius_excludes(self) -> None:
        far = Coordinates(55.8700, 12.5000)  # about 23 km north of Valby
        profile = citizen()
        assert ids(rank([excellent(1, coordinates=far), workplace(2)], profile)) == [2]
        assert ids(rank([excellent(1, coordinates=far)], profile, radius_km=30)) == [1]

    def test_a_full_workplace_is_no_candidate_for_internship_or_wage_subsidy(self) -> None:
        # 20 employees allow 4 people in praktik or wage subsidy.
        full = excellent(1, ordinary_employees=20, current_subsidised_placements=4)
        profile = replace(citizen(), placement_types=frozenset({"internship", "wage_subsidy"}))
        assert rank([full], profile) == []
        room = excellent(2, ordinary_employees=20, current_subsidised_placements=3)
        assert ids(rank([room], profile)) == [2]

    def test_a_full_workplace_still_offers_paid_hours(self) -> None:
        full = excellent(1, ordinary_employees=20, current_subsidised_placements=4)
        [suggestion] = rank([full], citizen())
        assert suggestion.placement_types == ("paid_hours",)

    def test_excluded_workplaces_never_appear(self) -> None:
        profile = replace(citizen(), excluded_workplace_ids=frozenset({1}))
        assert ids(rank([excellent(1), workplace(2)], profile)) == [2]

    def test_never_an_internship_at_the_most_recent_employer(self) -> None:
        profile = replace(
            citizen(), most_recent_employer_id=1, placement_types=frozenset({"internship"})
        )
        assert ids(rank([excellent(1), workplace(2)], profile)) == [2]

    def test_the_most_recent_employer_may_offer_paid_hours(self) -> None:
        profile = replace(citizen(), most_recent_employer_id=1)
        suggestions = rank([excellent(1)], profile)
        assert [s.placement_types for s in suggestions] == [("paid_hours",)]


class TestScore:
    def test_factors_add_up_to_the_score(self) -> None:
        workplaces = [
            excellent(1),
            workplace(2),
            workplace(3, coordinates=Coordinates(55.70, 12.55)),
        ]
        for suggestion in rank(workplaces, citizen()):
            assert [f.name for f in suggestion.factors] == list(FACTOR_NAMES)
            total = sum(f.contribution for f in suggestion.factors)
            assert total == pytest.approx(suggestion.score, abs=1e-9)

    def test_a_perfect_match_scores_the_sum_of_the_weights(self) -> None:
        title, tasks = "Social- og sundhedshjælper", ("Personlig pleje", "Hjælp til måltider")
        care = function(
            10,
            title=title,
            occupation_code="5322",
            tasks=tasks,
            accommodations=frozenset({"no_heavy_lifting", "gradual_ramp"}),
        )
        perfect = workplace(1, care, record=PlacementRecord(10_000, 10_000, 10_000))
        profile = replace(
            citizen(),
            skills=(title, *tasks),
            goal_occupations=(GoalOccupation(title, "5322", 1.0),),
        )
        [suggestion] = rank([perfect], profile)
        weights = ScoringWeights()
        assert suggestion.goal_occupation is not None
        assert suggestion.goal_occupation.balance_category == "shortage"
        expected = sum(getattr(weights, name) for name in FACTOR_NAMES)
        assert suggestion.score == pytest.approx(expected, abs=0.01)

    def test_ties_are_broken_by_function_id(self) -> None:
        twins = [workplace(i, function(100 - i)) for i in (1, 2, 3)]
        assert [s.function_id for s in rank(twins, citizen())] == [97, 98, 99]

    def test_one_good_placement_cannot_dominate(self) -> None:
        profile = citizen()
        lucky = workplace(1, record=PlacementRecord(1, 1, 0))
        proven = workplace(2, record=PlacementRecord(20, 16, 0))
        by_id = {s.workplace_id: s for s in rank([lucky, proven], profile)}
        record = {
            i: dict((f.name, f.contribution) for f in s.factors)["record"] for i, s in by_id.items()
        }
        assert record[2] > record[1]
        assert by_id[1].record.smoothed_good_rate == pytest.approx((1 + 0.5 * 4) / (1 + 4))

    def test_distance_decays(self) -> None:
        near = workplace(1, coordinates=VALBY)
        farther = workplace(2, coordinates=Coordinates(55.6800, 12.5040))  # 2 km north
        first, second = rank([near, farther], citizen())
        assert (first.workplace_id, second.workplace_id) == (1, 2)
        assert second.distance_km == pytest.approx(2.0, abs=0.05)

    def test_goal_occupations_are_weighted_by_their_balance(self) -> None:
        shortage = workplace(
            1, function(10, title="Social- og sundhedshjælper", occupation_code="5322", tasks=())
        )
        limited = workplace(
            2, function(20, title="Kontorassistent", occupation_code="4110", tasks=())
        )
        profile = replace(
            citizen(skills=()),
            goal_occupations=(
                GoalOccupation("Social- og sundhedshjælper", "5322", 1.0),
                GoalOccupation("Kontorassistent", "4110", 1.0),
            ),
        )
        suggestions = {s.workplace_id: s for s in rank([shortage, limited], profile)}
        goal = {i: s.goal_occupation for i, s in suggestions.items()}
        assert goal[1] is not None and goal[1].balance_category == "shortage"
        assert goal[2] is not None and goal[2].balance_category == "limited"
        assert suggestions[1].score > suggestions[2].score

    def test_a_goal_title_without_a_code_is_matched_fuzzily(self) -> None:
        profile = replace(citizen(), goal_occupations=(GoalOccupation("sorterings medarbejder"),))
        [suggestion] = rank([workplace(1)], profile)
        assert suggestion.goal_occupation is not None
        assert suggestion.goal_occupation.occupation_code == "9612"

    def test_unmet_soft_needs_are_named(self) -> None:
        [suggestion] = rank([workplace(1)], citizen())
        assert suggestion.soft_needs_unmet == ("gradual_ramp",)
        assert suggestion.hard_needs_met == ("no_heavy_lifting",)

    def test_limited_danish_adds_a_soft_need(self) -> None:
        profile = replace(citizen(), danish_level="basic")
        [suggestion] = rank([workplace(1)], profile)
        assert "limited_danish_ok" in suggestion.soft_needs_unmet

    def test_matched_terms_are_shown_as_written(self) -> None:
        [suggestion] = rank([workplace(1)], citizen())
        assert "sortering" in suggestion.matched_terms
        assert "pakning" in suggestion.matched_terms

    def test_paid_hours_potential_counts_only_when_the_citizen_wants_paid_hours(self) -> None:
        wants = citizen()
        does_not = replace(citizen(), placement_types=frozenset({"internship"}))
        factor = lambda s: dict((f.name, f.contribution) for f in s.factors)  # noqa: E731
        assert factor(rank([workplace(1)], wants)[0])["paid_hours_potential"] > 0
        assert factor(rank([workplace(1)], does_not)[0])["paid_hours_potential"] == 0

    def test_weights_change_the_ranking(self) -> None:
        close_unrelated = workplace(
            1, function(10, title="Kontorassistent", occupation_code="4110", tasks=("Post",))
        )
        far_matching = workplace(2, coordinates=Coordinates(55.70, 12.50))
        profile = citizen()
        assert ids(rank([close_unrelated, far_matching], profile))[0] == 2
        distance_only = ScoringWeights(skills=0, goal_occupation=0, distance=100)
        context = ScoringContext(weights=distance_only, on=TODAY)
        assert ids(rank([close_unrelated, far_matching], profile, context))[0] == 1


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
    ):
        expected[key] = list(expected[key])
    expected["factors"] = list(expected["factors"])
    assert suggestion.document() == expected
