"""The factors of a score: they add up to it, each rises and falls as its rule says, and the
weights change the ranking."""

from dataclasses import replace

import pytest

from matcher.models import Coordinates, GoalOccupation, PlacementRecord
from matcher.scoring import ScoringContext, Suggestion, score
from matcher.scoring.factors import score_bounds
from matcher.scoring.relevance import Relevance
from matcher.table import FunctionTable, Vocabulary, function_rows
from matcher.weights import DEFAULT_WEIGHTS, FACTOR_NAMES, ScoringWeights
from tests.factories import (
    TODAY,
    VALBY,
    citizen,
    excellent,
    function,
    ids,
    query,
    rank,
    with_needs,
    workplace,
)
from tests.indexer.demo import demo_profiles, demo_workplaces


def test_factors_add_up_to_the_score() -> None:
    workplaces = [
        excellent(1),
        workplace(2),
        workplace(3, coordinates=Coordinates(55.70, 12.55)),
    ]
    for suggestion in rank(workplaces, citizen()):
        assert [f.name for f in suggestion.factors] == list(FACTOR_NAMES)
        total = sum(f.contribution for f in suggestion.factors)
        assert total == pytest.approx(suggestion.score, abs=1e-9)


def test_a_perfect_match_scores_the_sum_of_the_weights() -> None:
    """Everything asked, had: at least as many shared competences and words as earn all the
    skills points (competences_for_full, words_for_full)."""
    title = "Social- og sundhedshjælper"
    tasks = ("Personlig pleje", "Hjælp til måltider", "Medicinhåndtering", "Samvær med ældre")
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


def test_one_good_placement_cannot_dominate() -> None:
    profile = citizen()
    lucky = workplace(1, record=PlacementRecord(1, 1, 0))
    proven = workplace(2, record=PlacementRecord(20, 16, 0))
    by_id = {s.workplace_id: s for s in rank([lucky, proven], profile)}
    record = {
        i: dict((f.name, f.contribution) for f in s.factors)["record"] for i, s in by_id.items()
    }
    assert record[2] > record[1]
    assert by_id[1].record.smoothed_good_rate == pytest.approx((1 + 0.5 * 4) / (1 + 4))


def test_distance_decays() -> None:
    near = workplace(1, coordinates=VALBY)
    farther = workplace(2, coordinates=Coordinates(55.6800, 12.5040))  # 2 km north
    first, second = rank([near, farther], citizen())
    assert (first.workplace_id, second.workplace_id) == (1, 2)
    assert second.distance_km == pytest.approx(2.0, abs=0.05)


def test_goal_occupations_are_weighted_by_their_balance() -> None:
    shortage = workplace(
        1, function(10, title="Social- og sundhedshjælper", occupation_code="5322", tasks=())
    )
    limited = workplace(2, function(20, title="Kontorassistent", occupation_code="4110", tasks=()))
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


def test_a_goal_title_without_a_code_is_matched_fuzzily() -> None:
    profile = replace(citizen(), goal_occupations=(GoalOccupation("sorterings medarbejder"),))
    [suggestion] = rank([workplace(1)], profile)
    assert suggestion.goal_occupation is not None
    assert suggestion.goal_occupation.occupation_code == "9612"


def test_paid_hours_potential_counts_only_when_the_citizen_wants_paid_hours() -> None:
    wants = citizen()
    does_not = replace(citizen(), placement_types=frozenset({"internship"}))
    factor = lambda s: dict((f.name, f.contribution) for f in s.factors)  # noqa: E731
    assert factor(rank([workplace(1)], wants)[0])["paid_hours_potential"] > 0
    assert factor(rank([workplace(1)], does_not)[0])["paid_hours_potential"] == 0


def test_weights_change_the_ranking() -> None:
    close_unrelated = workplace(
        1, function(10, title="Kontorassistent", occupation_code="4110", tasks=("Post",))
    )
    far_matching = workplace(2, coordinates=Coordinates(55.70, 12.50))
    profile = citizen()
    assert ids(rank([close_unrelated, far_matching], profile))[0] == 2
    distance_only = ScoringWeights(skills=0, goal_occupation=0, distance=100)
    context = ScoringContext(weights=distance_only, on=TODAY)
    assert ids(rank([close_unrelated, far_matching], profile, context))[0] == 1


def test_a_citizen_who_prefers_to_stay_near_home_gets_the_nearer_workplace() -> None:
    at_home = workplace(1, coordinates=VALBY)  # no record yet
    proven = workplace(
        2, coordinates=Coordinates(55.6800, 12.5040), record=PlacementRecord(20, 20, 0)
    )  # 2 km north, every placement ended well
    assert ids(rank([at_home, proven], citizen())) == [2, 1]
    near_home = replace(citizen(), prefers_near_home=True)
    suggestions = rank([at_home, proven], near_home)
    assert ids(suggestions) == [1, 2]
    distance = {
        s.workplace_id: dict((f.name, f.contribution) for f in s.factors)["distance"]
        for s in suggestions
    }
    assert distance[1] == pytest.approx(DEFAULT_WEIGHTS.distance_near_home)
    # The radius is still a hard limit.
    assert rank([proven], replace(near_home, max_commute_km=1.0)) == []


def test_no_row_scores_above_its_bound() -> None:
    vocabulary = Vocabulary()
    table = FunctionTable.build(
        [row for w in demo_workplaces() for row in function_rows(w)], vocabulary
    )
    context = ScoringContext(on=TODAY)
    checked = 0
    for profile in list(demo_profiles())[:60]:
        for near_home in (False, True):
            q = query(replace(profile, prefers_near_home=near_home))
            if not (q.terms or q.goals):
                continue
            scored = score(table, q, vocabulary, context)
            bounds = score_bounds(
                table,
                q,
                scored.rows,
                Relevance(table, vocabulary, context),
                context.weights,
                context.occupations,
            )
            assert (scored.total <= bounds + 1e-9).all()
            checked += len(scored.rows)
    assert checked > 1000


def _factor(suggestion: Suggestion, name: str) -> float:
    return next(f.contribution for f in suggestion.factors if f.name == name)


def test_a_citizen_with_no_soft_needs_is_not_scored_zero_on_them() -> None:
    """Making the only soft need hard leaves nothing wished for unmet: full points."""
    soft = citizen()  # no_heavy_lifting hard, gradual_ramp soft
    hard = with_needs(citizen(), ("no_heavy_lifting", True), ("gradual_ramp", True))
    meets_all = workplace(
        1,
        function(10, accommodations=frozenset({"no_heavy_lifting", "gradual_ramp"})),
    )
    [as_soft] = rank([meets_all], soft)
    [as_hard] = rank([meets_all], hard)
    assert _factor(as_soft, "soft_needs") == DEFAULT_WEIGHTS.soft_needs
    assert _factor(as_hard, "soft_needs") == DEFAULT_WEIGHTS.soft_needs
    assert as_hard.score == pytest.approx(as_soft.score)


def test_a_shorter_posting_with_the_same_matches_does_not_win() -> None:
    """Skills points grow with what is shared, not with how little else a posting lists."""
    short = function(10, tasks=("Sortering af affald", "Pluk og pakning"))
    long = function(
        20, tasks=("Sortering af affald", "Pluk og pakning", "Kaffe til møder", "Arkivering")
    )
    first, second = rank([workplace(1, short), workplace(2, long)], citizen())
    assert _factor(first, "skills") == pytest.approx(_factor(second, "skills"))
