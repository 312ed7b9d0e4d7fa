"""Plans, follow-ups and statuses after the end in the store (SQLite and PostgreSQL): a plan
saved from an old version is refused, two first saves cannot both win, the next follow-up
follows the plan's cadence, the running courses are found per consultant, and a status after
the end is kept once per point."""

import datetime as dt

import pytest

from api.composition.context import AppContext
from api.placements.plan_schemas import PlanIn
from store import placements, plans
from store.db import WriteConflict
from store.models import PlacementRow
from store.states import PlacementStatus
from tests.api import payloads
from tests.stored import add_citizens, add_placement

PLAN = PlanIn.model_validate(payloads.plan()).model_dump(exclude={"version"})


def _started(context: AppContext, reference: str = "JC-TEST-0001") -> int:
    (citizen_id,) = add_citizens(context, payloads.citizen(reference=reference))
    started = (PlacementStatus.AGREED, PlacementStatus.STARTED)
    return add_placement(context, citizen_id=citizen_id, statuses=started)


def test_a_plan_is_saved_once_and_changed_only_from_its_version(context: AppContext) -> None:
    placement_id = _started(context)
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        plan = plans.save_plan(session, row=row, values=PLAN, version=None, by="konsulent.syd")
        assert plan is not None and (plan.version, plan.consultant) == (1, "konsulent.syd")
        assert plans.save_plan(session, row=row, values=PLAN, version=None, by="x") is None
        changed = plans.save_plan(
            session, row=row, values=PLAN | {"weeks": 8}, version=1, by="konsulent.nord"
        )
        assert changed is not None and (changed.version, changed.weeks) == (2, 8)
        assert (changed.by, changed.consultant) == ("konsulent.nord", "konsulent.syd")
        assert plans.save_plan(session, row=row, values=PLAN, version=1, by="x") is None


def test_two_first_plans_at_the_same_moment_cannot_both_be_saved(context: AppContext) -> None:
    placement_id = _started(context)
    first, second = context.sessions(), context.sessions()
    try:
        rows = [s.get(PlacementRow, placement_id) for s in (first, second)]
        assert rows[0] is not None and rows[1] is not None
        assert rows[1].plan is None  # both read the placement before either saved
        plans.save_plan(first, row=rows[0], values=PLAN, version=None, by="a")
        first.commit()
        with pytest.raises(WriteConflict):
            plans.save_plan(second, row=rows[1], values=PLAN, version=None, by="b")
            second.commit()
    finally:
        first.close()
        second.close()


def test_the_next_follow_up_follows_the_cadence_from_the_latest(context: AppContext) -> None:
    mine, theirs = _started(context), _started(context, reference="JC-TEST-0002")
    with context.sessions.begin() as session:
        for placement_id, by in ((mine, "konsulent.syd"), (theirs, "konsulent.syd2")):
            row = session.get(PlacementRow, placement_id)
            assert row is not None
            plans.save_plan(session, row=row, values=PLAN, version=None, by=by)
        row = session.get(PlacementRow, mine)
        assert row is not None
        assert plans.next_follow_up(row) == dt.date(2026, 11, 16)  # start + 2 weeks
        plans.add_follow_up(
            session,
            row=row,
            values={"held_on": dt.date(2026, 11, 18), "hours_per_week": 12},
            by="k",
        )
        assert plans.next_follow_up(row) == dt.date(2026, 12, 2)
    with context.sessions() as session:
        own = plans.running_with_plans(session, team="jobcenter-syd", consultant="konsulent.syd")
        team = plans.running_with_plans(session, team="jobcenter-syd", consultant=None)
        other = plans.running_with_plans(session, team="jobcenter-nord", consultant=None)
    assert [r.id for r in own] == [mine]
    assert [r.id for r in team] == [mine, theirs]
    assert other == []


def test_a_status_after_the_end_is_kept_once_per_point(context: AppContext) -> None:
    placement_id = _started(context)
    with context.sessions.begin() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        placements.end(session, row=row, values={"outcome": "paid_hours"}, by="k")
        plans.record_status_after(session, row=row, months=1, status="paid_hours", by="k")
        assert [(s.months, s.status) for s in row.statuses_after] == [(1, "paid_hours")]
    with context.sessions() as session, pytest.raises(WriteConflict):
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        plans.record_status_after(session, row=row, months=1, status="education", by="k")
