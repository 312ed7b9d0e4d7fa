"""Request dependencies: the application context, the purpose of an access to citizen data,
and the request's one unit of work (see api.shared.unit)."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from api.composition.context import AppContext
from api.shared.errors import InvalidInput
from api.shared.unit import CASE_WORK, UnitOfWork, unit_of_work
from store.audit import Actor


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(get_context)]


def checked_purpose(purpose: str, context: AppContext) -> str:
    known = context.settings.audit_purposes
    if purpose not in known:
        raise InvalidInput("purpose", "unknown_purpose", purpose=purpose, known=", ".join(known))
    return purpose


def read_purpose(
    context: Context,
    purpose: Annotated[
        str | None, Query(description="Why you read this citizen data (see GET /purposes)")
    ] = None,
) -> str:
    if purpose is None:
        raise InvalidInput(
            "purpose", "purpose_required", known=", ".join(context.settings.audit_purposes)
        )
    return checked_purpose(purpose, context)


def write_purpose(
    context: Context,
    purpose: Annotated[str | None, Query(description="Why (default: case_work)")] = None,
) -> str:
    return checked_purpose(purpose or CASE_WORK, context)


ReadPurpose = Annotated[str, Depends(read_purpose)]
WritePurpose = Annotated[str, Depends(write_purpose)]


def route_of(request: Request) -> str:
    """The method and the route's template (ids, never contents: no query string)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or request.url.path
    return f"{request.method} {path}"


def _unit(request: Request, context: Context) -> Iterator[UnitOfWork]:
    # The access check (api.auth.policy.authorise) ran first and named the actor, if any.
    actor = getattr(request.state, "actor", None)
    with unit_of_work(
        context, actor=actor if isinstance(actor, Actor) else None, route=route_of(request)
    ) as unit:
        # The index brought up to date before the route reads it (the freshness strategy's
        # job: nothing where there is nothing to do, at most every few seconds otherwise).
        context.freshness.before_request(unit.session)
        yield unit


# "function": the unit ends (commits) when the route returns, before the answer is sent, so
# that a commit that fails is the answer.
Unit = Annotated[UnitOfWork, Depends(_unit, scope="function")]


def _reading(unit: Unit, purpose: ReadPurpose) -> UnitOfWork:
    unit.purpose = purpose
    return unit


def _writing(unit: Unit, purpose: WritePurpose) -> UnitOfWork:
    unit.purpose = purpose
    return unit


# The unit of a route that reads citizen data (a purpose must be given) or writes it (the
# purpose defaults to case work); its audit entries carry that purpose.
ReadingUnit = Annotated[UnitOfWork, Depends(_reading, scope="function")]
WritingUnit = Annotated[UnitOfWork, Depends(_writing, scope="function")]
