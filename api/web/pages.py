"""Rendering, the session cookies, the form guard (CSRF) and the purpose of reads."""

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.auth.policy import SESSION_COOKIE, WEB_PREFIX
from api.context import AppContext
from api.deps import Context
from api.errors import Forbidden
from api.web.forms import FieldErrors
from api.web.texts import LABELS, MESSAGES

CSRF_COOKIE = "matcher_csrf"
PURPOSE_COOKIE = "matcher_purpose"

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page, with what every page shows: the user, the purpose, the form guard."""
    app_context: AppContext = request.app.state.context
    message = MESSAGES.get(request.query_params.get("ok", ""))
    values = {
        "user": getattr(request.state, "user", None),
        "csrf": request.cookies.get(CSRF_COOKIE, ""),
        "purpose": request.cookies.get(PURPOSE_COOKIE),
        "purposes": app_context.settings.audit_purposes,
        "labels": LABELS,
        "message": message,
        "errors": {},
        "prefix": WEB_PREFIX,
    }
    values.update(context)
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def redirect(path: str, *, ok: str | None = None) -> RedirectResponse:
    """See other (after a form): the browser asks for `path` with GET."""
    target = f"{WEB_PREFIX}{path}" + (f"?ok={ok}" if ok else "")
    return RedirectResponse(target, status_code=303)


def start_session(
    response: RedirectResponse, *, token: str, ttl_s: int, purpose: str, secure: bool
) -> None:
    """The token in an HttpOnly cookie for the pages only; a fresh form guard; the purpose."""
    for name, value, http_only in (
        (SESSION_COOKIE, token, True),
        (CSRF_COOKIE, secrets.token_urlsafe(24), False),
        (PURPOSE_COOKIE, purpose, True),
    ):
        response.set_cookie(
            name,
            value,
            max_age=ttl_s,
            path=WEB_PREFIX,
            httponly=http_only,
            samesite="strict",
            secure=secure,
        )


def end_session(response: RedirectResponse) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE, PURPOSE_COOKIE):
        response.delete_cookie(name, path=WEB_PREFIX)


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


templates.env.globals["errors_for"] = errors_for
templates.env.filters["tal"] = danish_number
