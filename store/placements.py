"""Repository of placements (contacts and outcomes)."""

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.db import flush
from store.models import PlacementRow
from store.states import PlacementStatus


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


def end(session: Session, *, row: PlacementRow, outcome: str, note: str | None) -> bool:
    """End a contacted placement with its outcome. The database decides: of concurrent
    requests, only the one whose UPDATE still finds the placement contacted ends it; the
    others get False (and the row as it is stored now)."""
    result = session.execute(
        update(PlacementRow)
        .where(PlacementRow.id == row.id, PlacementRow.status == PlacementStatus.CONTACTED)
        .values(
            status=PlacementStatus.ENDED,
            outcome=outcome,
            outcome_note=note,
            ended_at=dt.datetime.now(dt.UTC),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    return bool(getattr(result, "rowcount", 0))
