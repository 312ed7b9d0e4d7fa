"""Errors on the pages are pages: a sign-in for 401, a Danish message for the others."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth.policy import is_page
from api.errors import ApiError
from api.web.pages import redirect, render

TITLES = {
    403: "Det har du ikke adgang til",
    404: "Siden findes ikke",
    409: "Nogen har gemt først",
    422: "Noget er ikke udfyldt rigtigt",
    423: "Kontoen er midlertidigt låst",
    429: "For mange forespørgsler",
    503: "Tjenesten svarer ikke lige nu",
}


def _page(request: Request, status_code: int) -> Response:
    if status_code == 401:
        return redirect("/login")
    return render(
        request,
        "error.html",
        status_code=status_code,
        title=TITLES.get(status_code, "Der skete en fejl"),
        code=status_code,
    )


def install(app: FastAPI) -> None:
    """Wrap the JSON error handlers: under the pages' prefix, answer with a page."""
    handlers = dict(app.exception_handlers)

    def wrap(kind: type[Exception]) -> None:
        original = handlers[kind]

        async def handler(request: Request, exc: Exception) -> Response:
            if is_page(request.url.path):
                status = getattr(exc, "status_code", 422)
                if isinstance(exc, RequestValidationError):
                    status = 422
                response = _page(request, status)
                for name, value in (getattr(exc, "headers", None) or {}).items():
                    response.headers.setdefault(name, value)
                return response
            answer: JSONResponse = await original(request, exc)
            return answer

        app.add_exception_handler(kind, handler)

    for kind in (ApiError, RequestValidationError, StarletteHTTPException):
        wrap(kind)
