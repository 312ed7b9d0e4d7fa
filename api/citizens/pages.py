"""The consultant's pages: the team's citizens, their profiles, ranked suggestions with the
reasons, what is new since the last batch run, and contacts with their outcomes."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, ValidationError
from sqlalchemy.orm import Session

from api.auth.policy import WEB_PREFIX, CurrentUser, User, allow
from api.citizens import service as citizens
from api.citizens.schemas import CitizenIn, CitizenOut, CitizenUpdate
from api.composition.context import AppContext
from api.placements import service as placements
from api.placements.schemas import ContactIn
from api.reference.routes import occupation_suggestions
from api.reranks import service as reranks
from api.shared.deps import Context
from api.shared.errors import ApiError, InvalidInput, NotFound, VersionConflict
from api.shared.schemas import Offset, PathId, plain_text
from api.shared.unit import StaleWrite, UniqueViolation, UnitOfWork
from api.suggestions import service as suggestions
from api.suggestions.schemas import FiltersIn, SuggestionOut, SuggestionsOut
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
from api.web.forms import (
    FieldErrors,
    checked,
    citizen_body,
    danish_decimal,
    field_errors,
    optional,
    submitted,
    text,
)
from api.web.merge import CITIZEN_FIELDS as CITIZEN_MERGE_FIELDS
from api.web.pages import FormChecked, PageUnit, danish_number, redirect, render
from api.web.texts import CITIZEN_FIELDS, refused_step
from matcher.query import citizen_location
from matcher.vocabulary import PLACEMENT_TYPES
from store import workplaces as workplace_repository
from store.models import CitizenRow, PlacementRow
from store.states import AuditAction

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)
PAGE_SIZE = 25


@router.get("/citizens")
@allow("consultant")
def citizen_list(
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    q: Annotated[str | None, Query(max_length=64), AfterValidator(plain_text)] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    total, rows = citizens.list_for_user(
        unit.session, user=user, text=q or None, offset=offset, limit=PAGE_SIZE
    )
    unit.audit(AuditAction.LIST, [r.id for r in rows])
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
    return _form(request, None, body=_EMPTY, version=None, base=None)


@router.post("/citizens")
@allow("consultant")
async def create_citizen(
    request: Request, unit: PageUnit, user: CurrentUser, _checked: FormChecked
) -> Response:
    form = await request.form()
    body = citizen_body(form)
    if is_resumed(form):
        return _form(request, None, body=body, version=None, base=None, message=RESUMED_MESSAGE)
    try:
        data = CitizenIn.model_validate(body)
        row = citizens.create(
            unit.session,
            data=data,
            postal_codes=unit.context.matching.postal_codes,
            team=user.team,
            by=user.username,
        )
        unit.audit(AuditAction.CREATE, [row.id])
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        return _form(request, None, body=body, version=None, base=None, exc=exc)
    except UniqueViolation:
        return _form(request, None, body=body, version=None, base=None, exc=_taken(body))
    return redirect(f"/citizens/{row.id}", ok="created")


# Suggestions shown at first, and how many more "Vis flere" adds (the API's limit caps it).
SUGGESTIONS_PAGE = 20
MAX_SUGGESTIONS = 200


@router.get("/citizens/{citizen_id}")
@allow("consultant")
def citizen_page(
    citizen_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    placement_type: Annotated[str | None, Query(max_length=32)] = None,
    radius_km: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SUGGESTIONS)] = SUGGESTIONS_PAGE,
) -> HTMLResponse:
    """The profile, the ranked suggestions with their reasons, what the last batch run
    brought, and the contacts made. A filter with an error shows the error, not a list
    that the filter did not make."""
    return citizen_view(
        request,
        unit,
        user,
        citizen_id,
        placement_type=placement_type,
        radius_km=radius_km,
        limit=limit,
    )


@dataclass(frozen=True)
class ContactRefused:
    """A contact from a suggestion's card that was refused: which function, and why."""

    function_id: str
    reason: str


def _why(exc: ApiError) -> str:
    """A refusal in Danish: each field's reason, or the step's."""
    if isinstance(exc, InvalidInput):
        return " ".join(f"{m}." for messages in field_errors(exc).values() for m in messages)
    return refused_step(exc)


def citizen_view(
    request: Request,
    unit: UnitOfWork,
    user: User,
    citizen_id: int,
    *,
    placement_type: str | None = None,
    radius_km: str | None = None,
    limit: int = SUGGESTIONS_PAGE,
    status_code: int = 200,
    refused: Any = None,
    contact_refused: ContactRefused | None = None,
) -> HTMLResponse:
    """The citizen's page; after a refused form sent from it (a course's step: `refused`, as
    api.placements.pages gives it; a contact: `contact_refused`) with the reason beside it."""
    session, context = unit.session, unit.context
    row = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    found, filter_errors = _suggested(
        unit, user, row, placement_type=placement_type, radius_km=radius_km, limit=limit
    )
    contacts = placements.for_citizen(session, citizen_id=citizen_id, user=user)
    for action in (AuditAction.READ, AuditAction.READ_SNAPSHOT, AuditAction.READ_PLACEMENTS):
        unit.audit(action, [citizen_id])
    if found:
        unit.audit(AuditAction.SUGGEST, [citizen_id])
    citizen = citizens.to_out(row)
    return render(
        request,
        "citizens/detail.html",
        status_code=status_code,
        title=row.reference,
        citizen=citizen,
        suggestions=found,
        **_listed(context, row, citizen, found, limit=limit, radius_km=radius_km),
        **_since_last_run(session, citizen_id),
        contacts=contacts,
        **_contact_marks(contacts),
        placement_type=placement_type or "",
        radius_km=radius_km or "",
        errors={**filter_errors, **(refused.errors if refused else {})},
        refused=refused,
        contact_refused=contact_refused,
        placement_types=PLACEMENT_TYPES,
    )


def _listed(
    context: AppContext,
    row: CitizenRow,
    citizen: CitizenOut,
    found: SuggestionsOut | None,
    *,
    limit: int,
    radius_km: str | None,
) -> dict[str, Any]:
    """The suggestions shown (and where "Vis flere" goes on from), the scale of their scores
    and what a typed distance did."""
    shown = found.items[:limit] if found else []
    following = found.items[limit] if found and len(found.items) > limit else None
    weights = context.matching.weights
    return {
        "shown": shown,
        "more_from": following.function_id if following else None,
        "limit": limit,
        "page_step": SUGGESTIONS_PAGE,
        "weights": weights,
        "best_score": round(weights.best_score(near_home=citizen.prefers_near_home)),
        "radius_note": radius_note(
            context, row, shown, radius_km if found else None, more=bool(following)
        ),
    }


def _since_last_run(session: Session, citizen_id: int) -> dict[str, Any]:
    """What the last batch run brought the citizen: the new suggestions and those dropped."""
    snapshot = _snapshot(session, citizen_id)
    return {
        "snapshot": snapshot,
        "new_ids": snapshot["new_ids"] if snapshot else set(),
        "dropped": _dropped(session, snapshot),
    }


def radius_note(
    context: AppContext,
    row: CitizenRow,
    shown: list[SuggestionOut],
    radius_km: str | None,
    *,
    more: bool,
) -> str | None:
    """What a typed distance did: it replaces the profile's limit, farther or nearer, and
    says so with how many of the shown suggestions lie beyond the profile's own limit (none
    shown while there are more: nearness counts, so the farther ones stand further down);
    it cannot work without a known home, and says that too."""
    typed_text = danish_decimal(radius_km or "")
    if typed_text is None:
        return None
    typed = float(typed_text)
    profile = citizens.profile_of(row)
    if citizen_location(profile, context.matching.postal_codes) is None:
        return "Afstanden bruges ikke, fordi borgerens bopæl ikke kendes. Tilføj et postnummer."
    own = profile.max_commute_km
    if own is None:
        return f"Viser forslag op til {danish_number(typed)} km (profilen har ingen grænse)."
    if typed <= own:
        return (
            f"Viser forslag op til {danish_number(typed)} km "
            f"(profilen siger {danish_number(own)} km)."
        )
    farther = sum(1 for s in shown if s.distance_km is not None and s.distance_km > own)
    said = (
        f"Viser forslag op til {danish_number(typed)} km, "
        f"længere end profilens {danish_number(own)} km."
    )
    if farther:
        return f"{said} {farther} af de viste forslag ligger længere væk."
    if more:
        return (
            f"{said} Ingen af de viste ligger længere væk: nærhed tæller i scoren, så de "
            "fjernere står længere nede."
        )
    return f"{said} Ingen forslag ligger længere væk end {danish_number(own)} km."


def _contact_marks(contacts: list[PlacementRow]) -> dict[str, Any]:
    """What the suggestion cards say of earlier contacts: the latest contact's status with
    each function (its chip), and the workplaces that declined the citizen (the latest
    decline), which a consultant contacts again only after saying they saw it."""
    in_order = sorted(contacts, key=lambda c: c.contacted_at)
    return {
        "contacted": {(c.workplace_id, c.function_id): c.status for c in in_order},
        "declined": {c.workplace_id: c for c in in_order if c.status == "declined_by_workplace"},
    }


def _suggested(
    unit: UnitOfWork,
    user: User,
    row: CitizenRow,
    *,
    placement_type: str | None,
    radius_km: str | None,
    limit: int,
) -> tuple[SuggestionsOut | None, FieldErrors]:
    """The suggestions under the page's filters, one more than is shown (which tells whether
    there are more); or the filters' errors, and no list the filters did not make."""
    try:
        filters = FiltersIn(
            placement_types=[placement_type] if placement_type else None,
            radius_km=danish_decimal(radius_km or ""),  # type: ignore[arg-type]
            limit=min(limit + 1, MAX_SUGGESTIONS),
        )
    except ValidationError as exc:
        return None, field_errors(exc)
    suggestions.within_rate(unit.context, user)
    found = suggestions.suggest(
        unit.context, unit.session, profile=citizens.profile_of(row), filters=filters
    )
    return found, {}


@router.get("/citizens/{citizen_id}/edit")
@allow("consultant")
def edit_citizen(
    citizen_id: PathId, request: Request, unit: PageUnit, user: CurrentUser
) -> HTMLResponse:
    row = citizens.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    unit.audit(AuditAction.READ, [citizen_id])
    out = citizens.to_out(row)
    stored = out.model_dump(mode="json")
    return _form(request, out, body=stored, version=out.version, base=stored)


@router.post("/citizens/{citizen_id}/edit")
@allow("consultant")
async def save_citizen(
    citizen_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    form = await request.form()
    body = citizen_body(form)
    version, base = optional(form, "version"), read_json(form, "base")
    shown = citizens.to_out(
        citizens.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    )
    if is_resumed(form):
        _read_again(unit, citizen_id)
        return _form(request, shown, body=body, version=version, base=base, message=RESUMED_MESSAGE)
    try:
        data = CitizenUpdate.model_validate({**body, "version": version})
        _save(unit, user, citizen_id=citizen_id, data=data)
    except (VersionConflict, StaleWrite):
        unit.rollback()
        edited = _edited(unit, citizen_id, user)
        return merge_page(request, edited, base=base, mine=data.model_dump(mode="json"))
    except UniqueViolation:
        _read_again(unit, citizen_id)
        return _form(request, shown, body=body, version=version, base=base, exc=_taken(body))
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        _read_again(unit, citizen_id)
        return _form(request, shown, body=body, version=version, base=base, exc=exc)
    return redirect(f"/citizens/{citizen_id}", ok="saved")


def _read_again(unit: UnitOfWork, citizen_id: int) -> None:
    """A page that shows the stored profile again (its form given back, with or without
    errors) is a read of it, audited like any other."""
    unit.audit(AuditAction.READ, [citizen_id])


def _save(unit: UnitOfWork, user: User, *, citizen_id: int, data: CitizenUpdate) -> None:
    citizens.update(
        unit.session,
        citizen_id=citizen_id,
        data=data,
        postal_codes=unit.context.matching.postal_codes,
        by=user.username,
        user=user,
    )
    unit.audit(AuditAction.UPDATE, [citizen_id])


def _edited(unit: UnitOfWork, citizen_id: int, user: User) -> Edited:
    """The profile as stored now, for a merge page (a read: audited)."""
    row = citizens.get_for_user_or_raise(unit.session, citizen_id=citizen_id, user=user)
    _read_again(unit, citizen_id)
    return Edited(
        kind="citizen",
        fields=CITIZEN_MERGE_FIELDS,
        labels=CITIZEN_FIELDS,
        stored=citizens.to_out(row).model_dump(mode="json"),
        version=row.version,
        saved_by=row.updated_by,
        saved_at=row.updated_at,
        title=f"Ret {row.reference}",
        page=f"{WEB_PREFIX}/citizens/{citizen_id}",
    )


@router.post("/citizens/{citizen_id}/merge")
@allow("consultant")
async def save_merge(
    citizen_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """Save the merge (or take it into the form to edit on), on the version stored now; if a
    colleague saved yet again, the merge page comes back with that version."""

    def read() -> Edited:
        edited = _edited(unit, citizen_id, user)
        unit.commit()  # the read is accounted for, whether the save succeeds or not
        return edited

    def show(body: dict[str, Any], edited: Edited, **why: Any) -> Response:
        shown = CitizenOut.model_validate(edited.stored)
        return _form(request, shown, body=body, version=edited.version, base=edited.stored, **why)

    def refused(body: dict[str, Any], edited: Edited, exc: ValidationError | ApiError) -> Response:
        _read_again(unit, citizen_id)
        return show(body, edited, exc=exc)

    def save(body: dict[str, Any]) -> None:
        _save(unit, user, citizen_id=citizen_id, data=CitizenUpdate.model_validate(body))

    merge = MergeSave(
        read=read,
        show=lambda body, edited: show(body, edited, message=MERGED_MESSAGE),
        refused=refused,
        save=save,
        done=f"/citizens/{citizen_id}",
    )
    return await merge_and_save(request, unit, merge)


@router.post("/citizens/{citizen_id}/contacts")
@allow("consultant")
async def record_contact(
    citizen_id: PathId,
    request: Request,
    unit: PageUnit,
    user: CurrentUser,
    _checked: FormChecked,
) -> Response:
    """The consultant contacted a suggested workplace; refused (a decline not confirmed, a
    contact already made), the citizen's page again with the reason on the suggestion."""
    form = await request.form()
    try:
        data = submitted(ContactIn, form, after_decline=checked)
        placements.contact(unit.context, unit.session, citizen_id=citizen_id, data=data, user=user)
    except ApiError as exc:
        unit.rollback()
        refused = ContactRefused(text(form, "function_id"), _why(exc))
        return citizen_view(
            request, unit, user, citizen_id, status_code=exc.status_code, contact_refused=refused
        )
    unit.audit(AuditAction.CONTACT, [citizen_id])
    return redirect(f"/citizens/{citizen_id}", ok="contacted")


@router.get("/occupations")
@allow("consultant", "employer_coordinator")
def occupation_options(
    context: Context,
    q: Annotated[str, Query(min_length=1, max_length=100), AfterValidator(plain_text)],
) -> list[dict[str, str | None]]:
    """Type-ahead for goal occupations: titles with their code and balance category."""
    return occupation_suggestions(context, q, limit=10)


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


def _form(
    request: Request,
    citizen: CitizenOut | None,
    *,
    body: dict[str, Any],
    version: object,
    base: dict[str, Any] | None,
    exc: ValidationError | ApiError | None = None,
    **shown: Any,
) -> HTMLResponse:
    """The profile form; `version` and `base` are the version an edit began from."""
    return render(
        request,
        "citizens/form.html",
        status_code=422 if exc is not None else 200,
        title="Ny borger" if citizen is None else f"Ret {citizen.reference}",
        citizen=citizen,
        body=body,
        version=version,
        base_json=as_json(base) if base is not None else "",
        errors=field_errors(exc) if exc is not None else {},
        **shown,
    )


def _taken(body: dict[str, Any]) -> ApiError:
    return InvalidInput("reference", "reference_taken", reference=body["reference"])


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
