"""What the edit pages of workplaces and profiles share: the version an edit began from, a
form given back after a new log-in, and the merge page when a colleague saved first."""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from api.web.auth import RESUMED
from api.web.merge import MINE, THEIRS, Field, Undecided, fields_of, flatten, merged, unflatten
from api.web.pages import local_time, render
from api.web.texts import describe, field_label

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
class Conflict:
    """The three versions of one record, and how to save or show the merge."""

    kind: str  # "workplace" or "citizen"
    fields: tuple[str, ...]  # the record's mergeable fields (merge.WORKPLACE_FIELDS...)
    labels: dict[str, str]  # field -> Danish label
    base: dict[str, Any] | None
    mine: dict[str, Any]
    theirs: dict[str, Any]
    version: int  # the stored version, which a save of the merge must name
    saved_by: str | None
    saved_at: dt.datetime | None

    def merge_fields(self) -> list[Field]:
        return fields_of(
            flatten(self.base or {}, self.fields),
            flatten(self.mine, self.fields),
            flatten(self.theirs, self.fields),
        )

    def resolved(self, choices: dict[str, str], *, kept_function_ids: set[int]) -> dict[str, Any]:
        """The merged record body; Undecided when a field both changed has no choice."""
        return unflatten(merged(self.merge_fields(), choices), kept_function_ids=kept_function_ids)


def choices_of(form: FormData) -> dict[str, str]:
    return {
        name.removeprefix("choice:"): value
        for name, value in form.multi_items()
        if name.startswith("choice:") and value in (MINE, THEIRS)
    }


def merge_page(
    request: Request,
    conflict: Conflict,
    *,
    title: str,
    action: str,
    discard: str,
    choices: dict[str, str] | None = None,
    undecided: Undecided | None = None,
) -> HTMLResponse:
    """Every field someone changed: as it was, as the user has it, as the colleague saved
    it, and what the merge makes of it; a choice where both changed it."""
    choices = choices or {}
    rows = [
        {
            "key": field.key,
            "label": field_label(
                field.key, field.mine or field.theirs or field.base, conflict.labels
            ),
            "base": describe(field.key, field.base) if conflict.base is not None else "?",
            "mine": describe(field.key, field.mine),
            "theirs": describe(field.key, field.theirs),
            "source": field.source,
            "same_change": field.mine == field.theirs,
            "choice": choices.get(field.key),
        }
        for field in conflict.merge_fields()
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
        title=title,
        kind=conflict.kind,
        rows=rows,
        conflicts=sum(1 for row in rows if row["source"] == "choice"),
        saved_by=conflict.saved_by or "en kollega",
        saved_at=local_time(conflict.saved_at),
        action=action,
        discard=discard,
        mine_json=as_json(conflict.mine),
        base_json=as_json(conflict.base) if conflict.base is not None else "",
        version=conflict.version,
        errors=errors,
    )
