"""The course services on their own (SQLite and PostgreSQL): another team's placement is
answered as missing, a declined or ended course's plan cannot change, a workplace deleted
since the contact gets no plan, and the week's list is the user's own or the whole team's."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from api.auth.policy import User
from api.composition.context import AppContext
from api.placements import plan_service as service
from api.placements.plan_schemas import PlanIn
from api.shared.errors import Conflict, NotFound
from matcher.rules import DEFAULT_RULES
from store import workplaces as workplace_repository
from store.models import PlacementRow
from store.states import PlacementStatus
from tests.api import payloads
from tests.stored import add_citizens, add_placement, add_workplaces

SOUTH = User(1, "konsulent.syd", "consultant", "jobcenter-syd")
SOUTH_2 = User(3, "konsulent.syd2", "consultant", "jobcenter-syd")
NORTH = User(2, "konsulent.nord", "consultant", "jobcenter-nord")
TODAY = dt.date(2026, 11, 22)


def _placement(context: AppContext, *statuses: PlacementStatus, reference: str = "JC-1") -> int:
    (workplace_id,) = add_workplaces(context, 1)
    (citizen_id,) = add_citizens(context, payloads.citizen(reference=reference))
    return add_placement(
        context, citizen_id=citizen_id, workplace_id=workplace_id, statuses=statuses
    )


def _save(session: Session, placement_id: int, user: User = SOUTH) -> None:
    service.save(
        session,
        placement_id=placement_id,
        data=PlanIn.model_validate(payloads.plan(placement_type="paid_hours")),
        user=user,
        rules=DEFAULT_RULES,
        today=TODAY,
    )


def test_another_teams_placement_is_answered_as_missing(context: AppContext) -> None:
    placement_id = _placement(context)
    with context.sessions() as session, pytest.raises(NotFound):
        service.draft(
            session, placement_id=placement_id, user=NORTH, rules=DEFAULT_RULES, today=TODAY
        )


def test_a_declined_course_gets_no_plan(context: AppContext) -> None:
    placement_id = _placement(context, PlacementStatus.DECLINED_BY_CITIZEN)
    with context.sessions() as session, pytest.raises(Conflict, match="can no longer change"):
        _save(session, placement_id)


def test_a_workplace_deleted_since_the_contact_gets_no_plan(context: AppContext) -> None:
    placement_id = _placement(context)
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        stored = workplace_repository.get(session, workplace_id=row.workplace_id)
        assert stored is not None
        session.delete(stored)
    with context.sessions() as session, pytest.raises(Conflict, match="no longer exists"):
        service.draft(
            session, placement_id=placement_id, user=SOUTH, rules=DEFAULT_RULES, today=TODAY
        )


def test_the_weeks_list_is_the_users_own_or_the_teams(context: AppContext) -> None:
    started = (PlacementStatus.AGREED, PlacementStatus.STARTED)
    mine = _placement(context, *started, reference="JC-1")
    theirs = _placement(context, *started, reference="JC-2")
    not_started = _placement(context, PlacementStatus.AGREED, reference="JC-3")
    with context.sessions.begin() as session:
        _save(session, mine)
        _save(session, theirs, SOUTH_2)
        _save(session, not_started)
    with context.sessions() as session:
        own = service.due(session, user=SOUTH, today=TODAY, whole_team=False)
        team = service.due(session, user=SOUTH, today=TODAY, whole_team=True)
        # On 2026-11-09 (a Monday) the first follow-up (2026-11-16) is next week.
        earlier = service.due(session, user=SOUTH, today=dt.date(2026, 11, 9), whole_team=True)
    assert [(d.placement_id, d.consultant) for d in own] == [(mine, "konsulent.syd")]
    assert [d.placement_id for d in team] == [mine, theirs]
    assert [d.citizen_reference for d in team] == ["JC-1", "JC-2"]
    assert all(d.overdue and d.due_on == dt.date(2026, 11, 16) for d in team)
    assert earlier == []
