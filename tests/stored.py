"""Rows put straight into a test's store through the services (no HTTP): citizens from API
bodies, workplaces from the domain factories."""

import datetime as dt
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

from api.citizens.schemas import CitizenIn
from api.citizens.service import create as create_citizen
from api.composition.context import AppContext
from api.suggestions import service as suggestions
from api.suggestions.schemas import FiltersIn
from matcher.learning.features import FEATURE_NAMES
from store import citizens as citizen_repository
from store import placements
from store import workplaces as workplace_repository
from store.models import PlacementRow
from store.states import PlacementStatus
from tests.api.payloads import citizen as citizen_body
from tests.factories import workplace

if TYPE_CHECKING:
    from fixtures.outcomes import Simulation


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
                postal_codes=context.matching.postal_codes,
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
    context.freshness.rebuild()
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


def add_history(context: AppContext, world: "Simulation") -> dict[int, int]:
    """A simulated world's workplaces and citizens, and its history as contacts with the
    captured features, declined or ended (good: paid hours; else ended early) on the days
    simulated; the citizens' store ids by their number in the world."""
    with context.sessions.begin() as session:
        for place in world.workplaces:  # numbered by the store, after any already there
            unnumbered = replace(
                place, id=0, functions=tuple(replace(f, id=0) for f in place.functions)
            )
            workplace_repository.create(session, workplace=unnumbered, portfolio="vs")
        ids = {
            number: create_citizen(
                session,
                data=CitizenIn(
                    **{k: v for k, v in body.items() if k not in ("team", "reference")},
                    # apart from any citizens already there (the demo's have the same)
                    reference=f"JC-SIM-{number:05d}",
                ),
                postal_codes=context.matching.postal_codes,
                team="jobcenter-syd",
                by="test",
            ).id
            for number, body in enumerate(world.citizens)
        }
        history = world.history
        session.execute(
            insert(PlacementRow),
            [
                {
                    "citizen_id": ids[int(history.citizen[i])],
                    "team": "jobcenter-syd",
                    "workplace_id": 1,
                    "workplace_name": "simuleret",
                    "status": _status(bool(history.declined[i])),
                    "outcome": None
                    if history.declined[i]
                    else ("paid_hours" if history.good[i] else "ended_early"),
                    "contacted_at": dt.datetime.combine(
                        dt.date.fromordinal(int(history.day[i])), dt.time(9), tzinfo=dt.UTC
                    ),
                    "features": dict(zip(FEATURE_NAMES, history.features[i].tolist(), strict=True)),
                }
                for i in range(len(history))
            ],
        )
    context.freshness.rebuild()
    return ids


def _status(declined: bool) -> PlacementStatus:
    return PlacementStatus.DECLINED_BY_WORKPLACE if declined else PlacementStatus.ENDED


HISTORY_CITIZENS = 300


@cache
def small_world() -> "Simulation":
    """A simulated history of 300 citizens at 400 workplaces, 12 contacts each (2,114 in all):
    the least on which the model beats the hand weights and passes its gate. Simulated once
    per test process (it is never changed)."""
    from fixtures.outcomes import simulate

    return simulate(workplaces=400, citizens=HISTORY_CITIZENS, contacts=12)


def trained_model(context: AppContext) -> int:
    """The small world's history in the store, and the model trained on it (it passes its
    gate and ranks); its id."""
    from api.learning import service
    from store.audit import SYSTEM

    add_history(context, small_world())
    return service.train(context, actor=SYSTEM, route="test").id


def suggestion_lists(context: AppContext) -> list[dict[str, object]]:
    """Every active citizen's suggestions (at most 10), as the API answers them."""
    with context.sessions() as session:
        return [
            suggestions.suggest(
                context,
                session,
                profile=citizen_repository.to_domain(row),
                filters=FiltersIn(limit=10),
            ).model_dump(mode="json")
            for row in citizen_repository.iter_active(session)
        ]
