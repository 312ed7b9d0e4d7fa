"""A contact's placement on the consultant's pages: what came of it (declined, agreed, started),
follow-ups with a chart of the hours, the outcome of a started placement and the status months
after its end, undoing the latest change, notes, and the follow-ups due this week. The same
services, audit and access rules as the JSON API."""

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from api.auth.policy import WEB_PREFIX, CurrentUser, User, allow
from api.citizens import service as citizens
from api.citizens.pages import citizen_view
from api.placements import plan_service
from api.placements import service as placements
from api.placements.charts import hours_chart
from api.placements.plan_schemas import FollowUpIn, StatusAfterIn
from api.placements.schemas import NoteIn, OutcomeIn, StatusIn
from api.shared.errors import AlreadyExists, ApiError, Conflict, InvalidInput, NotFound
from api.shared.schemas import PathId
from api.shared.unit import UnitOfWork
from api.web.forms import FieldErrors, decimal, field_errors, submitted, whole
from api.web.pages import FormChecked, PageUnit, redirect, render
from api.web.texts import refused_step
from matcher.vocabulary import MONTHS_AFTER
from store.models import PlacementRow
from store.states import AuditAction

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
_Done = TypeVar("_Done")


def _back(form: FormData, row: PlacementRow, ok: str) -> Response:
    """Back to the page the form was sent from: the placement's own, or the citizen's."""
    if form.get("back") == "course":
        return redirect(f"/placements/{row.id}", ok=ok)
    return redirect(f"/citizens/{row.citizen_id}", ok=ok)


@dataclass(frozen=True)
class Refused:
    """A form of the placement's page that was refused: which, what was typed in it, and
    why, by field ("form" for the form as a whole), in Danish."""

    form: str
    values: Mapping[str, str]
    errors: FieldErrors
    placement_id: int = 0


@router.get("/placements/{placement_id}")
@allow("consultant")
def placement_page(
    placement_id: PathId, request: Request, unit: PageUnit, user: CurrentUser
) -> HTMLResponse:
    """One placement: its status, plan, follow-ups with the hours chart, outcome, statuses
    after the end and notes, with the forms for the next step."""
    return _page(request, unit, user, placement_id)


def _page(
    request: Request,
    unit: UnitOfWork,
    user: User,
    placement_id: int,
    refused: Refused | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    session, context = unit.session, unit.context
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    plan = None
    with contextlib.suppress(NotFound):  # no plan yet
        plan = plan_service.get(
            session, placement_id=placement_id, user=user, rules=context.matching.rules
        )
    unit.audit(AuditAction.READ_PLACEMENTS, [row.citizen_id])
    citizen = citizens.get_for_user_or_raise(session, citizen_id=row.citizen_id, user=user)
    chart = hours_chart(
        start=plan.start_date if plan else None,
        end=plan.end_date if plan else None,
        steps=[(s.from_date, s.hours) for s in plan.schedule] if plan else [],
        follow_ups=[(f.held_on, f.hours_per_week) for f in row.follow_ups],
    )
    recorded = {s.months for s in row.statuses_after}
    return render(
        request,
        "placements/detail.html",
        status_code=status_code,
        title=f"Forløb: {citizen.reference} hos {row.workplace_name}",
        c=row,
        citizen_reference=citizen.reference,
        plan=plan,
        chart=chart,
        today=context.matching.today(),
        months_open=[m for m in MONTHS_AFTER if m not in recorded],
        refused=refused,
        errors=refused.errors if refused else {},
    )


async def _sent(
    request: Request,
    unit: UnitOfWork,
    user: User,
    placement_id: int,
    form_name: str,
    attempt: Callable[[FormData], _Done],
) -> _Done | HTMLResponse:
    """A form of the placement's page, read and acted on; refused, the page again with the
    form as sent and the reasons."""
    form = await request.form()
    try:
        return attempt(form)
    except (InvalidInput, Conflict, AlreadyExists) as exc:
        return _refused(request, unit, user, placement_id, form_name=form_name, form=form, exc=exc)


def _refused(
    request: Request,
    unit: UnitOfWork,
    user: User,
    placement_id: int,
    *,
    form_name: str,
    form: FormData,
    exc: ApiError,
) -> HTMLResponse:
    """The page the form was sent from again (the placement's, or the citizen's), with
    nothing stored: the refused form filled in as it was sent and the reason beside each
    field it names (a step its state does not allow: beside the form)."""
    unit.rollback()
    errors = field_errors(exc) if isinstance(exc, InvalidInput) else {"form": [refused_step(exc)]}
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    refused = Refused(form=form_name, values=values, errors=errors, placement_id=placement_id)
    if form.get("back") == "course" or form_name not in _FROM_CITIZEN_PAGE:
        return _page(request, unit, user, placement_id, refused, status_code=exc.status_code)
    row = placements.get_for_user_or_raise(unit.session, placement_id=placement_id, user=user)
    return citizen_view(
        request, unit, user, row.citizen_id, status_code=exc.status_code, refused=refused
    )


# The forms the citizen's page has for each course (the others are on the course's page only).
_FROM_CITIZEN_PAGE = frozenset({"status", "outcome", "undo", "notes"})


# A step on a placement from its page or the citizen's: the form read into the step's schema,
# the service's step, the audit entry, and back to the page it was sent from.
Step = Callable[..., PlacementRow]


def _step(
    path: str,
    *,
    schema: type[BaseModel] | None,
    act: Step,
    audited: AuditAction,
    ok: str,
    on_day: bool = False,
) -> None:
    @router.post(f"/placements/{{placement_id}}/{path}", name=f"placement_{ok}")
    @allow("consultant")
    async def step(
        placement_id: PathId,
        request: Request,
        unit: PageUnit,
        user: CurrentUser,
        _checked: FormChecked,
    ) -> Response:
        def attempt(form: FormData) -> tuple[FormData, PlacementRow]:
            given: dict[str, Any] = {"today": unit.context.matching.today()} if on_day else {}
            if schema is not None:
                given["data"] = submitted(schema, form)
            return form, act(unit.session, placement_id=placement_id, user=user, **given)

        sent = await _sent(request, unit, user, placement_id, path, attempt)
        if isinstance(sent, HTMLResponse):
            return sent
        form, row = sent
        unit.audit(audited, [row.citizen_id])
        return _back(form, row, ok)


# Declined (by whom, why), agreed or started; how a started placement ended; the latest
# change taken back; a note.
_step(
    "status",
    schema=StatusIn,
    act=placements.change_status,
    audited=AuditAction.PLACEMENT_STATUS,
    ok="status",
    on_day=True,
)
_step(
    "outcome",
    schema=OutcomeIn,
    act=placements.record_outcome,
    audited=AuditAction.OUTCOME,
    ok="outcome",
)
_step("undo", schema=None, act=placements.undo, audited=AuditAction.PLACEMENT_UNDO, ok="undone")
_step(
    "notes", schema=NoteIn, act=placements.add_note, audited=AuditAction.PLACEMENT_NOTE, ok="note"
)


@router.post("/placements/{placement_id}/follow-ups")
@allow("consultant")
async def add_follow_up(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """A follow-up: the day, hours a week now, what works and what does not."""
    sent = await _sent(
        request,
        unit,
        user,
        placement_id,
        "follow-ups",
        lambda form: plan_service.add_follow_up(
            unit.session,
            placement_id=placement_id,
            data=submitted(FollowUpIn, form, hours_per_week=decimal),
            user=user,
            today=unit.context.matching.today(),
        ),
    )
    if isinstance(sent, HTMLResponse):
        return sent
    row, new = sent
    unit.audit(AuditAction.FOLLOW_UP if new else AuditAction.READ, [row.citizen_id])
    return redirect(f"/placements/{row.id}", ok="follow_up")


@router.post("/placements/{placement_id}/statuses-after")
@allow("consultant")
async def record_status_after(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """Where the citizen is 1, 3 or 6 months after the end."""
    row = await _sent(
        request,
        unit,
        user,
        placement_id,
        "statuses-after",
        lambda form: plan_service.record_status_after(
            unit.session,
            placement_id=placement_id,
            data=submitted(StatusAfterIn, form, months=whole),
            user=user,
            today=unit.context.matching.today(),
        ),
    )
    if isinstance(row, HTMLResponse):
        return row
    unit.audit(AuditAction.STATUS_AFTER, [row.citizen_id])
    return redirect(f"/placements/{row.id}", ok="status_after")


@router.get("/follow-ups")
@allow("consultant")
def follow_ups_due(
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    team: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    """Opfølgning i denne uge: the user's (or the team's) placements to follow up by Sunday."""
    today = unit.context.matching.today()
    found = plan_service.due(unit.session, user=user, today=today, whole_team=team)
    unit.audit(AuditAction.LIST, sorted({d.citizen_id for d in found}))
    return render(
        request, "placements/due.html", title="Opfølgning i denne uge", due=found, team=team
    )
