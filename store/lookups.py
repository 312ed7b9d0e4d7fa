"""Repository of the daily limit on a coordinator's candidate look-ups."""

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.db import UniqueViolation, flush
from store.models import ReverseLookupDay


def take_one(session: Session, *, username: str, day: dt.date, limit: int) -> bool:
    """Count one look-up of the user's on the day, unless the day's `limit` is reached
    (False). The database decides: of look-ups made at once, no more than `limit` count."""
    counted = session.execute(
        update(ReverseLookupDay)
        .where(
            ReverseLookupDay.username == username,
            ReverseLookupDay.day == day,
            ReverseLookupDay.lookups < limit,
        )
        .values(lookups=ReverseLookupDay.lookups + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(counted, "rowcount", 0):
        return True
    if session.get(ReverseLookupDay, (username, day)) is not None:
        return False
    session.add(ReverseLookupDay(username=username, day=day, lookups=1))
    try:
        flush(session)
    except UniqueViolation:  # another look-up made the day's row first (and rolled this back)
        return take_one(session, username=username, day=day, limit=limit)
    return True


def made(session: Session, *, username: str, day: dt.date) -> int:
    """How many look-ups the user made on the day."""
    return (
        session.scalar(
            select(ReverseLookupDay.lookups).where(
                ReverseLookupDay.username == username, ReverseLookupDay.day == day
            )
        )
        or 0
    )
