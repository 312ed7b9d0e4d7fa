"""Log-in and log-out on the pages, with the API's lock-out, rate limit and tokens; the
session's renewal; and the form a user sent after their session ended, given back after they
signed in again."""

import datetime as dt
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from api.auth import service, tokens
from api.auth.limits import client_address
from api.auth.policy import ROLES, SESSION_COOKIE, WEB_PREFIX, CurrentUser, allow, public
from api.shared.deps import Context, Unit
from api.shared.errors import ApiError, TooManyRequests
from api.shared.unit import UnitOfWork
from api.web.pages import (
    LEFT_COOKIE,
    PURPOSE_COOKIE,
    FormChecked,
    end_session,
    local_page,
    redirect,
    render,
    renew_session,
    start_session,
)
from store import users as user_repository
from store.models import UserRow

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)

HOME = {"consultant": "/citizens", "employer_coordinator": "/workplaces", "admin": "/runs"}
LOGIN_ERRORS = {
    401: "Forkert brugernavn eller adgangskode.",
    423: "For mange forkerte forsøg: kontoen er låst et stykke tid.",
    429: "For mange forsøg lige nu. Vent et øjeblik.",
}
# A form sent after the session ended travels through the log-in page in fields named so.
RESUME = "resume:"
RESUMED = "_resumed"  # marks the form given back; the page shows it filled in, unsaved
# Bounds on what is carried through the log-in page.
_RESUME_FIELDS, _RESUME_CHARACTERS = 500, 200_000


def resumable(form: FormData) -> list[tuple[str, str]]:
    """The text fields of a form to give back after a new log-in (not its stale form
    guard, nor a password, which is never put into a page), or none when the form is
    larger than the log-in page should carry."""
    fields = [
        (name, value)
        for name, value in form.multi_items()
        if isinstance(value, str) and name not in ("csrf", "password", RESUMED)
    ]
    size = sum(len(name) + len(value) for name, value in fields)
    if len(fields) > _RESUME_FIELDS or size > _RESUME_CHARACTERS:
        return []
    return fields


def login_again(
    request: Request, *, next_page: str | None, fields: list[tuple[str, str]], username: str
) -> HTMLResponse:
    """The log-in page for a session that ended: what the user sent waits in it."""
    return render(
        request,
        "login.html",
        status_code=401,
        title="Log ind igen",
        username=username,
        next_page=next_page,
        resume_fields=fields,
        resume_for=username,
        expired=True,
    )


@router.get("/login")
@public
def login_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "login.html",
        title="Log ind",
        next_page=local_page(request.query_params.get("next")),
    )


@router.post("/login")
@public
async def log_in(request: Request, unit: Unit) -> Response:
    form = await request.form()
    username, password, purpose = (
        _text(form, name) for name in ("username", "password", "purpose")
    )
    next_page = local_page(_text(form, "next")) or None
    resume_for = _text(form, "resume_for")
    fields = [
        (name.removeprefix(RESUME), value)
        for name, value in form.multi_items()
        if name.startswith(RESUME) and isinstance(value, str)
    ]
    settings = unit.context.settings

    def again(status_code: int, **shown: object) -> HTMLResponse:
        return render(
            request,
            "login.html",
            status_code=status_code,
            title="Log ind",
            username=username,
            next_page=next_page,
            resume_fields=fields,
            resume_for=resume_for,
            **shown,
        )

    if purpose not in settings.audit_purposes:
        return again(422, errors={"purpose": ["Vælg formålet med dit arbejde i dag"]})
    now = dt.datetime.now(dt.UTC)
    try:
        user = _signed_in(request, unit, username=username, password=password, now=now)
    except ApiError as exc:
        return again(
            exc.status_code, failure=LOGIN_ERRORS.get(exc.status_code, "Log-ind mislykkedes.")
        )
    csrf = secrets.token_urlsafe(24)
    # What a user typed before their session ended goes back to that user only.
    give_back = fields if next_page and fields and resume_for == user.username else []
    response = _first_page(request, user, next_page=next_page, give_back=give_back, csrf=csrf)
    start_session(
        response,
        token=service.issue_token(settings, user_id=user.id, version=user.token_version, now=now),
        ttl=settings.token_ttl,
        purpose=purpose,
        secure=settings.secure_cookies,
        csrf=csrf,
    )
    return response


def _signed_in(
    request: Request, unit: UnitOfWork, *, username: str, password: str, now: dt.datetime
) -> UserRow:
    """The user, when the name and password are right (an ApiError when not): within the
    rate limit, with failures counted towards a lock-out."""
    settings = unit.context.settings
    wait = unit.context.login_limiter.hit(
        client_address(request, trusted_proxies=settings.trusted_proxies)
    )
    if wait is not None:
        raise TooManyRequests("too many log-in attempts", retry_after_s=wait)
    try:
        return service.log_in(
            unit.session,
            username=username,
            password=password,
            max_failures=settings.login_max_failures,
            lockout=dt.timedelta(minutes=settings.login_lockout_minutes),
            now=now,
        )
    finally:
        unit.commit()  # the failure counts, though the page says no


def _first_page(
    request: Request,
    user: UserRow,
    *,
    next_page: str | None,
    give_back: list[tuple[str, str]],
    csrf: str,
) -> Response:
    """Where a log-in leads: the form the user was sending when the session ended (filled
    in again), the page asked for, or the role's home page."""
    if give_back:
        return render(
            request,
            "resume.html",
            title="Du er logget ind igen",
            user=None,
            action=next_page,
            fields=give_back,
            fresh_csrf=csrf,
            resumed=RESUMED,
        )
    home = f"{WEB_PREFIX}{HOME.get(user.role, '/citizens')}"
    return RedirectResponse(next_page or home, status_code=303)


def _text(form: FormData, name: str) -> str:
    """A field as sent: unlike forms.text not stripped, as a password may end in a space."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def whose_session(request: Request, context: Context) -> str:
    """The username of the session the request's cookie carries, even when it has ended (to
    give a form back to its own user only); empty when there is none."""
    token = request.cookies.get(SESSION_COOKIE) or request.cookies.get(LEFT_COOKIE)
    if not token:
        return ""
    try:
        claims = tokens.claims_of(
            token, secret=context.settings.secret_key.get_secret_value(), expired_too=True
        )
    except tokens.InvalidToken:
        return ""
    with context.sessions() as session:
        row = user_repository.get(session, user_id=claims.user_id)
        return row.username if row is not None else ""


@router.post("/session")
@allow(*ROLES)
def keep_session(request: Request, context: Context, _checked: FormChecked) -> JSONResponse:
    """The session warning's "Fortsæt": a fresh token, and when it ends."""
    now = dt.datetime.now(dt.UTC)
    response = JSONResponse({"expires_at": int((now + context.settings.token_ttl).timestamp())})
    renew_session(request, response, context, now=now)
    return response


@router.post("/logout")
@allow(*ROLES)
def log_out(
    request: Request, _checked: FormChecked, user: CurrentUser, unit: Unit
) -> RedirectResponse:
    """Log out: this session's cookie goes, and every token issued to the user stops working
    (a copied cookie or another tab's session too). What another tab sends afterwards is
    given back to this user when they log in again."""
    service.log_out(unit.session, user_id=user.id)
    response = redirect("/login", ok="logged_out")
    settings = unit.context.settings
    end_session(
        response,
        left=request.cookies.get(SESSION_COOKIE),
        ttl=settings.token_ttl,
        secure=settings.secure_cookies,
    )
    return response


@router.get("")
@allow(*ROLES)
def home(user: CurrentUser) -> RedirectResponse:
    return redirect(HOME.get(user.role, "/citizens"))


@router.post("/purpose")
@allow(*ROLES)
def change_purpose(
    request: Request,
    context: Context,
    _checked: FormChecked,
    purpose: Annotated[str, Form(max_length=32)],
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Change why you read citizen data; every read from now on is recorded with it."""
    if purpose not in context.settings.audit_purposes:
        return render(request, "error.html", status_code=422, title="Ukendt formål", code=422)
    response = RedirectResponse(local_page(back) or WEB_PREFIX, status_code=303)
    response.set_cookie(
        PURPOSE_COOKIE,
        purpose,
        path=WEB_PREFIX,
        httponly=True,
        samesite="strict",
        secure=context.settings.secure_cookies,
    )
    return response
