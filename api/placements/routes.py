"""Placements: record that a workplace was contacted for a citizen, what came of it, notes,
and the outcome of a started placement; undo a status set by mistake."""

from fastapi import APIRouter, status

from api.auth.policy import ROLES, CurrentUser, allow
from api.placements import service
from api.placements.schemas import (
    ContactIn,
    DataQualityFlag,
    NoteIn,
    OutcomeIn,
    PlacementOut,
    StatusIn,
    WorkplacePlacementOut,
)
from api.shared.deps import ReadingUnit, Unit, WritingUnit
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, NotFound, error_responses
from api.shared.schemas import PathId
from api.workplaces import service as workplaces
from store.states import AuditAction

router = APIRouter(tags=["placements"])


def placement_out(row: object) -> PlacementOut:
    return PlacementOut.model_validate(row, from_attributes=True)


@router.post(
    "/citizens/{citizen_id}/placements",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotFound, InvalidInput),
)
@allow("consultant")
def record_contact(
    citizen_id: PathId,
    data: ContactIn,
    unit: WritingUnit,
    user: CurrentUser,
) -> PlacementOut:
    """Record that a workplace was contacted for one of your team's citizens."""
    row = service.contact(unit.context, unit.session, citizen_id=citizen_id, data=data, user=user)
    unit.audit(AuditAction.CONTACT, [citizen_id])
    return placement_out(row)


@router.get("/citizens/{citizen_id}/placements", responses=error_responses(NotFound, InvalidInput))
@allow("consultant")
def citizen_placements(
    citizen_id: PathId, unit: ReadingUnit, user: CurrentUser
) -> list[PlacementOut]:
    """The workplaces contacted for one of your team's citizens, newest first."""
    rows = service.for_citizen(unit.session, citizen_id=citizen_id, user=user)
    unit.audit(AuditAction.READ_PLACEMENTS, [citizen_id])
    return [placement_out(row) for row in rows]


@router.post(
    "/placements/{placement_id}/status",
    responses=error_responses(NotFound, AlreadyExists, Conflict, InvalidInput),
)
@allow("consultant")
def change_status(
    placement_id: PathId,
    data: StatusIn,
    unit: WritingUnit,
    user: CurrentUser,
) -> PlacementOut:
    """What came of a contact: declined by the workplace (with its reason) or by the
    citizen, or agreed; and when an agreed placement started (not before its plan starts)."""
    row = service.change_status(
        unit.session,
        placement_id=placement_id,
        data=data,
        user=user,
        today=unit.context.matching.today(),
    )
    unit.audit(AuditAction.PLACEMENT_STATUS, [row.citizen_id])
    return placement_out(row)


@router.post(
    "/placements/{placement_id}/undo",
    responses=error_responses(NotFound, Conflict, InvalidInput),
)
@allow("consultant")
def undo_status(placement_id: PathId, unit: WritingUnit, user: CurrentUser) -> PlacementOut:
    """Take back the placement's latest status change (an outcome leaves the record again)."""
    row = service.undo(unit.session, placement_id=placement_id, user=user)
    unit.audit(AuditAction.PLACEMENT_UNDO, [row.citizen_id])
    return placement_out(row)


@router.post(
    "/placements/{placement_id}/notes",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotFound, InvalidInput),
)
@allow("consultant")
def add_note(
    placement_id: PathId, data: NoteIn, unit: WritingUnit, user: CurrentUser
) -> PlacementOut:
    """A note on a contact or placement (free text; never a CPR number)."""
    row = service.add_note(unit.session, placement_id=placement_id, data=data, user=user)
    unit.audit(AuditAction.PLACEMENT_NOTE, [row.citizen_id])
    return placement_out(row)


@router.post(
    "/placements/{placement_id}/outcome",
    responses=error_responses(NotFound, AlreadyExists, Conflict, InvalidInput),
)
@allow("consultant")
def record_outcome(
    placement_id: PathId,
    data: OutcomeIn,
    unit: WritingUnit,
    user: CurrentUser,
) -> PlacementOut:
    """Record how a started placement ended; it counts in the workplace's record."""
    row = service.record_outcome(unit.session, placement_id=placement_id, data=data, user=user)
    unit.audit(AuditAction.OUTCOME, [row.citizen_id])
    return placement_out(row)


@router.get("/workplaces/{workplace_id}/placements", responses=error_responses(NotFound))
@allow(*ROLES)
def workplace_placements(workplace_id: PathId, unit: Unit) -> list[WorkplacePlacementOut]:
    """The placements at a workplace, newest first: which team, never which citizen."""
    session = unit.session
    workplaces.get_or_raise(session, workplace_id=workplace_id)
    return [
        WorkplacePlacementOut.model_validate(row, from_attributes=True)
        for row in service.for_workplace(session, workplace_id=workplace_id)
    ]


@router.get(
    "/workplaces/{workplace_id}/data-quality",
    responses=error_responses(NotFound, InvalidInput),
)
@allow("employer_coordinator", "admin")
def workplace_data_quality(workplace_id: PathId, unit: Unit) -> list[DataQualityFlag]:
    """Accommodations the workplace lists but declined a contact for, saying it cannot offer
    them: a profile to check with the workplace."""
    return service.data_quality(unit.session, workplace_id=workplace_id)
