"""Repository of the index outbox, and the session event that fills it.

Every workplace a session changes is noted: the ORM's own writes of workplaces and their
functions when the session flushes, and the workplace repository's bulk and counting
statements, which the ORM does not see, through `record`. Just before the session commits the
notes become outbox rows in the same transaction: one a workplace, or one asking for a rebuild
when a session changed more than ONE_BY_ONE (a large import). So no writer has to remember the
outbox, and a rolled-back change leaves none."""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, event, func, or_, select
from sqlalchemy.orm import Session

from store.db import in_slices
from store.models import FunctionRow, OutboxRow, WorkplaceRow

UPSERT, DELETE, REBUILD = "upsert", "delete", "rebuild"


# Set on a session that added outbox rows: once it commits, the relay has work.
_ADDED = "outbox_rows_added"
# The workplaces a session changed and not yet committed: id -> action.
_CHANGED = "outbox_changed_workplaces"
# Up to this many changed workplaces are relayed one by one; more rebuild the whole index.
ONE_BY_ONE = 1000


def record(session: Session, *, workplace_ids: Iterable[int], action: str = UPSERT) -> None:
    """Note workplaces the session changed (the workplace repository calls this)."""
    changed: dict[int, str] = session.info.setdefault(_CHANGED, {})
    for workplace_id in workplace_ids:
        changed[workplace_id] = action


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: object) -> None:
    """Workplaces and functions the flush wrote (ids are assigned by now)."""
    changed: dict[int, str] = {}
    for row in (*session.new, *session.dirty):
        if isinstance(row, WorkplaceRow) and session.is_modified(row):
            changed.setdefault(row.id, UPSERT)
        elif isinstance(row, FunctionRow) and row.workplace_id is not None:
            changed.setdefault(row.workplace_id, UPSERT)
    for row in session.deleted:
        if isinstance(row, WorkplaceRow):
            changed[row.id] = DELETE
        elif isinstance(row, FunctionRow) and row.workplace_id is not None:
            changed.setdefault(row.workplace_id, UPSERT)
    if changed:
        noted: dict[int, str] = session.info.setdefault(_CHANGED, {})
        for workplace_id, action in changed.items():
            if noted.get(workplace_id) != DELETE or action == DELETE:
                noted[workplace_id] = action


@event.listens_for(Session, "before_commit")
def _write_rows(session: Session) -> None:
    changed: dict[int, str] = session.info.pop(_CHANGED, {})
    if not changed:
        return
    if len(changed) > ONE_BY_ONE:
        session.add(OutboxRow(workplace_id=None, action=REBUILD, attempts=0))
    else:
        session.add_all(
            OutboxRow(workplace_id=workplace_id, action=action, attempts=0)
            for workplace_id, action in changed.items()
        )
    session.info[_ADDED] = True


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


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
