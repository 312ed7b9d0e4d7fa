"""Batch runs: the list (the page reads itself again while a run is running, to follow it),
and (admins) starting one."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth.policy import ROLES, WEB_PREFIX, allow
from api.reranks import service
from api.shared.deps import Unit
from api.web.pages import FormChecked, redirect, render
from store import reranks
from store.states import Trigger

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)


@router.get("/runs")
@allow(*ROLES)
def run_list(request: Request, unit: Unit) -> HTMLResponse:
    runs = [service.run_out(run) for run in reranks.list_runs(unit.session, limit=30)]
    return render(request, "runs/list.html", title="Kørsler", runs=runs)


@router.post("/runs")
@allow("admin")
def start_run(unit: Unit, _checked: FormChecked) -> Response:
    service.start_run(unit, trigger=Trigger.MANUAL)
    return redirect("/runs", ok="run_started")
