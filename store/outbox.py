"""Repository of the index outbox."""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from store.db import in_slices
from store.models import OutboxRow

UPSERT, DELETE, REBUILD = "upsert", "delete", "rebuild"


# Set on a session that added outbox rows: once it commits, the relay has work.
_ADDED = "outbox_rows_added"


def add(session: Session, *, workplace_id: int, action: str) -> None:
    """Record a workplace change; call inside the transaction that makes it."""
    session.add(OutboxRow(workplace_id=workplace_id, action=action, attempts=0))
    session.info[_ADDED] = True


def add_rebuild(session: Session) -> None:
    """Ask for the whole index to be rebuilt from the store."""
    session.add(OutboxRow(workplace_id=None, action=REBUILD, attempts=0))
    session.info[_ADDED] = True


def rows_were_added(session: Session) -> bool:
    """Whether the session added rows since it was last asked (asking clears it)."""
    return bool(session.info.pop(_ADDED, False))


def due(session: Session, *, now: dt.datetime, limit: int) -> list[OutboxRow]:
    """Rows ready to apply, oldest first."""
    return list(
        session.scalars(
            select(OutboxRow)
            .where(or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now))
            .order_by(OutboxRow.id)
            .limit(limit)
        )
    )


def remove_for_workplace(session: Session, *, workplace_id: int, up_to_id: int) -> None:
    """Forget a workplace's rows up to an id: the index holds its state as of then or later."""
    session.execute(
        delete(OutboxRow).where(OutboxRow.workplace_id == workplace_id, OutboxRow.id <= up_to_id)
    )


def remove_up_to(session: Session, *, up_to_id: int) -> None:
    session.execute(delete(OutboxRow).where(OutboxRow.id <= up_to_id))


def postpone(
    session: Session,
    *,
    rows: list[OutboxRow],
    now: dt.datetime,
    error: str,
    base_delay_s: float,
    max_delay_s: float,
) -> None:
    """Count a failed attempt and set each row's next try with exponential backoff."""
    for row in rows:
        row.attempts += 1
        delay = min(max_delay_s, base_delay_s * 2 ** (row.attempts - 1))
        row.next_attempt_at = now + dt.timedelta(seconds=delay)
        row.last_error = error[:500]


def state(session: Session) -> tuple[int, int]:
    """How many rows wait and the newest one's id: a cheap way to see that nothing changed."""
    count, newest = session.execute(select(func.count(), func.max(OutboxRow.id))).one()
    return int(count or 0), int(newest or 0)


def pending(session: Session) -> list[tuple[int, int | None, str, dt.datetime]]:
    """Every waiting row: id, workplace id, action and when it was written, oldest first."""
    rows = session.execute(
        select(
            OutboxRow.id, OutboxRow.workplace_id, OutboxRow.action, OutboxRow.created_at
        ).order_by(OutboxRow.id)
    )
    return [(row.id, row.workplace_id, row.action, row.created_at) for row in rows]


def remove(session: Session, *, ids: Iterable[int], batch: int = 500) -> None:
    """Forget the given rows (those a published index snapshot holds)."""
    for part in in_slices(ids, batch):
        session.execute(delete(OutboxRow).where(OutboxRow.id.in_(part)))


def max_id(session: Session) -> int:
    return session.scalar(select(func.max(OutboxRow.id))) or 0


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxRow)) or 0
