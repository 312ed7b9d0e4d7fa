"""Citizens in and out as JSON Lines: the import (all or nothing; a line whose id or reference
exists replaces that profile) and the export. Both are recorded in the audit log, per
citizen, as the acts of whoever ran them."""

import json
from collections.abc import Iterable, Iterator

from api.citizens import service
from api.citizens.schemas import CitizenRecordLine, CitizenUpdate
from api.composition.context import AppContext
from api.shared.jsonlines import (
    ImportFailed,
    ImportResult,
    at_line,
    one_import,
    read_lines,
    refuse_repeats,
    team_of,
)
from api.shared.unit import CASE_WORK, UnitOfWork, unit_of_work
from store import citizens as repository
from store.audit import SYSTEM, Actor
from store.db import sync_id_sequences
from store.models import CitizenRow
from store.states import AuditAction


def import_citizens(
    context: AppContext,
    lines: Iterable[str | bytes],
    *,
    default_team: str | None = None,
    actor: Actor = SYSTEM,
) -> ImportResult:
    """Citizens from JSON Lines; each in its line's consultants' team or the default. Each
    citizen created or replaced is recorded in the audit log as a write by `actor`."""
    records = read_lines(lines, CitizenRecordLine)
    teams = {
        number: team_of(number, record.team, default_team, "team") for number, record in records
    }
    refuse_repeats(((n, "reference", r.reference) for n, r in records), "the reference")
    refuse_repeats(((n, "id", r.id) for n, r in records if r.id is not None), "citizen")
    created: list[int] = []
    replaced: list[int] = []
    route = "cli matcher import citizens"
    with one_import(context, "citizens", actor=actor, route=route) as unit:
        for number, record in records:
            row = _stored(unit, number, record)
            with at_line(number):
                if row is None:
                    created.append(_create(unit, record, team=teams[number]).id)
                else:
                    _replace(unit, row, record)
                    replaced.append(row.id)
        sync_id_sequences(unit.session, tables=("citizens",))
        unit.audit(AuditAction.CREATE, created)
        unit.audit(AuditAction.UPDATE, replaced)
    return ImportResult(created=len(created), replaced=len(replaced))


def _stored(unit: UnitOfWork, number: int, record: CitizenRecordLine) -> CitizenRow | None:
    """The profile the line replaces (by id, else by reference), if there is one; refused
    when another citizen holds the line's reference."""
    session = unit.session
    row = (
        repository.get(session, citizen_id=record.id)
        if record.id
        else repository.get_by_reference(session, reference=record.reference)
    )
    holder = repository.get_by_reference(session, reference=record.reference)
    if holder is not None and (row is None or holder.id != row.id):
        raise ImportFailed(
            f"line {number}: reference: citizen {holder.id} already has the reference "
            f"{record.reference!r}"
        )
    return row


def _create(unit: UnitOfWork, record: CitizenRecordLine, *, team: str) -> CitizenRow:
    assert unit.actor is not None
    return service.create(
        unit.session,
        data=record,
        postal_codes=unit.context.matching.postal_codes,
        team=team,
        by=unit.actor.name,
        citizen_id=record.id,
    )


def _replace(unit: UnitOfWork, row: CitizenRow, record: CitizenRecordLine) -> None:
    assert unit.actor is not None
    update = CitizenUpdate(
        **record.model_dump(exclude={"id", "version", "team"}), version=row.version
    )
    service.update(
        unit.session,
        citizen_id=row.id,
        data=update,
        postal_codes=unit.context.matching.postal_codes,
        by=unit.actor.name,
    )
    if record.team is not None:  # an import may move a citizen to a team
        row.team = record.team


def export_citizens(context: AppContext, *, actor: Actor) -> Iterator[str]:
    """Every citizen as JSON Lines; the export is recorded in the audit log per citizen."""
    route = "cli matcher export citizens"
    with unit_of_work(context, actor=actor, route=route, purpose=CASE_WORK) as unit:
        rows = list(repository.iter_all(unit.session))
        unit.audit(AuditAction.EXPORT, [row.id for row in rows])
        documents = [service.to_out(row).model_dump(mode="json", exclude_none=True) for row in rows]
    for document in documents:
        yield json.dumps(document, ensure_ascii=False) + "\n"
