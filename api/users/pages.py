"""The admin's pages for the people who sign in: the list, a new user, and one user's role,
team, active flag, a new password and the lifting of a lock-out. They call the services the
/users API calls, with its rules: the last active admin keeps the role, a new password or a
deactivation ends the user's sessions.

An edit sends only what the admin changed (each field against the value the form was opened
with), so a colleague's change to another field meanwhile is kept. A password is never put
back into a page: a refused form asks for it again."""

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.auth import service
from api.auth.passwords import MIN_PASSWORD_LENGTH
from api.auth.policy import WEB_PREFIX, allow
from api.auth.schemas import UserIn, UserOut, UserPatch
from api.shared.deps import Unit
from api.shared.errors import AlreadyExists, ApiError, Conflict, InvalidInput
from api.shared.schemas import PathId
from api.web.edits import RESUMED_MESSAGE, is_resumed
from api.web.forms import FieldErrors, field_errors, optional, text
from api.web.pages import FormChecked, redirect, render
from api.web.texts import refused_step
from store import logins
from store import users as repository
from store.models import UserRow

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)

AGAIN = "Skriv adgangskoden igen: den vises ikke på siden"
USERNAME_FORM = "Brug små bogstaver, tal og . _ - (2 til 64 tegn)"
CHANGED = ("role", "team")


def _out(row: UserRow) -> UserOut:
    return UserOut.model_validate(row, from_attributes=True)


def locked_until(session: Session, row: UserRow, now: dt.datetime) -> dt.datetime | None:
    """Until when failed log-ins keep the user out, if they do now."""
    state = logins.get(session, key=service.lockout_key(row.username))
    until = None if state is None else state.locked_until
    return until if until is not None and until > now else None


@router.get("/users")
@allow("admin")
def user_list(request: Request, unit: Unit) -> HTMLResponse:
    now = dt.datetime.now(dt.UTC)
    rows = repository.list_all(unit.session)
    return render(
        request,
        "users/list.html",
        title="Brugere",
        users=[(_out(row), locked_until(unit.session, row, now)) for row in rows],
    )


@router.get("/users/new")
@allow("admin")
def new_user(request: Request, unit: Unit) -> HTMLResponse:
    return _form(request, unit, None, body={"role": "consultant"})


@router.post("/users")
@allow("admin")
async def create_user(request: Request, unit: Unit, _checked: FormChecked) -> Response:
    form = await request.form()
    body = {name: text(form, name) for name in ("username", "role", "team")}
    if is_resumed(form):
        return _form(request, unit, None, body=body, message=RESUMED_MESSAGE)
    try:
        data = UserIn.model_validate({**body, "password": text(form, "password")})
        row = service.create_user(
            unit.session,
            username=data.username,
            password=data.password,
            role=data.role,
            team=data.team,
        )
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        errors = _errors(exc, typed_password=bool(text(form, "password")))
        if isinstance(exc, ValidationError):
            errors = _with_password_checked(errors, text(form, "password"))
        return _form(request, unit, None, body=body, status_code=422, errors=errors)
    return redirect(f"/users#bruger-{row.id}", ok="created")


@router.get("/users/{user_id}")
@allow("admin")
def edit_user(user_id: PathId, request: Request, unit: Unit) -> HTMLResponse:
    user = _out(service.get_or_raise(unit.session, user_id=user_id))
    return _form(request, unit, user, body=user.model_dump(), opened=user.model_dump())


@router.post("/users/{user_id}")
@allow("admin")
async def save_user(
    user_id: PathId, request: Request, unit: Unit, _checked: FormChecked
) -> Response:
    form = await request.form()
    current = _out(service.get_or_raise(unit.session, user_id=user_id))
    body = {"role": text(form, "role"), "team": text(form, "team"), "active": _ticked(form)}
    opened = {name: text(form, f"was_{name}") for name in (*CHANGED, "active")}
    if is_resumed(form):
        return _form(request, unit, current, body=body, opened=opened, message=RESUMED_MESSAGE)
    try:
        patch = UserPatch.model_validate(_changes(form, body))
        service.update_user(unit.session, user_id=user_id, patch=patch)
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        errors = _errors(exc, typed_password=bool(text(form, "password")))
        return _form(
            request, unit, current, body=body, opened=opened, status_code=422, errors=errors
        )
    return redirect(f"/users#bruger-{user_id}", ok="saved")


def _ticked(form: FormData) -> bool:
    return form.get("active") == "on"


def _changes(form: FormData, body: dict[str, Any]) -> dict[str, Any]:
    """What the admin changed against the form as it was opened, a new password and an
    unlock: only these are sent, so a colleague's change to another field stays."""
    changes: dict[str, Any] = {
        name: body[name] for name in CHANGED if body[name] != text(form, f"was_{name}")
    }
    if str(body["active"]).lower() != text(form, "was_active").lower():
        changes["active"] = body["active"]
    password = optional(form, "password")
    if password is not None:
        changes["password"] = password
    if form.get("unlock") == "on":
        changes["unlock"] = True
    return changes


def _errors(exc: ValidationError | ApiError, *, typed_password: bool) -> FieldErrors:
    """The reasons by field, in Danish: a username taken beside the username, the last
    admin's role or active flag beside both; a typed password is asked for again."""
    if isinstance(exc, AlreadyExists):
        errors: FieldErrors = {"username": [refused_step(exc)]}
    elif isinstance(exc, Conflict):
        errors = {"role": [refused_step(exc)], "active": [refused_step(exc)]}
    else:
        errors = field_errors(exc)
    if isinstance(exc, ValidationError) and any(
        e["loc"] == ("username",) and e.get("input") for e in exc.errors()
    ):
        errors["username"] = [USERNAME_FORM]
    if typed_password and "password" not in errors:
        errors["password"] = [AGAIN]
    return errors


def _with_password_checked(errors: FieldErrors, password: str) -> FieldErrors:
    """A form refused for its other fields says at once, too, if the password is too short
    (the service checks it only once the rest is right)."""
    try:
        service.check_password(password)
    except InvalidInput as exc:
        return {**errors, **field_errors(exc)}
    return errors


def _form(
    request: Request,
    unit: Unit,
    user: UserOut | None,
    *,
    body: dict[str, Any],
    opened: dict[str, Any] | None = None,
    status_code: int = 200,
    **shown: Any,
) -> HTMLResponse:
    """A new user's form (`user` None) or one user's: `user` as stored now, `body` what the
    form shows and `opened` what it was opened with (what an edit is compared with)."""
    now = dt.datetime.now(dt.UTC)
    row = None if user is None else service.get_or_raise(unit.session, user_id=user.id)
    return render(
        request,
        "users/form.html",
        status_code=status_code,
        title="Ny bruger" if user is None else f"Bruger {user.username}",
        edited=user,
        body=body,
        opened=opened or {},
        min_password=MIN_PASSWORD_LENGTH,
        teams=sorted({r.team for r in repository.list_all(unit.session)}),
        locked=None if row is None else locked_until(unit.session, row, now),
        **shown,
    )
