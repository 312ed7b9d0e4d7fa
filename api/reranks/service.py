"""Start batch runs and read their results."""

from sqlalchemy.orm import Session

from api.reranks.schemas import RunOut, SnapshotItem, SnapshotOut
from api.shared.errors import NotFound
from api.shared.unit import Task, UnitOfWork
from batch.rerank import create_run
from store import reranks
from store.models import RerankRun
from store.states import Trigger

RUN_TASK = "matcher.rerank.run"


def start_run(unit: UnitOfWork, *, trigger: Trigger, citizen_ids: list[int] | None = None) -> int:
    """A queued run, in the unit; its task is sent after the unit commits (never before). If
    the broker cannot take it, the run stays queued and the next worker to start sends it."""
    run_id = create_run(
        unit.session,
        trigger=trigger,
        citizen_ids=citizen_ids,
        top_k=unit.context.settings.rerank_top_k,
    )
    unit.send_after_commit(Task(RUN_TASK, args=(run_id,)))
    return run_id


def run_out(run: RerankRun) -> RunOut:
    return RunOut.model_validate(run, from_attributes=True)


def get_run(session: Session, *, run_id: int) -> RunOut:
    run = reranks.get_run(session, run_id=run_id)
    if run is None:
        raise NotFound(f"run {run_id} does not exist")
    return run_out(run)


def latest_snapshot(session: Session, *, citizen_id: int) -> SnapshotOut:
    snapshot = reranks.latest_snapshot(session, citizen_id=citizen_id)
    if snapshot is None:
        raise NotFound(f"citizen {citizen_id} has not been re-ranked in a batch run yet")
    run = reranks.get_run(session, run_id=snapshot.run_id)
    assert run is not None
    changes = snapshot.changes
    new = set(changes["new"])
    previous = {
        m["function_id"]: m["previous_rank"] for m in changes["moved_up"] + changes["moved_down"]
    }
    items = []
    for suggestion in snapshot.suggestions:
        function_id = suggestion["function_id"]
        # a place the allocation showed from past the run's list was in no list before
        listed = function_id not in new and suggestion["rank"] <= run.top_k
        unmoved = suggestion["rank"] if listed else None
        items.append(
            SnapshotItem(
                rank=suggestion["rank"],
                new_since_last_run=function_id in new,
                previous_rank=previous.get(function_id, unmoved),
                suggestion=suggestion,
            )
        )
    return SnapshotOut(
        citizen_id=citizen_id,
        run=run_out(run),
        items=items,
        dropped_since_last_run=list(changes["dropped"]),
        shown=snapshot.shown,
    )
