"""A placement after the contact: its individual plan (a draft, then the agreed plan, checked
against the rules in force on its start date), follow-ups, the follow-ups due this week, and
the status 1, 3 and 6 months after the end. Every read and write is audited for the citizen."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.auth.policy import CurrentUser, allow
from api.placements import plan_service as service
from api.placements.plan_schemas import DueOut, FollowUpIn, PlanIn, PlanOut, StatusAfterIn
from api.placements.routes import placement_out
from api.placements.schemas import PlacementOut
from api.shared.deps import ReadingUnit, WritingUnit
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, NotFound, error_responses
from api.shared.schemas import PathId
from store.states import AuditAction

router = APIRouter(tags=["placements"])


@router.get(
    "/placements/{placement_id}/plan/draft",
    responses=error_responses(NotFound, Conflict, InvalidInput),
)
@allow("consultant")
def plan_draft(placement_id: PathId, unit: ReadingUnit, user: CurrentUser) -> PlanOut:
    """A plan filled from what is known (nothing is saved), with what the rules would
    refuse in it under `problems`."""
    context = unit.context
    plan = service.draft(
        unit.session,
        placement_id=placement_id,
        user=user,
        rules=context.matching.rules,
        today=context.matching.today(),
    )
    unit.audit(AuditAction.READ_PLAN, [plan.citizen_id])
    return plan


@router.get("/placements/{placement_id}/plan", responses=error_responses(NotFound, Conflict))
@allow("consultant")
def get_plan(placement_id: PathId, unit: ReadingUnit, user: CurrentUser) -> PlanOut:
    """The plan agreed for a placement, with its schedule of hours and follow-up dates."""
    plan = service.get(
        unit.session, placement_id=placement_id, user=user, rules=unit.context.matching.rules
    )
    unit.audit(AuditAction.READ_PLAN, [plan.citizen_id])
    return plan


@router.put(
    "/placements/{placement_id}/plan",
    responses=error_responses(NotFound, Conflict, InvalidInput),
)
@allow("consultant")
def save_plan(placement_id: PathId, data: PlanIn, unit: WritingUnit, user: CurrentUser) -> PlanOut:
    """Save the plan agreed (send the version you read to change a saved plan). Refused,
    naming each field, when the rules in force on the start date do not allow it."""
    plan = service.save(
        unit.session,
        placement_id=placement_id,
        data=data,
        user=user,
        rules=unit.context.matching.rules,
        today=unit.context.matching.today(),
    )
    unit.audit(AuditAction.PLAN, [plan.citizen_id])
    return plan


@router.post(
    "/placements/{placement_id}/follow-ups",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotFound, AlreadyExists, Conflict, InvalidInput),
)
@allow("consultant")
def add_follow_up(
    placement_id: PathId,
    data: FollowUpIn,
    unit: WritingUnit,
    user: CurrentUser,
    response: Response,
) -> PlacementOut:
    """A follow-up on a running placement: the day, hours a week now, what works and what not.
    Idempotent per placement and day: the same follow-up sent again (a double submit) is stored
    once and answered 200; another one on a day that has one is refused (409)."""
    row, new = service.add_follow_up(
        unit.session,
        placement_id=placement_id,
        data=data,
        user=user,
        today=unit.context.matching.today(),
    )
    if new:
        unit.audit(AuditAction.FOLLOW_UP, [row.citizen_id])
    else:
        response.status_code = status.HTTP_200_OK
        unit.audit(AuditAction.READ, [row.citizen_id])
    return placement_out(row)


@router.post(
    "/placements/{placement_id}/statuses-after",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotFound, AlreadyExists, Conflict, InvalidInput),
)
@allow("consultant")
def record_status_after(
    placement_id: PathId, data: StatusAfterIn, unit: WritingUnit, user: CurrentUser
) -> PlacementOut:
    """Where the citizen is 1, 3 or 6 months after the placement ended (once that time has
    come; each once)."""
    row = service.record_status_after(
        unit.session,
        placement_id=placement_id,
        data=data,
        user=user,
        today=unit.context.matching.today(),
    )
    unit.audit(AuditAction.STATUS_AFTER, [row.citizen_id])
    return placement_out(row)


@router.get("/follow-ups/due", responses=error_responses(InvalidInput))
@allow("consultant")
def follow_ups_due(
    unit: ReadingUnit,
    user: CurrentUser,
    team: Annotated[bool, Query(description="The whole team's, not only yours")] = False,
) -> list[DueOut]:
    """Opfølgning i denne uge: the running placements to follow up by Sunday, overdue first."""
    found = service.due(
        unit.session, user=user, today=unit.context.matching.today(), whole_team=team
    )
    unit.audit(AuditAction.LIST, sorted({d.citizen_id for d in found}))
    return found
