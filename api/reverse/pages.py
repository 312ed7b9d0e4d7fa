"""Reverse matching's pages: a function's anonymised candidates for its coordinator (who can
tell a candidate's consultants), and the notifications the consultants answer."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth.policy import WEB_PREFIX, CurrentUser, User, allow
from api.reverse import service
from api.reverse.schemas import DecisionIn
from api.shared.errors import InvalidInput, TooManyRequests
from api.shared.schemas import PathId
from api.shared.unit import UnitOfWork
from api.web.forms import checked, field_errors, submitted
from api.web.pages import FormChecked, PageUnit, local_time, redirect, render
from matcher.vocabulary import PLACEMENT_TYPES

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
SHOWN = 20


@router.get("/workplaces/{workplace_id}/functions/{function_id}/candidates")
@allow("employer_coordinator")
def candidates_page(
    workplace_id: PathId, function_id: PathId, request: Request, unit: PageUnit, user: CurrentUser
) -> HTMLResponse:
    """Who could fill this slot: anonymised cards, each shown citizen audited; a function
    changed too recently, or a coordinator past the day's look-ups, is told why and when."""
    try:
        found = service.candidates(
            unit, workplace_id=workplace_id, function_id=function_id, user=user, limit=SHOWN
        )
    except (service.NotSettled, TooManyRequests) as exc:
        return render(
            request,
            "reverse/candidates.html",
            status_code=exc.status_code,
            title="Kandidater",
            found=None,
            workplace_id=workplace_id,
            ready=local_time(exc.ready) if isinstance(exc, service.NotSettled) else None,
            settle_hours=unit.context.settings.reverse_settle_hours,
            lookups_a_day=unit.context.settings.reverse_lookups_per_day,
        )
    return render(
        request, "reverse/candidates.html", title=f"Kandidater: {found.function_title}", found=found
    )


@router.post("/candidate-cards/{token}/notify")
@allow("employer_coordinator")
def notify(token: str, unit: PageUnit, user: CurrentUser, _checked: FormChecked) -> Response:
    sent, _ = service.notify(unit, token=token[:64], user=user)
    return redirect(
        f"/workplaces/{sent.workplace_id}/functions/{sent.function_id}/candidates", ok="notified"
    )


@router.get("/notifications")
@allow("consultant")
def notification_list(request: Request, unit: PageUnit, user: CurrentUser) -> HTMLResponse:
    return _list(request, unit, user)


def _list(
    request: Request,
    unit: UnitOfWork,
    user: User,
    *,
    refused: tuple[int, list[str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The team's notifications; a refused decision's reasons beside its notification."""
    rows = service.for_team(unit, user=user)
    return render(
        request,
        "reverse/notifications.html",
        status_code=status_code,
        title="Henvendelser",
        rows=rows,
        placement_types=PLACEMENT_TYPES,
        refused=dict([refused]) if refused else {},
    )


@router.post("/notifications/{notification_id}/decision")
@allow("consultant")
async def decide(
    notification_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    try:
        data = submitted(DecisionIn, form, after_decline=checked)
        answered = service.decide(unit, notification_id=notification_id, data=data, user=user)
    except InvalidInput as exc:
        unit.rollback()
        reasons = [m for messages in field_errors(exc).values() for m in messages]
        return _list(request, unit, user, refused=(notification_id, reasons), status_code=422)
    if answered.placement_id is not None:
        return redirect(f"/placements/{answered.placement_id}", ok="contacted")
    return redirect("/notifications", ok="dismissed")
