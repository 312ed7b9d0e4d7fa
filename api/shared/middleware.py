"""Headers every answer carries, an unexpected error included."""

import logging
import traceback

from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth.policy import is_page

log = logging.getLogger(__name__)

# The interactive API documentation loads its scripts from a CDN; everything else is ours.
_DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")

_ALWAYS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_OURS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
    # Citizen data must not linger in a browser's or proxy's cache.
    ("Cache-Control", "no-store"),
)

INTERNAL_ERROR_DETAIL = "something went wrong on our side; nothing you sent was stored"
_INTERNAL_ERROR_PAGE = (
    '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Der skete en fejl'
    "</title></head><body><main><h1>Der skete en fejl</h1><p>Noget gik galt hos os. Det, "
    'du sendte, er ikke gemt. <a href="/app">Tilbage til forsiden</a></p></main></body></html>'
)


def headers_for(path: str) -> tuple[tuple[str, str], ...]:
    return _ALWAYS if path.startswith(_DOCS_PATHS) else _ALWAYS + _OURS


def internal_error(path: str) -> Response:
    """What an unexpected error answers: a page under the pages' prefix, else JSON."""
    if is_page(path):
        return HTMLResponse(_INTERNAL_ERROR_PAGE, status_code=500)
    return JSONResponse(
        {"error": "internal_error", "detail": INTERNAL_ERROR_DETAIL}, status_code=500
    )


class SecurityHeaders:
    """Adds the security headers to every answer, and answers an error no handler took
    with a 500 that carries them too (Starlette's own 500 is sent outside all middleware).

    The log names the route and the error's type and frames, never its message: a
    database error's message can quote the values of the row it was writing.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            route = getattr(scope.get("route"), "path", scope["path"])
            log.error(
                "unexpected %s in %s %s\n%s",
                type(exc).__name__,
                scope["method"],
                route,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if started:  # too late to answer otherwise; the server closes the connection
                raise
            await internal_error(scope["path"])(scope, receive, send_with_headers)
