"""Commit a request's changes, then hand them to the index relay.

Workplace services write an outbox row in the same transaction as the change; after the
commit the relay applies it to the search index (at once when the backend answers, later with
backoff when it does not), so the index never shows what the store does not hold and no change
is lost while the index is down.
"""

from sqlalchemy.orm import Session

from indexer.relay import Relay
from store.db import StaleWrite, UniqueViolation, WriteConflict, conflicts_as_errors

__all__ = ["StaleWrite", "UniqueViolation", "WriteConflict", "commit"]


def commit(session: Session, relay: Relay) -> None:
    """Commit (a write that lost a race raises a WriteConflict); on success let the relay
    apply the outbox."""
    with conflicts_as_errors(session):
        session.commit()
    relay.after_commit()
