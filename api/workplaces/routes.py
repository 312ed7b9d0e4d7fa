"""/workplaces: employer-coordinators create and update the workplaces in their team's
portfolio; everyone signed in may search and read them."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AfterValidator

from api.auth.policy import ROLES, CurrentUser, allow
from api.deps import Context, DbSession
from api.errors import Forbidden, InvalidInput, NotFound, VersionConflict, error_responses
from api.reranks.service import after_workplace_change
from api.schemas import PathId, plain_text
from api.unit import StaleWrite, commit
from api.workplaces import service
from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplacePageOut, WorkplaceUpdate
from indexer.backend import MAX_RESULT_WINDOW

router = APIRouter(prefix="/workplaces", tags=["workplaces"])


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(InvalidInput))
@allow("employer_coordinator")
def create_workplace(
    data: WorkplaceIn, session: DbSession, context: Context, user: CurrentUser
) -> WorkplaceOut:
    """Create a workplace with its functions, in your team's portfolio."""
    row = service.create(
        session,
        data=data,
        postal_codes=context.postal_codes,
        portfolio=user.team,
        by=user.username,
    )
    commit(session, context.relay)
    after_workplace_change(context)
    return service.to_out(row)


@router.get("", responses=error_responses(InvalidInput))
@allow(*ROLES)
def search_workplaces(
    session: DbSession,
    context: Context,
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
        session,
        backend=context.backend,
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
def get_workplace(workplace_id: PathId, session: DbSession, response: Response) -> WorkplaceOut:
    """One workplace; its ETag is its version."""
    row = service.get_or_raise(session, workplace_id=workplace_id)
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
    session: DbSession,
    context: Context,
    user: CurrentUser,
) -> WorkplaceOut:
    """Replace a workplace in your portfolio. Send the version you read; if someone saved
    since, 409."""
    try:
        row = service.update(
            session,
            workplace_id=workplace_id,
            data=data,
            postal_codes=context.postal_codes,
            user=user,
        )
        commit(session, context.relay)
    except StaleWrite as exc:
        current = service.get_or_raise(session, workplace_id=workplace_id)
        raise VersionConflict(sent=data.version, current=current.version) from exc
    after_workplace_change(context)
    return service.to_out(row)


@router.delete(
    "/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound, Forbidden),
)
@allow("employer_coordinator")
def delete_workplace(
    workplace_id: PathId, session: DbSession, context: Context, user: CurrentUser
) -> Response:
    """Delete a workplace in your portfolio, with its functions."""
    service.delete(session, workplace_id=workplace_id, user=user)
    commit(session, context.relay)
    after_workplace_change(context)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
