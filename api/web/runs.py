"""Batch runs: the list, the progress of a running one, and (admins) starting one."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth.policy import ROLES, allow
from api.deps import Context, DbSession
from api.reranks import service
from api.reranks.schemas import RunOut
from api.schemas import PathId
from api.web.pages import WEB_PREFIX, FormChecked, redirect, render
from store import reranks

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)


@router.get("/runs")
@allow(*ROLES)
def run_list(request: Request, session: DbSession) -> HTMLResponse:
    runs = [service.run_out(run) for run in reranks.list_runs(session, limit=30)]
    return render(request, "runs/list.html", title="Kørsler", runs=runs)


@router.get("/runs/{run_id}/progress")
@allow(*ROLES)
def run_progress(run_id: PathId, session: DbSession) -> RunOut:
    """A run's progress as JSON, for the page to follow a running run."""
    return service.get_run(session, run_id=run_id)


@router.post("/runs")
@allow("admin")
def start_run(context: Context, _checked: FormChecked) -> Response:
    service.start_run(context, trigger="manual")
    return redirect("/runs", ok="run_started")
