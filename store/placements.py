"""Repository of placements (contacts and outcomes)."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import PlacementRow

CONTACTED, ENDED = "contacted", "ended"


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
        status=CONTACTED,
    )
    session.add(row)
    session.flush()
    return row


def get(session: Session, *, placement_id: int) -> PlacementRow | None:
    return session.get(PlacementRow, placement_id)


def for_citizen(session: Session, *, citizen_id: int) -> list[PlacementRow]:
    return list(
        session.scalars(
            select(PlacementRow)
            .where(PlacementRow.citizen_id == citizen_id)
            .order_by(PlacementRow.id.desc())
        )
    )


def for_workplace(session: Session, *, workplace_id: int) -> list[PlacementRow]:
    return list(
        session.scalars(
            select(PlacementRow)
            .where(PlacementRow.workplace_id == workplace_id)
            .order_by(PlacementRow.id.desc())
        )
    )


def end(session: Session, *, row: PlacementRow, outcome: str, note: str | None) -> None:
    row.status = ENDED
    row.outcome = outcome
    row.outcome_note = note
    row.ended_at = dt.datetime.now(dt.UTC)
    session.flush()
