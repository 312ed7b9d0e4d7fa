"""Repository of the audit log: entries are added, read for a citizen, and purged when
they pass the retention period. Nothing else changes them."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Entry:
    """What one look-up or write records: an entry per citizen when it is written."""

    actor: Actor
    citizen_ids: Sequence[int | None]
    action: AuditAction
    purpose: str
    route: str
    at: dt.datetime


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
    append_all(session, [Entry(actor, citizen_ids, action, purpose, route, when)])


def append_all(session: Session, entries: Sequence[Entry]) -> None:
    """Every entry's rows in one insert, in the caller's transaction."""
    rows = [
        {
            "at": entry.at,
            "user_id": entry.actor.user_id,
            "actor": entry.actor.name,
            "role": entry.actor.role,
            "team": entry.actor.team,
            "citizen_id": citizen_id,
            "action": entry.action,
            "purpose": entry.purpose,
            "route": entry.route[:120],
        }
        for entry in entries
        for citizen_id in entry.citizen_ids
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
