"""/citizens: consultants keep their citizens' profiles (functional needs, never diagnoses)."""

from fastapi import APIRouter, Response, status

from api.citizens import service
from api.citizens.schemas import CitizenIn, CitizenOut, CitizenUpdate
from api.deps import Context, DbSession
from api.errors import AlreadyExists, InvalidInput, NotFound, VersionConflict, error_responses
from api.unit import StaleWrite, UniqueViolation, commit

router = APIRouter(prefix="/citizens", tags=["citizens"])


@router.post(
    "", status_code=status.HTTP_201_CREATED, responses=error_responses(InvalidInput, AlreadyExists)
)
def create_citizen(data: CitizenIn, session: DbSession, context: Context) -> CitizenOut:
    """Create a citizen profile."""
    row = service.create(session, data=data, postal_codes=context.postal_codes)
    try:
        commit(session, context.relay)
    except UniqueViolation as exc:
        raise AlreadyExists(
            f"another citizen already has the reference {data.reference!r}"
        ) from exc
    return service.to_out(row)


@router.get("/{citizen_id}", responses=error_responses(NotFound))
def get_citizen(citizen_id: int, session: DbSession, response: Response) -> CitizenOut:
    """One citizen profile; its ETag is its version."""
    row = service.get_or_raise(session, citizen_id=citizen_id)
    response.headers["ETag"] = f'"{row.version}"'
    return service.to_out(row)


@router.put(
    "/{citizen_id}",
    responses=error_responses(NotFound, VersionConflict, InvalidInput, AlreadyExists),
)
def update_citizen(
    citizen_id: int, data: CitizenUpdate, session: DbSession, context: Context
) -> CitizenOut:
    """Replace a citizen profile. Send the version you read; if someone saved since, 409."""
    row = service.update(
        session, citizen_id=citizen_id, data=data, postal_codes=context.postal_codes
    )
    try:
        commit(session, context.relay)
    except StaleWrite as exc:
        current = service.get_or_raise(session, citizen_id=citizen_id)
        raise VersionConflict(sent=data.version, current=current.version) from exc
    except UniqueViolation as exc:
        raise AlreadyExists(
            f"another citizen already has the reference {data.reference!r}"
        ) from exc
    return service.to_out(row)


@router.delete(
    "/{citizen_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
def delete_citizen(citizen_id: int, session: DbSession, context: Context) -> Response:
    """Delete a citizen profile."""
    service.delete(session, citizen_id=citizen_id)
    commit(session, context.relay)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
