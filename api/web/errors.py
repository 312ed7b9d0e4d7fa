"""Errors on the pages are pages: a sign-in for 401, a Danish message for the others."""

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth.pages import login_again, resumable, whose_session
from api.auth.policy import WEB_PREFIX, is_page
from api.shared.errors import ApiError
from api.web.pages import local_page, render
from store.db import WriteConflict

TITLES = {
    403: "Det har du ikke adgang til",
    404: "Siden findes ikke",
    409: "Nogen har gemt først",
    422: "Noget er ikke udfyldt rigtigt",
    423: "Kontoen er midlertidigt låst",
    429: "For mange forespørgsler",
    503: "Tjenesten svarer ikke lige nu",
}


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


# A placement step refused (409 on a placement): the step does not follow from the status the
# placement has, or a colleague changed it since the page was shown.
COURSE_STEP_REFUSED = "Forløbet kan ikke skifte sådan"


async def _page(request: Request, status_code: int) -> Response:
    if status_code == 401:
        return await _sign_in_again(request)
    course = status_code == 409 and request.url.path.startswith(f"{WEB_PREFIX}/placements/")
    return render(
        request,
        "error.html",
        status_code=status_code,
        title=COURSE_STEP_REFUSED if course else TITLES.get(status_code, "Der skete en fejl"),
        code=status_code,
        course=course,
    )


async def _sign_in_again(request: Request) -> Response:
    """No (valid) session: a page asked for is shown after the log-in; a form sent is kept,
    through the log-in page, and given back filled in to the user whose session it was."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    content_type = request.headers.get("content-type", "")
    if request.method == "POST" and content_type.startswith(_FORMS):
        return login_again(
            request,
            next_page=local_page(request.url.path),
            fields=resumable(await request.form()),
            username=whose_session(request, request.app.state.context),
        )
    return RedirectResponse(f"{WEB_PREFIX}/login?next={quote(target, safe='/')}", status_code=303)


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
                elif isinstance(exc, WriteConflict):
                    status = 409
                response = await _page(request, status)
                for name, value in (getattr(exc, "headers", None) or {}).items():
                    response.headers.setdefault(name, value)
                return response
            answer: JSONResponse = await original(request, exc)
            return answer

        app.add_exception_handler(kind, handler)

    for kind in (ApiError, RequestValidationError, StarletteHTTPException, WriteConflict):
        wrap(kind)
