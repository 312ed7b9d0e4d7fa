"""Reverse matching: a citizen is a candidate for a function exactly when the function is
among the citizen's own suggestions (all of them), with the same score and reasons; the
card shows nothing of the citizen's own words."""

from dataclasses import replace
from functools import cache

from fixtures.outcomes import Simulation, world
from matcher.models import Coordinates, HoursRange
from matcher.reverse import (
    FAR_BAND,
    FULL_TIME_BAND,
    HOURS_BANDS,
    UNKNOWN_BAND,
    Anonymised,
    CandidateCard,
    Detail,
    anonymise,
    band,
    candidates,
    card,
    distance_band,
    match_band,
)
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
    # The world is one where many pairs pass (132 since a function with no relevance to a
    # citizen is neither in the citizen's list nor the citizen a candidate for it).
    assert pairs > 100


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
    assert shown.hours_band == band(q.hours_max, HOURS_BANDS, FULL_TIME_BAND)
    assert shown.match == match_band(found.suggestion.score)
    assert not hasattr(shown, "score") and not hasattr(shown, "weekly_hours")


def test_hours_and_match_bands():
    assert band(9.5, HOURS_BANDS, FULL_TIME_BAND) == "up_to_10"
    assert band(15, HOURS_BANDS, FULL_TIME_BAND) == "10_20"
    assert band(37, HOURS_BANDS, FULL_TIME_BAND) == "30_37"
    assert [match_band(s) for s in (80, 50, 49.9, 25, 3)] == [
        "strong",
        "strong",
        "good",
        "good",
        "fair",
    ]


def _full(group: str, hours: str, terms: tuple[str, ...] = ()) -> CandidateCard:
    return CandidateCard(
        Detail.FULL, group, hours, "2_5_km", "good", ("internship",), None, (), terms
    )


def test_every_card_shown_stands_for_at_least_k_candidates_and_the_rest_is_counted():
    cards = [
        *[_full("sick_listed", "10_20", ("lager",))] * 3,  # 3 alike in full
        _full("sick_listed", "10_20", ("kasse",)),  # alike the 3 in general only
        *[_full("minority_women", "up_to_10", (f"ord{n}",)) for n in range(2)],
        _full("vulnerable_youth", "30_37"),
    ]
    found = anonymise(cards, k=3)
    shown = [card for _, card in found.shown]
    assert all(shown.count(card) >= 3 for card in shown)
    # The 3 alike are shown in full; the fourth with them would single itself out, so it
    # falls to the next level down, where it has too few like it: the least card (the match)
    # holds it and the 3 others left.
    assert [c.detail for c in shown] == ["full"] * 3 + ["match"] * 4
    assert found.hidden == 0
    assert sorted(p for p, _ in found.shown) == list(range(7))
    assert anonymise(cards, k=8) == Anonymised([], 7)


def test_identical_cards_come_together_where_their_best_member_ranked():
    cards = [_full("a", "10_20"), _full("b", "10_20"), _full("a", "10_20"), _full("b", "10_20")]
    found = anonymise(cards, k=2)
    assert [p for p, _ in found.shown] == [0, 2, 1, 3]
    assert [c.target_group for _, c in found.shown] == ["a", "a", "b", "b"]


def test_a_coarser_card_keeps_only_what_its_detail_shows():
    full = _full("sick_listed", "10_20", ("lager",))
    assert full.coarser(Detail.GENERAL) == CandidateCard(
        Detail.GENERAL, "sick_listed", "10_20", "2_5_km", "good"
    )
    assert full.coarser(Detail.MATCH) == CandidateCard(Detail.MATCH, match="good")
    assert full.coarser(Detail.NONE) == CandidateCard(Detail.NONE)


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


def test_a_limit_cuts_a_group_only_where_k_of_it_still_show():
    cards = [_full("a", "10_20")] * 4 + [_full("b", "10_20")] * 6 + [_full("c", "10_20")] * 3
    found = anonymise(cards, k=3)
    assert [c.target_group for _, c in found.first(5, 3)] == ["a"] * 4  # 1 b would stand out
    assert [c.target_group for _, c in found.first(7, 3)] == ["a"] * 4 + ["b"] * 3
    assert [c.target_group for _, c in found.first(1, 3)] == ["a"] * 3  # the limit counts as k
    assert len(found.first(50, 3)) == 13
    assert anonymise([], k=3).first(20, 3) == []  # a function nobody suits
