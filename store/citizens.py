"""Repository of citizen profiles: every citizen query lives here."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import CitizenRow


def get(session: Session, *, citizen_id: int) -> CitizenRow | None:
    return session.get(CitizenRow, citizen_id)


def get_by_reference(session: Session, *, reference: str) -> CitizenRow | None:
    return session.scalar(select(CitizenRow).where(CitizenRow.reference == reference))


def create(
    session: Session,
    *,
    reference: str,
    target_group: str,
    profile: dict[str, Any],
    citizen_id: int | None = None,
) -> CitizenRow:
    row = CitizenRow(id=citizen_id, reference=reference, target_group=target_group, profile=profile)
    session.add(row)
    session.flush()
    return row


def update(
    session: Session,
    *,
    row: CitizenRow,
    reference: str,
    target_group: str,
    profile: dict[str, Any],
) -> CitizenRow:
    row.reference = reference
    row.target_group = target_group
    row.profile = profile
    session.flush()
    return row


def delete(session: Session, *, row: CitizenRow) -> None:
    session.delete(row)
    session.flush()


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CitizenRow)) or 0


def iter_all(session: Session) -> Iterator[CitizenRow]:
    yield from session.scalars(select(CitizenRow).order_by(CitizenRow.id))
