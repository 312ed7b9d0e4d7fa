"""Import and export of workplaces, citizens and the balance table.

Imports are all-or-nothing: every line is validated first, and one bad line (reported with its
line number and field) leaves the store as it was. A line whose id exists replaces that record;
other lines are inserted in bulk.
"""

import codecs
import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from api.auth import service as auth_service
from api.citizens import service as citizen_service
from api.citizens.schemas import CitizenRecordLine, CitizenUpdate
from api.context import AppContext
from api.errors import ApiError, reason_of
from api.reranks.service import start_run
from api.schemas import plain_text
from api.workplaces import service as workplace_service
from api.workplaces.schemas import WorkplaceRecordLine, workplace_document
from fixtures.generate import DEMO_USERS
from matcher.balance import BalanceEntry
from matcher.models import Workplace
from matcher.vocabulary import BALANCE_CATEGORIES
from store import audit as audit_repository
from store import balance as balance_repository
from store import citizens as citizen_repository
from store import outbox
from store import users as user_repository
from store import workplaces as workplace_repository
from store.audit import SYSTEM, Actor
from store.db import (
    LockTimeout,
    WriteConflict,
    lock_for_writing,
    next_free_id,
    sync_id_sequences,
)


class ImportFailed(Exception):
    """A line of an import file is wrong; nothing was imported."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


_Line = TypeVar("_Line", bound=BaseModel)
_MAX_ERRORS = 20
# What a whole line is called in `line N: field: reason` when the fault is not in one field.
_WHOLE_LINE = "record"


def _refuse(errors: list[str]) -> None:
    if errors:
        raise ImportFailed("\n".join(errors[:_MAX_ERRORS]))


def _decoded(lines: Iterable[str | bytes], errors: list[str]) -> Iterator[tuple[int, str]]:
    """Each line as text with its number; a line that is not UTF-8 adds an error instead (a
    byte-order mark at the start, as spreadsheet programs write it, is dropped)."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str):
            yield number, line.removeprefix("\ufeff") if number == 1 else line
            continue
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        try:
            yield number, line.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                f"line {number}: {_WHOLE_LINE}: not valid UTF-8 (byte 0x{line[exc.start]:02x} "
                f"at column {exc.start + 1}); save the file as UTF-8"
            )


def _read_lines(lines: Iterable[str | bytes], model: type[_Line]) -> list[tuple[int, _Line]]:
    """Every non-blank line validated, with its line number; all errors at once (up to 20)."""
    records: list[tuple[int, _Line]] = []
    errors: list[str] = []
    for number, line in _decoded(lines, errors):
        if not line.strip():
            continue
        try:
            records.append((number, model.model_validate_json(line)))
        except ValidationError as exc:
            for error in exc.errors():
                if error["type"] == "json_invalid":
                    reason = error.get("ctx", {}).get("error", "")
                    errors.append(f"line {number}: {_WHOLE_LINE}: not valid JSON ({reason})")
                    continue
                field = ".".join(str(p) for p in error["loc"]) or _WHOLE_LINE
                errors.append(f"line {number}: {field}: {reason_of(error['msg'])}")
        if len(errors) >= _MAX_ERRORS:
            break
    _refuse(errors)
    return records


@contextmanager
def _at_line(number: int) -> Iterator[None]:
    """Report a refused record with its line number, field by field."""
    try:
        yield
    except ApiError as exc:
        detail = exc.detail
        items = detail if isinstance(detail, list) else [{"field": _WHOLE_LINE, "reason": detail}]
        raise ImportFailed(
            "\n".join(f"line {number}: {item['field']}: {item['reason']}" for item in items)
        ) from exc


@contextmanager
def _one_import(context: AppContext, *tables: str) -> Iterator[Session]:
    """The import's one transaction, serialised with other writers of its tables: a second
    import waits for the first (or fails when the wait is too long), and nothing of an import
    is stored unless all of it is."""
    with context.sessions() as session:
        try:
            lock_for_writing(session, *tables)
            yield session
            session.commit()
        except LockTimeout as exc:
            raise ImportFailed(
                f"{_WHOLE_LINE}: another import or change kept the store busy for too long; "
                "nothing was stored, try again"
            ) from exc
        except WriteConflict as exc:
            raise ImportFailed(
                f"{_WHOLE_LINE}: a change saved at the same moment conflicts with the import "
                f"({exc}); nothing was stored, try again"
            ) from exc


def _team_of(number: int, given: str | None, default: str | None, field: str) -> str:
    if given is not None:
        return given
    if default is None:
        raise ImportFailed(
            f"line {number}: {field}: no {field} on the line and no default given (--{field})"
        )
    return default


def _refuse_repeats(values: Iterable[tuple[int, str, object]], what: str) -> None:
    """Each (line, field, value) whose value an earlier line already has."""
    first_line: dict[object, int] = {}
    errors = []
    for number, field, value in values:
        if value in first_line:
            errors.append(
                f"line {number}: {field}: {what} {value} is on line {first_line[value]} too"
            )
        first_line.setdefault(value, number)
    _refuse(errors)


def import_workplaces(
    context: AppContext,
    lines: Iterable[str | bytes],
    *,
    default_portfolio: str | None = None,
    actor: Actor = SYSTEM,
) -> ImportResult:
    """Workplaces from JSON Lines; each lands in its line's portfolio or the default."""
    records = _read_lines(lines, WorkplaceRecordLine)
    portfolio_of = {
        number: _team_of(number, record.portfolio, default_portfolio, "portfolio")
        for number, record in records
    }
    _refuse_repeats(((n, "id", r.id) for n, r in records if r.id is not None), "workplace")
    function_ids: list[tuple[int, str, int]] = [
        (number, f"functions.{position}.id", function.id)
        for number, record in records
        for position, function in enumerate(record.functions)
        if function.id
    ]
    _refuse_repeats(function_ids, "function")
    ids = [r.id for _, r in records if r.id is not None]
    with _one_import(context, "workplaces", "workplace_functions") as session:
        existing = workplace_repository.existing_ids(session, workplace_ids=ids)
        _refuse_foreign_functions(session, records, existing=existing, function_ids=function_ids)
        next_id = max([next_free_id(session, "workplaces"), *(i + 1 for i in ids)])
        next_function_id = max(
            [next_free_id(session, "workplace_functions")]
            + [value + 1 for _, _, value in function_ids]
        )
        new: list[Workplace] = []
        new_portfolios: dict[int, str] = {}
        replaced = 0
        for number, record in records:
            with _at_line(number):
                coordinates = workplace_service.resolve_coordinates(
                    record, postal_codes=context.postal_codes
                )
                if record.id in existing:
                    row = workplace_service.get_or_raise(session, workplace_id=record.id)
                    workplace = record.to_domain(workplace_id=record.id, coordinates=coordinates)
                    workplace_repository.update(
                        session, row=row, workplace=workplace, by=actor.name
                    )
                    if record.portfolio is not None:  # an import may move it to a portfolio
                        row.portfolio = record.portfolio
                    replaced += 1
                    continue
            workplace_id = record.id or next_id
            next_id = max(next_id, workplace_id + 1)
            workplace = record.to_domain(workplace_id=workplace_id, coordinates=coordinates)
            functions = []
            for function in workplace.functions:
                if not function.id:
                    function = replace(function, id=next_function_id)
                    next_function_id += 1
                functions.append(function)
            new.append(replace(workplace, functions=tuple(functions)))
            new_portfolios[workplace_id] = portfolio_of[number]
        workplace_repository.insert_many(
            session, workplaces=new, portfolios=new_portfolios, by=actor.name
        )
        sync_id_sequences(session, tables=("workplaces", "workplace_functions"))
        replaced_ids = [r.id for _, r in records if r.id is not None and r.id in existing]
        _record_changes(session, replaced_ids + [w.id for w in new])
    context.relay_shared_index()
    return ImportResult(created=len(new), replaced=replaced)


def _refuse_foreign_functions(
    session: Session,
    records: list[tuple[int, WorkplaceRecordLine]],
    *,
    existing: set[int],
    function_ids: list[tuple[int, str, int]],
) -> None:
    """A function id on a line must be the line's own workplace's, or one no workplace has
    (the output of `matcher generate` numbers its functions from 1, like the demo data)."""
    owners = workplace_repository.function_owners(
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
    _refuse(errors)


# Up to this many changed workplaces are relayed one by one; more rebuild the whole index.
_RELAY_ONE_BY_ONE = 1000


def _record_changes(session: Session, workplace_ids: list[int]) -> None:
    """Outbox rows for an import, in the import's transaction."""
    if len(workplace_ids) > _RELAY_ONE_BY_ONE:
        outbox.add_rebuild(session)
        return
    for workplace_id in workplace_ids:
        outbox.add(session, workplace_id=workplace_id, action=outbox.UPSERT)


def import_citizens(
    context: AppContext,
    lines: Iterable[str | bytes],
    *,
    default_team: str | None = None,
    actor: Actor = SYSTEM,
) -> ImportResult:
    """Citizens from JSON Lines; each in its line's consultants' team or the default. Each
    citizen created or replaced is recorded in the audit log as a write by `actor`."""
    records = _read_lines(lines, CitizenRecordLine)
    team_of = {
        number: _team_of(number, record.team, default_team, "team") for number, record in records
    }
    _refuse_repeats(((n, "reference", r.reference) for n, r in records), "the reference")
    _refuse_repeats(((n, "id", r.id) for n, r in records if r.id is not None), "citizen")
    created: list[int] = []
    replaced: list[int] = []
    with _one_import(context, "citizens") as session:
        for number, record in records:
            row = (
                citizen_repository.get(session, citizen_id=record.id)
                if record.id
                else citizen_repository.get_by_reference(session, reference=record.reference)
            )
            holder = citizen_repository.get_by_reference(session, reference=record.reference)
            if holder is not None and (row is None or holder.id != row.id):
                raise ImportFailed(
                    f"line {number}: reference: citizen {holder.id} already has the reference "
                    f"{record.reference!r}"
                )
            with _at_line(number):
                if row is None:
                    row = citizen_service.create(
                        session,
                        data=record,
                        postal_codes=context.postal_codes,
                        team=team_of[number],
                        by=actor.name,
                        citizen_id=record.id,
                    )
                    created.append(row.id)
                else:
                    update = CitizenUpdate(
                        **record.model_dump(exclude={"id", "version", "team"}),
                        version=row.version,
                    )
                    citizen_service.update(
                        session,
                        citizen_id=row.id,
                        data=update,
                        postal_codes=context.postal_codes,
                        by=actor.name,
                    )
                    if record.team is not None:  # an import may move a citizen to a team
                        row.team = record.team
                    replaced.append(row.id)
        sync_id_sequences(session, tables=("citizens",))
        for action, citizen_ids in (("create", created), ("update", replaced)):
            audit_repository.append(
                session,
                actor=actor,
                citizen_ids=list(citizen_ids),
                action=action,
                purpose="case_work",
                route="cli matcher import citizens",
            )
    return ImportResult(created=len(created), replaced=len(replaced))


def import_balance(context: AppContext, lines: Iterable[str | bytes]) -> int:
    """Load a balance CSV (occupation_code,title,area,period,category); replaces its periods."""
    errors: list[str] = []
    text = [line for _, line in _decoded(lines, errors)]
    _refuse(errors)
    entries = []
    reader = csv.DictReader(text)
    for row in reader:
        number = reader.line_num
        try:
            entry = BalanceEntry(
                row["occupation_code"].strip(),
                row["title"].strip(),
                row["area"].strip(),
                row["period"].strip(),
                row["category"].strip(),
            )
        except (KeyError, AttributeError) as exc:
            raise ImportFailed(f"line {number}: {_WHOLE_LINE}: missing column {exc}") from exc
        if entry.category not in BALANCE_CATEGORIES:
            errors.append(f"line {number}: category: unknown category {entry.category!r}")
        try:
            dt.date.fromisoformat(f"{entry.period}-01")
        except ValueError:
            errors.append(f"line {number}: period: expected YYYY-MM")
        for field in ("occupation_code", "title", "area"):
            try:
                plain_text(getattr(entry, field))
            except ValueError as exc:
                errors.append(f"line {number}: {field}: {exc}")
        entries.append(entry)
    _refuse(errors)
    in_force = context.balance().period
    with _one_import(context, "occupation_balance") as session:
        count = balance_repository.replace_periods(session, entries=entries)
    context.reload_balance()
    if context.balance().period != in_force:
        # A new period weights goal occupations differently: re-rank everyone.
        start_run(context, trigger="balance")
    return count


def export_workplaces(context: AppContext) -> Iterator[str]:
    with context.sessions() as session:
        portfolios = workplace_repository.all_portfolios(session)
        for workplace in workplace_repository.load_all(session):
            document = workplace_document(workplace, portfolio=portfolios[workplace.id])
            yield json.dumps(document, ensure_ascii=False) + "\n"


def export_citizens(context: AppContext, *, actor: Actor) -> Iterator[str]:
    """Every citizen as JSON Lines; the export is recorded in the audit log per citizen."""
    with context.sessions() as session:
        rows = list(citizen_repository.iter_all(session))
        audit_repository.append(
            session,
            actor=actor,
            citizen_ids=[row.id for row in rows],
            action="export",
            purpose="case_work",
            route="cli matcher export citizens",
        )
        session.commit()
        for row in rows:
            document = citizen_service.to_out(row).model_dump(mode="json", exclude_none=True)
            yield json.dumps(document, ensure_ascii=False) + "\n"


def store_is_empty(context: AppContext) -> bool:
    with context.sessions() as session:
        return workplace_repository.count(session) == 0 and citizen_repository.count(session) == 0


def load_demo_users(context: AppContext) -> int:
    """The demo users (one of each role and team; passwords in the README, local use only);
    returns how many were created (existing usernames are left alone). Never in production:
    their passwords are public."""
    if context.settings.environment == "production":
        return 0
    created = 0
    with context.sessions() as session:
        for username, role, team, password in DEMO_USERS:
            if user_repository.get_by_username(session, username=username) is None:
                auth_service.create_user(
                    session, username=username, password=password, role=role, team=team
                )
                created += 1
        session.commit()
    return created


def load_demo(context: AppContext, data_dir: Path, *, actor: Actor = SYSTEM) -> dict[str, int]:
    """Load the demo users, balance table, workplaces and citizens."""
    users = load_demo_users(context)
    with (data_dir / "workplaces.jsonl").open("rb") as handle:
        workplaces = import_workplaces(context, handle, actor=actor)
    with (data_dir / "citizens.jsonl").open("rb") as handle:
        citizens = import_citizens(context, handle, actor=actor)
    # Last: its new period starts the first batch run, over the citizens just loaded.
    with (data_dir / "balance.csv").open("rb") as handle:
        balance = import_balance(context, handle)
    return {
        "users": users,
        "balance_entries": balance,
        "workplaces": workplaces.created + workplaces.replaced,
        "citizens": citizens.created + citizens.replaced,
    }
