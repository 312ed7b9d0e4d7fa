"""Reverse and forward agree, on both backends: a citizen is among a function's candidates
exactly when the function is among the citizen's own suggestions (all of them), under the
same filters, with the same score; and the batch run's lists (each citizen's first k) hold a
function exactly when the citizen is its candidate with a score among the citizen's first k."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import batch.tasks
from api.citizens import transfer as citizen_transfer
from api.composition.context import AppContext
from api.composition.wiring import create_context
from api.workplaces import transfer as workplace_transfer
from batch.reverse import function_candidates
from fixtures.generate import generate_citizens, generate_workplaces
from store import citizens as citizen_repository
from store import reranks
from store import workplaces as workplace_repository
from store.models import CitizenSnapshot
from store.states import Trigger
from tests.conftest import make_settings, opensearch_settings

WORKPLACES, CITIZENS, SEED = 150, 80, 5


@pytest.fixture(params=["embedded", pytest.param("opensearch", marks=pytest.mark.servers)])
def generated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """Generated workplaces and citizens in a store indexed by either backend."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    if request.param == "embedded":
        settings = make_settings(url, tmp_path)
    else:
        server = request.getfixturevalue("opensearch_node")
        alias = request.getfixturevalue("opensearch_alias")
        settings = opensearch_settings(url, tmp_path, server.url, alias)
    context = create_context(settings.model_copy(update={"tasks_eager": True}))
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
    context.freshness.rebuild()
    yield context
    context.close()


@pytest.mark.slow
def test_reverse_and_forward_agree(generated: AppContext) -> None:
    context = generated
    scoring = context.matching.scoring()
    with context.sessions() as session:
        rows = list(citizen_repository.iter_active(session))
        queries = [
            context.matching.query(citizen_repository.to_domain(row), limit=1000) for row in rows
        ]
        pool = context.pools.current(session)
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
    # Many pairs pass (60 on the demo since a function with no relevance to a citizen is
    # neither in the citizen's list nor the citizen a candidate for it).
    assert pairs > 40


@pytest.mark.slow
def test_the_batch_runs_lists_and_the_candidates_agree(generated: AppContext) -> None:
    context = generated
    context.queue.app()
    run_id = batch.tasks.rerank_all.delay(Trigger.MANUAL).get()
    with context.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None and run.done == run.total == CITIZENS
        top_k = run.top_k
        lists = {
            citizen_id: dict(zip(functions, scores, strict=True))
            for citizen_id, functions, scores in _batch_lists(session, run_id)
        }
        pool = context.pools.current(session)
        workplaces = list(workplace_repository.load_all(session))
    listed = 0
    for workplace in workplaces[::3]:
        for function in workplace.functions:
            found = {
                f.citizen_id: f.candidate.suggestion.score
                for f in function_candidates(
                    pool, workplace, function.id, context.matching.scoring()
                )
            }
            for citizen_id, own in lists.items():
                if function.id in own:
                    assert found[citizen_id] == pytest.approx(own[function.id], abs=1e-3)
                    listed += 1
                elif citizen_id in found:  # a candidate left out of a full list, never above it
                    assert len(own) == top_k, (citizen_id, function.id)
                    assert found[citizen_id] <= min(own.values()) + 1e-3
    assert listed > 50


def _batch_lists(session: Session, run_id: int) -> list[tuple[int, list[int], list[float]]]:
    """Each citizen's batch list as (citizen id, function ids, scores)."""
    return [
        (s.citizen_id, list(s.function_ids), [d["score"] for d in s.suggestions])
        for s in session.scalars(select(CitizenSnapshot).where(CitizenSnapshot.run_id == run_id))
    ]
