"""Repository of the audit log: entries are added, read for a citizen, and purged when
they pass the retention period. Nothing else changes them."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from store.models import AuditRow
from store.states import AuditAction


@dataclass(frozen=True, slots=True)
class Actor:
    """Who reads or writes: a signed-in user, or the system (user_id None)."""

    user_id: int | None
    name: str
    role: str
    team: str


SYSTEM = Actor(user_id=None, name="system", role="system", team="system")


def append(
    session: Session,
    *,
    actor: Actor,
    citizen_ids: Sequence[int | None],
    action: AuditAction,
    purpose: str,
    route: str,
    at: dt.datetime | None = None,
) -> None:
    """One entry per citizen, in the caller's transaction."""
    when = at or dt.datetime.now(dt.UTC)
    who = asdict(actor)
    rows = [
        {
            "at": when,
            "user_id": who["user_id"],
            "actor": who["name"],
            "role": who["role"],
            "team": who["team"],
            "citizen_id": citizen_id,
            "action": action,
            "purpose": purpose,
            "route": route[:120],
        }
        for citizen_id in citizen_ids
    ]
    if rows:
        session.execute(insert(AuditRow), rows)


def for_citizen(session: Session, *, citizen_id: int) -> list[AuditRow]:
    """Every entry on one citizen, oldest first."""
    return list(
        session.scalars(
            select(AuditRow).where(AuditRow.citizen_id == citizen_id).order_by(AuditRow.id)
        )
    )


def purge_before(session: Session, *, cutoff: dt.datetime) -> int:
    """Remove the entries older than the cutoff (the retention period); returns how many."""
    result = session.execute(delete(AuditRow).where(AuditRow.at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
