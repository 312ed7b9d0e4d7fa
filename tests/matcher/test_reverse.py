"""Reverse matching: a citizen is a candidate for a function exactly when the function is
among the citizen's own suggestions (all of them), with the same score and reasons; the
card shows nothing of the citizen's own words."""

from dataclasses import replace
from functools import cache

from fixtures.outcomes import Simulation, world
from matcher.models import Coordinates, HoursRange
from matcher.reverse import FAR_BAND, UNKNOWN_BAND, candidates, card, distance_band
from matcher.scoring import ScoringContext, rank_many
from matcher.table import FunctionTable, Vocabulary, function_rows
from tests.factories import TODAY, citizen, function, query, with_needs, workplace

CONTEXT = ScoringContext(on=TODAY)


@cache
def generated() -> Simulation:
    return world(workplaces=120, citizens=200, seed=3)


def forward(simulated: Simulation) -> dict[int, dict[int, object]]:
    """Every citizen's suggestions, all of them: function id -> suggestion."""
    everything = [replace(q, limit=len(simulated.table)) for q in simulated.queries]
    ranked = rank_many(simulated.table, everything, simulated.vocabulary, simulated.context)
    return {
        position: {s.function_id: s for s in found.suggestions}
        for position, found in enumerate(ranked)
    }


def test_a_citizen_is_a_candidate_for_a_function_iff_the_function_is_among_the_citizens_own():
    simulated = generated()
    own = forward(simulated)
    rows = [simulated.table.row(i) for i in range(len(simulated.table))]
    pairs = 0
    for row in rows[::3]:
        found = candidates(row, simulated.queries, simulated.context)
        positions = {c.position for c in found}
        expected = {p for p, suggestions in own.items() if row.function_id in suggestions}
        assert positions == expected, row.function_id
        for candidate in found:
            mine = own[candidate.position][row.function_id]
            assert candidate.suggestion == mine
        pairs += len(found)
    assert pairs > 200  # the world is one where many pairs pass


def test_candidates_come_best_first_and_leave_out_who_the_filters_refuse():
    place = workplace(1, function(10, accommodations=frozenset({"no_heavy_lifting"})))
    (row,) = function_rows(place)
    near = query(citizen(reference="A"))
    unskilled = query(citizen(reference="B", skills=("kassebetjening",)))
    needs_more = query(with_needs(citizen(reference="C"), ("late_start", True)))
    found = candidates(row, [unskilled, needs_more, near], CONTEXT)
    assert [c.position for c in found] == [2, 0]
    assert found[0].suggestion.score > found[1].suggestion.score


def test_the_card_names_the_needs_met_and_a_band_never_the_unmet_needs_nor_the_distance():
    place = workplace(1, function(10, accommodations=frozenset({"no_heavy_lifting"})))
    (row,) = function_rows(place)
    q = query(citizen())  # a soft need (gradual ramp) the workplace does not offer
    (found,) = candidates(row, [q], CONTEXT)
    shown = card(q, found.suggestion)
    assert "no_heavy_lifting" in shown.needs_met
    assert "gradual_ramp" not in shown.needs_met
    assert found.suggestion.soft_needs_unmet == ("gradual_ramp",)
    assert shown.distance_band == "under_2_km"
    assert shown.weekly_hours == (q.hours_min, q.hours_max)


def test_distance_bands():
    assert distance_band(None) == UNKNOWN_BAND
    assert distance_band(1.9) == "under_2_km"
    assert distance_band(2.0) == "2_5_km"
    assert distance_band(19.9) == "10_20_km"
    assert distance_band(25) == FAR_BAND


def test_the_cheap_filters_keep_who_has_no_home_and_drop_who_lives_beyond_the_radius():
    place = workplace(1, function(10, accommodations=frozenset({"no_heavy_lifting"})))
    (row,) = function_rows(place)
    # Valby to Roskilde is about 27 km; Frederiksberg about 3 km.
    near = citizen(reference="A", coordinates=Coordinates(55.6786, 12.5335), max_commute_km=5.0)
    far = citizen(reference="B", coordinates=Coordinates(55.6415, 12.0803), max_commute_km=10.0)
    homeless = citizen(reference="C", coordinates=None, postal_code=None)
    few_hours = citizen(reference="D", hours=HoursRange(1, 2))
    queries = [query(p) for p in (near, far, homeless, few_hours)]
    found = candidates(row, queries, CONTEXT)
    vocabulary = Vocabulary()
    table = FunctionTable.build(function_rows(place), vocabulary)
    ranked = rank_many(table, queries, vocabulary, CONTEXT)
    own = {position for position, r in enumerate(ranked) if r.suggestions}
    assert {c.position for c in found} == own == {0, 2}
