"""The employer-coordinator's pages: the network of workplaces, one workplace with its
record and placements, and editing it, with a choice when someone else saved first."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, ValidationError

from api.auth.policy import ROLES, CurrentUser, allow
from api.deps import Context, DbSession
from api.errors import ApiError, VersionConflict
from api.placements import service as placements
from api.reranks.service import after_workplace_change
from api.schemas import PathId, plain_text
from api.unit import StaleWrite, commit
from api.web.forms import field_errors, without_form_positions, workplace_body
from api.web.pages import WEB_PREFIX, FormChecked, redirect, render
from api.workplaces import service
from api.workplaces.schemas import WorkplaceOut, WorkplaceUpdate
from indexer.backend import MAX_RESULT_WINDOW

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
PAGE_SIZE = 25


@router.get("/workplaces")
@allow(*ROLES)
def workplace_list(
    request: Request,
    session: DbSession,
    context: Context,
    q: Annotated[str | None, Query(max_length=200), AfterValidator(plain_text)] = None,
    postal_code: Annotated[str | None, Query(max_length=4)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_RESULT_WINDOW - 1)] = 0,
) -> HTMLResponse:
    code = postal_code if postal_code and postal_code.isdigit() and len(postal_code) == 4 else None
    page, rows = service.search(
        session,
        backend=context.backend,
        text=q or None,
        industry=None,
        postal_code=code,
        offset=offset,
        limit=PAGE_SIZE,
    )
    return render(
        request,
        "workplaces/list.html",
        title="Virksomheder",
        rows=[service.to_out(r) for r in rows],
        total=page.total,
        q=q or "",
        postal_code=postal_code or "",
        offset=offset,
        page_size=PAGE_SIZE,
    )


@router.get("/workplaces/{workplace_id}")
@allow(*ROLES)
def workplace_page(workplace_id: PathId, request: Request, session: DbSession) -> HTMLResponse:
    row = service.get_or_raise(session, workplace_id=workplace_id)
    workplace = service.to_out(row)
    return render(
        request,
        "workplaces/detail.html",
        title=workplace.name,
        workplace=workplace,
        placements=placements.for_workplace(session, workplace_id=workplace_id),
    )


@router.get("/workplaces/{workplace_id}/edit")
@allow("employer_coordinator")
def edit_workplace(
    workplace_id: PathId, request: Request, session: DbSession, user: CurrentUser
) -> HTMLResponse:
    row = service.get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    workplace = service.to_out(row)
    return render(
        request,
        "workplaces/form.html",
        title=f"Ret {workplace.name}",
        workplace=workplace,
        body=workplace.model_dump(mode="json"),
    )


@router.post("/workplaces/{workplace_id}/edit")
@allow("employer_coordinator")
async def save_workplace(
    workplace_id: PathId,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    body, positions = without_form_positions(workplace_body(await request.form()))
    current = service.to_out(
        service.get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    )
    try:
        data = WorkplaceUpdate.model_validate(body)
        service.update(
            session,
            workplace_id=workplace_id,
            data=data,
            postal_codes=context.postal_codes,
            user=user,
        )
        commit(session, context.relay)
    except (VersionConflict, StaleWrite):
        session.rollback()
        stored = service.to_out(service.get_or_raise(session, workplace_id=workplace_id))
        return _conflict(request, body, stored)
    except (ValidationError, ApiError) as exc:
        session.rollback()
        return render(
            request,
            "workplaces/form.html",
            status_code=422,
            title=f"Ret {current.name}",
            workplace=current,
            body=body,
            errors=field_errors(exc, positions),
        )
    after_workplace_change(context)
    return redirect(f"/workplaces/{workplace_id}", ok="saved")


def _conflict(request: Request, mine: dict[str, Any], stored: WorkplaceOut) -> HTMLResponse:
    """Both versions side by side, and the choice: keep mine (saved over the stored version)
    or take the stored one."""
    theirs = stored.model_dump(mode="json")
    differences = [
        field
        for field in (
            "name",
            "address",
            "postal_code",
            "industry",
            "ordinary_employees",
            "current_subsidised_placements",
            "accommodations",
            "functions",
        )
        if _comparable(mine.get(field)) != _comparable(theirs.get(field))
    ]
    return render(
        request,
        "workplaces/form.html",
        status_code=409,
        title=f"Ret {stored.name}",
        workplace=stored,
        body={**mine, "version": stored.version},
        conflict=True,
        theirs=theirs,
        differences=differences,
    )


def _comparable(value: Any) -> Any:
    """Form values and stored values compared alike (numbers as text, lists sorted)."""
    if isinstance(value, list):
        return sorted((_comparable(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k not in ("id",)}
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = float(value)
        except ValueError:
            return str(value)
        return str(int(number)) if number.is_integer() else str(number)
    return str(value) if value is not None else None
