"""Placements: record that a workplace was contacted for a citizen, and later the outcome."""

from fastapi import APIRouter, Request, status

from api.audit import service as audit
from api.audit.service import ReadPurpose, WritePurpose
from api.auth.policy import ROLES, CurrentUser, allow
from api.deps import Context, DbSession
from api.errors import AlreadyExists, InvalidInput, NotFound, error_responses
from api.placements import service
from api.placements.schemas import ContactIn, OutcomeIn, PlacementOut, WorkplacePlacementOut
from api.reranks.service import after_workplace_change
from api.schemas import PathId
from api.unit import commit
from api.workplaces import service as workplaces

router = APIRouter(tags=["placements"])


def _out(row: object) -> PlacementOut:
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
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: WritePurpose,
) -> PlacementOut:
    """Record that a workplace was contacted for one of your team's citizens."""
    row = service.contact(session, citizen_id=citizen_id, data=data, user=user)
    audit.record(
        session, request, user=user, citizen_ids=[citizen_id], action="contact", purpose=purpose
    )
    commit(session, context.relay)
    return _out(row)


@router.get("/citizens/{citizen_id}/placements", responses=error_responses(NotFound, InvalidInput))
@allow("consultant")
def citizen_placements(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> list[PlacementOut]:
    """The workplaces contacted for one of your team's citizens, newest first."""
    rows = service.for_citizen(session, citizen_id=citizen_id, user=user)
    audit.record(
        session,
        request,
        user=user,
        citizen_ids=[citizen_id],
        action="read_placements",
        purpose=purpose,
    )
    session.commit()
    return [_out(row) for row in rows]


@router.post(
    "/placements/{placement_id}/outcome",
    responses=error_responses(NotFound, AlreadyExists, InvalidInput),
)
@allow("consultant")
def record_outcome(
    placement_id: PathId,
    data: OutcomeIn,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: WritePurpose,
) -> PlacementOut:
    """Record how a placement ended; it counts in the workplace's record."""
    row = service.record_outcome(session, placement_id=placement_id, data=data, user=user)
    audit.record(
        session, request, user=user, citizen_ids=[row.citizen_id], action="outcome", purpose=purpose
    )
    commit(session, context.relay)
    after_workplace_change(context)
    return _out(row)


@router.get("/workplaces/{workplace_id}/placements", responses=error_responses(NotFound))
@allow(*ROLES)
def workplace_placements(workplace_id: PathId, session: DbSession) -> list[WorkplacePlacementOut]:
    """The placements at a workplace, newest first: which team, never which citizen."""
    workplaces.get_or_raise(session, workplace_id=workplace_id)
    return [
        WorkplacePlacementOut.model_validate(row, from_attributes=True)
        for row in service.for_workplace(session, workplace_id=workplace_id)
    ]
