"""The batch tasks, run eagerly in this process on a real store (SQLite and PostgreSQL): the
nightly task re-ranks every active citizen, a citizen can be re-ranked alone, a resumed run
sends nothing for what is done, an index that is away is retried rather than counted, and a process
that was never configured says so."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.exceptions import Retry
from sqlalchemy import select

import batch.tasks
from api.balance import service as balance
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from batch.rerank import finish_progress, rerank_chunk
from fixtures.generate import DATA_DIR
from indexer.backend import BackendUnavailable
from store import audit, learning, reranks
from store.models import CitizenSnapshot
from store.states import AuditAction, RunStatus, Trigger
from tests.conftest import TODAY
from tests.stored import matchable


@pytest.fixture
def eager(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    """A context whose tasks run in this process as they are sent."""
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=database_url,
        today=TODAY,
        tasks_eager=True,
    )
    context = create_context(settings)
    with (DATA_DIR / "balance.csv").open(encoding="utf-8") as handle:
        balance.import_balance(context, handle)
    context.queue.app()
    yield context
    context.close()


def _run(context: AppContext, run_id: int) -> tuple[str, str, int, int]:
    with context.sessions() as session:
        run = reranks.get_run(session, run_id=run_id)
        assert run is not None
        return run.trigger, run.status, run.total, run.done


def test_the_nightly_task_reranks_every_active_citizen(eager: AppContext) -> None:
    ids = matchable(eager, citizens=3)
    run_id = batch.tasks.rerank_all.delay().get()
    assert _run(eager, run_id) == (Trigger.NIGHTLY, RunStatus.DONE, 3, 3)
    assert batch.tasks.rerank_run.delay(run_id).get() == 0  # a resumed run: nothing left
    with eager.sessions() as session:
        snapshot = reranks.latest_snapshot(session, citizen_id=ids[0])
    assert snapshot is not None and snapshot.run_id == run_id and snapshot.suggestions


def test_one_citizen_is_reranked_as_a_run_of_one(eager: AppContext) -> None:
    ids = matchable(eager, citizens=2)
    run_id = batch.tasks.rerank_citizen.delay(ids[1]).get()
    assert _run(eager, run_id) == (Trigger.CITIZEN, RunStatus.DONE, 1, 1)


def test_a_chunk_sent_again_counts_nothing_twice(eager: AppContext) -> None:
    ids = matchable(eager, citizens=2)
    run_id = batch.tasks.rerank_all.delay(Trigger.MANUAL).get()
    assert batch.tasks.rerank_chunk_task.delay(run_id, ids).get() == 0
    assert _run(eager, run_id) == (Trigger.MANUAL, RunStatus.DONE, 2, 2)


def test_an_index_that_is_away_is_retried_not_counted_as_a_failure(
    eager: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = matchable(eager, citizens=1)
    with eager.sessions.begin() as session:
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids, top_k=5)
    attempts = []

    def away(queries, scoring):  # type: ignore[no-untyped-def]
        attempts.append(len(queries))
        raise BackendUnavailable("index away")

    monkeypatch.setattr(eager.backend, "suggest_many", away)
    with pytest.raises(Retry, match="index away"):
        batch.tasks.rerank_chunk_task.delay(run.id, ids).get()
    assert attempts == [1]
    with eager.sessions() as session:
        assert reranks.handled_citizen_ids(session, run_id=run.id) == set()
    # Retried a bounded number of times, and the message is only acknowledged once done.
    task = batch.tasks.rerank_chunk_task
    assert (task.max_retries, task.acks_late, task.reject_on_worker_lost) == (5, True, True)


def test_no_workplace_changes_no_run(eager: AppContext) -> None:
    assert batch.tasks.workplaces_changed.delay().get() is None


def test_the_purge_task_removes_entries_past_retention(eager: AppContext) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=eager.settings.audit_retention_days + 1)
    with eager.sessions.begin() as session:
        audit.append(
            session,
            actor=audit.SYSTEM,
            citizen_ids=[1, 2],
            action=AuditAction.READ,
            purpose="matching",
            route="/x",
            at=old,
        )
    assert batch.tasks.purge_audit.delay().get() == 2


def test_a_process_never_configured_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch.tasks, "_environment", None)
    with pytest.raises(RuntimeError, match=r"configure\(\) was not called"):
        batch.tasks.environment()


def test_the_weekly_task_trains_and_keeps_the_attempt(eager: AppContext) -> None:
    matchable(eager, citizens=2)
    model_id = batch.tasks.train_ranking.delay().get()
    with eager.sessions() as session:
        row = learning.get(session, model_id=model_id)
        assert row is not None and row.created_by == "system"
        assert row.refused[0] == {
            "code": "too_few_outcomes",
            "params": {"total": 0, "wins": 0, "least": 200, "each": 30},
        }
        assert learning.active_version(session) is None


def test_a_run_ranked_but_never_allocated_is_finished_when_resumed(eager: AppContext) -> None:
    """The process that ranked the last chunk died before it allocated: the run counts
    itself done with no allocation. Resuming it (what `matcher rerank --resume` and a
    starting worker send) allocates it, and the citizens' snapshots say what is shown."""
    ids = matchable(eager, citizens=3)
    with eager.sessions.begin() as session:
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=ids, top_k=5)
    run_id = run.id
    env = eager.batch
    assert rerank_chunk(env, run_id=run_id, citizen_ids=ids) == 3
    finish_progress(env.sessions, run_id=run_id)  # ... and here the process died
    with eager.sessions() as session:
        stranded = reranks.get_run(session, run_id=run_id)
        assert stranded is not None
        assert (stranded.status, stranded.allocation) == (RunStatus.DONE, None)
        assert [r.id for r in reranks.unfinished_runs(session)] == [run_id]
    assert batch.tasks.rerank_run.delay(run_id).get() == 0
    with eager.sessions() as session:
        finished = reranks.get_run(session, run_id=run_id)
        assert finished is not None and finished.allocation is not None
        assert reranks.unfinished_runs(session) == []
        shown = [s.shown for s in session.scalars(select(CitizenSnapshot))]
    assert len(shown) == 3 and all(shown)
