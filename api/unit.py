"""Commit a request's changes, then hand them to the index relay.

Workplace services write an outbox row in the same transaction as the change; after the
commit the relay applies it to the search index (at once when the backend answers, later with
backoff when it does not), so the index never shows what the store does not hold and no change
is lost while the index is down.
"""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from indexer.relay import Relay


class StaleWrite(Exception):
    """Another writer committed the same record first."""


class UniqueViolation(Exception):
    """The commit broke a unique constraint."""


def commit(session: Session, relay: Relay) -> None:
    """Commit; on success let the relay apply the outbox."""
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleWrite from exc
    except IntegrityError as exc:
        session.rollback()
        raise UniqueViolation(str(exc.orig)) from exc
    relay.after_commit()
