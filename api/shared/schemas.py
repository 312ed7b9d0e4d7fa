"""Field types shared by the request and response schemas, with their validation rules."""

import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from matcher.geo import in_denmark
from matcher.occupations import default_occupations
from matcher.privacy import contains_cpr_number
from matcher.refusals import REASONS, Param
from matcher.vocabulary import ACCOMMODATIONS, PLACEMENT_TYPES

MAX_WEEKLY_HOURS = 37.0  # full time; praktik is never more

# Ids and versions are 32-bit integers in the store (PostgreSQL's `integer`); anything larger
# is refused with 422 before it reaches the database.
MAX_ID = 2**31 - 1
# People and placements at one workplace: far above any real one, far below the column's limit.
MAX_COUNT = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id, from 1")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="How many results to skip")]


# What nobody types and no field may hold: C0 and C1 control characters and DEL (a NUL byte
# cannot even be stored in PostgreSQL), lone surrogates (no database can encode them), and the
# bidirectional overrides and isolates that make a text read otherwise than it is stored.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
# Tabs and line breaks in a one-line field are what a paste brings; they become a space, as a
# browser's text field makes them.
_TABS_AND_LINE_BREAKS = re.compile("[\t\n\r]+")


def refused(code: str, /, **params: Param) -> PydanticCustomError:
    """A validator's refusal, with its code (matcher.refusals) as pydantic's error type."""
    return PydanticCustomError(code, REASONS[code], params)


def _known_occupation(value: str) -> str:
    if not default_occupations().is_unit(value):
        raise refused("not_an_occupation", value=value)
    return value


def text_lines(value: str) -> str:
    """Text of several lines, as typed in a text area: its line breaks kept (as \\n), tabs
    made spaces, other control characters refused as in one line."""
    lines = re.split(r"\r\n|\r|\n", value)
    return "\n".join(plain_text(line) for line in lines)


def plain_text(value: str) -> str:
    """One line of text: tabs and line breaks become a space; other control characters are
    refused, naming the first and where it is."""
    value = _TABS_AND_LINE_BREAKS.sub(" ", value)
    found = _CONTROL.search(value)
    if found:
        raise refused(
            "control_character",
            character=f"U+{ord(found.group()):04X}",
            position=found.start() + 1,
        )
    return value


def _no_cpr(value: str) -> str:
    if contains_cpr_number(value):
        raise refused("cpr_number")
    return value


def _known_accommodation(code: str) -> str:
    if code not in ACCOMMODATIONS:
        raise refused("unknown_accommodation", code=code)
    return code


def _known_placement_type(code: str) -> str:
    if code not in PLACEMENT_TYPES:
        raise refused("unknown_placement_type", code=code, known=", ".join(PLACEMENT_TYPES))
    return code


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(plain_text),
    AfterValidator(_no_cpr),
]
# A note on a contact or placement: free text that says something, guarded like all text.
NoteText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(plain_text),
    AfterValidator(_no_cpr),
]
FreeText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=1000),
    AfterValidator(plain_text),
    AfterValidator(_no_cpr),
]
# Free text of several lines (a plan's goals): its line breaks are part of what it says.
FreeLines = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=1000),
    AfterValidator(text_lines),
    AfterValidator(_no_cpr),
]
# A free-text code (the demo network's industries have Danish labels): guarded like text.
Industry = Annotated[
    str,
    StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$"),
    AfterValidator(_no_cpr),
]
PostalCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
# A telephone number as people write it: digits and spaces, an optional leading +.
Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ]{6,18}[0-9]$"),
    AfterValidator(_no_cpr),
]
# An e-mail address: something, one @, a domain with a dot (what a mail client accepts).
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
OccupationCode = Annotated[
    str, StringConstraints(pattern=r"^\d{4}(\d{2})?$"), AfterValidator(_known_occupation)
]
AccommodationCode = Annotated[str, AfterValidator(_known_accommodation)]
PlacementType = Annotated[str, AfterValidator(_known_placement_type)]
AccommodationList = Annotated[list[AccommodationCode], AfterValidator(_distinct)]
PlacementTypeList = Annotated[list[PlacementType], AfterValidator(_distinct)]


class Strict(BaseModel):
    """Unknown fields are refused, so a misspelt field never passes silently."""

    model_config = ConfigDict(extra="forbid")


class ImportLine(Strict):
    """What a JSON Lines record adds to a create body: its id, and the exported version."""

    id: Id | None = None
    version: Version | None = Field(default=None, description="Ignored on import")


class CoordinatesIn(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _inside_denmark(self) -> "CoordinatesIn":
        if not in_denmark(self.lat, self.lon):
            raise refused("outside_denmark", lat=self.lat, lon=self.lon)
        return self


class WeeklyHours(Strict):
    min: float = Field(gt=0, le=MAX_WEEKLY_HOURS)
    max: float = Field(gt=0, le=MAX_WEEKLY_HOURS)

    @model_validator(mode="after")
    def _ordered(self) -> "WeeklyHours":
        if self.min > self.max:
            raise refused("min_above_max", min=f"{self.min:g}", max=f"{self.max:g}")
        return self


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)
