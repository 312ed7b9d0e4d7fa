"""Batch re-ranking: start a run, follow its progress, read a citizen's latest snapshot."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.auth.policy import ROLES, CurrentUser, allow
from api.citizens import service as citizens
from api.reranks import service
from api.reranks.schemas import RunOut, RunRequest, SnapshotOut
from api.shared.deps import ReadingUnit, Unit
from api.shared.errors import InvalidInput, NotFound, error_responses
from api.shared.schemas import PathId
from store import reranks
from store.states import AuditAction, Trigger

router = APIRouter(tags=["batch re-ranking"])


@router.post("/rerank-runs", status_code=status.HTTP_202_ACCEPTED)
@allow("admin")
def start_run(request: RunRequest, unit: Unit) -> RunOut:
    """Re-rank every active citizen; answers at once, the run goes on in the worker."""
    run_id = service.start_run(unit, trigger=Trigger(request.trigger))
    return service.get_run(unit.session, run_id=run_id)


@router.get("/rerank-runs")
@allow(*ROLES)
def list_runs(unit: Unit, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[RunOut]:
    """The latest runs, newest first (counts only: no citizen data)."""
    return [service.run_out(run) for run in reranks.list_runs(unit.session, limit=limit)]


@router.get("/rerank-runs/{run_id}", responses=error_responses(NotFound))
@allow(*ROLES)
def get_run(run_id: PathId, unit: Unit) -> RunOut:
    """A run's progress: citizens done of total, failures, started, finished."""
    return service.get_run(unit.session, run_id=run_id)


@router.get("/citizens/{citizen_id}/snapshot", responses=error_responses(NotFound, InvalidInput))
@allow("consultant")
def latest_snapshot(citizen_id: PathId, unit: ReadingUnit, user: CurrentUser) -> SnapshotOut:
    """One of your team's citizens' suggestions from the latest batch run, with what is new
    since the run before."""
    citizens.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    snapshot = service.latest_snapshot(unit.session, citizen_id=citizen_id)
    unit.audit(AuditAction.READ_SNAPSHOT, [citizen_id])
    return snapshot
