"""The labour-market balance table: imported from CSV, its periods replacing those stored.
A new period in force weights goal occupations differently, so it re-ranks everyone."""

import csv
import datetime as dt
import io
from collections.abc import Iterable

from api.composition.context import AppContext
from api.reranks.service import start_run
from api.shared.jsonlines import WHOLE_LINE, ImportFailed, decoded, one_import, refuse
from api.shared.schemas import plain_text
from api.shared.unit import unit_of_work
from matcher.balance import BalanceEntry
from matcher.vocabulary import BALANCE_CATEGORIES
from store import balance as repository
from store.audit import SYSTEM, Actor
from store.states import Trigger


def import_balance(
    context: AppContext, lines: Iterable[str | bytes], *, actor: Actor = SYSTEM
) -> int:
    """Load a balance CSV (occupation_code,title,area,period,category); replaces its periods.
    Returns how many entries it held."""
    entries = _read(lines)
    in_force = context.matching.balance().period
    route = "cli matcher import balance"
    with one_import(context, "occupation_balance", actor=actor, route=route) as unit:
        count = repository.replace_periods(unit.session, entries=entries)
    with context.sessions() as session:
        context.matching.reload_balance(session)
    if context.matching.balance().period != in_force:
        with unit_of_work(context, actor=actor, route=route) as unit:
            start_run(unit, trigger=Trigger.BALANCE)
    return count


def _read(lines: Iterable[str | bytes]) -> list[BalanceEntry]:
    errors: list[str] = []
    text = "".join(line for _, line in decoded(lines, errors))
    refuse(errors)
    entries = []
    # Read as one text, so that every line ending a spreadsheet writes (\n, \r\n, \r) ends
    # a row, and a line break inside a quoted title stays in the title.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            entries.append(_entry(row, reader.line_num, errors))
    except csv.Error as exc:  # the reader had not counted the line it failed on
        line = reader.line_num + 1
        raise ImportFailed(f"line {line}: {WHOLE_LINE}: not valid CSV ({exc})") from exc
    refuse(errors)
    return entries


def _entry(row: dict[str, str], number: int, errors: list[str]) -> BalanceEntry:
    try:
        entry = BalanceEntry(
            row["occupation_code"].strip(),
            row["title"].strip(),
            row["area"].strip(),
            row["period"].strip(),
            row["category"].strip(),
        )
    except (KeyError, AttributeError) as exc:
        raise ImportFailed(f"line {number}: {WHOLE_LINE}: missing column {exc}") from exc
    errors.extend(f"line {number}: {problem}" for problem in _problems(entry))
    return entry


def _problems(entry: BalanceEntry) -> list[str]:
    """What is wrong with an entry, as `field: reason`."""
    problems = []
    if entry.category not in BALANCE_CATEGORIES:
        problems.append(f"category: unknown category {entry.category!r}")
    try:
        dt.date.fromisoformat(f"{entry.period}-01")
    except ValueError:
        problems.append("period: expected YYYY-MM")
    for field in ("occupation_code", "title", "area"):
        try:
            plain_text(getattr(entry, field))
        except ValueError as exc:
            problems.append(f"{field}: {exc}")
    return problems
