"""Errors as types, each carrying its HTTP status, and the handlers that render them.

Every error answer has the shape {"error": <code>, "detail": ...}; validation errors list
{"field", "reason", "code", "params"} so a form can show each next to its field, in the
language of its choice (the code names the reason; matcher.refusals lists ours, and pydantic's
own types name the rest).
"""

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.backend import BackendUnavailable
from matcher.refusals import Param, Refusal
from store.db import ReferenceGone, StaleWrite, UniqueViolation, WriteConflict, conflict_of

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    """Every error answer but a validation error."""

    error: str = Field(description="What kind of error, e.g. not_found, version_conflict")
    detail: Any = Field(description="What went wrong, for a person to read")


class FieldError(BaseModel):
    field: str = Field(
        description="Where: a dotted path into the body (functions.0.title), a query or path "
        "parameter's name, or 'body' for the body as a whole"
    )
    reason: str = Field(description="Why it was refused, in English")
    code: str = Field(
        description="Why, as a code: one of the service's own (cpr_number, min_above_max, ...) "
        "or pydantic's error types (missing, greater_than_equal, ...)"
    )
    params: dict[str, str | int | float | bool] = Field(
        description='The values the reason names, by name (e.g. {"ge": 0})'
    )


class ValidationErrorBody(BaseModel):
    """A 422: every field that was refused, and why."""

    error: Literal["validation_error"]
    detail: list[FieldError]


class ApiError(Exception):
    status_code = 500
    error = "internal_error"

    def __init__(self, detail: Any, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        # Why, as a code of matcher.refusals with its parameters, where the service says:
        # the pages show its Danish text.
        self.code: str | None = None
        self.params: dict[str, Param] = {}

    @classmethod
    def because(cls, code: str, /, **params: Param) -> Self:
        """This error for a reason of matcher.refusals: its English text is the detail."""
        error = cls(Refusal("", code, params).reason)
        error.code, error.params = code, params
        return error


class Unauthorized(ApiError):
    """No valid token: sign in (again)."""

    status_code = 401
    error = "unauthorized"

    def __init__(self, detail: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ApiError):
    """Signed in, but the role or team may not do this."""

    status_code = 403
    error = "forbidden"


class Locked(ApiError):
    """Too many failed log-ins in a row: the account waits."""

    status_code = 423
    error = "account_locked"


class TooManyRequests(ApiError):
    status_code = 429
    error = "too_many_requests"

    def __init__(self, detail: Any, *, retry_after_s: float) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, round(retry_after_s)))})


class NotFound(ApiError):
    status_code = 404
    error = "not_found"


class AlreadyExists(ApiError):
    status_code = 409
    error = "already_exists"


class Conflict(ApiError):
    """The change cannot be made in the state things are in now."""

    status_code = 409
    error = "conflict"


class VersionConflict(ApiError):
    """The client edited an older version than the one stored."""

    status_code = 409
    error = "version_conflict"

    def __init__(self, *, sent: int | None, current: int) -> None:
        super().__init__(
            {
                "message": "someone else saved this record first; reload it and apply your "
                "change to the current version",
                "sent_version": sent,
                "current_version": current,
            }
        )


class InvalidInput(ApiError):
    status_code = 422
    error = "validation_error"

    def __init__(self, field: str, code: str, /, **params: Param) -> None:
        """One wrong field and why (a code of matcher.refusals, with its parameters)."""
        super().__init__([refused_item(Refusal(field, code, params))])

    @classmethod
    def of(cls, refusals: Sequence[Refusal]) -> "InvalidInput":
        """Several wrong fields at once."""
        return cls._listing([refused_item(refusal) for refusal in refusals])

    @classmethod
    def from_pydantic(cls, error: Mapping[str, Any]) -> "InvalidInput":
        """A pydantic validation error, as the API reports it."""
        return cls._listing([pydantic_item(error)])

    @classmethod
    def _listing(cls, items: list[dict[str, Any]]) -> "InvalidInput":
        made = cls.__new__(cls)
        ApiError.__init__(made, items)
        return made


def refused_item(refusal: Refusal) -> dict[str, Any]:
    return {
        "field": refusal.field,
        "reason": refusal.reason,
        "code": refusal.code,
        "params": dict(refusal.params),
    }


def pydantic_item(error: Mapping[str, Any]) -> dict[str, Any]:
    """A pydantic validation error as an item of a 422's detail."""
    field, reason = described(error)
    context = error.get("ctx") or {}
    params = {k: v for k, v in context.items() if isinstance(v, str | int | float | bool)}
    return {"field": field or "body", "reason": reason, "code": error["type"], "params": params}


class ServiceUnavailable(ApiError):
    status_code = 503
    error = "service_unavailable"


def error_responses(*errors: type[ApiError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the errors a route can answer with."""
    return {e.status_code: {"description": e.error, "model": ErrorBody} for e in errors}


def _field_error(error: Any, body: Any) -> dict[str, Any]:
    if error["type"] == "json_invalid":
        # FastAPI names the character position as if it were a field ("body", 37).
        reason = _json_error(error, body)
        return {"field": "body", "reason": reason, "code": "json_invalid", "params": {}}
    return pydantic_item(error)


def _json_error(error: Any, document: Any) -> str:
    position = error["loc"][-1] if error["loc"] else 0
    why = error.get("ctx", {}).get("error", "")
    if isinstance(document, str) and isinstance(position, int):
        line = document.count("\n", 0, position) + 1
        column = position - (document.rfind("\n", 0, position) + 1) + 1
        return f"the body is not valid JSON (line {line}, column {column}): {why}"
    return f"the body is not valid JSON: {why}"


def reason_of(message: str) -> str:
    """A pydantic validation message without pydantic's prefixes."""
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


# Where FastAPI found a value, named first in a validation error's location.
_SOURCES = ("body", "query", "path", "header", "cookie")


def described(error: Mapping[str, Any]) -> tuple[str, str]:
    """A pydantic validation error as (field, reason): the field dotted ("functions.0.title",
    without FastAPI's "body" or "query" in front; "" for the whole input), the reason without
    pydantic's prefixes."""
    location = tuple(error["loc"])
    if location and location[0] in _SOURCES:
        location = location[1:]
    return ".".join(str(part) for part in location), reason_of(error["msg"])


# What a client is told when a concurrent write got there first and the route has nothing
# more specific to say.
_CONFLICTS: dict[type[WriteConflict], tuple[str, str]] = {
    StaleWrite: (
        VersionConflict.error,
        "someone else saved this record first; reload it and apply your change again",
    ),
    UniqueViolation: (
        AlreadyExists.error,
        "another change saved the same value at the same moment; reload and try again",
    ),
    ReferenceGone: (
        Conflict.error,
        "a record this change refers to was deleted meanwhile; reload and try again",
    ),
}


def conflict_response(conflict: WriteConflict) -> JSONResponse:
    error, message = _CONFLICTS.get(type(conflict), ("conflict", str(conflict)))
    return JSONResponse(status_code=409, content={"error": error, "detail": message})


async def _backend_down(_request: Request, exc: Exception) -> JSONResponse:
    # An outage of the search index is a 503 with a plain message, never a stack trace; the
    # log names the kind of failure only (an error's text could echo a query).
    log.warning("search backend unavailable: %s", type(exc.__cause__ or exc).__name__)
    return JSONResponse(
        status_code=503,
        content={
            "error": ServiceUnavailable.error,
            "detail": "the workplace index cannot be reached just now; try again in a "
            "moment (changes you save are kept and reach the index when it is back)",
        },
        headers={"Retry-After": "5"},
    )


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(WriteConflict)
    async def _write_conflict(_request: Request, exc: WriteConflict) -> JSONResponse:
        return conflict_response(exc)

    @app.exception_handler(StaleDataError)
    @app.exception_handler(IntegrityError)
    async def _database_conflict(_request: Request, exc: Exception) -> JSONResponse:
        # A flush the route did not expect to lose a race (autoflush before a query, say).
        conflict = conflict_of(exc)
        if conflict is None:
            raise exc
        return conflict_response(conflict)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": exc.error, "detail": exc.detail},
            headers=exc.headers,
        )

    app.add_exception_handler(BackendUnavailable, _backend_down)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [_field_error(e, exc.body) for e in exc.errors()]
        return JSONResponse(
            status_code=422, content={"error": "validation_error", "detail": detail}
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        return JSONResponse(
            status_code=exc.status_code, content={"error": error, "detail": exc.detail}
        )
