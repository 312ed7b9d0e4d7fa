"""Repository of workplaces and their functions: every workplace query lives here."""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import JSON, FromClause, String, Table, bindparam, func, insert, select, type_coerce
from sqlalchemy import update as update_statement
from sqlalchemy.orm import Session

from matcher.models import (
    Coordinates,
    HoursRange,
    PlacementRecord,
    Workplace,
    WorkplaceContact,
    WorkplaceFunction,
)
from store import outbox
from store.db import flush, in_slices
from store.models import FunctionRow, WorkplaceRow


def to_domain(row: WorkplaceRow) -> Workplace:
    """The domain workplace for a stored row."""
    return _workplace(row, tuple(_function(f) for f in row.functions))


# The builders below read attributes by column name, so they serve both ORM objects and the
# plain rows of a column select (which `load_all` uses for speed).
def _listed(value: str | list[str]) -> list[str]:
    """A JSON list column: decoded already (ORM objects, PostgreSQL's driver) or the text
    `load_all` selects on SQLite, where SQLAlchemy's own decoding takes a third of the load."""
    return json.loads(value) if isinstance(value, str) else value


def _readable(table: FromClause) -> list[Any]:
    """Every column of the table to select, the JSON ones as the driver gives them (text on
    SQLite), which `_listed` decodes."""
    return [
        type_coerce(column, String).label(column.key) if isinstance(column.type, JSON) else column
        for column in table.c
    ]


_WORKPLACE_COLUMNS = _readable(WorkplaceRow.__table__)
_FUNCTION_COLUMNS = _readable(FunctionRow.__table__)


def _workplace(row: Any, functions: tuple[WorkplaceFunction, ...]) -> Workplace:
    return Workplace(
        id=row.id,
        name=row.name,
        address=row.address,
        postal_code=row.postal_code,
        coordinates=Coordinates(row.lat, row.lon),
        industry=row.industry,
        ordinary_employees=row.ordinary_employees,
        current_subsidised_placements=row.current_subsidised_placements,
        accommodations=frozenset(_listed(row.accommodations)),
        functions=functions,
        record=PlacementRecord(
            row.record_placements, row.record_good_outcomes, row.record_paid_hours_outcomes
        ),
        contact=WorkplaceContact(row.contact_name, row.contact_phone, row.contact_email),
        version=row.version,
        monthly_enquiries=row.monthly_enquiries,
    )


def _function(row: Any) -> WorkplaceFunction:
    return WorkplaceFunction(
        id=row.id,
        title=row.title,
        occupation_code=row.occupation_code,
        tasks=tuple(_listed(row.tasks)),
        hours=HoursRange(row.hours_min, row.hours_max),
        placement_types=frozenset(_listed(row.placement_types)),
        accommodations=frozenset(_listed(row.accommodations)),
    )


def _apply_function(row: FunctionRow, function: WorkplaceFunction) -> None:
    row.title = function.title
    row.occupation_code = function.occupation_code
    row.tasks = list(function.tasks)
    row.hours_min = function.hours.min
    row.hours_max = function.hours.max
    row.placement_types = sorted(function.placement_types)
    row.accommodations = sorted(function.accommodations)


def _apply(row: WorkplaceRow, workplace: Workplace) -> None:
    row.name = workplace.name
    row.address = workplace.address
    row.postal_code = workplace.postal_code
    row.lat = workplace.coordinates.lat
    row.lon = workplace.coordinates.lon
    row.industry = workplace.industry
    row.ordinary_employees = workplace.ordinary_employees
    row.current_subsidised_placements = workplace.current_subsidised_placements
    row.accommodations = sorted(workplace.accommodations)
    row.record_placements = workplace.record.placements
    row.record_good_outcomes = workplace.record.good_outcomes
    row.record_paid_hours_outcomes = workplace.record.paid_hours_outcomes
    row.contact_name = workplace.contact.name
    row.contact_phone = workplace.contact.phone
    row.contact_email = workplace.contact.email
    row.monthly_enquiries = workplace.monthly_enquiries


def get(session: Session, *, workplace_id: int) -> WorkplaceRow | None:
    return session.get(WorkplaceRow, workplace_id)


def create(
    session: Session, *, workplace: Workplace, portfolio: str, by: str | None = None
) -> WorkplaceRow:
    """Add a workplace to a coordinators' team's portfolio; ids of 0 are assigned by the
    database. `by`: who saved it."""
    row = WorkplaceRow(id=workplace.id or None, portfolio=portfolio, updated_by=by)
    _apply(row, workplace)
    for function in workplace.functions:
        function_row = FunctionRow(id=function.id or None)
        _apply_function(function_row, function)
        row.functions.append(function_row)
    session.add(row)
    flush(session)
    return row


def update(
    session: Session, *, row: WorkplaceRow, workplace: Workplace, by: str | None = None
) -> WorkplaceRow:
    """Replace a workplace's fields and functions; functions are matched by id.

    A function whose id is not in the update is deleted, one with id 0 is added. The version
    column makes the UPDATE conditional on the version that was read.
    """
    _apply(row, workplace)
    existing = {f.id: f for f in row.functions}
    kept: list[FunctionRow] = []
    for function in workplace.functions:
        function_row = existing.get(function.id) if function.id else None
        if function_row is None:
            function_row = FunctionRow()
        _apply_function(function_row, function)
        kept.append(function_row)
    row.functions = kept
    row.updated_by = by
    # Bump the version even when only functions changed.
    row.updated_at = func.now()
    flush(session)
    session.refresh(row)
    return row


MatchingFacts = dict[int, tuple[float, float, frozenset[str]]]


def matching_facts(row: WorkplaceRow) -> MatchingFacts:
    """Each function's location and the accommodations it offers (its own and its
    workplace's): what a candidate's distance and needs met are computed from."""
    offered = frozenset(row.accommodations)
    return {f.id: (row.lat, row.lon, offered | frozenset(f.accommodations)) for f in row.functions}


def stamp_matching_changes(row: WorkplaceRow, *, before: MatchingFacts, now: dt.datetime) -> None:
    """Mark the functions whose location or accommodations offered differ from `before`
    (new ones too) as changed `now`."""
    facts = matching_facts(row)
    for function in row.functions:
        if before.get(function.id) != facts[function.id]:
            function.matching_changed_at = now


def add_to_record(
    session: Session, *, row: WorkplaceRow, good: bool, paid_hours: bool, by: str, count: int = 1
) -> None:
    """Count one more finished placement in the workplace's record (a new version), or with
    `count` -1 one less (an outcome undone).

    One UPDATE that adds to the stored counts, so outcomes recorded at the same moment for
    different placements all count, and none is lost to another's read of the old counts."""
    table = WorkplaceRow.__table__
    assert isinstance(table, Table)
    # Core, not the ORM: the ORM would make the UPDATE conditional on the version it read.
    session.execute(
        update_statement(table)
        .where(table.c.id == row.id)
        .values(
            record_placements=table.c.record_placements + count,
            record_good_outcomes=table.c.record_good_outcomes + count * int(good),
            record_paid_hours_outcomes=table.c.record_paid_hours_outcomes + count * int(paid_hours),
            version=table.c.version + 1,
            updated_at=func.now(),
            updated_by=by,
        )
    )
    outbox.record(session, workplace_ids=[row.id])
    session.expire(row)


def delete(session: Session, *, row: WorkplaceRow) -> None:
    session.delete(row)
    flush(session)


def workplace_of_function(session: Session, *, function_id: int) -> WorkplaceRow | None:
    function = session.get(FunctionRow, function_id)
    return function.workplace if function is not None else None


def function_ids_of(session: Session, *, workplace_id: int) -> set[int]:
    return set(
        session.scalars(select(FunctionRow.id).where(FunctionRow.workplace_id == workplace_id))
    )


def function_owners(session: Session, *, function_ids: list[int]) -> dict[int, int]:
    """Function id -> its workplace's id, for those of the ids that exist."""
    owners = {}
    for part in in_slices(function_ids):
        rows = session.execute(
            select(FunctionRow.id, FunctionRow.workplace_id).where(FunctionRow.id.in_(part))
        )
        owners.update({function_id: workplace_id for function_id, workplace_id in rows})
    return owners


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(WorkplaceRow)) or 0


def all_ids(session: Session) -> list[int]:
    """Every workplace's id, in order."""
    return list(session.scalars(select(WorkplaceRow.id).order_by(WorkplaceRow.id)))


def load_all(
    session: Session, *, batch_size: int = 20_000, after_id: int = 0, up_to_id: int | None = None
) -> Iterator[Workplace]:
    """Every workplace (or those with `after_id` < id <= `up_to_id`), by id, read in batches
    with plain column selects (fast at 100k)."""
    last_id = after_id
    while True:
        statement = select(*_WORKPLACE_COLUMNS).where(WorkplaceRow.id > last_id)
        if up_to_id is not None:
            statement = statement.where(WorkplaceRow.id <= up_to_id)
        rows = session.execute(statement.order_by(WorkplaceRow.id).limit(batch_size)).all()
        if not rows:
            return
        first, last_id = rows[0].id, rows[-1].id
        functions: dict[int, list[WorkplaceFunction]] = defaultdict(list)
        for f in session.execute(
            select(*_FUNCTION_COLUMNS)
            .where(FunctionRow.workplace_id.between(first, last_id))
            .order_by(FunctionRow.id)
        ):
            functions[f.workplace_id].append(_function(f))
        for w in rows:
            yield _workplace(w, tuple(functions[w.id]))


def load_many(session: Session, *, workplace_ids: Iterable[int]) -> dict[int, Workplace]:
    """The given workplaces that exist, by id, read as `load_all` reads them."""
    found = {}
    for part in in_slices(workplace_ids):
        functions: dict[int, list[WorkplaceFunction]] = defaultdict(list)
        for f in session.execute(
            select(*_FUNCTION_COLUMNS)
            .where(FunctionRow.workplace_id.in_(part))
            .order_by(FunctionRow.id)
        ):
            functions[f.workplace_id].append(_function(f))
        for w in session.execute(select(*_WORKPLACE_COLUMNS).where(WorkplaceRow.id.in_(part))):
            found[w.id] = _workplace(w, tuple(functions[w.id]))
    return found


def existing_ids(session: Session, *, workplace_ids: list[int]) -> set[int]:
    if not workplace_ids:
        return set()
    return {
        found
        for part in in_slices(workplace_ids)
        for found in session.scalars(select(WorkplaceRow.id).where(WorkplaceRow.id.in_(part)))
    }


def max_id(session: Session) -> int:
    return session.scalar(select(func.max(WorkplaceRow.id))) or 0


def insert_many(
    session: Session,
    *,
    workplaces: list[Workplace],
    portfolios: Mapping[int, str],
    by: str | None = None,
    batch_size: int = 5_000,
) -> None:
    """Insert new workplaces in bulk, each in the portfolio `portfolios` gives for its id;
    every workplace and function must carry its id."""
    now = dt.datetime.now(dt.UTC)
    for start in range(0, len(workplaces), batch_size):
        batch = workplaces[start : start + batch_size]
        workplace_rows = []
        function_rows = []
        for workplace in batch:
            row = WorkplaceRow(
                id=workplace.id,
                portfolio=portfolios[workplace.id],
                version=1,
                created_at=now,
                updated_at=now,
                updated_by=by,
            )
            _apply(row, workplace)
            workplace_rows.append(_columns(row))
            for function in workplace.functions:
                function_row = FunctionRow(id=function.id, workplace_id=workplace.id)
                _apply_function(function_row, function)
                function_rows.append(_columns(function_row))
        session.execute(insert(WorkplaceRow), workplace_rows)
        if function_rows:
            session.execute(insert(FunctionRow), function_rows)
        outbox.record(session, workplace_ids=[workplace.id for workplace in batch])


def _columns(row: WorkplaceRow | FunctionRow) -> dict[str, object]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def all_portfolios(session: Session) -> dict[int, str]:
    """Workplace id -> the team whose portfolio it is in, for every workplace."""
    rows = session.execute(select(WorkplaceRow.id, WorkplaceRow.portfolio))
    return {workplace_id: portfolio for workplace_id, portfolio in rows}


def versions(session: Session) -> dict[int, int]:
    """Workplace id -> stored version, for every workplace."""
    return {
        row.id: row.version
        for row in session.execute(select(WorkplaceRow.id, WorkplaceRow.version))
    }


def fingerprint(session: Session) -> tuple[object, ...]:
    """Changes whenever a workplace is added, changed or deleted."""
    row = session.execute(
        select(
            func.count(),
            func.max(WorkplaceRow.id),
            func.sum(WorkplaceRow.version),
            func.max(WorkplaceRow.updated_at),
        ).select_from(WorkplaceRow)
    ).one()
    return tuple(row)


# Built once: compiling the statement on every request cost more than running it.
_WORKPLACES = WorkplaceRow.__table__
_CONTACTS = select(
    _WORKPLACES.c.id,
    _WORKPLACES.c.contact_name,
    _WORKPLACES.c.contact_phone,
    _WORKPLACES.c.contact_email,
).where(_WORKPLACES.c.id.in_(bindparam("ids", expanding=True)))


def contacts(session: Session, workplace_ids: set[int]) -> dict[int, WorkplaceContact]:
    """Whom to call at each of these workplaces (those that name anyone)."""
    if not workplace_ids:
        return {}
    rows = session.execute(_CONTACTS, {"ids": sorted(workplace_ids)})
    return {
        id_: WorkplaceContact(name, phone, email)
        for id_, name, phone, email in rows
        if name or phone or email
    }
