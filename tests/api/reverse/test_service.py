"""Reverse and forward agree, on both backends: a citizen is among a function's candidates
exactly when the function is among the citizen's own suggestions (all of them), under the
same filters, with the same score."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.citizens import transfer as citizen_transfer
from api.context import AppContext
from api.wiring import create_context
from api.workplaces import transfer as workplace_transfer
from fixtures.generate import generate_citizens, generate_workplaces
from indexer.reverse import function_candidates
from store import citizens as citizen_repository
from store import workplaces as workplace_repository
from tests.conftest import make_settings, opensearch_settings

WORKPLACES, CITIZENS, SEED = 150, 80, 5


@pytest.fixture(params=["embedded", pytest.param("opensearch", marks=pytest.mark.servers)])
def generated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """Generated workplaces and citizens in a store indexed by either backend."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    if request.param == "embedded":
        settings = make_settings(url, tmp_path)
    else:
        server = request.getfixturevalue("osmem")
        alias = request.getfixturevalue("opensearch_alias")
        settings = opensearch_settings(url, tmp_path, server.url, alias)
    context = create_context(settings)
    workplace_transfer.import_workplaces(
        context, [json.dumps(w) for w in generate_workplaces(WORKPLACES, seed=SEED)]
    )
    citizen_transfer.import_citizens(
        context,
        [
            json.dumps(c)
            for c in generate_citizens(CITIZENS, seed=SEED, workplace_ids=range(1, WORKPLACES + 1))
        ],
    )
    context.rebuild_index()
    yield context
    context.close()


@pytest.mark.slow
def test_reverse_and_forward_agree(generated: AppContext) -> None:
    context = generated
    scoring = context.scoring()
    with context.sessions() as session:
        rows = list(citizen_repository.iter_active(session))
        queries = [
            context.citizen_query(citizen_repository.to_domain(row), limit=1000) for row in rows
        ]
        pool = context.citizen_pool(session)
        workplaces = list(workplace_repository.load_all(session))
    own = {
        row.id: {s.function_id: s.score for s in ranked.suggestions}
        for row, ranked in zip(rows, context.backend.rank_many(queries, scoring), strict=True)
    }
    pairs = 0
    for workplace in workplaces[::4]:
        for function in workplace.functions:
            found = function_candidates(pool, workplace, function.id, scoring)
            expected = {c for c, functions in own.items() if function.id in functions}
            assert {f.citizen_id for f in found} == expected, function.id
            for f in found:
                assert f.candidate.suggestion.score == pytest.approx(own[f.citizen_id][function.id])
            pairs += len(found)
    assert pairs > 100
