"""The load on workplaces as the store counts it: open contacts per workplace and function,
this month's enquiries whatever became of them, and each workplace's capacity."""

import datetime as dt

from api.composition.context import AppContext
from store import load, placements
from store.states import PlacementStatus
from tests.api import payloads
from tests.stored import add_citizens, add_workplaces


def test_open_contacts_enquiries_and_capacity(context: AppContext) -> None:
    (workplace_id,) = add_workplaces(context, 1)
    (citizen_id,) = add_citizens(context, payloads.citizen())
    with context.sessions.begin() as session:
        made = [
            placements.create(
                session,
                citizen_id=citizen_id,
                team="jobcenter-syd",
                workplace_id=workplace_id,
                workplace_name="Et sted",
                function_id=function_id,
                function_title=None,
                placement_type=None,
            )
            for function_id in (7, 7, None)
        ]
        placements.change_status(
            session, row=made[0], to=PlacementStatus.DECLINED_BY_WORKPLACE, by="test"
        )
        made[2].contacted_at = dt.datetime(2026, 10, 30, tzinfo=dt.UTC)  # last month
    with context.sessions() as session:
        assert load.open_contacts_by_function(session, workplace_id=workplace_id) == {7: 1}
        this_month = load.month_start(dt.date(2026, 11, 22))
        assert load.enquiries_since(session, since=this_month) == {workplace_id: 2}
        # tests.factories' workplace has 20 ordinary employees: 2 + 20 // 10.
        assert load.capacities(session) == {workplace_id: 4}
        (found,) = load.loads(
            session, workplace_ids=[workplace_id], today=dt.date(2026, 11, 22)
        ).values()
        assert found == load.Load(open_contacts=2, enquiries_this_month=2, monthly_capacity=4)
