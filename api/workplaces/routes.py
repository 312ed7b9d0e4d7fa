"""/workplaces: coordinators create and update workplace profiles; everyone may search them."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import Context, DbSession
from api.errors import InvalidInput, NotFound, VersionConflict, error_responses
from api.reranks.service import after_workplace_change
from api.unit import StaleWrite, commit
from api.workplaces import service
from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplacePageOut, WorkplaceUpdate
from store import workplaces as repository

router = APIRouter(prefix="/workplaces", tags=["workplaces"])


@router.post("", status_code=status.HTTP_201_CREATED, responses=error_responses(InvalidInput))
def create_workplace(data: WorkplaceIn, session: DbSession, context: Context) -> WorkplaceOut:
    """Create a workplace with its functions."""
    workplace = service.create(session, data=data, postal_codes=context.postal_codes)
    commit(session, context.relay)
    after_workplace_change(context)
    return WorkplaceOut.of(workplace)


@router.get("", responses=error_responses(InvalidInput))
def search_workplaces(
    session: DbSession,
    context: Context,
    q: Annotated[
        str | None, Query(max_length=200, description="Text: name, functions, tasks")
    ] = None,
    industry: Annotated[str | None, Query(max_length=60)] = None,
    postal_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> WorkplacePageOut:
    """Search workplaces by text, industry and postal code, a page at a time."""
    page, workplaces = service.search(
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
        items=[WorkplaceOut.of(w) for w in workplaces],
    )


@router.get("/{workplace_id}", responses=error_responses(NotFound))
def get_workplace(workplace_id: int, session: DbSession, response: Response) -> WorkplaceOut:
    """One workplace; its ETag is its version."""
    row = service.get_or_raise(session, workplace_id=workplace_id)
    response.headers["ETag"] = f'"{row.version}"'
    return WorkplaceOut.of(repository.to_domain(row))


@router.put("/{workplace_id}", responses=error_responses(NotFound, VersionConflict, InvalidInput))
def update_workplace(
    workplace_id: int, data: WorkplaceUpdate, session: DbSession, context: Context
) -> WorkplaceOut:
    """Replace a workplace. Send the version you read; if someone saved since, 409."""
    workplace = service.update(
        session, workplace_id=workplace_id, data=data, postal_codes=context.postal_codes
    )
    try:
        commit(session, context.relay)
    except StaleWrite as exc:
        current = service.get_or_raise(session, workplace_id=workplace_id)
        raise VersionConflict(sent=data.version, current=current.version) from exc
    after_workplace_change(context)
    return WorkplaceOut.of(workplace)


@router.delete(
    "/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound),
)
def delete_workplace(workplace_id: int, session: DbSession, context: Context) -> Response:
    """Delete a workplace and its functions."""
    service.delete(session, workplace_id=workplace_id)
    commit(session, context.relay)
    after_workplace_change(context)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
