"""Workplaces in and out as JSON Lines: the import (all or nothing; a line whose id exists
replaces that workplace, other lines are inserted in bulk) and the export."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy.orm import Session

from api.composition.context import AppContext
from api.shared.jsonlines import (
    ImportResult,
    at_line,
    one_import,
    read_lines,
    refuse,
    refuse_repeats,
    team_of,
)
from api.workplaces import service
from api.workplaces.schemas import WorkplaceRecordLine, workplace_document
from matcher.models import Coordinates, Workplace
from store import workplaces as repository
from store.audit import SYSTEM, Actor
from store.db import next_free_id, sync_id_sequences

_Lines = list[tuple[int, WorkplaceRecordLine]]
# (line, field, function id) of each function a line gives an id
_FunctionIds = list[tuple[int, str, int]]


def import_workplaces(
    context: AppContext,
    lines: Iterable[str | bytes],
    *,
    default_portfolio: str | None = None,
    actor: Actor = SYSTEM,
) -> ImportResult:
    """Workplaces from JSON Lines; each lands in its line's portfolio or the default."""
    records = read_lines(lines, WorkplaceRecordLine)
    portfolio_of = {
        number: team_of(number, record.portfolio, default_portfolio, "portfolio")
        for number, record in records
    }
    refuse_repeats(((n, "id", r.id) for n, r in records if r.id is not None), "workplace")
    function_ids: _FunctionIds = [
        (number, f"functions.{position}.id", function.id)
        for number, record in records
        for position, function in enumerate(record.functions)
        if function.id
    ]
    refuse_repeats(function_ids, "function")
    route = "cli matcher import workplaces"
    with one_import(context, "workplaces", "workplace_functions", actor=actor, route=route) as unit:
        session = unit.session
        existing = repository.existing_ids(
            session, workplace_ids=[r.id for _, r in records if r.id is not None]
        )
        _refuse_foreign_functions(session, records, existing=existing, function_ids=function_ids)
        placed = _coordinates(context, records)
        replaced = _replace_existing(session, records, placed, existing=existing, by=actor.name)
        new = _new_workplaces(session, records, placed, existing=existing, functions=function_ids)
        repository.insert_many(
            session,
            workplaces=[workplace for _, workplace in new],
            portfolios={workplace.id: portfolio_of[number] for number, workplace in new},
            by=actor.name,
        )
        sync_id_sequences(session, tables=("workplaces", "workplace_functions"))
    return ImportResult(created=len(new), replaced=len(replaced))


def _coordinates(context: AppContext, records: _Lines) -> dict[int, Coordinates]:
    """Where each line's workplace is (refused at the first line that cannot say)."""
    placed = {}
    for number, record in records:
        with at_line(number):
            placed[number] = service.resolve_coordinates(
                record, postal_codes=context.matching.postal_codes
            )
    return placed


def _replace_existing(
    session: Session,
    records: _Lines,
    placed: dict[int, Coordinates],
    *,
    existing: set[int],
    by: str,
) -> list[int]:
    """Lines whose id exists replace that workplace; returns their ids."""
    replaced = []
    for number, record in records:
        if record.id is None or record.id not in existing:
            continue
        row = repository.get(session, workplace_id=record.id)
        assert row is not None  # it exists: the import holds the table's lock
        workplace = record.to_domain(workplace_id=record.id, coordinates=placed[number])
        repository.update(session, row=row, workplace=workplace, by=by)
        if record.portfolio is not None:  # an import may move it to a portfolio
            row.portfolio = record.portfolio
        replaced.append(record.id)
    return replaced


def _new_workplaces(
    session: Session,
    records: _Lines,
    placed: dict[int, Coordinates],
    *,
    existing: set[int],
    functions: _FunctionIds,
) -> list[tuple[int, Workplace]]:
    """The other lines as new workplaces, with their line numbers: ids as given, or the next
    free ones (for functions too)."""
    given = [r.id for _, r in records if r.id is not None]
    next_id = max([next_free_id(session, "workplaces"), *(i + 1 for i in given)])
    next_function_id = max(
        [next_free_id(session, "workplace_functions")] + [value + 1 for _, _, value in functions]
    )
    new = []
    for number, record in records:
        if record.id is not None and record.id in existing:
            continue
        workplace_id = record.id or next_id
        next_id = max(next_id, workplace_id + 1)
        workplace = record.to_domain(workplace_id=workplace_id, coordinates=placed[number])
        numbered = []
        for function in workplace.functions:
            if not function.id:
                function = replace(function, id=next_function_id)
                next_function_id += 1
            numbered.append(function)
        new.append((number, replace(workplace, functions=tuple(numbered))))
    return new


def _refuse_foreign_functions(
    session: Session, records: _Lines, *, existing: set[int], function_ids: _FunctionIds
) -> None:
    """A function id on a line must be the line's own workplace's, or one no workplace has
    (the output of `matcher generate` numbers its functions from 1, like the demo data)."""
    owners = repository.function_owners(
        session, function_ids=[value for _, _, value in function_ids]
    )
    workplace_of_line = {number: record.id for number, record in records}
    errors = []
    for number, field, value in function_ids:
        owner = owners.get(value)
        own = workplace_of_line[number]
        if owner is not None and (own not in existing or owner != own):
            errors.append(
                f"line {number}: {field}: function {value} belongs to workplace {owner}; leave "
                "the id out to add the function anew"
            )
    refuse(errors)


def export_workplaces(context: AppContext) -> Iterator[str]:
    """Every workplace as a JSON line, in its portfolio."""
    with context.sessions() as session:
        portfolios = repository.all_portfolios(session)
        for workplace in repository.load_all(session):
            document = workplace_document(workplace, portfolio=portfolios[workplace.id])
            yield json.dumps(document, ensure_ascii=False) + "\n"
