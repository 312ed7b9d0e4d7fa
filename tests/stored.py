"""Rows put straight into a test's store through the services (no HTTP): citizens from API
bodies, workplaces from the domain factories."""

from typing import Any

from api.citizens.schemas import CitizenIn
from api.citizens.service import create as create_citizen
from api.context import AppContext
from store import placements
from store import workplaces as workplace_repository
from store.states import PlacementStatus
from tests.api.payloads import citizen as citizen_body
from tests.factories import workplace


def add_citizens(
    context: AppContext, *bodies: dict[str, Any], team: str = "jobcenter-syd"
) -> list[int]:
    """Citizens from create bodies (see tests.api.payloads.citizen), followed by the south
    team (the StaffClient's); their ids."""
    with context.sessions.begin() as session:
        return [
            create_citizen(
                session,
                data=CitizenIn(**body),
                postal_codes=context.postal_codes,
                team=team,
                by="test",
            ).id
            for body in bodies
        ]


def add_workplaces(context: AppContext, count: int) -> list[int]:
    """Workplaces in Valby (see tests.factories.workplace), indexed; their ids."""
    with context.sessions.begin() as session:
        ids = [
            workplace_repository.create(session, workplace=workplace(0), portfolio="vs").id
            for _ in range(count)
        ]
    context.rebuild_index()
    return ids


def matchable(context: AppContext, *, citizens: int) -> list[int]:
    """Three workplaces and that many citizens who match them; the citizens' ids."""
    add_workplaces(context, 3)
    return add_citizens(
        context, *(citizen_body(reference=f"JC-STORED-{n}") for n in range(citizens))
    )


def add_placement(
    context: AppContext,
    *,
    citizen_id: int,
    workplace_id: int = 7,
    statuses: tuple[PlacementStatus, ...] = (),
) -> int:
    """A contact of the south team with the workplace (named by no function), moved through
    `statuses`; its id."""
    with context.sessions.begin() as session:
        row = placements.create(
            session,
            citizen_id=citizen_id,
            team="jobcenter-syd",
            workplace_id=workplace_id,
            workplace_name="Genbrugsstationen",
            function_id=None,
            function_title=None,
            placement_type=None,
        )
        for status in statuses:
            placements.change_status(session, row=row, to=status, by="setup")
        return row.id
