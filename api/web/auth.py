"""Log-in and log-out on the pages, with the API's lock-out, rate limit and tokens."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import service, tokens
from api.auth.limits import client_address
from api.auth.policy import ROLES, CurrentUser, allow, public
from api.deps import Context, DbSession
from api.errors import ApiError, TooManyRequests
from api.web.pages import (
    PURPOSE_COOKIE,
    WEB_PREFIX,
    FormChecked,
    end_session,
    redirect,
    render,
    start_session,
)

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)

HOME = {"consultant": "/citizens", "employer_coordinator": "/workplaces", "admin": "/runs"}
LOGIN_ERRORS = {
    401: "Forkert brugernavn eller adgangskode.",
    423: "For mange forkerte forsøg: kontoen er låst et stykke tid.",
    429: "For mange forsøg lige nu. Vent et øjeblik.",
}


@router.get("/login")
@public
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", title="Log ind")


@router.post("/login")
@public
def log_in(
    request: Request,
    session: DbSession,
    context: Context,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    settings = context.settings
    if purpose not in settings.audit_purposes:
        return render(
            request,
            "login.html",
            status_code=422,
            title="Log ind",
            username=username,
            errors={"purpose": ["Vælg formålet med dit arbejde i dag"]},
        )
    now = dt.datetime.now(dt.UTC)
    try:
        wait = context.login_limiter.hit(
            client_address(request, trusted_proxies=settings.trusted_proxies)
        )
        if wait is not None:
            raise TooManyRequests("too many log-in attempts", retry_after_s=wait)
        try:
            user = service.log_in(
                session,
                username=username,
                password=password,
                max_failures=settings.login_max_failures,
                lockout=dt.timedelta(minutes=settings.login_lockout_minutes),
                now=now,
            )
        finally:
            session.commit()
    except ApiError as exc:
        return render(
            request,
            "login.html",
            status_code=exc.status_code,
            title="Log ind",
            username=username,
            failure=LOGIN_ERRORS.get(exc.status_code, "Log-ind mislykkedes."),
        )
    ttl = dt.timedelta(minutes=settings.token_ttl_minutes)
    token = tokens.issue(
        user_id=user.id,
        version=user.token_version,
        secret=settings.secret_key.get_secret_value(),
        ttl=ttl,
        now=now,
    )
    response = redirect(HOME.get(user.role, "/citizens"))
    start_session(
        response,
        token=token,
        ttl_s=int(ttl.total_seconds()),
        purpose=purpose,
        secure=settings.environment == "production",
    )
    return response


@router.post("/logout")
@allow(*ROLES)
def log_out(_checked: FormChecked, user: CurrentUser, session: DbSession) -> RedirectResponse:
    """Log out: this session's cookie goes, and every token issued to the user stops working
    (a copied cookie or another tab's session too)."""
    service.log_out(session, user_id=user.id)
    session.commit()
    response = redirect("/login", ok="logged_out")
    end_session(response)
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
    # Only back to one of our own pages.
    target = back if back.startswith(f"{WEB_PREFIX}/") and "//" not in back else f"{WEB_PREFIX}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        PURPOSE_COOKIE,
        purpose,
        path=WEB_PREFIX,
        httponly=True,
        samesite="strict",
        secure=context.settings.environment == "production",
    )
    return response
