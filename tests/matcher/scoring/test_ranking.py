"""Ranking: scoring citizens a block at a time gives every citizen the ranking that a plain
reading of the rules, one citizen and one function at a time, gives (the reference below);
ties go to the one with more fit points, then to the lower function id."""

import random
from dataclasses import replace
from typing import Any

import pytest
from rapidfuzz import fuzz

from matcher import scoring
from matcher.geo import haversine_km
from matcher.models import Coordinates, PlacementRecord, Workplace
from matcher.near import relaxations
from matcher.query import CitizenQuery, SuggestionFilters, build_query
from matcher.scoring import ScoringContext, suggest_many
from matcher.table import FunctionRow, FunctionTable, Vocabulary, function_rows
from matcher.text import normalise_title
from matcher.vocabulary import (
    PAID_HOURS_PLACEMENT_TYPES,
    PLACEMENT_TYPES,
    PRAKTIK_PLACEMENT_TYPES,
    SUBSIDISED_PLACEMENT_TYPES,
    placement_mask,
)
from tests.factories import BALANCE, TODAY, citizen, function, rank, workplace
from tests.factories import query as query_of
from tests.indexer.demo import demo_profiles, demo_workplaces

CONTEXT = ScoringContext(on=TODAY)
POSTAL_CODES = {"2500": Coordinates(55.6620, 12.5040)}


def _goal_value(query: CitizenQuery, row: FunctionRow) -> float:
    weights = CONTEXT.weights
    best = 0.0
    for goal in query.goals:
        # Titles by head and modifier: both alike (a bare head: the head alike).
        modifier, _, head = goal.normalised_title.rpartition(" ")
        row_modifier, _, row_head = normalise_title(row.title).rpartition(" ")
        ratio = fuzz.ratio(head, row_head)
        if modifier:
            ratio = min(ratio, fuzz.ratio(modifier, row_modifier))
        similarity = ratio / 100 if ratio >= weights.fuzzy_title_min_ratio else 0.0
        if goal.field is not None:
            units = next(f.units for f in CONTEXT.occupations.fields() if f.key == goal.field)
            in_field = weights.goal_field if row.occupation_code[:4] in units else 0.0
            similarity = max(similarity, in_field)
        code = goal.occupation_code or ""
        if code and row.occupation_code == code:
            similarity = max(similarity, weights.same_unit_group)
        elif code and row.occupation_code[:3] == code[:3]:
            similarity = max(similarity, weights.same_minor_group)
        elif code and row.occupation_code[:2] == code[:2]:
            similarity = max(similarity, weights.same_sub_major_group)
        if code and CONTEXT.occupations.fields_of(code):
            shared = set(CONTEXT.occupations.fields_of(code))
            if shared & set(CONTEXT.occupations.fields_of(row.occupation_code)):
                similarity = max(similarity, weights.same_field)
        best = max(best, goal.weight * goal.balance_weight * similarity)
    return best


def _skills_by_the_rules(query: CitizenQuery, row: FunctionRow) -> float:
    """Shared competences (`@key`; those near the citizen's, asked as `~@key`, partly) up to
    competences_for_full, and shared words up to words_for_full; words alone for a citizen
    whose texts name no competence."""
    weights, has = CONTEXT.weights, set(row.terms)
    words = {t for t in query.terms if not t.startswith(("@", "~"))}
    concepts = {t for t in query.terms if t.startswith("@")}
    near = {t.removeprefix("~") for t in query.terms if t.startswith("~@")}
    credit = len(concepts & has) + weights.near_competence_credit * len(near & has)
    share = weights.competence_share if concepts else 0.0
    return weights.skills * (
        share * min(1.0, credit / weights.competences_for_full)
        + (1 - share) * min(1.0, len(words & has) / weights.words_for_full)
    )


def reference(workplaces: list[Workplace], query: CitizenQuery) -> list[tuple[int, float]]:
    """(function id, score) of the best `query.limit` functions, by the rules as written."""
    weights, rule = CONTEXT.weights, CONTEXT.rules.reasonableness_at(TODAY)
    wanted = {c for c in PLACEMENT_TYPES if query.wanted_placement_mask & placement_mask([c])}
    found = []
    for row in (row for w in workplaces for row in function_rows(w)):
        offered = set(row.placement_types)
        if row.current_subsidised_placements >= rule.limit(row.ordinary_employees):
            offered -= SUBSIDISED_PLACEMENT_TYPES
        if row.workplace_id == query.most_recent_employer_id:
            offered -= PRAKTIK_PLACEMENT_TYPES
        available = offered & wanted
        if (
            not set(query.hard_needs) <= row.accommodations
            or row.hours_min > query.hours_max
            or row.hours_max < query.hours_min
            or not available
            or row.workplace_id in query.excluded_workplace_ids
        ):
            continue
        distance = 0.0
        if query.location is not None:
            home = query.location
            distance = haversine_km(home.lat, home.lon, row.lat, row.lon)
            if query.radius_km is not None and distance > query.radius_km:
                continue
        skills = _skills_by_the_rules(query, row)
        strength = weights.record_prior_strength
        record = (row.record_good_outcomes + weights.record_prior_rate * strength) / (
            row.record_placements + strength
        )
        paid = 0.0
        if query.wants_paid_hours:
            paid_rate = (
                row.record_paid_hours_outcomes + weights.paid_hours_prior_rate * strength
            ) / (row.record_placements + strength)
            offers_paid = 1.0 if available & PAID_HOURS_PLACEMENT_TYPES else 0.0
            paid = weights.paid_hours_potential * (0.5 * offers_paid + 0.5 * paid_rate)
        met = sum(code in row.accommodations for code in query.soft_needs)
        relevance = skills + weights.goal_occupation * _goal_value(query, row)
        # All of none is met: a citizen with no soft needs gets these points in full.
        soft = weights.soft_needs * (met / len(query.soft_needs) if query.soft_needs else 1.0)
        fit = (
            soft
            + (
                weights.distance * 0.5 ** (distance / weights.distance_half_life_km)
                if query.location is not None
                else 0
            )
            + paid
            + weights.record * record
        )
        # Relevance first: fit counts in proportion to relevance up to the floor, and a row
        # with no relevance is no suggestion (for a citizen with something to relate to).
        share = min(1.0, relevance / weights.relevance_floor)
        if not query.terms and not query.goals:
            share = 1.0
        elif relevance == 0:
            continue
        found.append((row.function_id, relevance + fit * share, fit))
    found.sort(key=lambda item: (-item[1], -item[2], item[0]))
    return [(function_id, total) for function_id, total, _ in found[: query.limit]]


def _demo_table() -> tuple[list[Workplace], Vocabulary, FunctionTable]:
    """The demo workplaces, and their table with its vocabulary."""
    workplaces = list(demo_workplaces())
    vocabulary = Vocabulary()
    table = FunctionTable.build([row for w in workplaces for row in function_rows(w)], vocabulary)
    return workplaces, vocabulary, table


def _queries() -> list[CitizenQuery]:
    """Every demo citizen, and variants that exercise each filter."""
    profiles = list(demo_profiles())
    rng = random.Random(3)
    variants = []
    for profile in profiles[:40]:
        variants.append(replace(profile, coordinates=None, postal_code=None, max_commute_km=None))
        variants.append(
            replace(
                profile,
                excluded_workplace_ids=frozenset(rng.sample(range(1, 423), 40)),
                most_recent_employer_id=rng.randint(1, 422),
            )
        )
        variants.append(replace(profile, accommodation_needs=(), max_commute_km=2.5))
    return [
        build_query(
            profile,
            balance=BALANCE,
            weights=CONTEXT.weights,
            postal_codes=POSTAL_CODES,
            filters=SuggestionFilters(limit=15),
        )
        for profile in [*profiles, *variants]
    ]


@pytest.mark.parametrize(
    ("citizens_per_block", "pairs_per_block", "grid_min_rows"),
    [(64, 1_500_000, 2048), (7, 1_500_000, 0), (64, 3_000, 0), (1, 1_500_000, 2048)],
    ids=["defaults", "small-blocks-with-grid", "blocks-cut-by-pairs", "one-citizen-blocks"],
)
def test_a_block_ranks_every_citizen_as_the_rules_read_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
    citizens_per_block: int,
    pairs_per_block: int,
    grid_min_rows: int,
) -> None:
    monkeypatch.setattr(scoring.ranking, "CITIZENS_PER_BLOCK", citizens_per_block)
    monkeypatch.setattr(scoring.ranking, "PAIRS_PER_BLOCK", pairs_per_block)
    monkeypatch.setattr(scoring.candidates, "GRID_MIN_ROWS", grid_min_rows)
    workplaces, vocabulary, table = _demo_table()
    queries = _queries()
    ranked = suggest_many(table, queries, vocabulary, CONTEXT)
    assert len(ranked) == len(queries)
    nonempty = 0
    for query, suggestions in zip(queries, ranked, strict=True):
        expected = reference(workplaces, query)
        got = [(s.function_id, s.score) for s in suggestions]
        assert [f for f, _ in got] == [f for f, _ in expected]
        assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=1e-9)
        nonempty += bool(expected)
    assert nonempty > len(queries) * 0.8  # the comparison is not between empty lists


def _near_searches() -> list[CitizenQuery]:
    """Each demo citizen's near-match searches (relevant rows only, a hard need or the radius
    turned around), wanting their best 5."""
    return [
        relaxed
        for query in _queries()
        for _, relaxed in relaxations(query, CONTEXT.weights, limit=5)
        if relaxed.relevant_only
    ]


def test_a_near_match_search_that_skips_rows_by_their_bound_finds_the_same_best_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, vocabulary, table = _demo_table()
    searches = _near_searches()
    monkeypatch.setattr(scoring.ranking, "BOUNDED_FIRST", 10**9)
    every_row = scoring.rank_many(table, searches, vocabulary, CONTEXT)
    skipped = []
    pick = scoring.ranking._worth_scoring

    def counted(*args: Any) -> Any:
        kept = pick(*args)
        skipped.append(len(args[2]) - len(kept))
        return kept

    monkeypatch.setattr(scoring.ranking, "BOUNDED_FIRST", 8)
    monkeypatch.setattr(scoring.ranking, "BOUNDED_PER_ROW", 1)
    monkeypatch.setattr(scoring.ranking, "_worth_scoring", counted)
    bounded = scoring.rank_many(table, searches, vocabulary, CONTEXT)
    assert sum(1 for n in skipped if n > 0) > len(searches) // 10  # the bound skipped rows
    found = 0
    for exhaustive, quick in zip(every_row, bounded, strict=True):
        assert [(s.function_id, s.score) for s in quick.suggestions] == [
            (s.function_id, s.score) for s in exhaustive.suggestions
        ]
        found += len(exhaustive.suggestions)
    assert found > len(searches)  # most searches find near matches to compare


def test_the_grid_leaves_out_no_near_match_and_counts_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, vocabulary, table = _demo_table()
    searches = [replace(s, counted=True) for s in _near_searches()]
    beyond = [s for s in searches if s.beyond_km is not None]
    assert len(beyond) > 20  # searches beyond the radius, where the grid leaves a hole
    monkeypatch.setattr(scoring.candidates, "GRID_MIN_ROWS", 10**9)
    scanned = scoring.rank_many(table, searches, vocabulary, CONTEXT)
    monkeypatch.setattr(scoring.candidates, "GRID_MIN_ROWS", 0)
    gridded = scoring.rank_many(table, searches, vocabulary, CONTEXT)
    for whole, grid in zip(scanned, gridded, strict=True):
        assert grid.total == whole.total
        assert [s.function_id for s in grid.suggestions] == [
            s.function_id for s in whole.suggestions
        ]
    assert sum(r.total for r in scanned) > len(searches)


def test_a_search_for_relevant_rows_only_leaves_out_rows_with_no_skill_or_goal_points() -> None:
    _, vocabulary, table = _demo_table()
    query = replace(_queries()[0], limit=len(table))
    (everything, relevant) = scoring.rank_many(
        table, [query, replace(query, relevant_only=True)], vocabulary, CONTEXT
    )
    # The demo has workplaces with nothing to do with this citizen: they pass the filters,
    # count in the total, and are listed by neither search.
    assert everything.relevant is not None and everything.relevant < everything.total
    assert {s.function_id for s in relevant.suggestions} == {
        s.function_id for s in everything.suggestions
    }
    assert all(s.fit_share > 0 for s in everything.suggestions)
    assert relevant.total == relevant.relevant == everything.relevant
    counted = scoring.rank_many(
        table, [replace(query, limit=0, relevant_only=True)], vocabulary, CONTEXT
    )
    assert counted[0].total == relevant.total  # counted as it is scored


def test_ties_are_broken_by_function_id() -> None:
    twins = [workplace(i, function(100 - i)) for i in (1, 2, 3)]
    assert [s.function_id for s in rank(twins, citizen())] == [97, 98, 99]


def test_relevance_leads_fit_never_lifts_an_irrelevant_workplace() -> None:
    # Next door, every need met, a perfect record, but nothing to do with the citizen's
    # skills or goal; against a relevant function further away with no record at all.
    near = workplace(
        1,
        function(10, title="Receptionist", occupation_code="4226", tasks=("Telefonpasning",)),
        accommodations=frozenset({"gradual_ramp"}),
        record=PlacementRecord(20, 20, 20),
    )
    far = workplace(2, coordinates=Coordinates(55.70, 12.50))
    ranked = rank([near, far], citizen())
    # The irrelevant one is not a suggestion at all, however well it fits.
    assert [s.workplace_id for s in ranked] == [2]
    assert ranked[0].fit_share == 1.0


def test_fit_counts_in_proportion_to_relevance_below_the_floor() -> None:
    profile = replace(citizen(), goal_occupations=(), skills=("sortering", "kaffe", "kage"))
    [suggestion] = rank([workplace(1)], profile)
    skills = next(f.contribution for f in suggestion.factors if f.name == "skills")
    assert 0 < skills < CONTEXT.weights.relevance_floor
    assert suggestion.fit_share == pytest.approx(skills / CONTEXT.weights.relevance_floor)
    fit = sum(f.contribution for f in suggestion.factors if f.name != "skills")
    assert fit == pytest.approx(suggestion.fit_points * suggestion.fit_share)


def test_a_citizen_with_nothing_to_be_relevant_to_is_ranked_by_fit() -> None:
    profile = replace(citizen(), goal_occupations=(), skills=())
    near, far = workplace(1), workplace(2, coordinates=Coordinates(55.70, 12.50))
    ranked = rank([far, near], profile)
    assert [s.workplace_id for s in ranked] == [1, 2]
    assert all(s.fit_share == 1.0 and s.score > 0 for s in ranked)


def test_irrelevant_functions_are_counted_but_never_suggested() -> None:
    other = dict(title="Receptionist", occupation_code="4226", tasks=("Telefonpasning",))
    plain = workplace(1, function(10, **other))
    better = workplace(2, function(20, **other), record=PlacementRecord(20, 20, 20))
    vocabulary = Vocabulary()
    table = FunctionTable.build(
        [r for w in (plain, better, workplace(3)) for r in function_rows(w)], vocabulary
    )
    [ranked] = scoring.rank_many(table, [query_of(citizen())], vocabulary, CONTEXT)
    assert [s.workplace_id for s in ranked.suggestions] == [3]
    assert (ranked.total, ranked.relevant) == (3, 1)


def test_the_demo_citizen_from_the_domain_brief_gets_an_explained_goal_match() -> None:
    # Citizen 1: a warehouse worker (goal Lagermedarbejder, 4321) with a back injury; the
    # brief's good suggestion is sorting at a recycling centre (9612).
    profile = next(iter(demo_profiles()))
    assert profile.goal_occupations[0].occupation_code == "4321"
    best = rank(list(demo_workplaces()), profile)[0]
    assert best.occupation_code == "9612"
    goal = best.goal_occupation
    assert goal is not None and goal.title == "Lagermedarbejder"
    assert (goal.relation, goal.field) == ("same_field", "Lager, logistik og transport")
    assert goal.balance_category == "good"
