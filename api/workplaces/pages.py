"""The employer-coordinator's pages: the network of workplaces, one workplace with its
record and placements, a new workplace, and editing one, with a choice when someone else
saved first."""

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, ValidationError
from sqlalchemy.orm import Session

from api.auth.policy import ROLES, WEB_PREFIX, CurrentUser, User, allow
from api.placements import service as placements
from api.shared.deps import Unit
from api.shared.errors import ApiError, VersionConflict
from api.shared.schemas import PathId, plain_text
from api.shared.unit import StaleWrite, UnitOfWork
from api.web.edits import (
    MERGED_MESSAGE,
    RESUMED_MESSAGE,
    Edited,
    MergeSave,
    as_json,
    is_resumed,
    merge_and_save,
    merge_page,
    read_json,
)
from api.web.forms import field_errors, without_form_positions, workplace_body
from api.web.merge import WORKPLACE_FIELDS as WORKPLACE_MERGE_FIELDS
from api.web.pages import FormChecked, redirect, render
from api.web.texts import WORKPLACE_FIELDS
from api.workplaces import service
from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplaceUpdate
from indexer.backend import MAX_RESULT_WINDOW

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
PAGE_SIZE = 25


@router.get("/workplaces")
@allow(*ROLES)
def workplace_list(
    request: Request,
    unit: Unit,
    q: Annotated[str | None, Query(max_length=200), AfterValidator(plain_text)] = None,
    postal_code: Annotated[str | None, Query(max_length=4)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_RESULT_WINDOW - 1)] = 0,
) -> HTMLResponse:
    code = (postal_code or "").strip() or None
    if code is not None and not re.fullmatch(r"\d{4}", code):
        # The error, not a list the filter did not make.
        return render(
            request,
            "workplaces/list.html",
            status_code=422,
            title="Virksomheder",
            rows=None,
            total=0,
            q=q or "",
            postal_code=postal_code,
            offset=0,
            page_size=PAGE_SIZE,
            errors={"postal_code": ["Et postnummer er 4 cifre"]},
        )
    page, rows = service.search(
        unit.session,
        backend=unit.context.backend,
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


@router.get("/workplaces/new")
@allow("employer_coordinator")
def new_workplace(request: Request) -> HTMLResponse:
    return _form(request, None, body=_EMPTY, version=None, base=None)


@router.post("/workplaces")
@allow("employer_coordinator")
async def create_workplace(
    request: Request, unit: Unit, user: CurrentUser, _checked: FormChecked
) -> Response:
    """A new workplace in the coordinator's portfolio, as POST /workplaces makes it; a refused
    form comes back filled in with the reason beside each field."""
    form = await request.form()
    body, positions = without_form_positions(workplace_body(form))
    body.pop("version", None)
    if is_resumed(form):
        return _form(request, None, body=body, version=None, base=None, message=RESUMED_MESSAGE)
    try:
        row = service.create(
            unit.session,
            data=WorkplaceIn.model_validate(body),
            postal_codes=unit.context.matching.postal_codes,
            portfolio=user.team,
            by=user.username,
        )
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        return _form(
            request,
            None,
            body=body,
            version=None,
            base=None,
            status_code=422,
            errors=field_errors(exc, positions),
        )
    return redirect(f"/workplaces/{row.id}", ok="created")


_EMPTY: dict[str, Any] = {
    "accommodations": [],
    "functions": [],
    "ordinary_employees": 0,
    "current_subsidised_placements": 0,
}


@router.get("/workplaces/{workplace_id}")
@allow(*ROLES)
def workplace_page(
    workplace_id: PathId, request: Request, unit: Unit, user: CurrentUser
) -> HTMLResponse:
    """The workplace, its functions, record and placements; for coordinators (and admins),
    the accommodations it lists but declined a contact for."""
    session = unit.session
    row = service.get_or_raise(session, workplace_id=workplace_id)
    workplace = service.to_out(row)
    flags = None
    if user.role in ("employer_coordinator", "admin"):
        flags = placements.data_quality(session, workplace_id=workplace_id)
    return render(
        request,
        "workplaces/detail.html",
        title=workplace.name,
        workplace=workplace,
        placements=placements.for_workplace(session, workplace_id=workplace_id),
        flags=flags,
    )


@router.get("/workplaces/{workplace_id}/edit")
@allow("employer_coordinator")
def edit_workplace(
    workplace_id: PathId, request: Request, unit: Unit, user: CurrentUser
) -> HTMLResponse:
    workplace = service.to_out(
        service.get_editable_or_raise(unit.session, workplace_id=workplace_id, user=user)
    )
    stored = workplace.model_dump(mode="json")
    return _form(request, workplace, body=stored, version=workplace.version, base=stored)


def _form(
    request: Request,
    workplace: WorkplaceOut | None,
    *,
    body: dict[str, Any],
    version: object,
    base: dict[str, Any] | None,
    status_code: int = 200,
    **shown: Any,
) -> HTMLResponse:
    """The form for a new workplace (`workplace` None) or an edit: `version` and `base` are
    the version the edit began from."""
    return render(
        request,
        "workplaces/form.html",
        status_code=status_code,
        title="Ny virksomhed" if workplace is None else f"Ret {workplace.name}",
        workplace=workplace,
        body=body,
        version=version,
        base_json=as_json(base) if base is not None else "",
        **shown,
    )


@router.post("/workplaces/{workplace_id}/edit")
@allow("employer_coordinator")
async def save_workplace(
    workplace_id: PathId,
    request: Request,
    unit: Unit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    body, positions = without_form_positions(workplace_body(form))
    base = read_json(form, "base")
    current = service.to_out(
        service.get_editable_or_raise(unit.session, workplace_id=workplace_id, user=user)
    )
    if is_resumed(form):
        return _form(
            request, current, body=body, version=body["version"], base=base, message=RESUMED_MESSAGE
        )
    try:
        data = WorkplaceUpdate.model_validate(body)
        _save(unit, user, workplace_id=workplace_id, data=data)
    except (VersionConflict, StaleWrite):
        unit.rollback()
        edited = _edited(unit.session, workplace_id, user)
        return merge_page(request, edited, base=base, mine=data.model_dump(mode="json"))
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        return _form(
            request,
            current,
            body=body,
            version=body["version"],
            base=base,
            status_code=422,
            errors=field_errors(exc, positions),
        )
    return redirect(f"/workplaces/{workplace_id}", ok="saved")


def _save(unit: UnitOfWork, user: User, *, workplace_id: int, data: WorkplaceUpdate) -> None:
    service.update(
        unit.session,
        workplace_id=workplace_id,
        data=data,
        postal_codes=unit.context.matching.postal_codes,
        user=user,
    )


def _edited(session: Session, workplace_id: int, user: User) -> Edited:
    row = service.get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    return Edited(
        kind="workplace",
        fields=WORKPLACE_MERGE_FIELDS,
        labels=WORKPLACE_FIELDS,
        stored=service.to_out(row).model_dump(mode="json"),
        version=row.version,
        saved_by=row.updated_by,
        saved_at=row.updated_at,
        title=f"Ret {row.name}",
        page=f"{WEB_PREFIX}/workplaces/{workplace_id}",
        function_ids=frozenset(f.id for f in row.functions),
    )


@router.post("/workplaces/{workplace_id}/merge")
@allow("employer_coordinator")
async def save_merge(
    workplace_id: PathId,
    request: Request,
    unit: Unit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """Save the merge (or take it into the form to edit on), on the version stored now; if a
    colleague saved yet again, the merge page comes back with that version."""

    def show(body: dict[str, Any], edited: Edited, **why: Any) -> Response:
        current = WorkplaceOut.model_validate(edited.stored)
        return _form(request, current, body=body, version=edited.version, base=edited.stored, **why)

    def save(body: dict[str, Any]) -> None:
        _save(unit, user, workplace_id=workplace_id, data=WorkplaceUpdate.model_validate(body))

    merge = MergeSave(
        read=lambda: _edited(unit.session, workplace_id, user),
        show=lambda body, edited: show(body, edited, message=MERGED_MESSAGE),
        refused=lambda body, edited, exc: show(
            body, edited, status_code=422, errors=field_errors(exc)
        ),
        save=save,
        done=f"/workplaces/{workplace_id}",
    )
    return await merge_and_save(request, unit, merge)
