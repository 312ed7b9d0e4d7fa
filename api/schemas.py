"""Field types shared by the request and response schemas, with their validation rules."""

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from matcher.geo import in_denmark
from matcher.privacy import contains_cpr_number
from matcher.vocabulary import ACCOMMODATIONS, PLACEMENT_TYPES

MAX_WEEKLY_HOURS = 37.0  # full time; praktik is never more


def _no_cpr(value: str) -> str:
    if contains_cpr_number(value):
        raise ValueError("looks like it contains a CPR number; remove it")
    return value


def _known_accommodation(code: str) -> str:
    if code not in ACCOMMODATIONS:
        raise ValueError(f"unknown accommodation code {code!r}; see GET /vocabulary")
    return code


def _known_placement_type(code: str) -> str:
    if code not in PLACEMENT_TYPES:
        raise ValueError(
            f"unknown placement type {code!r}; expected one of {', '.join(PLACEMENT_TYPES)}"
        )
    return code


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_cpr),
]
FreeText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=1000), AfterValidator(_no_cpr)
]
PostalCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
OccupationCode = Annotated[str, StringConstraints(pattern=r"^\d{4}(\d{2})?$")]
AccommodationCode = Annotated[str, AfterValidator(_known_accommodation)]
PlacementType = Annotated[str, AfterValidator(_known_placement_type)]
AccommodationList = Annotated[list[AccommodationCode], AfterValidator(_distinct)]
PlacementTypeList = Annotated[list[PlacementType], AfterValidator(_distinct)]


class Strict(BaseModel):
    """Unknown fields are refused, so a misspelt field never passes silently."""

    model_config = ConfigDict(extra="forbid")


class ImportLine(Strict):
    """What a JSON Lines record adds to a create body: its id, and the exported version."""

    id: int | None = Field(default=None, ge=1)
    version: int | None = Field(default=None, description="Ignored on import")


class CoordinatesIn(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _inside_denmark(self) -> "CoordinatesIn":
        if not in_denmark(self.lat, self.lon):
            raise ValueError(f"({self.lat}, {self.lon}) is outside Denmark")
        return self


class WeeklyHours(Strict):
    min: float = Field(gt=0, le=MAX_WEEKLY_HOURS)
    max: float = Field(gt=0, le=MAX_WEEKLY_HOURS)

    @model_validator(mode="after")
    def _ordered(self) -> "WeeklyHours":
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) must not exceed max ({self.max:g})")
        return self


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)
