"""A contact's course on the consultant's page: what came of it (declined, agreed, started),
the outcome of a started course, undoing the latest change, and notes. The same services,
audit and access rules as the JSON API."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.auth.policy import WEB_PREFIX, CurrentUser, allow
from api.placements import service as placements
from api.placements.schemas import NoteIn, OutcomeIn, StatusIn
from api.schemas import PathId
from api.web.forms import optional, text, validated
from api.web.pages import FormChecked, PageUnit, redirect
from store.states import AuditAction

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)


@router.post("/placements/{placement_id}/status")
@allow("consultant")
async def change_status(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """Declined (by whom, why), agreed or started."""
    form = await request.form()
    data = validated(
        StatusIn,
        {
            "status": text(form, "status"),
            "reason": optional(form, "reason"),
            "accommodation": optional(form, "accommodation"),
        },
    )
    row = placements.change_status(unit.session, placement_id=placement_id, data=data, user=user)
    unit.audit(AuditAction.PLACEMENT_STATUS, [row.citizen_id])
    return redirect(f"/citizens/{row.citizen_id}", ok="status")


@router.post("/placements/{placement_id}/outcome")
@allow("consultant")
async def record_outcome(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    data = validated(OutcomeIn, {"outcome": text(form, "outcome"), "note": optional(form, "note")})
    row = placements.record_outcome(unit.session, placement_id=placement_id, data=data, user=user)
    unit.audit(AuditAction.OUTCOME, [row.citizen_id])
    return redirect(f"/citizens/{row.citizen_id}", ok="outcome")


@router.post("/placements/{placement_id}/undo")
@allow("consultant")
async def undo_status(
    placement_id: PathId, unit: PageUnit, user: CurrentUser, _checked: FormChecked
) -> Response:
    row = placements.undo(unit.session, placement_id=placement_id, user=user)
    unit.audit(AuditAction.PLACEMENT_UNDO, [row.citizen_id])
    return redirect(f"/citizens/{row.citizen_id}", ok="undone")


@router.post("/placements/{placement_id}/notes")
@allow("consultant")
async def add_note(
    placement_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    data = validated(NoteIn, {"text": text(form, "text")})
    row = placements.add_note(unit.session, placement_id=placement_id, data=data, user=user)
    unit.audit(AuditAction.PLACEMENT_NOTE, [row.citizen_id])
    return redirect(f"/citizens/{row.citizen_id}", ok="note")
