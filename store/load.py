"""Repository of the load on workplaces: open contacts per workplace and function, the
enquiries made this month, and every workplace's monthly capacity."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from matcher.load import default_monthly_enquiries
from store.models import PlacementRow, WorkplaceRow
from store.states import PlacementStatus

# A contact is open while the workplace has not said no and the course has not started.
OPEN_STATUSES = (PlacementStatus.CONTACTED, PlacementStatus.AGREED)


# Built once, the ids bound per call: a statement built per request cost more than running it
# (every suggestion request reads the load on its workplaces).
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_ENQUIRIES = (
    select(PlacementRow.workplace_id, func.count())
    .where(PlacementRow.contacted_at >= bindparam("since"))
    .group_by(PlacementRow.workplace_id)
)
_CAPACITIES = select(
    WorkplaceRow.id, WorkplaceRow.monthly_enquiries, WorkplaceRow.ordinary_employees
)
_ENQUIRIES_AT = _ENQUIRIES.where(PlacementRow.workplace_id.in_(_IDS))
_CAPACITIES_AT = _CAPACITIES.where(WorkplaceRow.id.in_(_IDS))
# Both counts of the listed workplaces' contacts in one pass (SQL's FILTER: SQLite 3.30 and
# PostgreSQL 9.4 on).
_COUNTS_AT = (
    select(
        PlacementRow.workplace_id,
        func.count().filter(PlacementRow.status.in_(OPEN_STATUSES)),
        func.count().filter(PlacementRow.contacted_at >= bindparam("since")),
    )
    .where(PlacementRow.workplace_id.in_(_IDS))
    .group_by(PlacementRow.workplace_id)
)


def open_contacts_by_function(session: Session, *, workplace_id: int) -> dict[int, int]:
    """Open contacts per function of one workplace (only those with any)."""
    rows = session.execute(
        select(PlacementRow.function_id, func.count())
        .where(
            PlacementRow.workplace_id == workplace_id,
            PlacementRow.function_id.is_not(None),
            PlacementRow.status.in_(OPEN_STATUSES),
        )
        .group_by(PlacementRow.function_id)
    )
    return {int(f): int(n) for f, n in rows if f is not None}


def month_start(today: dt.date) -> dt.datetime:
    """The first moment of today's month (UTC)."""
    return dt.datetime(today.year, today.month, 1, tzinfo=dt.UTC)


def enquiries_since(
    session: Session, *, since: dt.datetime, workplace_ids: Collection[int] | None = None
) -> dict[int, int]:
    """Contacts made with each workplace since a moment, whatever became of them (only
    workplaces with any; every workplace when `workplace_ids` is None)."""
    query, asked = _ENQUIRIES, dict[str, object](since=since)
    if workplace_ids is not None:
        if not workplace_ids:
            return {}
        query, asked = _ENQUIRIES_AT, {"since": since, "ids": list(workplace_ids)}
    return {int(w): int(n) for w, n in session.execute(query, asked)}


def capacities(session: Session, *, workplace_ids: Collection[int] | None = None) -> dict[int, int]:
    """Enquiries a month each workplace accepts (its own figure, or the default by size)."""
    query, asked = _CAPACITIES, {}
    if workplace_ids is not None:
        if not workplace_ids:
            return {}
        query, asked = _CAPACITIES_AT, {"ids": list(workplace_ids)}
    return {
        int(w): int(own) if own is not None else default_monthly_enquiries(int(employees))
        for w, own, employees in session.execute(query, asked)
    }


@dataclass(frozen=True, slots=True)
class Load:
    """How busy a workplace is: open contacts, this month's enquiries, the monthly capacity."""

    open_contacts: int
    enquiries_this_month: int
    monthly_capacity: int


def loads(session: Session, *, workplace_ids: Collection[int], today: dt.date) -> dict[int, Load]:
    """The load on each of these workplaces (those that exist)."""
    ids = sorted(set(workplace_ids))
    if not ids:
        return {}
    counted = session.execute(_COUNTS_AT, {"ids": ids, "since": month_start(today)})
    counts = {int(w): (int(opened), int(made)) for w, opened, made in counted}
    return {
        w: Load(*counts.get(w, (0, 0)), capacity)
        for w, capacity in capacities(session, workplace_ids=ids).items()
    }
