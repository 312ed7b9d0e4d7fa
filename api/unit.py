"""Commit a request's changes, then bring the search index up to date with them.

Index changes are collected on the session while the request works and applied only after the
database commit, so the index never shows what the store does not hold.
"""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from indexer.backend import SearchBackend
from matcher.models import Workplace

_CHANGES = "index_changes"


class StaleWrite(Exception):
    """Another writer committed the same record first."""


class UniqueViolation(Exception):
    """The commit broke a unique constraint."""


def index_after_commit(
    session: Session, *, upsert: Workplace | None = None, delete: int | None = None
) -> None:
    changes: list[tuple[str, Any]] = session.info.setdefault(_CHANGES, [])
    if upsert is not None:
        changes.append(("upsert", upsert))
    if delete is not None:
        changes.append(("delete", delete))


def commit(session: Session, backend: SearchBackend) -> None:
    """Commit; on success apply the collected index changes in order."""
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleWrite from exc
    except IntegrityError as exc:
        session.rollback()
        raise UniqueViolation(str(exc.orig)) from exc
    finally:
        changes = session.info.pop(_CHANGES, [])
    for action, value in changes:
        if action == "upsert":
            backend.upsert(value)
        else:
            backend.delete(value)
