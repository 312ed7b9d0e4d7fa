"""Repository of citizen profiles: every citizen query lives here."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from matcher.models import (
    AccommodationNeed,
    CitizenProfile,
    Coordinates,
    Experience,
    GoalOccupation,
    HoursRange,
)
from store.db import dialect, flush, in_slices
from store.models import AuditRow, CitizenRow


def get(session: Session, *, citizen_id: int) -> CitizenRow | None:
    return session.get(CitizenRow, citizen_id)


def get_by_reference(session: Session, *, reference: str) -> CitizenRow | None:
    return session.scalar(select(CitizenRow).where(CitizenRow.reference == reference))


def _never_used_id() -> ColumnElement[int]:
    """An id no citizen has had, for SQLite, which gives a new row the highest id plus one,
    and so the id of a just-erased citizen: the new citizen's access-request export would list
    the erased one's look-ups. Above every id a profile or an audit entry names, computed in
    the INSERT itself, under SQLite's write lock. (PostgreSQL's sequence never goes back.)"""
    highest = func.max(
        func.coalesce(select(func.max(CitizenRow.id)).scalar_subquery(), 0),
        func.coalesce(select(func.max(AuditRow.citizen_id)).scalar_subquery(), 0),
    )
    return select(highest + 1).scalar_subquery()


def create(
    session: Session,
    *,
    reference: str,
    target_group: str,
    team: str,
    profile: dict[str, Any],
    citizen_id: int | None = None,
    by: str | None = None,
) -> CitizenRow:
    on_sqlite = dialect(session) == "sqlite"
    row = CitizenRow(
        id=_never_used_id() if citizen_id is None and on_sqlite else citizen_id,
        reference=reference,
        target_group=target_group,
        team=team,
        profile=profile,
        active=profile.get("active", True),
        updated_by=by,
    )
    session.add(row)
    flush(session)
    return row


def update(
    session: Session,
    *,
    row: CitizenRow,
    reference: str,
    target_group: str,
    profile: dict[str, Any],
    by: str | None = None,
) -> CitizenRow:
    row.reference = reference
    row.target_group = target_group
    row.profile = profile
    row.active = profile.get("active", True)
    if session.is_modified(row):
        row.updated_by = by  # an unchanged profile is not written, nor its author
    flush(session)
    return row


def delete(session: Session, *, row: CitizenRow) -> None:
    session.delete(row)
    flush(session)


def list_for_team(
    session: Session, *, team: str, text: str | None, offset: int, limit: int
) -> tuple[int, list[CitizenRow]]:
    """A team's citizens, by reference; `text` narrows to references containing it."""
    query = select(CitizenRow).where(CitizenRow.team == team)
    if text:
        query = query.where(CitizenRow.reference.icontains(text, autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(CitizenRow.reference).offset(offset).limit(limit))
    return total, list(rows)


def get_many(session: Session, *, citizen_ids: list[int]) -> dict[int, CitizenRow]:
    return {
        row.id: row
        for part in in_slices(citizen_ids)
        for row in session.scalars(select(CitizenRow).where(CitizenRow.id.in_(part)))
    }


def iter_active(session: Session, *, batch_size: int = 2000) -> Iterator[CitizenRow]:
    yield from session.scalars(
        select(CitizenRow)
        .where(CitizenRow.active)
        .order_by(CitizenRow.id)
        .execution_options(yield_per=batch_size)
    )


def active_ids(session: Session) -> list[int]:
    return list(
        session.scalars(select(CitizenRow.id).where(CitizenRow.active).order_by(CitizenRow.id))
    )


def to_domain(row: CitizenRow) -> CitizenProfile:
    """The domain profile of a stored citizen (the document was validated when written)."""
    p = row.profile
    coordinates = p.get("coordinates")
    hours = p.get("weekly_hours", {"min": 2, "max": 37})
    return CitizenProfile(
        id=row.id,
        version=row.version,
        reference=p["reference"],
        target_group=p["target_group"],
        skills=tuple(p.get("skills", ())),
        experience=tuple(
            Experience(e["title"], e.get("description", ""), e.get("kind", "paid"), e.get("years"))
            for e in p.get("experience", ())
        ),
        education=tuple(p.get("education", ())),
        danish_level=p.get("danish_level", "fluent"),
        accommodation_needs=tuple(
            AccommodationNeed(n["code"], n["hard"]) for n in p.get("accommodation_needs", ())
        ),
        postal_code=p.get("postal_code"),
        coordinates=Coordinates(coordinates["lat"], coordinates["lon"]) if coordinates else None,
        max_commute_km=p.get("max_commute_km"),
        prefers_near_home=p.get("prefers_near_home", False),
        hours=HoursRange(hours["min"], hours["max"]),
        goal_occupations=tuple(
            GoalOccupation(g["title"], g.get("occupation_code"), g.get("weight", 1.0))
            for g in p.get("goal_occupations", ())
        ),
        placement_types=frozenset(p.get("placement_types", ())),
        purpose=p.get("purpose", "training"),
        most_recent_employer_id=p.get("most_recent_employer_id"),
        excluded_workplace_ids=frozenset(p.get("excluded_workplace_ids", ())),
    )


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(CitizenRow)) or 0


def iter_all(session: Session) -> Iterator[CitizenRow]:
    yield from session.scalars(select(CitizenRow).order_by(CitizenRow.id))


def fingerprint(session: Session) -> tuple[object, ...]:
    """Changes whenever a citizen is added, changed, made (in)active or erased."""
    row = session.execute(
        select(
            func.count(),
            func.max(CitizenRow.id),
            func.sum(CitizenRow.version),
            func.max(CitizenRow.updated_at),
        ).select_from(CitizenRow)
    ).one()
    return tuple(row)
