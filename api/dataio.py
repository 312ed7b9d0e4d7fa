"""Import and export of workplaces, citizens and the balance table.

Imports are all-or-nothing: every line is validated first, and one bad line (reported with its
line number and field) leaves the store as it was. A line whose id exists replaces that record;
other lines are inserted in bulk.
"""

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from api.auth import service as auth_service
from api.citizens import service as citizen_service
from api.citizens.schemas import CitizenRecordLine, CitizenUpdate
from api.context import AppContext
from api.errors import ApiError
from api.reranks.service import start_run
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
from store.audit import Actor
from store.db import sync_id_sequences


class ImportFailed(Exception):
    """A line of an import file is wrong; nothing was imported."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


_Line = TypeVar("_Line", bound=BaseModel)


def _read_lines(lines: Iterable[str], model: type[_Line]) -> list[tuple[int, _Line]]:
    """Every non-blank line validated, with its line number; all errors at once (up to 20)."""
    records: list[tuple[int, _Line]] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((number, model.model_validate_json(line)))
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"]) or "line"
                message = error["msg"].removeprefix("Value error, ")
                errors.append(f"line {number}: {field}: {message}")
        if len(errors) >= 20:
            break
    if errors:
        raise ImportFailed("\n".join(errors))
    return records


@contextmanager
def _at_line(number: int) -> Iterator[None]:
    """Report a refused record with its line number."""
    try:
        yield
    except ApiError as exc:
        detail = exc.detail
        if isinstance(detail, list):
            detail = "; ".join(f"{d['field']}: {d['reason']}" for d in detail)
        raise ImportFailed(f"line {number}: {detail}") from exc


def _team_of(number: int, given: str | None, default: str | None, field: str) -> str:
    if given is not None:
        return given
    if default is None:
        raise ImportFailed(
            f"line {number}: {field}: no {field} on the line and no default given (--{field})"
        )
    return default


def import_workplaces(
    context: AppContext, lines: Iterable[str], *, default_portfolio: str | None = None
) -> ImportResult:
    """Workplaces from JSON Lines; each lands in its line's portfolio or the default."""
    records = _read_lines(lines, WorkplaceRecordLine)
    portfolio_of = {
        number: _team_of(number, record.portfolio, default_portfolio, "portfolio")
        for number, record in records
    }
    ids = [r.id for _, r in records if r.id is not None]
    if len(ids) != len(set(ids)):
        raise ImportFailed("the same workplace id appears on two lines")
    function_ids = [f.id for _, r in records for f in r.functions if f.id]
    if len(function_ids) != len(set(function_ids)):
        raise ImportFailed("the same function id appears on two lines")
    with context.sessions() as session:
        existing = workplace_repository.existing_ids(session, workplace_ids=ids)
        next_id = max([workplace_repository.max_id(session) + 1, *(i + 1 for i in ids)])
        next_function_id = max(
            [workplace_repository.max_function_id(session) + 1, *(i + 1 for i in function_ids)]
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
                    workplace_repository.update(session, row=row, workplace=workplace)
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
        workplace_repository.insert_many(session, workplaces=new, portfolios=new_portfolios)
        sync_id_sequences(session, tables=("workplaces", "workplace_functions"))
        replaced_ids = [r.id for _, r in records if r.id is not None and r.id in existing]
        _record_changes(session, replaced_ids + [w.id for w in new])
        session.commit()
    context.relay_shared_index()
    return ImportResult(created=len(new), replaced=replaced)


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
    context: AppContext, lines: Iterable[str], *, default_team: str | None = None
) -> ImportResult:
    """Citizens from JSON Lines; each in its line's consultants' team or the default."""
    records = _read_lines(lines, CitizenRecordLine)
    team_of = {
        number: _team_of(number, record.team, default_team, "team") for number, record in records
    }
    references = [r.reference for _, r in records]
    if len(references) != len(set(references)):
        raise ImportFailed("the same reference appears on two lines")
    created = replaced = 0
    with context.sessions() as session:
        for number, record in records:
            row = (
                citizen_repository.get(session, citizen_id=record.id)
                if record.id
                else citizen_repository.get_by_reference(session, reference=record.reference)
            )
            with _at_line(number):
                if row is None:
                    citizen_service.create(
                        session,
                        data=record,
                        postal_codes=context.postal_codes,
                        team=team_of[number],
                        citizen_id=record.id,
                    )
                    created += 1
                else:
                    update = CitizenUpdate(
                        **record.model_dump(exclude={"id", "version", "team"}),
                        version=row.version,
                    )
                    citizen_service.update(
                        session, citizen_id=row.id, data=update, postal_codes=context.postal_codes
                    )
                    if record.team is not None:  # an import may move a citizen to a team
                        row.team = record.team
                    replaced += 1
        sync_id_sequences(session, tables=("citizens",))
        session.commit()
    return ImportResult(created=created, replaced=replaced)


def import_balance(context: AppContext, handle: IO[str]) -> int:
    """Load a balance CSV (occupation_code,title,area,period,category); replaces its periods."""
    entries = []
    for number, row in enumerate(csv.DictReader(handle), start=2):
        try:
            entry = BalanceEntry(
                row["occupation_code"].strip(),
                row["title"].strip(),
                row["area"].strip(),
                row["period"].strip(),
                row["category"].strip(),
            )
        except (KeyError, AttributeError) as exc:
            raise ImportFailed(f"line {number}: missing column {exc}") from exc
        if entry.category not in BALANCE_CATEGORIES:
            raise ImportFailed(f"line {number}: category: unknown category {entry.category!r}")
        try:
            dt.date.fromisoformat(f"{entry.period}-01")
        except ValueError as exc:
            raise ImportFailed(f"line {number}: period: expected YYYY-MM") from exc
        entries.append(entry)
    in_force = context.balance().period
    with context.sessions() as session:
        count = balance_repository.replace_periods(session, entries=entries)
        session.commit()
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


def load_demo(context: AppContext, data_dir: Path) -> dict[str, int]:
    """Load the demo users, balance table, workplaces and citizens."""
    users = load_demo_users(context)
    with (data_dir / "workplaces.jsonl").open(encoding="utf-8") as handle:
        workplaces = import_workplaces(context, handle)
    with (data_dir / "citizens.jsonl").open(encoding="utf-8") as handle:
        citizens = import_citizens(context, handle)
    # Last: its new period starts the first batch run, over the citizens just loaded.
    with (data_dir / "balance.csv").open(encoding="utf-8") as handle:
        balance = import_balance(context, handle)
    return {
        "users": users,
        "balance_entries": balance,
        "workplaces": workplaces.created + workplaces.replaced,
        "citizens": citizens.created + citizens.replaced,
    }
