"""Start batch runs and read their results."""

import logging

from kombu.exceptions import OperationalError
from sqlalchemy.orm import Session

from api.context import AppContext
from api.errors import NotFound
from api.reranks.schemas import RunOut, SnapshotItem, SnapshotOut
from indexer.rerank import create_run
from store import reranks
from store.models import RerankRun

log = logging.getLogger(__name__)


def start_run(context: AppContext, *, trigger: str, citizen_ids: list[int] | None = None) -> int:
    """Create the run, commit, then send its task (never before the commit). If the broker
    cannot take it, the run stays queued and the next worker to start sends it."""
    with context.sessions() as session:
        run_id = create_run(
            session, trigger=trigger, citizen_ids=citizen_ids, top_k=context.settings.rerank_top_k
        )
        session.commit()
    _send(context, "matcher.rerank.run", args=(run_id,))
    return run_id


def after_workplace_change(context: AppContext) -> None:
    """Queue the debounced re-rank of the citizens a workplace edit affects."""
    _send(
        context, "matcher.rerank.workplaces_changed", countdown=context.settings.rerank_debounce_s
    )


def _send(
    context: AppContext,
    task: str,
    *,
    args: tuple[object, ...] = (),
    countdown: float | None = None,
) -> None:
    try:
        context.celery().tasks[task].apply_async(args=args, countdown=countdown)
    except OperationalError:
        # What was committed stands; the work is picked up later: a queued run by the next
        # worker to start, workplace changes by the next edit or the nightly run.
        log.warning("the task broker did not take %s; it will be picked up later", task)


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
        unmoved = None if function_id in new else suggestion["rank"]
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
    )
