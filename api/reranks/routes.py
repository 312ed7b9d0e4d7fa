"""Batch re-ranking: start a run, follow its progress, read a citizen's latest snapshot."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from api.audit import service as audit
from api.audit.service import ReadPurpose
from api.auth.policy import ROLES, CurrentUser, allow
from api.citizens import service as citizens
from api.deps import Context, DbSession
from api.errors import InvalidInput, NotFound, error_responses
from api.reranks import service
from api.reranks.schemas import RunOut, RunRequest, SnapshotOut
from api.schemas import PathId
from store import reranks

router = APIRouter(tags=["batch re-ranking"])


@router.post("/rerank-runs", status_code=status.HTTP_202_ACCEPTED)
@allow("admin")
def start_run(request: RunRequest, session: DbSession, context: Context) -> RunOut:
    """Re-rank every active citizen; answers at once, the run goes on in the worker."""
    run_id = service.start_run(context, trigger=request.trigger)
    session.expire_all()
    return service.get_run(session, run_id=run_id)


@router.get("/rerank-runs")
@allow(*ROLES)
def list_runs(session: DbSession, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[RunOut]:
    """The latest runs, newest first (counts only: no citizen data)."""
    return [service.run_out(run) for run in reranks.list_runs(session, limit=limit)]


@router.get("/rerank-runs/{run_id}", responses=error_responses(NotFound))
@allow(*ROLES)
def get_run(run_id: PathId, session: DbSession) -> RunOut:
    """A run's progress: citizens done of total, failures, started, finished."""
    return service.get_run(session, run_id=run_id)


@router.get("/citizens/{citizen_id}/snapshot", responses=error_responses(NotFound, InvalidInput))
@allow("consultant")
def latest_snapshot(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> SnapshotOut:
    """One of your team's citizens' suggestions from the latest batch run, with what is new
    since the run before."""
    citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    snapshot = service.latest_snapshot(session, citizen_id=citizen_id)
    audit.record(
        session,
        request,
        user=user,
        citizen_ids=[citizen_id],
        action="read_snapshot",
        purpose=purpose,
    )
    session.commit()
    return snapshot
