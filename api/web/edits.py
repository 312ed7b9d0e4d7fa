"""What the edit pages of workplaces and profiles share: the version an edit began from, a
form given back after a new log-in, and the merge page when a colleague saved first."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.auth.pages import RESUMED
from api.shared.errors import ApiError, InvalidInput, VersionConflict
from api.shared.unit import StaleWrite, UnitOfWork
from api.web.merge import MINE, THEIRS, Field, Undecided, fields_of, flatten, merged, unflatten
from api.web.pages import local_time, redirect, render
from api.web.texts import describe_versions, field_label

RESUMED_MESSAGE = (
    "Du blev logget ud, før det blev gemt. Her er det, du skrev: se det igennem, og gem."
)
MERGED_MESSAGE = "Ændringerne er lagt sammen. Ret videre, og gem."


def is_resumed(form: FormData) -> bool:
    """The form given back after a new log-in: shown filled in, not saved."""
    return form.get(RESUMED) is not None


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def read_json(form: FormData, name: str) -> dict[str, Any] | None:
    """A record a form carries as JSON (the version an edit began from); None if absent or
    not readable (then every field both sides changed is left to the user)."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    try:
        document = json.loads(value)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


@dataclass(frozen=True)
class Edited:
    """A record being edited, as it is stored now: what a merge with it needs."""

    kind: str  # "workplace" or "citizen"
    fields: tuple[str, ...]  # its mergeable fields (merge.WORKPLACE_FIELDS...)
    labels: dict[str, str]  # field -> Danish label
    stored: dict[str, Any]  # the stored record (theirs), as the API writes it
    version: int  # the stored version, which a save of the merge must name
    saved_by: str | None
    saved_at: dt.datetime | None
    title: str  # the edit page's title
    page: str  # the record's page; its edit and merge pages are below it
    function_ids: frozenset[int] = frozenset()  # the functions it still has

    def merge_fields(self, base: dict[str, Any] | None, mine: dict[str, Any]) -> list[Field]:
        return fields_of(
            flatten(base or {}, self.fields),
            flatten(mine, self.fields),
            flatten(self.stored, self.fields),
        )

    def resolved(
        self, base: dict[str, Any] | None, mine: dict[str, Any], choices: dict[str, str]
    ) -> dict[str, Any]:
        """The merged record body, on the stored version; Undecided when a field both
        changed has no choice."""
        body = unflatten(
            merged(self.merge_fields(base, mine), choices),
            kept_function_ids=set(self.function_ids),
        )
        return {**body, "version": self.version}


def merge_form(form: FormData) -> tuple[dict[str, Any] | None, dict[str, Any], dict[str, str]]:
    """What a merge page sends back: the version the edit began from, the user's version,
    and the choices made."""
    mine = read_json(form, "mine")
    if mine is None:
        raise InvalidInput("mine", "merge_incomplete")
    choices = {
        name.removeprefix("choice:"): value
        for name, value in form.multi_items()
        if name.startswith("choice:") and value in (MINE, THEIRS)
    }
    return read_json(form, "base"), mine, choices


def saved_again(edited: Edited, form: FormData) -> bool:
    """The record was saved yet again since the merge page was shown."""
    return str(edited.version) != form.get("version")


def wants_the_form(form: FormData) -> bool:
    """ "Ret videre i formularen": the merge goes into the form, unsaved."""
    return form.get("then") == "edit"


def _row(
    field: Field, choices: dict[str, str], *, known_base: bool, labels: dict[str, str]
) -> dict[str, Any]:
    """One changed field on the merge page: its three versions in words (a function's, the
    parts that differ only), where the merge takes it from, and the user's choice."""
    base, mine, theirs = describe_versions(field.key, [field.base, field.mine, field.theirs])
    return {
        "key": field.key,
        "label": field_label(field.key, field.mine or field.theirs or field.base, labels),
        "base": base if known_base else "?",
        "mine": mine,
        "theirs": theirs,
        "source": field.source,
        "same_change": field.mine == field.theirs,
        "choice": choices.get(field.key),
    }


def merge_page(
    request: Request,
    edited: Edited,
    *,
    base: dict[str, Any] | None,
    mine: dict[str, Any],
    choices: dict[str, str] | None = None,
    undecided: Undecided | None = None,
) -> HTMLResponse:
    """Someone saved the record first. Every field someone changed: as it was, as the user
    has it, as the colleague saved it, and what the merge makes of it; a choice where both
    changed it."""
    choices = choices or {}
    rows = [
        _row(field, choices, known_base=base is not None, labels=edited.labels)
        for field in edited.merge_fields(base, mine)
        if field.changed
    ]
    errors = {
        f"choice:{key}": ["Vælg, hvilken værdi der skal gælde"]
        for key in (undecided.keys if undecided else [])
    }
    return render(
        request,
        "merge.html",
        status_code=422 if undecided else 409,
        title=edited.title,
        kind=edited.kind,
        rows=rows,
        conflicts=sum(1 for row in rows if row["source"] == "choice"),
        saved_by=edited.saved_by or "en kollega",
        saved_at=local_time(edited.saved_at),
        action=f"{edited.page}/merge",
        discard=f"{edited.page}/edit",
        mine_json=as_json(mine),
        base_json=as_json(base) if base is not None else "",
        version=edited.version,
        errors=errors,
    )


@dataclass(frozen=True)
class MergeSave:
    """What saving a merge needs of its domain: the record as stored now, its edit form with
    the merged changes (to edit on, or with why they were refused), how to save them, and
    where to go once saved."""

    read: Callable[[], Edited]
    show: Callable[[dict[str, Any], Edited], Response]
    refused: Callable[[dict[str, Any], Edited, ValidationError | ApiError], Response]
    save: Callable[[dict[str, Any]], None]
    done: str


async def merge_and_save(request: Request, unit: UnitOfWork, merge: MergeSave) -> Response:
    """Save the merge (or take it into the form to edit on), on the version stored now; if a
    colleague saved yet again, the merge page comes back with that version."""
    form = await request.form()
    base, mine, choices = merge_form(form)
    edited = merge.read()
    if saved_again(edited, form):
        return merge_page(request, edited, base=base, mine=mine, choices=choices)
    try:
        body = edited.resolved(base, mine, choices)
    except Undecided as undecided:
        return merge_page(
            request, edited, base=base, mine=mine, choices=choices, undecided=undecided
        )
    if wants_the_form(form):
        return merge.show(body, edited)
    try:
        merge.save(body)
    except (VersionConflict, StaleWrite):
        unit.rollback()
        return merge_page(request, merge.read(), base=base, mine=mine, choices=choices)
    except (ValidationError, ApiError) as exc:
        unit.rollback()
        return merge.refused(body, edited, exc)
    return redirect(merge.done, ok="saved")
