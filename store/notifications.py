"""Repository of reverse matching: the candidate cards shown to coordinators, and the
notifications the citizens' teams get about them."""

import datetime as dt
import secrets
from collections.abc import Sequence

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from store.db import flush
from store.models import CandidateCardRow, NotificationRow
from store.states import NotificationStatus


def add_cards(
    session: Session,
    *,
    shown: Sequence[tuple[int, float]],
    workplace_id: int,
    function_id: int,
    by: str,
) -> list[str]:
    """A card for each (citizen id, score) shown, in order; their tokens."""
    rows = [
        CandidateCardRow(
            token=secrets.token_urlsafe(16),
            citizen_id=citizen_id,
            workplace_id=workplace_id,
            function_id=function_id,
            score=score,
            shown_by=by,
        )
        for citizen_id, score in shown
    ]
    session.add_all(rows)
    flush(session)
    return [row.token for row in rows]


def card(session: Session, *, token: str) -> CandidateCardRow | None:
    return session.get(CandidateCardRow, token)


def open_for(session: Session, *, citizen_id: int, function_id: int) -> NotificationRow | None:
    """The open notification about this citizen and function, if there is one."""
    return session.scalars(
        select(NotificationRow).where(
            NotificationRow.citizen_id == citizen_id,
            NotificationRow.function_id == function_id,
            NotificationRow.status == NotificationStatus.OPEN,
        )
    ).first()


def add(session: Session, **values: object) -> NotificationRow:
    """A new open notification (values: NotificationRow's columns)."""
    row = NotificationRow(status=NotificationStatus.OPEN, **values)
    session.add(row)
    flush(session)
    return row


def get(session: Session, *, notification_id: int) -> NotificationRow | None:
    return session.get(NotificationRow, notification_id)


def for_team(session: Session, *, team: str, limit: int = 200) -> list[NotificationRow]:
    """A team's notifications, the open ones first, newest first."""
    return list(
        session.scalars(
            select(NotificationRow)
            .where(NotificationRow.team == team)
            .order_by(
                case((NotificationRow.status == NotificationStatus.OPEN, 0), else_=1),
                NotificationRow.id.desc(),
            )
            .limit(limit)
        )
    )


def count_open(session: Session, *, team: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                NotificationRow.team == team, NotificationRow.status == NotificationStatus.OPEN
            )
        )
        or 0
    )


def decide(
    session: Session,
    *,
    notification_id: int,
    status: NotificationStatus,
    by: str,
) -> bool:
    """Answer an open notification; False when it was answered meanwhile (only one answer
    counts, however many consultants of the team answer at once)."""
    result = session.execute(
        update(NotificationRow)
        .where(
            NotificationRow.id == notification_id,
            NotificationRow.status == NotificationStatus.OPEN,
        )
        .values(status=status, decided_at=dt.datetime.now(dt.UTC), decided_by=by)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def link_placement(session: Session, *, row: NotificationRow, placement_id: int) -> None:
    """The contact a proposal made."""
    row.placement_id = placement_id
    flush(session)
