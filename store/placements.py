"""Repository of placements (contacts and outcomes)."""

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from store.db import flush
from store.models import PlacementEventRow, PlacementNoteRow, PlacementRow
from store.states import DeclineReason, PlacementStatus


def create(
    session: Session,
    *,
    citizen_id: int,
    team: str,
    workplace_id: int,
    workplace_name: str,
    function_id: int | None,
    function_title: str | None,
    placement_type: str | None,
) -> PlacementRow:
    row = PlacementRow(
        citizen_id=citizen_id,
        team=team,
        workplace_id=workplace_id,
        workplace_name=workplace_name,
        function_id=function_id,
        function_title=function_title,
        placement_type=placement_type,
        status=PlacementStatus.CONTACTED,
    )
    session.add(row)
    flush(session)
    return row


def get(session: Session, *, placement_id: int) -> PlacementRow | None:
    return session.get(PlacementRow, placement_id)


def for_citizen(session: Session, *, citizen_id: int) -> list[PlacementRow]:
    """The citizen's placements, newest first, with their notes (read in one more query,
    not one per placement)."""
    return list(
        session.scalars(
            select(PlacementRow)
            .where(PlacementRow.citizen_id == citizen_id)
            .options(
                selectinload(PlacementRow.notes),
                selectinload(PlacementRow.plan),
                selectinload(PlacementRow.follow_ups),
                selectinload(PlacementRow.statuses_after),
            )
            .order_by(PlacementRow.id.desc())
        )
    )


def latest_decline(session: Session, *, citizen_id: int, workplace_id: int) -> PlacementRow | None:
    """The latest contact of the citizen with the workplace that the workplace declined."""
    return session.scalars(
        select(PlacementRow)
        .where(
            PlacementRow.citizen_id == citizen_id,
            PlacementRow.workplace_id == workplace_id,
            PlacementRow.status == PlacementStatus.DECLINED_BY_WORKPLACE,
        )
        .order_by(PlacementRow.id.desc())
        .limit(1)
    ).first()


def for_workplace(session: Session, *, workplace_id: int) -> list[PlacementRow]:
    return list(
        session.scalars(
            select(PlacementRow)
            .where(PlacementRow.workplace_id == workplace_id)
            .order_by(PlacementRow.id.desc())
        )
    )


# What a status sets on the placement besides itself, cleared again when it is undone.
_SET_BY: dict[PlacementStatus, tuple[str, ...]] = {
    PlacementStatus.DECLINED_BY_WORKPLACE: (
        "decline_reason",
        "declined_accommodation",
        "declined_at",
    ),
    PlacementStatus.DECLINED_BY_CITIZEN: ("declined_at",),
    PlacementStatus.AGREED: ("agreed_at",),
    PlacementStatus.STARTED: ("started_at",),
    PlacementStatus.ENDED: ("outcome", "end_reason", "outcome_note", "ended_at"),
}
_MOMENT: dict[PlacementStatus, str] = {
    PlacementStatus.DECLINED_BY_WORKPLACE: "declined_at",
    PlacementStatus.DECLINED_BY_CITIZEN: "declined_at",
    PlacementStatus.AGREED: "agreed_at",
    PlacementStatus.STARTED: "started_at",
    PlacementStatus.ENDED: "ended_at",
}


def change_status(
    session: Session,
    *,
    row: PlacementRow,
    to: PlacementStatus,
    by: str,
    values: dict[str, str | None] | None = None,
) -> bool:
    """Move the placement from the status it has to `to` (with the status' own `values`,
    e.g. the decline reason or the outcome), and keep the change so it can be undone. The
    database decides: of concurrent requests, only the one whose UPDATE still finds the
    placement in the status it read moves it; the others get False (and the row as it is
    stored now)."""
    was = PlacementStatus(row.status)
    result = session.execute(
        update(PlacementRow)
        .where(PlacementRow.id == row.id, PlacementRow.status == was)
        .values(status=to, **{_MOMENT[to]: dt.datetime.now(dt.UTC)}, **(values or {}))
        .execution_options(synchronize_session=False)
    )
    changed = bool(getattr(result, "rowcount", 0))
    if changed:
        session.add(PlacementEventRow(placement_id=row.id, from_status=was, to_status=to, by=by))
        flush(session)
    session.refresh(row)
    return changed


def end(session: Session, *, row: PlacementRow, values: dict[str, str | None], by: str) -> bool:
    """End a started course with its outcome, why it ended early and a note (see
    `change_status`)."""
    return change_status(session, row=row, to=PlacementStatus.ENDED, by=by, values=values)


def last_change(session: Session, *, row: PlacementRow) -> PlacementEventRow | None:
    """The placement's latest status change, the one an undo takes back."""
    return session.scalars(
        select(PlacementEventRow)
        .where(PlacementEventRow.placement_id == row.id)
        .order_by(PlacementEventRow.id.desc())
        .limit(1)
    ).first()


def undo(session: Session, *, row: PlacementRow, change: PlacementEventRow) -> bool:
    """Take back the placement's latest change: its status before, and nothing the change
    set. False when another request changed the placement first."""
    undone = PlacementStatus(change.to_status)
    result = session.execute(
        update(PlacementRow)
        .where(PlacementRow.id == row.id, PlacementRow.status == undone)
        .values(status=change.from_status, **dict.fromkeys(_SET_BY[undone]))
        .execution_options(synchronize_session=False)
    )
    changed = bool(getattr(result, "rowcount", 0))
    if changed:
        session.delete(change)
        flush(session)
    session.refresh(row)
    return changed


def add_note(session: Session, *, row: PlacementRow, text: str, by: str) -> PlacementNoteRow:
    note = PlacementNoteRow(placement_id=row.id, text=text, by=by)
    session.add(note)
    flush(session)
    session.refresh(row)
    return note


def declined_for_accommodations(session: Session, *, workplace_id: int) -> list[PlacementRow]:
    """The workplace's contacts it declined because it cannot offer an accommodation."""
    return list(
        session.scalars(
            select(PlacementRow)
            .where(
                PlacementRow.workplace_id == workplace_id,
                PlacementRow.status == PlacementStatus.DECLINED_BY_WORKPLACE,
                PlacementRow.decline_reason == DeclineReason.CANNOT_OFFER_ACCOMMODATION,
            )
            .order_by(PlacementRow.id.desc())
        )
    )
