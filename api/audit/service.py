"""Accounting for every read and write of citizen data, and why it was made."""

from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from api.auth.policy import User
from api.deps import Context
from api.errors import InvalidInput
from store import audit as repository
from store.audit import Actor
from store.models import AuditRow

# A write says what it does; it names no purpose unless the consultant gives one.
DEFAULT_WRITE_PURPOSE = "case_work"


def _checked(purpose: str, context: Context) -> str:
    known = context.settings.audit_purposes
    if purpose not in known:
        raise InvalidInput("purpose", f"unknown purpose {purpose!r}; one of {', '.join(known)}")
    return purpose


def read_purpose(
    context: Context,
    purpose: Annotated[
        str | None, Query(description="Why you read this citizen data (see GET /purposes)")
    ] = None,
) -> str:
    if purpose is None:
        raise InvalidInput(
            "purpose",
            "say why you read this citizen data: one of "
            + ", ".join(context.settings.audit_purposes),
        )
    return _checked(purpose, context)


def write_purpose(
    context: Context,
    purpose: Annotated[str | None, Query(description="Why (default: case_work)")] = None,
) -> str:
    return _checked(purpose or DEFAULT_WRITE_PURPOSE, context)


ReadPurpose = Annotated[str, Depends(read_purpose)]
WritePurpose = Annotated[str, Depends(write_purpose)]


def actor(user: User) -> Actor:
    return Actor(user_id=user.id, name=user.username, role=user.role, team=user.team)


def route_of(request: Request) -> str:
    """The method and the route's template (ids, never contents: no query string)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or request.url.path
    return f"{request.method} {path}"


def record(
    session: Session,
    request: Request,
    *,
    user: User,
    citizen_ids: list[int | None],
    action: str,
    purpose: str,
) -> None:
    """Entries for an access, in the request's transaction (the route commits)."""
    repository.append(
        session,
        actor=actor(user),
        citizen_ids=citizen_ids,
        action=action,
        purpose=purpose,
        route=route_of(request),
    )


def look_ups(session: Session, *, citizen_id: int) -> list[AuditRow]:
    return repository.for_citizen(session, citizen_id=citizen_id)
