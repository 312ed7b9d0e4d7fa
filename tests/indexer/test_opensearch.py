"""One contract for every search backend: embedded and OpenSearch (a real node).

The same workplaces give the same candidates, the same ranking and the same explanations on
either backend, for every demo citizen.
"""

from collections.abc import Iterator
from dataclasses import replace

import pytest

from api.citizens.schemas import CitizenRecordLine
from api.workplaces.schemas import WorkplaceRecordLine
from fixtures.generate import generate_citizens, generate_workplaces
from fixtures.outcomes import simulate
from indexer.backend import SearchBackend
from indexer.embedded import EmbeddedIndex
from indexer.opensearch import OpenSearchBackend
from indexer.opensearch_client import make_client
from matcher import near
from matcher.learning.model import train
from matcher.models import Coordinates, Workplace
from matcher.places import postal_code_centres
from matcher.query import SuggestionFilters, build_query
from matcher.rules import DEFAULT_RULES
from matcher.scoring import ScoringContext, Suggestion
from scripts.opensearch_node import OpenSearchNode
from tests.conftest import allow_servers
from tests.factories import BALANCE, TODAY, citizen, function, query, workplace
from tests.indexer.demo import demo_profiles, demo_workplaces

CONTEXT = ScoringContext(on=TODAY)


def opensearch_backend(server: OpenSearchNode, alias: str) -> OpenSearchBackend:
    return OpenSearchBackend(
        client=make_client(server.url, timeout=10),
        bulk_client=make_client(server.url, timeout=60),
        alias=alias,
        rules=DEFAULT_RULES,
        today=lambda: TODAY,
    )


@pytest.fixture(params=["embedded", pytest.param("opensearch", marks=pytest.mark.servers)])
def backend(request: pytest.FixtureRequest, opensearch_alias: str) -> Iterator[SearchBackend]:
    if request.param == "embedded":
        yield EmbeddedIndex()
        return
    server: OpenSearchNode = request.getfixturevalue("opensearch_node")
    yield opensearch_backend(server, opensearch_alias)


@pytest.fixture(scope="module")
def both(opensearch_node: OpenSearchNode) -> tuple[EmbeddedIndex, OpenSearchBackend]:
    allow_servers()
    embedded = EmbeddedIndex()
    embedded.rebuild(demo_workplaces())
    remote = opensearch_backend(opensearch_node, "parity-demo")
    remote.rebuild(demo_workplaces(), expected=len(demo_workplaces()))
    return embedded, remote


def _view(suggestions: list[Suggestion]) -> list[Suggestion]:
    # Floating point sums may differ in the last bits between two equal computations of
    # different row order; everything else must be identical.
    return [
        replace(
            s,
            score=round(s.score, 9),
            learned=None if s.learned is None else round(s.learned, 9),
        )
        for s in suggestions
    ]


@pytest.mark.slow
@pytest.mark.servers
@pytest.mark.parametrize("limit", [20, 100])
def test_every_demo_citizen_gets_the_same_suggestions_on_both_backends(
    both: tuple[EmbeddedIndex, OpenSearchBackend], limit: int
) -> None:
    embedded, remote = both
    compared = 0
    for profile in demo_profiles():
        q = query(profile, limit=limit)
        expected = _view(embedded.suggest(q, CONTEXT))
        assert _view(remote.suggest(q, CONTEXT)) == expected, profile.reference
        compared += len(expected)
    assert compared > len(demo_profiles()) * 5


@pytest.mark.servers
def test_a_learned_model_orders_the_same_on_both_backends(
    both: tuple[EmbeddedIndex, OpenSearchBackend],
) -> None:
    embedded, remote = both
    history = simulate(workplaces=600, citizens=500, contacts=12).history
    learned = replace(CONTEXT, model=replace(train(history.features, history.good), version=1))
    ordered = 0
    for profile in demo_profiles()[:40]:
        q = query(profile, limit=20)
        expected = _view(embedded.suggest(q, learned))
        assert _view(remote.suggest(q, learned)) == expected, profile.reference
        ordered += sum(s.ranked_by == "model_1" for s in expected)
    assert ordered > 100


@pytest.mark.servers
def test_filters_narrow_the_same_way_on_both_backends(
    both: tuple[EmbeddedIndex, OpenSearchBackend],
) -> None:
    embedded, remote = both
    for profile in demo_profiles()[:40]:
        for filters in ({"placement_types": frozenset({"paid_hours"})}, {"radius_km": 2.0}):
            q = query(profile, **filters)
            assert _view(remote.suggest(q, CONTEXT)) == _view(embedded.suggest(q, CONTEXT))


@pytest.mark.servers
def test_workplace_search_lists_the_same_on_both_backends(
    both: tuple[EmbeddedIndex, OpenSearchBackend],
) -> None:
    embedded, remote = both
    for criteria in (
        {"text": "kasse kunder", "industry": None, "postal_code": None},
        {"text": None, "industry": "recycling", "postal_code": None},
        {"text": "rengøring", "industry": None, "postal_code": "2200"},
        {"text": None, "industry": None, "postal_code": None},
    ):
        for offset in (0, 10):
            page = {**criteria, "offset": offset, "limit": 10}
            assert remote.search_workplaces(**page) == embedded.search_workplaces(**page)


class TestContract:
    """What every backend promises, run once per backend."""

    def test_rebuild_then_suggest_count_and_versions(self, backend: SearchBackend) -> None:
        assert backend.rebuild([workplace(1), workplace(2, version=3)], expected=2) == 2
        assert backend.count() == 2
        assert backend.indexed_versions() == {1: 1, 2: 3}
        suggestions = backend.suggest(query(citizen()), CONTEXT)
        assert [s.workplace_id for s in suggestions] == [1, 2]

    def test_upsert_replaces_functions_and_repeating_changes_nothing(
        self, backend: SearchBackend
    ) -> None:
        backend.rebuild([workplace(1, function(10), function(11))])
        changed = workplace(1, function(11), function(12), version=2)
        backend.upsert(changed)
        backend.upsert(changed)
        ids = [s.function_id for s in backend.suggest(query(citizen()), CONTEXT)]
        assert ids == [11, 12]
        assert backend.indexed_versions() == {1: 2}

    def test_a_hard_need_change_takes_effect(self, backend: SearchBackend) -> None:
        backend.rebuild([workplace(1)])
        lacking = workplace(1, function(10, accommodations=frozenset()), version=2)
        backend.upsert(lacking)
        assert backend.suggest(query(citizen()), CONTEXT) == []

    def test_delete_is_harmless_when_repeated(self, backend: SearchBackend) -> None:
        backend.rebuild([workplace(1), workplace(2)])
        backend.delete(1)
        backend.delete(1)
        backend.delete(99)
        assert [s.workplace_id for s in backend.suggest(query(citizen()), CONTEXT)] == [2]
        assert backend.count() == 1


@pytest.mark.servers
def test_an_index_made_with_another_catalogue_needs_a_rebuild(
    opensearch_node: OpenSearchNode, opensearch_alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = opensearch_backend(opensearch_node, opensearch_alias)
    assert remote.needs_rebuild()  # none yet
    remote.rebuild([workplace(1)])
    assert not remote.needs_rebuild()
    monkeypatch.setattr("indexer.opensearch.terms_fingerprint", lambda: "2-another-catalogue")
    assert remote.needs_rebuild()


@pytest.mark.servers
def test_a_stale_write_never_replaces_a_newer_one(
    opensearch_node: OpenSearchNode, opensearch_alias: str
) -> None:
    """Two relays racing: the one holding the older version loses."""
    remote = opensearch_backend(opensearch_node, opensearch_alias)
    remote.rebuild([workplace(1)])
    newer = workplace(1, function(10, title="Nyere titel"), version=3)
    remote.upsert(newer)
    remote.upsert(workplace(1, function(10, title="Ældre titel"), version=2))
    [suggestion] = remote.suggest(query(citizen()), CONTEXT)
    assert suggestion.function_title == "Nyere titel"
    assert remote.indexed_versions() == {1: 3}


@pytest.mark.servers
def test_near_matches_and_why_empty_are_the_same_on_both_backends(
    both: tuple[EmbeddedIndex, OpenSearchBackend],
) -> None:
    embedded, remote = both
    near_matches = emptied = 0
    for profile in demo_profiles()[:40]:
        for filters in ({}, {"radius_km": 1.0}, {"placement_types": frozenset({"flexjob"})}):
            q = query(profile, **filters)
            outcomes = [
                near.search(
                    q,
                    lambda queries, b=b: b.rank_many(queries, CONTEXT),  # type: ignore[misc]
                    CONTEXT.weights,
                    near_limit=5,
                )
                for b in (embedded, remote)
            ]
            mine, theirs = (
                (
                    o.total,
                    _view(o.suggestions),
                    [(_view([m.suggestion]), m.missing) for m in o.near_matches],
                    o.why_empty,
                )
                for o in outcomes
            )
            assert theirs == mine, (profile.reference, filters)
            near_matches += len(outcomes[0].near_matches)
            emptied += outcomes[0].why_empty is not None
    assert near_matches > 50 and emptied > 5


def _generated(record: dict[str, object]) -> Workplace:
    line = WorkplaceRecordLine.model_validate(record)
    assert line.id is not None and line.coordinates is not None
    place = Coordinates(line.coordinates.lat, line.coordinates.lon)
    return line.to_domain(workplace_id=line.id, coordinates=place)


FILTER_SETS: tuple[dict[str, object], ...] = (
    {},
    {"placement_types": frozenset({"paid_hours"})},
    {"radius_km": 5.0},
)


@pytest.mark.slow
@pytest.mark.servers
def test_four_hundred_generated_citizens_agree_under_three_filter_sets(
    opensearch_node: OpenSearchNode,
) -> None:
    """The same suggestions (functions, order, scores, explanations) from both backends for
    400 generated citizens near 3,000 generated workplaces, as profiled, for paid hours only
    and within 5 km: the OpenSearch backend's candidate depth loses nothing."""
    records = [WorkplaceRecordLine.model_validate(r) for r in generate_workplaces(3000, seed=11)]
    workplaces = [
        r.to_domain(
            workplace_id=r.id, coordinates=Coordinates(r.coordinates.lat, r.coordinates.lon)
        )
        for r in records
        if r.id is not None and r.coordinates is not None
    ]
    citizens = generate_citizens(400, seed=11, workplace_ids=range(1, len(workplaces)))
    profiles = [CitizenRecordLine.model_validate(c).to_domain() for c in citizens]
    embedded = EmbeddedIndex()
    embedded.rebuild(workplaces)
    remote = opensearch_backend(opensearch_node, "parity-generated")
    remote.rebuild(workplaces, expected=len(workplaces))
    places = postal_code_centres()
    agree = compared = suggested = 0
    for filters in FILTER_SETS:
        for profile in profiles:
            q = build_query(
                profile,
                balance=BALANCE,
                weights=CONTEXT.weights,
                postal_codes=places,
                filters=SuggestionFilters(**filters),  # type: ignore[arg-type]
            )
            expected = _view(embedded.suggest(q, CONTEXT))
            agree += _view(remote.suggest(q, CONTEXT)) == expected
            compared += 1
            suggested += len(expected)
    print(f"\n{agree} of {compared} lists agree ({suggested} suggestions)")
    assert agree == compared == 1200 and suggested > 1200 * 5
