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
# (every suggestion request reads the load on its workplaces). The listed workplaces'
# capacity and both counts of their contacts in one pass (SQL's FILTER: SQLite 3.30 and
# PostgreSQL 9.4 on).
_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_LOADS_AT = (
    select(
        WorkplaceRow.id,
        WorkplaceRow.monthly_enquiries,
        WorkplaceRow.ordinary_employees,
        func.count(PlacementRow.id).filter(PlacementRow.status.in_(OPEN_STATUSES)),
        func.count(PlacementRow.id).filter(PlacementRow.contacted_at >= bindparam("since")),
    )
    .outerjoin(PlacementRow, PlacementRow.workplace_id == WorkplaceRow.id)
    .where(WorkplaceRow.id.in_(_IDS))
    .group_by(WorkplaceRow.id, WorkplaceRow.monthly_enquiries, WorkplaceRow.ordinary_employees)
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


def enquiries_since(session: Session, *, since: dt.datetime) -> dict[int, int]:
    """Contacts made with each workplace since a moment, whatever became of them (only
    workplaces with any)."""
    query = (
        select(PlacementRow.workplace_id, func.count())
        .where(PlacementRow.contacted_at >= since)
        .group_by(PlacementRow.workplace_id)
    )
    return {int(w): int(n) for w, n in session.execute(query)}


def capacities(session: Session) -> dict[int, int]:
    """Enquiries a month each workplace accepts (its own figure, or the default by size)."""
    query = select(WorkplaceRow.id, WorkplaceRow.monthly_enquiries, WorkplaceRow.ordinary_employees)
    return {
        int(w): int(own) if own is not None else default_monthly_enquiries(int(employees))
        for w, own, employees in session.execute(query)
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
    found = session.execute(_LOADS_AT, {"ids": ids, "since": month_start(today)})
    return {
        int(w): Load(
            int(opened),
            int(made),
            int(own) if own is not None else default_monthly_enquiries(int(employees)),
        )
        for w, own, employees, opened, made in found
    }
