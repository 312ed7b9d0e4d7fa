"""Starting runs and reading their snapshots (SQLite and PostgreSQL): a run's task is sent
only once the unit commits, never for a unit that failed; a snapshot shows each suggestion as
new, moved from its earlier rank or where it was, and what dropped out."""

import pytest

from api.composition.context import AppContext
from api.reranks import service
from api.shared.errors import NotFound
from api.shared.unit import unit_of_work
from store import reranks
from store.states import RunStatus, Trigger
from tests.api.payloads import citizen
from tests.stored import add_citizens


class Sent:
    def __init__(self) -> None:
        self.tasks: list[tuple[str, tuple[object, ...]]] = []

    def __call__(self, task) -> None:  # type: ignore[no-untyped-def]
        self.tasks.append((task.name, task.args))


def test_a_runs_task_is_sent_after_the_commit_and_not_for_a_failed_unit(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    (citizen_id,) = add_citizens(context, citizen())
    sent = Sent()
    monkeypatch.setattr("api.shared.unit.UnitOfWork._send", lambda unit, task: sent(task))
    with pytest.raises(RuntimeError), unit_of_work(context) as unit:
        service.start_run(unit, trigger=Trigger.MANUAL)
        raise RuntimeError("the route failed")
    assert sent.tasks == []
    with unit_of_work(context) as unit:
        run_id = service.start_run(unit, trigger=Trigger.CITIZEN, citizen_ids=[citizen_id])
        assert sent.tasks == []  # not before the commit
    assert sent.tasks == [(service.RUN_TASK, (run_id,))]
    with context.sessions() as session:
        run = service.get_run(session, run_id=run_id)
        assert (run.status, run.total, run.trigger) == (RunStatus.QUEUED, 1, "citizen")
        triggers = [r.trigger for r in reranks.list_runs(session, limit=10)]
        assert Trigger.MANUAL not in triggers  # the failed unit's run was not kept
        with pytest.raises(NotFound):
            service.get_run(session, run_id=run_id + 1)


def _suggestions(*function_ids: int) -> list[dict[str, object]]:
    return [{"function_id": f, "rank": rank} for rank, f in enumerate(function_ids, start=1)]


def test_a_snapshot_shows_what_is_new_moved_and_dropped(context: AppContext) -> None:
    (citizen_id,) = add_citizens(context, citizen())
    with context.sessions() as session, pytest.raises(NotFound, match="not been re-ranked"):
        service.latest_snapshot(session, citizen_id=citizen_id)
    with context.sessions.begin() as session:
        earlier = reranks.create_run(
            session, trigger=Trigger.MANUAL, citizen_ids=[citizen_id], top_k=5
        )
        later = reranks.create_run(
            session, trigger=Trigger.MANUAL, citizen_ids=[citizen_id], top_k=5
        )
        reranks.add_snapshot(
            session,
            run_id=earlier.id,
            citizen_id=citizen_id,
            suggestions=_suggestions(1, 2, 3, 4),
            changes={},
        )
        reranks.add_snapshot(
            session,
            run_id=later.id,
            citizen_id=citizen_id,
            suggestions=_suggestions(3, 2, 9),
            changes={
                "new": [9],
                "dropped": [1, 4],
                "moved_up": [{"function_id": 3, "previous_rank": 3, "rank": 1}],
                "moved_down": [],
            },
        )
    with context.sessions() as session:
        snapshot = service.latest_snapshot(session, citizen_id=citizen_id)
    assert snapshot.run.id == later.id
    assert [(i.rank, i.new_since_last_run, i.previous_rank) for i in snapshot.items] == [
        (1, False, 3),
        (2, False, 2),
        (3, True, None),
    ]
    assert snapshot.dropped_since_last_run == [1, 4]
