"""What the application holds while it runs (SQLite and PostgreSQL): changes committed by a
command waiting for the server's index while the server's own reach it at once, an embedded
index built again only when the store's workplaces changed, and batch queries asking for a
run's top k."""

import dataclasses

import pytest

from api.composition.context import AppContext
from api.shared.unit import unit_of_work
from indexer.freshness import LocalIndex
from store import outbox
from store import workplaces as repository
from tests.factories import citizen, workplace


def _add(context: AppContext) -> int:
    with unit_of_work(context) as unit:
        row = repository.create(unit.session, workplace=workplace(0), portfolio="vs")
        return row.id


def _waiting(context: AppContext) -> int:
    with context.sessions() as session:
        return outbox.pending_count(session)


def test_the_servers_commits_reach_its_index_at_once(context: AppContext) -> None:
    workplace_id = _add(context)
    assert workplace_id in context.backend.indexed_versions()
    assert _waiting(context) == 0


def test_an_embedded_index_is_rebuilt_only_when_the_store_changed(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilds = []
    rebuild = context.backend.rebuild
    monkeypatch.setattr(
        context.backend, "rebuild", lambda rows, **kw: rebuilds.append(rebuild(rows, **kw))
    )
    context.freshness.prepare()
    context.freshness.prepare()
    assert rebuilds == [0]
    beside = LocalIndex(context.backend, context.relay, context.sessions, serves_index=False)
    workplace_id = _add(dataclasses.replace(context, freshness=beside))
    context.freshness.prepare()
    assert len(rebuilds) == 2 and workplace_id in context.backend.indexed_versions()


def test_a_batch_query_asks_for_the_runs_top_k(context: AppContext) -> None:
    environment = context.batch
    assert environment.make_query(citizen(), 7).limit == 7
    assert environment.chunk_size == context.settings.rerank_chunk_size
