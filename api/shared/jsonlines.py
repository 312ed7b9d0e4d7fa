"""Reading import files: JSON Lines (and CSV) line by line, every error with its line number
and field, and the one locked transaction an import runs in.

Imports are all-or-nothing: every line is validated first, and one bad line (reported with its
line number and field) leaves the store as it was.
"""

import codecs
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from api.composition.context import AppContext
from api.shared.errors import ApiError, described
from api.shared.unit import CASE_WORK, UnitOfWork, unit_of_work
from store.audit import Actor
from store.db import LockTimeout, WriteConflict, lock_for_writing


class ImportFailed(Exception):
    """A line of an import file is wrong; nothing was imported."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


_Line = TypeVar("_Line", bound=BaseModel)
MAX_ERRORS = 20
# What a whole line is called in `line N: field: reason` when the fault is not in one field.
WHOLE_LINE = "record"


def refuse(errors: list[str]) -> None:
    """Refuse the import with these errors (the first 20), if there are any."""
    if errors:
        raise ImportFailed("\n".join(errors[:MAX_ERRORS]))


def decoded(lines: Iterable[str | bytes], errors: list[str]) -> Iterator[tuple[int, str]]:
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
                f"line {number}: {WHOLE_LINE}: not valid UTF-8 (byte 0x{line[exc.start]:02x} "
                f"at column {exc.start + 1}); save the file as UTF-8"
            )


def read_lines(lines: Iterable[str | bytes], model: type[_Line]) -> list[tuple[int, _Line]]:
    """Every non-blank line validated, with its line number; all errors at once (up to 20)."""
    records: list[tuple[int, _Line]] = []
    errors: list[str] = []
    for number, line in decoded(lines, errors):
        if not line.strip():
            continue
        try:
            records.append((number, model.model_validate_json(line)))
        except ValidationError as exc:
            for error in exc.errors():
                if error["type"] == "json_invalid":
                    reason = error.get("ctx", {}).get("error", "")
                    errors.append(f"line {number}: {WHOLE_LINE}: not valid JSON ({reason})")
                    continue
                field, reason = described(error)
                errors.append(f"line {number}: {field or WHOLE_LINE}: {reason}")
        if len(errors) >= MAX_ERRORS:
            break
    refuse(errors)
    return records


@contextmanager
def at_line(number: int) -> Iterator[None]:
    """Report a refused record with its line number, field by field."""
    try:
        yield
    except ApiError as exc:
        detail = exc.detail
        items = detail if isinstance(detail, list) else [{"field": WHOLE_LINE, "reason": detail}]
        raise ImportFailed(
            "\n".join(f"line {number}: {item['field']}: {item['reason']}" for item in items)
        ) from exc


@contextmanager
def one_import(context: AppContext, *tables: str, actor: Actor, route: str) -> Iterator[UnitOfWork]:
    """The import's one unit of work, serialised with other writers of its tables: a second
    import waits for the first (or fails when the wait is too long), and nothing of an import
    is stored unless all of it is."""
    try:
        with unit_of_work(context, actor=actor, route=route, purpose=CASE_WORK) as unit:
            lock_for_writing(unit.session, *tables)
            yield unit
    except LockTimeout as exc:
        raise ImportFailed(
            f"{WHOLE_LINE}: another import or change kept the store busy for too long; "
            "nothing was stored, try again"
        ) from exc
    except WriteConflict as exc:
        raise ImportFailed(
            f"{WHOLE_LINE}: a change saved at the same moment conflicts with the import "
            f"({exc}); nothing was stored, try again"
        ) from exc


def team_of(number: int, given: str | None, default: str | None, field: str) -> str:
    """The team a line names, or the default; refused when there is neither."""
    if given is not None:
        return given
    if default is None:
        raise ImportFailed(
            f"line {number}: {field}: no {field} on the line and no default given (--{field})"
        )
    return default


def refuse_repeats(values: Iterable[tuple[int, str, object]], what: str) -> None:
    """Refuse each (line, field, value) whose value an earlier line already has."""
    first_line: dict[object, int] = {}
    errors = []
    for number, field, value in values:
        if value in first_line:
            errors.append(
                f"line {number}: {field}: {what} {value} is on line {first_line[value]} too"
            )
        first_line.setdefault(value, number)
    refuse(errors)
