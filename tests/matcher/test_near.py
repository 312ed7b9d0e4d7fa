"""Near matches: functions failing exactly one hard need or the radius by a little, never among
the suggestions; and, when there are no suggestions, what each relaxation would give."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from matcher import scoring
from matcher.models import Coordinates, Workplace
from matcher.near import Outcome, Relaxation, relaxations, search
from matcher.query import CitizenQuery
from matcher.scoring import Ranked, ScoringContext, Suggestion, rank_many
from matcher.table import FunctionTable, Vocabulary, function_rows
from matcher.weights import DEFAULT_WEIGHTS
from tests.factories import TODAY, citizen, excellent, function, query, with_needs, workplace
from tests.indexer.demo import demo_profiles, demo_workplaces

CONTEXT = ScoringContext(on=TODAY)
# North of Valby along a meridian: 1 km is about 0.008993 degrees of latitude.
KM = 0.008993


def at_km(km: float) -> Coordinates:
    return Coordinates(55.6620 + km * KM, 12.5040)


def near(workplaces: list[Workplace], q: CitizenQuery, *, near_limit: int = 5) -> Outcome:
    vocabulary = Vocabulary()
    table = FunctionTable.build([r for w in workplaces for r in function_rows(w)], vocabulary)

    def ranked(queries: Sequence[CitizenQuery]) -> list[Ranked]:
        return rank_many(table, queries, vocabulary, CONTEXT)

    return search(q, ranked, DEFAULT_WEIGHTS, near_limit=near_limit)


def lacking(workplace_id: int, *needs: str, **overrides: object) -> Workplace:
    """A relevant workplace offering the default function's accommodations but `needs`."""
    offered = frozenset({"no_heavy_lifting", "changing_positions", "late_start"}) - set(needs)
    return workplace(workplace_id, function(workplace_id * 10, accommodations=offered), **overrides)


TWO_NEEDS = with_needs(citizen(), ("no_heavy_lifting", True), ("late_start", True))


class TestNearMatches:
    def test_a_function_lacking_one_hard_need_is_a_near_match_naming_it(self) -> None:
        outcome = near([lacking(1, "late_start"), lacking(2)], query(TWO_NEEDS))
        assert [s.workplace_id for s in outcome.suggestions] == [2]
        [match] = outcome.near_matches
        assert match.suggestion.workplace_id == 1
        assert match.missing == Relaxation("need", need="late_start")
        assert match.suggestion.hard_needs_met == ("no_heavy_lifting",)

    def test_one_lacking_two_hard_needs_is_not_near(self) -> None:
        outcome = near([lacking(1, "late_start", "no_heavy_lifting")], query(TWO_NEEDS))
        assert outcome.suggestions == [] and outcome.near_matches == []

    def test_a_suggestion_is_never_also_a_near_match(self) -> None:
        workplaces = [lacking(i) for i in range(1, 30)] + [lacking(40, "late_start")]
        outcome = near(workplaces, query(TWO_NEEDS, limit=3))
        assert len(outcome.suggestions) == 3 and outcome.total == 29
        assert [m.suggestion.workplace_id for m in outcome.near_matches] == [40]

    def test_a_little_beyond_the_radius_is_near_far_beyond_is_not(self) -> None:
        profile = replace(citizen(), max_commute_km=4.0)  # near: up to 4 + max(2, 2) = 6 km
        workplaces = [
            excellent(1, coordinates=at_km(3)),
            excellent(2, coordinates=at_km(5)),
            excellent(3, coordinates=at_km(7)),
        ]
        outcome = near(workplaces, query(profile))
        assert [s.workplace_id for s in outcome.suggestions] == [1]
        [match] = outcome.near_matches
        assert match.suggestion.workplace_id == 2
        assert match.missing == Relaxation("radius", radius_km=4.0, widened_km=6.0)
        assert 4.9 < (match.suggestion.distance_km or 0) < 5.1

    def test_a_long_radius_widens_by_its_share(self) -> None:
        profile = replace(citizen(), max_commute_km=10.0)  # up to 15 km
        outcome = near([excellent(1, coordinates=at_km(14))], query(profile))
        assert [m.missing.widened_km for m in outcome.near_matches] == [15.0]

    def test_near_matches_are_ranked_and_limited(self) -> None:
        worse = lacking(2, "late_start", record=excellent(1).record, coordinates=at_km(6))
        workplaces = [excellent(1, coordinates=at_km(11)), worse, lacking(3, "late_start")]
        outcome = near(workplaces, query(TWO_NEEDS, radius_km=10.0), near_limit=2)
        scores = [m.suggestion.score for m in outcome.near_matches]
        assert len(scores) == 2 and scores == sorted(scores, reverse=True)
        assert near(workplaces, query(TWO_NEEDS), near_limit=0).near_matches == []

    def test_a_near_match_with_no_relevance_is_left_out(self) -> None:
        unrelated = function(
            10,
            title="Frisørelev",
            occupation_code="5141",
            tasks=("Hårvask",),
            accommodations=frozenset({"no_heavy_lifting"}),
        )
        outcome = near([workplace(1, unrelated)], query(TWO_NEEDS))
        assert outcome.near_matches == []
        assert outcome.why_empty is not None
        assert outcome.why_empty[0].count == 1  # it still counts: it would pass the filters

    def test_excluded_workplaces_are_never_near(self) -> None:
        profile = replace(TWO_NEEDS, excluded_workplace_ids=frozenset({1}))
        assert near([lacking(1, "late_start")], query(profile)).near_matches == []


class TestWhyEmpty:
    def test_only_a_list_shorter_than_asked_says_why(self) -> None:
        assert near([lacking(1)], query(TWO_NEEDS, limit=1)).why_empty is None
        short = near([lacking(1), lacking(2, "late_start")], query(TWO_NEEDS, limit=5))
        assert len(short.suggestions) == 1 and short.why_empty is not None
        assert short.why_empty[0].relaxation.need == "late_start"
        assert short.why_empty[0].count == 1  # one more: the one that lacks it

    def test_each_relaxation_counts_what_it_would_give_most_first(self) -> None:
        workplaces = [
            lacking(1, "late_start"),
            lacking(2, "late_start"),
            lacking(3, "no_heavy_lifting"),
            lacking(4, coordinates=at_km(12)),
            lacking(5, "late_start", coordinates=at_km(12)),  # two failures: counts nowhere
        ]
        outcome = near(workplaces, query(TWO_NEEDS), near_limit=0)
        assert outcome.suggestions == [] and outcome.near_matches == []
        assert outcome.why_empty is not None
        counts = [(w.relaxation.kind, w.relaxation.need, w.count) for w in outcome.why_empty]
        assert counts == [
            ("need", "late_start", 2),
            ("need", "no_heavy_lifting", 1),
            ("radius", None, 1),
            ("placement_types", None, 0),
        ]

    def test_a_placement_type_filter_that_empties_the_list_is_named(self) -> None:
        flexjob_only = replace(citizen(), placement_types=frozenset({"flexjob"}))
        outcome = near([excellent(1), excellent(2)], query(flexjob_only))
        assert outcome.why_empty is not None
        first = outcome.why_empty[0]
        assert (first.relaxation.kind, first.count) == ("placement_types", 2)
        # Another kind of placement is not almost the one asked for: no near match.
        assert outcome.near_matches == []

    def test_nothing_to_relax_gives_an_empty_reason_list(self) -> None:
        profile = replace(citizen(), accommodation_needs=(), coordinates=None, max_commute_km=None)
        profile = replace(profile, placement_types=frozenset())
        outcome = near(
            [workplace(1, function(10, hours=replace(function(1).hours, min=40)))], query(profile)
        )
        assert outcome.why_empty == []


def test_relaxations_keep_every_other_constraint() -> None:
    q = query(TWO_NEEDS)
    found = {
        r.kind + str(r.need): relaxed for r, relaxed in relaxations(q, DEFAULT_WEIGHTS, limit=3)
    }
    assert set(found) == {
        "needno_heavy_lifting",
        "needlate_start",
        "radiusNone",
        "placement_typesNone",
    }
    late = found["needlate_start"]
    assert late.hard_needs == ("no_heavy_lifting",) and late.lacking_needs == ("late_start",)
    assert late.radius_km == q.radius_km and late.limit == 3
    radius = found["radiusNone"]
    assert radius.hard_needs == q.hard_needs and radius.beyond_km == 10.0
    assert radius.radius_km == 15.0
    assert found["placement_typesNone"].limit == 0


class TestOnlyRelevantSuggestions:
    """A function with nothing to do with the citizen's skills, experience or goals is never a
    suggestion; the outcome says how many pass the filters and how many of them are relevant."""

    SALON = function(
        20,
        title="Frisørelev",
        occupation_code="5141",
        tasks=("Hårvask",),
        accommodations=frozenset({"no_heavy_lifting", "late_start"}),
    )

    def test_an_irrelevant_function_is_counted_but_not_suggested(self) -> None:
        outcome = near([lacking(1), workplace(2, self.SALON)], query(TWO_NEEDS))
        assert [s.workplace_id for s in outcome.suggestions] == [1]
        assert outcome.total == 2 and outcome.relevant == 1

    def test_when_nothing_relevant_passes_the_list_is_empty_and_says_why(self) -> None:
        outcome = near([workplace(2, self.SALON), lacking(3, "late_start")], query(TWO_NEEDS))
        assert outcome.suggestions == [] and outcome.total == 1 and outcome.relevant == 0
        assert [m.suggestion.workplace_id for m in outcome.near_matches] == [3]
        assert outcome.why_empty is not None
        # Without late_start the relevant one would be listed, the salon still not.
        counts = {w.relaxation.need: w.count for w in outcome.why_empty}
        assert counts["late_start"] == 1

    def test_a_citizen_with_nothing_to_be_relevant_to_gets_the_best_of_all(self) -> None:
        blank = replace(TWO_NEEDS, skills=(), experience=(), education=(), goal_occupations=())
        outcome = near([lacking(1), workplace(2, self.SALON)], query(blank))
        assert {s.workplace_id for s in outcome.suggestions} == {1, 2}
        assert outcome.relevant is None and outcome.total == 2


def test_a_citizens_near_matches_are_the_same_when_only_the_best_of_all_are_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A citizen's near-match searches share their limit: only rows among the best few of
    them all are explained, and the near matches shown are those of explaining every one."""
    workplaces = list(demo_workplaces())
    vocabulary = Vocabulary()
    table = FunctionTable.build([r for w in workplaces for r in function_rows(w)], vocabulary)
    explained: list[int] = []
    real = scoring.ranking.explain_best

    def counting(*args: Any) -> list[Suggestion]:
        found = real(*args)
        explained.append(len(found))
        return found

    monkeypatch.setattr(scoring.ranking, "explain_best", counting)

    def outcomes() -> list[list[tuple[int, float, Relaxation]]]:
        def ranked(queries: Sequence[CitizenQuery]) -> list[Ranked]:
            return rank_many(table, queries, vocabulary, CONTEXT)

        found = []
        for profile in list(demo_profiles())[:60]:
            outcome = search(query(profile), ranked, DEFAULT_WEIGHTS, near_limit=3)
            found.append(
                [
                    (m.suggestion.function_id, m.suggestion.score, m.missing)
                    for m in outcome.near_matches
                ]
            )
        return found

    together = outcomes()
    cut = sum(explained)
    explained.clear()
    monkeypatch.setattr(scoring.ranking, "best_together", lambda table, searches: searches)
    apart = outcomes()
    assert together == apart
    assert sum(len(found) for found in together) > 30  # most citizens have near matches
    assert cut < sum(explained)  # fewer rows explained
