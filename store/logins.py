"""Repository of log-in lock-outs: failed log-ins in a row, by a hash of the name typed."""

import datetime as dt

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.db import dialect
from store.models import LoginLockout


def get(session: Session, *, key: str) -> LoginLockout | None:
    return session.get(LoginLockout, key)


def count_failure(session: Session, *, key: str, now: dt.datetime) -> int:
    """One more failed log-in for the key; returns how many in a row. One statement (an
    upsert), so that failures at the same moment all count."""
    insert = postgresql.insert if dialect(session) == "postgresql" else sqlite.insert
    statement = (
        insert(LoginLockout)
        .values(key=key, failed_logins=1, last_failure_at=now)
        .on_conflict_do_update(
            index_elements=[LoginLockout.key],
            set_={"failed_logins": LoginLockout.failed_logins + 1, "last_failure_at": now},
        )
        .returning(LoginLockout.failed_logins)
    )
    return int(session.execute(statement).scalar_one())


def lock(session: Session, *, key: str, until: dt.datetime) -> None:
    """Lock the name until then; the count starts again after."""
    session.execute(
        update(LoginLockout)
        .where(LoginLockout.key == key)
        .values(locked_until=until, failed_logins=0)
        .execution_options(synchronize_session=False)
    )


def clear(session: Session, *, key: str) -> None:
    """A successful log-in, or an admin lifting a lock-out."""
    session.execute(delete(LoginLockout).where(LoginLockout.key == key))


def forget_before(session: Session, *, cutoff: dt.datetime) -> int:
    """Drop what no longer counts: last failure and any lock both before the cutoff."""
    result = session.execute(
        delete(LoginLockout).where(
            LoginLockout.last_failure_at < cutoff,
            or_(LoginLockout.locked_until.is_(None), LoginLockout.locked_until < cutoff),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
