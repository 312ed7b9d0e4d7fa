"""/workplaces: employer-coordinators create and update the workplaces in their team's
portfolio; everyone signed in may search and read them."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AfterValidator

from api.auth.policy import ROLES, CurrentUser, allow
from api.shared.deps import Unit
from api.shared.errors import Forbidden, InvalidInput, NotFound, VersionConflict, error_responses
from api.shared.schemas import PathId, plain_text
from api.shared.unit import StaleWrite
from api.workplaces import service
from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplacePageOut, WorkplaceUpdate
from indexer.backend import MAX_RESULT_WINDOW

router = APIRouter(prefix="/workplaces", tags=["workplaces"])


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(InvalidInput))
@allow("employer_coordinator")
def create_workplace(data: WorkplaceIn, unit: Unit, user: CurrentUser) -> WorkplaceOut:
    """Create a workplace with its functions, in your team's portfolio."""
    row = service.create(
        unit.session,
        data=data,
        postal_codes=unit.context.matching.postal_codes,
        portfolio=user.team,
        by=user.username,
    )
    return service.to_out(row)


@router.get("", responses=error_responses(InvalidInput))
@allow(*ROLES)
def search_workplaces(
    unit: Unit,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Text: name, functions, tasks"),
        AfterValidator(plain_text),
    ] = None,
    industry: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9_]+$")] = None,
    postal_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_RESULT_WINDOW - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> WorkplacePageOut:
    """Search workplaces by text, industry and postal code, a page at a time."""
    page, rows = service.search(
        unit.session,
        backend=unit.context.backend,
        text=q,
        industry=industry,
        postal_code=postal_code,
        offset=offset,
        limit=limit,
    )
    return WorkplacePageOut(
        total=page.total,
        offset=offset,
        limit=limit,
        items=[service.to_out(row) for row in rows],
    )


@router.get("/{workplace_id}", responses=error_responses(NotFound))
@allow(*ROLES)
def get_workplace(workplace_id: PathId, unit: Unit, response: Response) -> WorkplaceOut:
    """One workplace; its ETag is its version."""
    row = service.get_or_raise(unit.session, workplace_id=workplace_id)
    response.headers["ETag"] = f'"{row.version}"'
    return service.to_out(row)


@router.put(
    "/{workplace_id}",
    responses=error_responses(NotFound, Forbidden, VersionConflict, InvalidInput),
)
@allow("employer_coordinator")
def update_workplace(
    workplace_id: PathId,
    data: WorkplaceUpdate,
    unit: Unit,
    user: CurrentUser,
) -> WorkplaceOut:
    """Replace a workplace in your portfolio. Send the version you read; if someone saved
    since, 409."""
    try:
        row = service.update(
            unit.session,
            workplace_id=workplace_id,
            data=data,
            postal_codes=unit.context.matching.postal_codes,
            user=user,
        )
    except StaleWrite as exc:
        current = service.get_or_raise(unit.session, workplace_id=workplace_id)
        raise VersionConflict(sent=data.version, current=current.version) from exc
    return service.to_out(row)


@router.delete(
    "/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound, Forbidden),
)
@allow("employer_coordinator")
def delete_workplace(workplace_id: PathId, unit: Unit, user: CurrentUser) -> Response:
    """Delete a workplace in your portfolio, with its functions."""
    service.delete(unit.session, workplace_id=workplace_id, user=user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
