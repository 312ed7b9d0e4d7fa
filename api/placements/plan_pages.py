"""The individual plan on the consultant's pages: a form filled with the saved plan, or with a
draft from what is known, saved when the rules allow it (else the form again, each refused
field marked); and the plan as a printable Danish document."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.auth.policy import WEB_PREFIX, CurrentUser, allow
from api.citizens import service as citizens
from api.placements import plan_service
from api.placements.plan_schemas import PlanIn, PlanOut
from api.shared.errors import InvalidInput, NotFound
from api.shared.schemas import PathId
from api.shared.unit import UnitOfWork
from api.web.forms import decimal, field_errors, lines, optional, text, whole
from api.web.pages import FormChecked, PageUnit, redirect, render
from store.states import AuditAction

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)


def _plan(unit: UnitOfWork, placement_id: int, user: Any) -> PlanOut:
    """The saved plan, or a draft when there is none yet."""
    context = unit.context
    rules = context.matching.rules
    try:
        return plan_service.get(unit.session, placement_id=placement_id, user=user, rules=rules)
    except NotFound:
        return plan_service.draft(
            unit.session,
            placement_id=placement_id,
            user=user,
            rules=rules,
            today=context.matching.today(),
        )


@router.get("/placements/{placement_id}/plan")
@allow("consultant")
def plan_page(
    placement_id: PathId, request: Request, unit: PageUnit, user: CurrentUser
) -> HTMLResponse:
    plan = _plan(unit, placement_id, user)
    unit.audit(AuditAction.READ_PLAN, [plan.citizen_id])
    return _form(request, plan, body=plan.model_dump(mode="json"), errors={})


def _form(
    request: Request,
    plan: PlanOut,
    *,
    body: dict[str, Any],
    errors: dict[str, list[str]],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "placements/plan.html",
        status_code=status_code,
        title=f"Plan: {plan.workplace_name}",
        plan=plan,
        body=body,
        errors=errors,
    )


def _body(form: FormData) -> dict[str, Any]:
    """The plan form as the body of PUT /placements/{id}/plan."""
    return {
        "version": optional(form, "version"),
        "placement_type": text(form, "placement_type"),
        "start_date": text(form, "start_date"),
        "weeks": whole(form, "weeks"),
        "start_hours": decimal(form, "start_hours"),
        "target_hours": decimal(form, "target_hours"),
        "step_hours": decimal(form, "step_hours"),
        "step_every_weeks": whole(form, "step_every_weeks"),
        "tasks": lines(form, "tasks"),
        "goals": optional(form, "goals"),
        "accommodations": form.getlist("accommodations"),
        "contact_person": optional(form, "contact_person"),
        "mentor": optional(form, "mentor"),
        "follow_up_every_weeks": whole(form, "follow_up_every_weeks"),
        "paid_hours_week": whole(form, "paid_hours_week"),
    }


@router.post("/placements/{placement_id}/plan")
@allow("consultant")
async def save_plan(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """Save the plan; a refused one comes back in its form with each field's reason."""
    body = _body(await request.form())
    rules = unit.context.matching.rules
    try:
        data = PlanIn.model_validate(body)
        plan = plan_service.save(
            unit.session,
            placement_id=placement_id,
            data=data,
            user=user,
            rules=rules,
            today=unit.context.matching.today(),
        )
    except (ValidationError, InvalidInput, plan_service.PlanSavedMeanwhile) as exc:
        shown = _plan(unit, placement_id, user)
        errors = (
            {"form": ["Planen er gemt af en anden imens. Hent siden igen, og ret den på ny."]}
            if isinstance(exc, plan_service.PlanSavedMeanwhile)
            else field_errors(exc)
        )
        return _form(request, shown, body=body, errors=errors, status_code=422)
    unit.audit(AuditAction.PLAN, [plan.citizen_id])
    return redirect(f"/placements/{placement_id}", ok="plan")


@router.get("/placements/{placement_id}/plan/print")
@allow("consultant")
def print_plan(
    placement_id: PathId, request: Request, unit: PageUnit, user: CurrentUser
) -> HTMLResponse:
    """The saved plan as a document to print (or save as PDF from the browser's print)."""
    plan = plan_service.get(
        unit.session, placement_id=placement_id, user=user, rules=unit.context.matching.rules
    )
    unit.audit(AuditAction.READ_PLAN, [plan.citizen_id])
    citizen = citizens.get_for_user_or_raise(unit.session, citizen_id=plan.citizen_id, user=user)
    return render(
        request,
        "placements/print.html",
        title=f"Individuel plan: {plan.workplace_name}",
        plan=plan,
        citizen_reference=citizen.reference,
    )
