"""The consultant's pages: the team's citizens, their profiles, ranked suggestions with the
reasons, what is new since the last batch run, and contacts with their outcomes."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, ValidationError
from sqlalchemy.orm import Session

from api.audit import service as audit
from api.auth.policy import CurrentUser, allow
from api.citizens import service as citizens
from api.citizens.schemas import CitizenIn, CitizenOut, CitizenUpdate
from api.deps import Context, DbSession
from api.errors import ApiError, InvalidInput, NotFound, VersionConflict
from api.placements import service as placements
from api.placements.schemas import ContactIn, OutcomeIn
from api.reranks import service as reranks
from api.schemas import Offset, PathId, plain_text
from api.suggestions import service as suggestions
from api.suggestions.schemas import FiltersIn
from api.unit import StaleWrite, UniqueViolation, commit
from api.web.forms import citizen_body, field_errors, optional, text, validated
from api.web.pages import WEB_PREFIX, FormChecked, PagePurpose, redirect, render
from matcher.vocabulary import PLACEMENT_TYPES
from store import workplaces as workplace_repository

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
PAGE_SIZE = 25


@router.get("/citizens")
@allow("consultant")
def citizen_list(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    purpose: PagePurpose,
    q: Annotated[str | None, Query(max_length=64), AfterValidator(plain_text)] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    total, rows = citizens.list_for_user(
        session, user=user, text=q or None, offset=offset, limit=PAGE_SIZE
    )
    audit.record(
        session,
        request,
        user=user,
        citizen_ids=[r.id for r in rows],
        action="list",
        purpose=purpose,
    )
    session.commit()
    return render(
        request,
        "citizens/list.html",
        title="Borgere",
        rows=[citizens.to_out(r) for r in rows],
        total=total,
        q=q or "",
        offset=offset,
        page_size=PAGE_SIZE,
    )


@router.get("/citizens/new")
@allow("consultant")
def new_citizen(request: Request) -> HTMLResponse:
    return render(request, "citizens/form.html", title="Ny borger", citizen=None, body=_EMPTY)


@router.post("/citizens")
@allow("consultant")
async def create_citizen(
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: PagePurpose,
    _checked: FormChecked,
) -> Response:
    body = citizen_body(await request.form())
    try:
        data = CitizenIn.model_validate(body)
        row = citizens.create(session, data=data, postal_codes=context.postal_codes, team=user.team)
        audit.record(
            session, request, user=user, citizen_ids=[row.id], action="create", purpose=purpose
        )
        commit(session, context.relay)
    except (ValidationError, ApiError) as exc:
        session.rollback()
        return _form_again(request, body, None, exc)
    except UniqueViolation:
        return _form_again(request, body, None, _taken(body))
    return redirect(f"/citizens/{row.id}", ok="created")


@router.get("/citizens/{citizen_id}")
@allow("consultant")
def citizen_page(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: PagePurpose,
    placement_type: Annotated[str | None, Query(max_length=32)] = None,
    radius_km: Annotated[str | None, Query(max_length=8)] = None,
) -> HTMLResponse:
    """The profile, the ranked suggestions with their reasons, what the last batch run
    brought, and the contacts made."""
    row = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    filter_errors: dict[str, list[str]] = {}
    try:
        filters = FiltersIn(
            placement_types=[placement_type] if placement_type else None,
            radius_km=radius_km or None,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        filter_errors = field_errors(exc)
        filters = FiltersIn()
    suggestions.within_rate(context, user)
    found = suggestions.suggest(context, profile=citizens.profile_of(row), filters=filters)
    snapshot = _snapshot(session, citizen_id)
    contacts = placements.for_citizen(session, citizen_id=citizen_id, user=user)
    for action in ("read", "suggest", "read_snapshot", "read_placements"):
        audit.record(
            session, request, user=user, citizen_ids=[citizen_id], action=action, purpose=purpose
        )
    session.commit()
    return render(
        request,
        "citizens/detail.html",
        title=row.reference,
        citizen=citizens.to_out(row),
        suggestions=found,
        weights=context.weights,
        snapshot=snapshot,
        new_ids=snapshot["new_ids"] if snapshot else set(),
        dropped=_dropped(session, snapshot),
        contacts=contacts,
        contacted_ids={(c.workplace_id, c.function_id) for c in contacts},
        placement_type=placement_type or "",
        radius_km=radius_km or "",
        errors=filter_errors,
        placement_types=PLACEMENT_TYPES,
    )


@router.get("/citizens/{citizen_id}/edit")
@allow("consultant")
def edit_citizen(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    purpose: PagePurpose,
) -> HTMLResponse:
    row = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    audit.record(
        session, request, user=user, citizen_ids=[citizen_id], action="read", purpose=purpose
    )
    session.commit()
    out = citizens.to_out(row)
    return render(
        request,
        "citizens/form.html",
        title=f"Ret {out.reference}",
        citizen=out,
        body=out.model_dump(mode="json"),
    )


@router.post("/citizens/{citizen_id}/edit")
@allow("consultant")
async def save_citizen(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: PagePurpose,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    body = citizen_body(form)
    current = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    shown = citizens.to_out(current)
    try:
        data = CitizenUpdate.model_validate({**body, "version": optional(form, "version")})
        citizens.update(
            session, citizen_id=citizen_id, data=data, postal_codes=context.postal_codes, user=user
        )
        audit.record(
            session, request, user=user, citizen_ids=[citizen_id], action="update", purpose=purpose
        )
        commit(session, context.relay)
    except (VersionConflict, StaleWrite):
        # Someone saved first: the form again with this consultant's values, on the version
        # stored now, so saving again applies them over it.
        session.rollback()
        stored = citizens.to_out(citizens.get_or_raise(session, citizen_id=citizen_id))
        return _form_again(request, body, stored, None, conflict=True)
    except UniqueViolation:
        return _form_again(request, body, shown, _taken(body))
    except (ValidationError, ApiError) as exc:
        session.rollback()
        return _form_again(request, body, shown, exc)
    return redirect(f"/citizens/{citizen_id}", ok="saved")


@router.post("/citizens/{citizen_id}/contacts")
@allow("consultant")
async def record_contact(
    citizen_id: PathId,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: PagePurpose,
    _checked: FormChecked,
) -> Response:
    """The consultant contacted a suggested workplace."""
    form = await request.form()
    data = validated(
        ContactIn,
        {
            "workplace_id": text(form, "workplace_id"),
            "function_id": optional(form, "function_id"),
            "placement_type": optional(form, "placement_type"),
        },
    )
    placements.contact(session, citizen_id=citizen_id, data=data, user=user)
    audit.record(
        session, request, user=user, citizen_ids=[citizen_id], action="contact", purpose=purpose
    )
    commit(session, context.relay)
    return redirect(f"/citizens/{citizen_id}", ok="contacted")


@router.post("/placements/{placement_id}/outcome")
@allow("consultant")
async def record_outcome(
    placement_id: PathId,
    request: Request,
    session: DbSession,
    context: Context,
    user: CurrentUser,
    purpose: PagePurpose,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    data = validated(OutcomeIn, {"outcome": text(form, "outcome"), "note": optional(form, "note")})
    row = placements.record_outcome(session, placement_id=placement_id, data=data, user=user)
    audit.record(
        session, request, user=user, citizen_ids=[row.citizen_id], action="outcome", purpose=purpose
    )
    commit(session, context.relay)
    return redirect(f"/citizens/{row.citizen_id}", ok="outcome")


@router.get("/occupations")
@allow("consultant", "employer_coordinator")
def occupation_options(
    context: Context,
    q: Annotated[str, Query(min_length=1, max_length=100), AfterValidator(plain_text)],
) -> list[dict[str, str]]:
    """Type-ahead for goal occupations: titles with their code and balance category."""
    return [
        {
            "title": e.title,
            "occupation_code": e.occupation_code,
            "balance_category": e.category,
        }
        for e in context.balance().suggest_titles(q, limit=10)
    ]


_EMPTY: dict[str, Any] = {
    "weekly_hours": {"min": 2, "max": 37},
    "danish_level": "fluent",
    "purpose": "training",
    "active": True,
    "accommodation_needs": [],
    "goal_occupations": [],
    "experience": [],
    "placement_types": [],
}


def _form_again(
    request: Request,
    body: dict[str, Any],
    citizen: CitizenOut | None,
    exc: ValidationError | ApiError | None,
    *,
    conflict: bool = False,
) -> HTMLResponse:
    errors = field_errors(exc) if exc is not None else {}
    return render(
        request,
        "citizens/form.html",
        status_code=409 if conflict else 422,
        title="Ny borger" if citizen is None else f"Ret {citizen.reference}",
        citizen=citizen,
        body=body,
        errors=errors,
        conflict=conflict,
    )


def _taken(body: dict[str, Any]) -> ApiError:
    return InvalidInput(
        "reference", f"another citizen already has the reference {body['reference']!r}"
    )


def _snapshot(session: Session, citizen_id: int) -> dict[str, Any] | None:
    try:
        snapshot = reranks.latest_snapshot(session, citizen_id=citizen_id)
    except NotFound:
        return None
    return {
        "run": snapshot.run,
        "items": snapshot.items,
        "new_ids": {i.suggestion["function_id"] for i in snapshot.items if i.new_since_last_run},
        "dropped_ids": snapshot.dropped_since_last_run,
    }


def _dropped(session: Session, snapshot: dict[str, Any] | None) -> list[str]:
    """Names of the workplaces whose functions dropped out in the last batch run."""
    if not snapshot:
        return []
    names = []
    for function_id in snapshot["dropped_ids"]:
        workplace = workplace_repository.workplace_of_function(session, function_id=function_id)
        names.append(workplace.name if workplace else "en virksomhed, der ikke findes mere")
    return names
