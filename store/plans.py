"""Repository of what follows a contact: the individual plan, follow-ups on the running
course, and where the citizen stands 1, 3 and 6 months after the end."""

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matcher.plans import later
from store.db import flush
from store.models import FollowUpRow, PlacementRow, PlanRow, StatusAfterRow
from store.states import PlacementStatus


def save_plan(
    session: Session, *, row: PlacementRow, values: dict[str, Any], version: int | None, by: str
) -> PlanRow | None:
    """Create the placement's plan, or replace the one stored at `version`. None when the
    stored plan is not at `version` (someone saved first; `version` None means the caller
    believes there is none). The database decides between saves at the same moment: the
    loser's flush raises a WriteConflict (the placement is unique, the plan versioned)."""
    plan = row.plan
    if (plan.version if plan else None) != version:
        return None
    if plan is None:
        plan = PlanRow(placement_id=row.id, consultant=by, by=by, **values)
        session.add(plan)
        flush(session)
    else:
        for name, value in values.items():
            setattr(plan, name, value)
        plan.by = by
        flush(session)
    session.refresh(row)
    return plan


def add_follow_up(
    session: Session, *, row: PlacementRow, values: dict[str, Any], by: str
) -> FollowUpRow:
    follow_up = FollowUpRow(placement_id=row.id, by=by, **values)
    session.add(follow_up)
    flush(session)
    session.refresh(row)
    return follow_up


def follow_up_on(session: Session, *, placement_id: int, held_on: dt.date) -> FollowUpRow | None:
    """The course's follow-up held that day (the first, where a day has more from before
    one a day was kept)."""
    return session.scalars(
        select(FollowUpRow)
        .where(
            FollowUpRow.placement_id == placement_id,
            FollowUpRow.held_on == held_on,
            FollowUpRow.duplicate_of.is_(None),
        )
        .limit(1)
    ).first()


def record_status_after(
    session: Session, *, row: PlacementRow, months: int, status: str, by: str
) -> StatusAfterRow:
    """Where the citizen is `months` after the end (the database's unique key decides
    between two at the same moment: the loser's flush raises a WriteConflict)."""
    entry = StatusAfterRow(placement_id=row.id, months=months, status=status, by=by)
    session.add(entry)
    flush(session)
    session.refresh(row)
    return entry


def running_with_plans(
    session: Session, *, team: str, consultant: str | None
) -> list[PlacementRow]:
    """The team's started courses that have a plan (only those followed up by `consultant`,
    when named), with their plans and follow-ups."""
    query = (
        select(PlacementRow)
        .join(PlanRow, PlanRow.placement_id == PlacementRow.id)
        .where(PlacementRow.team == team, PlacementRow.status == PlacementStatus.STARTED)
        .options(selectinload(PlacementRow.plan), selectinload(PlacementRow.follow_ups))
        .order_by(PlacementRow.id)
    )
    if consultant is not None:
        query = query.where(PlanRow.consultant == consultant)
    return list(session.scalars(query))


def next_follow_up(row: PlacementRow) -> dt.date | None:
    """When the course is to be followed up next: its plan's cadence after the latest
    follow-up, or after the start when there is none yet."""
    plan = row.plan
    if plan is None:
        return None
    latest = max((f.held_on for f in row.follow_ups), default=plan.start_date)
    return later(latest, weeks=plan.follow_up_every_weeks)
