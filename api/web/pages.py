"""Rendering, the session cookies, the form guard (CSRF) and the purpose of reads."""

import datetime as dt
import re
import secrets
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.auth.policy import SESSION_COOKIE, WEB_PREFIX, is_page
from api.auth.service import issue_token
from api.composition.context import AppContext
from api.shared.deps import Context, Unit
from api.shared.errors import Forbidden
from api.shared.unit import UnitOfWork
from api.web.forms import FieldErrors
from api.web.texts import (
    LABELS,
    MESSAGES,
    balance_label,
    danish,
    industry_label,
    missing_label,
    team_label,
    without_label,
)
from store import notifications as notification_repository

CSRF_COOKIE = "matcher_csrf"
PURPOSE_COOKIE = "matcher_purpose"

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


# A page shown more than this after the session's token was issued gets a fresh one: the
# session slides with activity (and polling scripts, which render no page, do not slide it).
RENEW_AFTER = dt.timedelta(minutes=1)
# The cookies outlive the token they carry: past its time the token no longer signs anyone in,
# but it still tells whose session it was, so what that user was typing can be given back to
# them (and to nobody else) after they sign in again.
COOKIE_GRACE = dt.timedelta(hours=12)
# After a log-out: the session's token (revoked), to tell whose session it was.
LEFT_COOKIE = "matcher_left"


def _open_notifications(context: AppContext, user: Any) -> int:
    """How many notifications wait for the consultant's team (shown in the menu)."""
    if user is None or user.role != "consultant":
        return 0
    with context.sessions() as session:
        return notification_repository.count_open(session, team=user.team)


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page, with what every page shows: the user, the purpose, the form guard, and when
    the session ends (sliding it on, when the user is active)."""
    app_context: AppContext = request.app.state.context
    message = MESSAGES.get(request.query_params.get("ok", ""))
    claims = getattr(request.state, "claims", None)
    now = dt.datetime.now(dt.UTC)
    # A signed-in page whose token is over a minute old gets a fresh one.
    renew = (
        claims is not None and is_page(request.url.path) and now - claims.issued_at >= RENEW_AFTER
    )
    expires_at = (
        now + app_context.settings.token_ttl if renew else (claims.expires_at if claims else None)
    )
    user = getattr(request.state, "user", None)
    values = {
        "user": user,
        "open_notifications": _open_notifications(app_context, user),
        "csrf": request.cookies.get(CSRF_COOKIE, ""),
        "purpose": request.cookies.get(PURPOSE_COOKIE),
        "purposes": app_context.settings.audit_purposes,
        "labels": LABELS,
        "message": message,
        "errors": {},
        "prefix": WEB_PREFIX,
        "session_expires": int(expires_at.timestamp()) if expires_at else None,
    }
    values.update(context)
    response = templates.TemplateResponse(request, name, values, status_code=status_code)
    if renew:
        renew_session(request, response, app_context, now=now)
    return response


def renew_session(
    request: Request, response: Response, context: AppContext, *, now: dt.datetime
) -> None:
    """The signed-in session on, with a fresh token in the cookies (the same user and token
    version; the form guard and purpose kept)."""
    claims = request.state.claims
    settings = context.settings
    start_session(
        response,
        token=issue_token(settings, user_id=claims.user_id, version=claims.version, now=now),
        ttl=settings.token_ttl,
        purpose=request.cookies.get(PURPOSE_COOKIE, ""),
        secure=settings.secure_cookies,
        csrf=request.cookies.get(CSRF_COOKIE),
    )


def redirect(path: str, *, ok: str | None = None) -> RedirectResponse:
    """See other (after a form): the browser asks for `path` with GET (the message's query
    before the path's #place on the page, if it names one)."""
    page, mark, place = path.partition("#")
    target = f"{WEB_PREFIX}{page}" + (f"?ok={ok}" if ok else "") + mark + place
    return RedirectResponse(target, status_code=303)


def local_page(path: str | None) -> str | None:
    """The path when it is one of our own pages (never another site), else None."""
    if path and is_page(path.split("?", 1)[0]) and "//" not in path and "\\" not in path:
        return path
    return None


def start_session(
    response: Response,
    *,
    token: str,
    ttl: dt.timedelta,
    purpose: str,
    secure: bool,
    csrf: str | None = None,
) -> None:
    """The token in an HttpOnly cookie for the pages only, the form guard (a fresh one unless
    given) and the purpose."""
    csrf = csrf or secrets.token_urlsafe(24)
    for name, value, http_only in (
        (SESSION_COOKIE, token, True),
        (CSRF_COOKIE, csrf, False),
        (PURPOSE_COOKIE, purpose, True),
    ):
        _set_cookie(response, name, value, ttl=ttl, secure=secure, http_only=http_only)


def _set_cookie(
    response: Response,
    name: str,
    value: str,
    *,
    ttl: dt.timedelta,
    secure: bool,
    http_only: bool = True,
) -> None:
    """A cookie of the pages: for them only, same site only, outliving the token's time."""
    response.set_cookie(
        name,
        value,
        max_age=int((ttl + COOKIE_GRACE).total_seconds()),
        path=WEB_PREFIX,
        httponly=http_only,
        samesite="strict",
        secure=secure,
    )


def end_session(
    response: Response, *, left: str | None = None, ttl: dt.timedelta, secure: bool
) -> None:
    """The session's cookies go. A log-out keeps its token, which no longer works, in a
    cookie of its own (`left`): a form another tab sends afterwards is then known to be that
    user's, and given back to them alone after they log in again."""
    for name in (SESSION_COOKIE, CSRF_COOKIE, PURPOSE_COOKIE):
        response.delete_cookie(name, path=WEB_PREFIX)
    if left:
        _set_cookie(response, LEFT_COOKIE, left, ttl=ttl, secure=secure)


async def check_form(request: Request) -> None:
    """A form posted from our own page: its hidden guard matches the session's cookie."""
    form = await request.form()
    sent = form.get("csrf")
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise Forbidden("the form has expired or was not sent from this site; reload the page")


FormChecked = Annotated[None, Depends(check_form)]


def page_purpose(request: Request, context: Context) -> str:
    """Why the signed-in user reads citizen data: chosen at log-in, changed in the header."""
    purpose = request.cookies.get(PURPOSE_COOKIE)
    if purpose not in context.settings.audit_purposes:
        raise Forbidden("choose the purpose of your work (at log-in) before reading citizen data")
    assert purpose is not None
    return purpose


PagePurpose = Annotated[str, Depends(page_purpose)]


def _page_unit(unit: Unit, purpose: PagePurpose) -> UnitOfWork:
    unit.purpose = purpose
    return unit


# The unit of a page that reads or writes citizen data: its audit entries carry the purpose
# the user chose.
PageUnit = Annotated[UnitOfWork, Depends(_page_unit, scope="function")]


def errors_for(errors: FieldErrors, name: str) -> list[str]:
    """The messages for a field and anything under it (name.0.title...)."""
    return [
        message
        for field, messages in errors.items()
        if field == name or field.startswith(f"{name}.")
        for message in messages
    ]


def danish_number(value: object, digits: int = 1) -> str:
    """A number as Danes write it: a decimal comma, and no ",0" on whole numbers."""
    if value is None or value == "":
        return ""
    try:
        number = round(float(str(value)), digits)
    except ValueError:
        return str(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.{digits}f}".replace(".", ",")


def fixed(value: float, digits: int, signed: bool = False) -> str:
    """A measure with a fixed number of decimals, the Danish way ("0,812", "+0,031")."""
    return f"{value:{'+' if signed else ''}.{digits}f}".replace(".", ",")


def hours_range(hours: Any) -> str:
    """Weekly hours from–to ("8–12"), or one number when both are the same ("8")."""
    low, high = (danish_number(getattr(hours, name, None)) for name in ("min", "max"))
    return low if low == high else f"{low}–{high}"


try:
    _LOCAL = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # no time zone data on the host: the times say UTC
    _LOCAL = ZoneInfo("UTC")


def local_time(moment: dt.datetime | None) -> str:
    """A moment as Copenhagen reads it: "24.11.2026 kl. 14:05"."""
    if moment is None:
        return "–"
    return moment.astimezone(_LOCAL).strftime("%d.%m.%Y kl. %H:%M")


def local_date(moment: dt.datetime | dt.date | str | None) -> str:
    """A moment's day in Copenhagen, or a day as it is: "24.11.2026" (from an ISO text too,
    as a JSON column keeps it)."""
    if moment is None:
        return "–"
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(_LOCAL)
    return moment.strftime("%d.%m.%Y")


def field_value(value: object, decimal: bool = False) -> str:
    """A value in a form field: numbers as Danes type them ("7,5", "10", never "10.0"),
    exactly (coordinates keep every decimal); text as it was typed. In a decimal field a
    number given back after an error is shown as it was typed, with its comma."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        text = repr(value)
        return (text[:-2] if text.endswith(".0") else text).replace(".", ",")
    text = str(value)
    if decimal and re.fullmatch(r"-?\d+\.\d+", text):
        return text.replace(".", ",")
    return text


templates.env.globals["errors_for"] = errors_for
templates.env.filters["tal"] = danish_number
templates.env.filters["timer"] = hours_range
templates.env.filters["fast"] = fixed
templates.env.filters["felt"] = field_value
templates.env.filters["tid"] = local_time
templates.env.filters["dato"] = local_date
templates.env.filters["branche"] = industry_label
templates.env.filters["team"] = team_label
templates.env.globals["balance_label"] = balance_label
templates.env.globals["danish"] = danish
templates.env.globals["missing_label"] = missing_label
templates.env.globals["without_label"] = without_label
