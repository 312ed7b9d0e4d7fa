"""Batch runs in the store (SQLite and PostgreSQL): progress counts snapshots and failures, a
run ends done or failed, earlier rankings are the latest before the run, pending places are
taken once, and erasing a citizen removes every trace of them from the runs."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.composition.context import AppContext
from api.composition.wiring import create_context
from store import citizens, reranks
from store.models import CitizenRow, RerankFailure
from store.states import RunStatus, Trigger
from tests.conftest import make_settings
from tests.postgres import reset_schema

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _citizens(session: Session, count: int) -> list[int]:
    return [
        citizens.create(
            session, reference=f"JC-R-{n}", target_group="sick_listed", team="syd", profile={}
        ).id
        for n in range(count)
    ]


def _suggestions(*function_ids: int) -> list[dict[str, object]]:
    return [{"function_id": f, "score": 1.0} for f in function_ids]


def test_a_run_finishes_done_when_every_citizen_has_a_snapshot(context: AppContext) -> None:
    with context.sessions.begin() as session:
        a, b = _citizens(session, 2)
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[a, b], top_k=5)
        assert run.status == RunStatus.QUEUED and run.total == 2
        reranks.add_snapshot(session, run_id=run.id, citizen_id=a, suggestions=[], changes={})
        session.flush()
        reranks.update_progress(session, run=run, now=NOW)
        assert (run.done, run.status, run.finished_at) == (1, RunStatus.QUEUED, None)
        assert reranks.handled_citizen_ids(session, run_id=run.id) == {a}
        reranks.add_snapshot(
            session, run_id=run.id, citizen_id=b, suggestions=_suggestions(9), changes={}
        )
        session.flush()
        reranks.update_progress(session, run=run, now=NOW)
        assert (run.done, run.failed, run.status) == (2, 0, RunStatus.DONE)
        assert run.finished_at == NOW
        # Ranked, not yet allocated: still to finish (a resume allocates it).
        assert run.id in {r.id for r in reranks.unfinished_runs(session)}
        assert reranks.record_allocation(session, run_id=run.id, figures={"shown": 2})
        session.flush()
        assert run.id not in {r.id for r in reranks.unfinished_runs(session)}


def test_a_run_with_a_failure_ends_failed_and_keeps_the_error_short(context: AppContext) -> None:
    with context.sessions.begin() as session:
        a, b = _citizens(session, 2)
        run = reranks.create_run(session, trigger=Trigger.NIGHTLY, citizen_ids=[a, b], top_k=5)
        reranks.add_snapshot(session, run_id=run.id, citizen_id=a, suggestions=[], changes={})
        reranks.add_failure(session, run_id=run.id, citizen_id=b, error="e" * 900)
        session.flush()
        assert reranks.handled_citizen_ids(session, run_id=run.id, among=[b]) == {b}
        reranks.update_progress(session, run=run, now=NOW)
        assert (run.done, run.failed, run.status) == (1, 1, RunStatus.FAILED)
        error = session.scalar(select(RerankFailure.error).where(RerankFailure.run_id == run.id))
        assert error == "e" * 500


def test_previous_rankings_are_each_citizens_latest_before_the_run(context: AppContext) -> None:
    with context.sessions.begin() as session:
        a, b = _citizens(session, 2)
        runs = [
            reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[a, b], top_k=5)
            for _ in range(3)
        ]
        reranks.add_snapshot(
            session, run_id=runs[0].id, citizen_id=a, suggestions=_suggestions(1, 2), changes={}
        )
        reranks.add_snapshot(
            session, run_id=runs[1].id, citizen_id=a, suggestions=_suggestions(3), changes={}
        )
        reranks.add_snapshot(
            session, run_id=runs[2].id, citizen_id=a, suggestions=_suggestions(4), changes={}
        )
        reranks.add_snapshot(
            session, run_id=runs[0].id, citizen_id=b, suggestions=_suggestions(5), changes={}
        )
        session.flush()
        earlier = reranks.previous_rankings(session, citizen_ids=[a, b], before_run_id=runs[2].id)
        latest = reranks.latest_snapshot(session, citizen_id=a)
    assert earlier == {a: [3], b: [5]}
    assert latest is not None and latest.function_ids == [4]
    with context.sessions() as session:
        listed = [run.id for run in reranks.list_runs(session, limit=2)]
    assert listed == [runs[2].id, runs[1].id]


def test_pending_places_are_taken_once(context: AppContext) -> None:
    with context.sessions.begin() as session:
        assert reranks.newest_pending(session) is None
        reranks.add_pending(session, workplace_id=1, lat=55.6, lon=12.5)
        reranks.add_pending(session, workplace_id=2, lat=55.7, lon=12.4)
        assert reranks.pending_were_added(session)
        assert not reranks.pending_were_added(session)
    with context.sessions.begin() as session:
        assert reranks.newest_pending(session) is not None
        assert sorted(reranks.take_pending(session)) == [(55.6, 12.5), (55.7, 12.4)]
    with context.sessions() as session:
        assert reranks.take_pending(session) == []


def test_erasing_a_citizen_takes_them_out_of_every_run(context: AppContext) -> None:
    with context.sessions.begin() as session:
        a, b = _citizens(session, 2)
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[a, b], top_k=5)
        reranks.add_snapshot(session, run_id=run.id, citizen_id=b, suggestions=[], changes={})
        reranks.add_failure(session, run_id=run.id, citizen_id=a, error="boom")
        session.flush()
        reranks.update_progress(session, run=run, now=NOW)
        assert run.status == RunStatus.FAILED
        reranks.erase_citizen(session, citizen_id=a)
    with context.sessions() as session:
        again = reranks.get_run(session, run_id=run.id)
        assert again is not None
        assert (again.citizen_ids, again.total, again.done, again.failed) == ([b], 1, 1, 0)
        assert reranks.latest_snapshot(session, citizen_id=a) is None
        assert reranks.handled_citizen_ids(session, run_id=run.id) == {b}


def test_the_places_held_outside_a_run_are_the_other_active_citizens_latest_shown(
    context: AppContext,
) -> None:
    with context.sessions.begin() as session:
        a, b, c, gone = _citizens(session, 4)
        old, later, mine = (
            reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[a, b, c], top_k=5)
            for _ in range(3)
        )
        placed = [{"function_id": f, "workplace_id": f // 10, "score": 1.0} for f in (10, 20, 21)]
        for citizen_id in (a, b, gone):
            reranks.add_snapshot(
                session, run_id=old.id, citizen_id=citizen_id, suggestions=placed, changes={}
            )
        reranks.add_snapshot(  # a later snapshot of b, not allocated: holds nothing
            session, run_id=later.id, citizen_id=b, suggestions=placed, changes={}
        )
        reranks.add_snapshot(session, run_id=mine.id, citizen_id=c, suggestions=placed, changes={})
        session.flush()
        reranks.set_shown(session, run_id=old.id, shown={a: [0, 1, 2], b: [0], gone: [0]})
        reranks.set_shown(session, run_id=mine.id, shown={c: [0, 1]})
        session.get(CitizenRow, gone).active = False
        session.flush()
        assert reranks.shown_elsewhere(session, run_id=mine.id) == {1: 1, 2: 2}


@pytest.mark.postgres
def test_two_workers_finishing_at_once_store_the_count_that_sees_both(
    postgres_url: str, tmp_path: Path
) -> None:
    """The last two chunks of a run end together on two workers: the one counting second
    waits for the first to commit, so the run ends done with every citizen counted (not
    with the count of the worker that committed last but counted first)."""
    reset_schema(postgres_url)
    context = create_context(make_settings(postgres_url, tmp_path))
    try:
        with context.sessions.begin() as session:
            a, b = _citizens(session, 2)
            run_id = reranks.create_run(
                session, trigger=Trigger.MANUAL, citizen_ids=[a, b], top_k=5
            ).id
            reranks.add_snapshot(session, run_id=run_id, citizen_id=a, suggestions=[], changes={})
        first, second = context.sessions(), context.sessions()
        run = reranks.get_run(first, run_id=run_id)
        assert run is not None
        reranks.add_snapshot(first, run_id=run_id, citizen_id=b, suggestions=[], changes={})
        first.flush()
        reranks.update_progress(first, run=run, now=NOW)  # counts 2; holds the run's row
        counted: list[int] = []

        def finish_second() -> None:
            other = reranks.get_run(second, run_id=run_id)
            assert other is not None
            reranks.update_progress(second, run=other, now=NOW)
            counted.append(other.done)
            second.commit()

        thread = threading.Thread(target=finish_second)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive()  # waiting for the first worker's commit
        first.commit()
        thread.join(timeout=30)
        assert counted == [2]
        with context.sessions() as session:
            stored = reranks.get_run(session, run_id=run_id)
            assert stored is not None and (stored.done, stored.status) == (2, RunStatus.DONE)
        first.close()
        second.close()
    finally:
        context.close()
