"""Accounting for every read and write of citizen data, and why it was made. Entries are
written through the unit of work (`UnitOfWork.audit`); here they are read."""

from sqlalchemy.orm import Session

from store import audit as repository
from store.models import AuditRow


def look_ups(session: Session, *, citizen_id: int) -> list[AuditRow]:
    return repository.for_citizen(session, citizen_id=citizen_id)
