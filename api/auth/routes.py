"""/auth: sign in for a token; who am I."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from api.auth import service
from api.auth.limits import client_address
from api.auth.policy import ROLES, CurrentUser, allow, public
from api.auth.schemas import TokenOut, UserOut
from api.shared.deps import Unit
from api.shared.errors import (
    Locked,
    TooManyRequests,
    Unauthorized,
    error_responses,
)

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", responses=error_responses(Unauthorized, Locked, TooManyRequests))
@public
def log_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    unit: Unit,
) -> TokenOut:
    """Sign in with username and password (a form, as OAuth2 has it); answers a Bearer token."""
    context = unit.context
    wait = context.login_limiter.hit(
        client_address(request, trusted_proxies=context.settings.trusted_proxies)
    )
    if wait is not None:
        raise TooManyRequests("too many log-in attempts; wait a moment", retry_after_s=wait)
    settings = context.settings
    now = dt.datetime.now(dt.UTC)
    try:
        user = service.log_in(
            unit.session,
            username=form.username,
            password=form.password,
            max_failures=settings.login_max_failures,
            lockout=dt.timedelta(minutes=settings.login_lockout_minutes),
            now=now,
        )
    finally:
        unit.commit()  # the failure counts, though the answer is 401
    token = service.issue_token(settings, user_id=user.id, version=user.token_version, now=now)
    return TokenOut(access_token=token, expires_in=int(settings.token_ttl.total_seconds()))


@router.get("/me")
@allow(*ROLES)
def me(user: CurrentUser) -> UserOut:
    """The signed-in user: name, role and team."""
    return UserOut(id=user.id, username=user.username, role=user.role, team=user.team)


@router.post("/logout", status_code=204)
@allow(*ROLES)
def log_out(user: CurrentUser, unit: Unit) -> Response:
    """End every session you have: all tokens issued to you so far stop working."""
    service.log_out(unit.session, user_id=user.id)
    return Response(status_code=204)
