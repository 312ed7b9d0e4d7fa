"""/citizens: consultants keep their own team's citizens' profiles (functional needs, never
diagnoses). Every read and write is recorded in the audit log with its purpose."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AfterValidator

from api.auth.policy import CurrentUser, allow
from api.citizens import service
from api.citizens.schemas import CitizenIn, CitizenOut, CitizenPageOut, CitizenUpdate
from api.shared.deps import ReadingUnit, WritingUnit
from api.shared.errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    VersionConflict,
    error_responses,
)
from api.shared.schemas import Offset, PathId, plain_text
from api.shared.unit import StaleWrite, UniqueViolation
from store.states import AuditAction

router = APIRouter(prefix="/citizens", tags=["citizens"])


@router.get("", responses=error_responses(InvalidInput))
@allow("consultant")
def list_citizens(
    unit: ReadingUnit,
    user: CurrentUser,
    q: Annotated[
        str | None,
        Query(max_length=64, description="Part of the reference"),
        AfterValidator(plain_text),
    ] = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CitizenPageOut:
    """Your team's citizens, by reference, a page at a time."""
    total, rows = service.list_for_user(unit.session, user=user, text=q, offset=offset, limit=limit)
    unit.audit(AuditAction.LIST, [row.id for row in rows])
    return CitizenPageOut(
        total=total, offset=offset, limit=limit, items=[service.to_out(row) for row in rows]
    )


@router.post(
    "", status_code=status.HTTP_201_CREATED, responses=error_responses(InvalidInput, AlreadyExists)
)
@allow("consultant")
def create_citizen(data: CitizenIn, unit: WritingUnit, user: CurrentUser) -> CitizenOut:
    """Create a citizen profile in your team."""
    try:
        row = service.create(
            unit.session,
            data=data,
            postal_codes=unit.context.matching.postal_codes,
            team=user.team,
            by=user.username,
        )
        unit.audit(AuditAction.CREATE, [row.id])
    except UniqueViolation as exc:
        raise AlreadyExists(
            f"another citizen already has the reference {data.reference!r}"
        ) from exc
    return service.to_out(row)


@router.get("/{citizen_id}", responses=error_responses(NotFound, InvalidInput))
@allow("consultant")
def get_citizen(
    citizen_id: PathId, unit: ReadingUnit, response: Response, user: CurrentUser
) -> CitizenOut:
    """One of your team's citizens; its ETag is its version."""
    row = service.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    unit.audit(AuditAction.READ, [row.id])
    response.headers["ETag"] = f'"{row.version}"'
    return service.to_out(row)


@router.put(
    "/{citizen_id}",
    responses=error_responses(NotFound, VersionConflict, InvalidInput, AlreadyExists),
)
@allow("consultant")
def update_citizen(
    citizen_id: PathId,
    data: CitizenUpdate,
    unit: WritingUnit,
    user: CurrentUser,
) -> CitizenOut:
    """Replace a citizen profile. Send the version you read; if someone saved since, 409."""
    try:
        row = service.update(
            unit.session,
            citizen_id=citizen_id,
            data=data,
            postal_codes=unit.context.matching.postal_codes,
            by=user.username,
            user=user,
        )
        unit.audit(AuditAction.UPDATE, [row.id])
    except StaleWrite as exc:
        current = service.get_or_raise(unit.session, citizen_id=citizen_id)
        raise VersionConflict(sent=data.version, current=current.version) from exc
    except UniqueViolation as exc:
        raise AlreadyExists(
            f"another citizen already has the reference {data.reference!r}"
        ) from exc
    return service.to_out(row)


@router.delete(
    "/{citizen_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
@allow("consultant", "admin")
def erase_citizen(citizen_id: PathId, unit: WritingUnit, user: CurrentUser) -> Response:
    """Erase a citizen: the profile, the batch results and every other trace. Only the audit
    log keeps who looked the citizen up (ids, never contents). Admins may erase any citizen
    (a data-subject request); consultants their own team's."""
    service.erase(unit.session, citizen_id=citizen_id, user=user)
    unit.audit(AuditAction.ERASE, [citizen_id])
    return Response(status_code=status.HTTP_204_NO_CONTENT)
