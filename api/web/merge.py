"""An edit that met a colleague's, merged three ways: the version the user began from (base),
the user's (mine) and the one stored now (theirs). A field only one side changed takes that
side's value; where both changed it differently, the user chooses. Nothing a colleague saved
is undone unless the user chose to.

Records are compared as flat maps of fields. A workplace's functions are one field each,
keyed by id (a new one without an id is always kept): whether a function is there, and what
it holds, is decided for the function as a whole.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MINE, THEIRS = "mine", "theirs"
_ABSENT = None  # a function that is not there (removed, or not yet made)

WORKPLACE_FIELDS = (
    "name",
    "address",
    "postal_code",
    "coordinates",
    "industry",
    "ordinary_employees",
    "current_subsidised_placements",
    "monthly_enquiries",
    "accommodations",
    "record",
    "contact",
)
CITIZEN_FIELDS = (
    "reference",
    "target_group",
    "active",
    "skills",
    "experience",
    "education",
    "danish_level",
    "accommodation_needs",
    "postal_code",
    "coordinates",
    "max_commute_km",
    "prefers_near_home",
    "weekly_hours",
    "goal_occupations",
    "placement_types",
    "purpose",
    "most_recent_employer_id",
    "excluded_workplace_ids",
)
_SETS = {"accommodations", "placement_types", "excluded_workplace_ids"}
FUNCTION_PREFIX = "functions:"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the merge: its three values and what the merge makes of it."""

    key: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def changed(self) -> bool:
        return not (self.mine == self.base == self.theirs)

    @property
    def conflict(self) -> bool:
        return self.mine != self.theirs and self.mine != self.base and self.theirs != self.base

    @property
    def source(self) -> str:
        """Whose value the merge takes: mine, theirs, or (both the same) mine; for a
        conflict, the user's choice decides."""
        if self.conflict:
            return "choice"
        return THEIRS if self.mine == self.base else MINE

    def result(self, choice: str | None = None) -> Any:
        source = choice if self.conflict else self.source
        return self.theirs if source == THEIRS else self.mine


class Undecided(Exception):
    """Fields both sides changed, with no choice made: their keys."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(", ".join(keys))
        self.keys = keys


def _normal(key: str, value: Any) -> Any:
    """A value in the form compared: sets sorted, needs by code, numbers as numbers."""
    if value is None:
        return None
    if key in _SETS:
        return sorted(value)
    if key == "accommodation_needs":
        return sorted(({"code": n["code"], "hard": bool(n["hard"])} for n in value), key=str)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: _normal(k, v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_normal("", v) for v in value]
    return value


def _function(function: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _normal(k, v) for k, v in function.items() if k != "id" and v is not None}


def flatten(document: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The record as comparable fields (a workplace's functions one field each)."""
    flat = {key: _normal(key, document.get(key)) for key in fields}
    for position, function in enumerate(document.get("functions") or ()):
        key = f"{FUNCTION_PREFIX}{function.get('id') or f'ny-{position}'}"
        flat[key] = _function(function)
    return flat


def fields_of(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> list[Field]:
    """Every field of the three, in a stable order (the record's own, then functions)."""
    keys = list(dict.fromkeys([*base, *mine, *theirs]))
    return [Field(key, base.get(key), mine.get(key), theirs.get(key)) for key in keys]


def merged(fields: Iterable[Field], choices: Mapping[str, str]) -> dict[str, Any]:
    """The merged record's fields; Undecided when a field both changed has no choice."""
    fields = list(fields)
    undecided = [f.key for f in fields if f.conflict and choices.get(f.key) not in (MINE, THEIRS)]
    if undecided:
        raise Undecided(undecided)
    return {f.key: f.result(choices.get(f.key)) for f in fields}


def unflatten(flat: Mapping[str, Any], *, kept_function_ids: set[int]) -> dict[str, Any]:
    """A record body from merged fields. A function whose id the stored record no longer has
    (a colleague removed it, the user kept it) is added anew."""
    body = {key: value for key, value in flat.items() if not key.startswith(FUNCTION_PREFIX)}
    functions = []
    for key, value in flat.items():
        if not key.startswith(FUNCTION_PREFIX) or value is _ABSENT:
            continue
        function = dict(value)
        name = key.removeprefix(FUNCTION_PREFIX)
        if name.isdigit() and int(name) in kept_function_ids:
            function["id"] = int(name)
        functions.append(function)
    if any(key.startswith(FUNCTION_PREFIX) for key in flat):
        body["functions"] = functions
    return {key: value for key, value in body.items() if value is not None}
