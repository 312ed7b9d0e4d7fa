"""The OpenAPI document, told the truth about errors.

FastAPI documents a 422 body of its own shape (`HTTPValidationError`); ours is
`{"error": "validation_error", "detail": [{"field", "reason"}]}`. And the errors every route
can answer with because of where it sits (401 and 403 from the access policy, 400 from a body
that cannot be read) are declared here once, from the route table, not route by route.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from api.auth.policy import policy_of
from api.composition.settings import AUDIT_PURPOSES
from api.shared.deps import read_purpose, write_purpose
from api.shared.errors import ErrorBody, FieldError, ValidationErrorBody
from api.shared.unit import CASE_WORK

_SCHEMAS = "#/components/schemas/"


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"{_SCHEMAS}{model.__name__}"}}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _ref(ErrorBody)}


_BAD_REQUEST = _error("bad_request: the body could not be read (not UTF-8, a broken form)")
_UNAUTHORIZED = _error("unauthorized: no valid token; sign in at POST /auth/token")
_FORBIDDEN = _error("forbidden: your role may not do this")
_VALIDATION = {
    "description": "validation_error: each refused field, and why",
    "content": _ref(ValidationErrorBody),
}


def _policies(app: FastAPI) -> dict[tuple[str, str], bool]:
    """(method, path) -> whether the route is public, for every API route."""
    found = {}
    for context in iter_route_contexts(app.routes):
        route = context.route
        if isinstance(route, APIRoute) and route.include_in_schema:
            policy = policy_of(route.endpoint)
            for method in route.methods or ():
                found[(method.lower(), route.path)] = policy is not None and policy.public
    return found


def _purposes(app: FastAPI) -> dict[tuple[str, str], bool]:
    """(method, path) -> whether the route's `purpose` is required (a read of citizen data)
    or optional (a write: case work when not given), for every route that takes one."""
    found = {}
    for context in iter_route_contexts(app.routes):
        route = context.route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        calls = {d.call for d in _dependencies(route.dependant)}
        for method in route.methods or ():
            if read_purpose in calls:
                found[(method.lower(), route.path)] = True
            elif write_purpose in calls:
                found[(method.lower(), route.path)] = False
    return found


def _dependencies(dependant: Dependant) -> list[Dependant]:
    return [d for sub in dependant.dependencies for d in (sub, *_dependencies(sub))]


def _document_purpose(operation: dict[str, Any], *, required: bool, known: list[str]) -> None:
    """The `purpose` query parameter as the server reads it: one of the configured purposes,
    required where citizen data is read."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("name") == "purpose":
            parameter["required"] = required
            parameter["schema"] = {"type": "string", "enum": known, "title": "Purpose"}
            if not required:
                parameter["schema"]["default"] = CASE_WORK


def truthful(schema: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    """Declare the errors as they are sent, and the purpose as the enum it is (changes
    `schema` in place, and returns it)."""
    public = _policies(app)
    purposes = _purposes(app)
    context = getattr(app.state, "context", None)
    known = list(context.settings.audit_purposes if context is not None else AUDIT_PURPOSES)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if (method, path) in purposes:
                _document_purpose(operation, required=purposes[(method, path)], known=known)
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = _VALIDATION
            if "requestBody" in operation:
                responses.setdefault("400", _BAD_REQUEST)
            if not public.get((method, path), False):
                responses.setdefault("401", _UNAUTHORIZED)
                responses.setdefault("403", _FORBIDDEN)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for model in (ErrorBody, FieldError, ValidationErrorBody):
        definition = model.model_json_schema(ref_template=f"{_SCHEMAS}{{model}}")
        definition.pop("$defs", None)  # FieldError is a component of its own
        components[model.__name__] = definition
    return schema


def install(app: FastAPI) -> None:
    """Serve the corrected document at /openapi.json (built once, on first request)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful(generate(), app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
