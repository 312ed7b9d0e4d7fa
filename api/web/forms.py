"""Form fields to the JSON bodies the schemas validate, and errors back to form fields."""

import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.shared.errors import ApiError, InvalidInput, described, pydantic_item
from api.web.texts import danish
from matcher.vocabulary import ACCOMMODATIONS

FieldErrors = dict[str, list[str]]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    """The field's text, None when empty (the schema then reports a required one)."""
    return text(form, name) or None


def checked(form: FormData, name: str) -> bool | None:
    """A checkbox: True when ticked, else not given (the schema's default)."""
    return True if form.get(name) else None


def danish_decimal(value: str) -> str | None:
    """A decimal number as a Dane types it ("7,5", "1.234,5") in the schemas' form ("7.5");
    with no comma, a dot is the decimal point ("7.5" stays). None when empty."""
    value = value.strip().replace("\u00a0", "").replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    return value or None


def danish_whole(value: str) -> str | None:
    """A whole number, with Danish thousands dots or spaces allowed ("1.000" is 1000)."""
    value = value.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    return value or None


def decimal(form: FormData, name: str) -> str | None:
    return danish_decimal(text(form, name))


def whole(form: FormData, name: str) -> str | None:
    return danish_whole(text(form, name))


def lines(form: FormData, name: str) -> list[str]:
    return [line.strip() for line in text(form, name).splitlines() if line.strip()]


def rows(
    form: FormData,
    prefix: str,
    fields: tuple[str, ...],
    *,
    key: str,
    numbers: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Numbered rows (prefix.0.field, prefix.1.field...) whose `key` field is filled in;
    the `numbers` fields read as decimal numbers."""
    found = []
    index = 0
    while f"{prefix}.{index}.{key}" in form:
        row = {
            field: (decimal if field in numbers else optional)(form, f"{prefix}.{index}.{field}")
            for field in fields
        }
        if row[key]:
            found.append({k: v for k, v in row.items() if v is not None})
        index += 1
    return found


def citizen_body(form: FormData) -> dict[str, Any]:
    """A citizen profile form as the body of POST /citizens."""
    needs = []
    for code in ACCOMMODATIONS:
        choice = text(form, f"need.{code}")
        if choice in ("hard", "soft"):
            needs.append({"code": code, "hard": choice == "hard"})
    body = {
        "reference": text(form, "reference"),
        "target_group": optional(form, "target_group"),
        "skills": lines(form, "skills"),
        "experience": rows(
            form,
            "experience",
            ("title", "description", "kind", "years"),
            key="title",
            numbers=("years",),
        ),
        "education": lines(form, "education"),
        "danish_level": optional(form, "danish_level"),
        "accommodation_needs": needs,
        "postal_code": optional(form, "postal_code"),
        "max_commute_km": decimal(form, "max_commute_km"),
        "prefers_near_home": form.get("prefers_near_home") == "on",
        "weekly_hours": {
            "min": decimal(form, "weekly_hours.min"),
            "max": decimal(form, "weekly_hours.max"),
        },
        "goal_occupations": rows(
            form,
            "goal_occupations",
            ("title", "occupation_code", "weight"),
            key="title",
            numbers=("weight",),
        ),
        "placement_types": form.getlist("placement_types"),
        "purpose": optional(form, "purpose"),
        "active": form.get("active") == "on",
        "coordinates": _coordinates(form),
        "most_recent_employer_id": whole(form, "most_recent_employer_id"),
        "excluded_workplace_ids": [
            part.strip() for part in text(form, "excluded_workplace_ids").split(",") if part.strip()
        ],
    }
    # A choice left out takes the profile's default (target group excepted: it is required).
    return {k: v for k, v in body.items() if v is not None or k == "target_group"}


def _coordinates(form: FormData) -> dict[str, str | None] | None:
    lat, lon = decimal(form, "coordinates.lat"), decimal(form, "coordinates.lon")
    return None if lat is None and lon is None else {"lat": lat, "lon": lon}


def workplace_body(form: FormData) -> dict[str, Any]:
    """A workplace form as the body of PUT /workplaces/{id}; functions marked for removal
    are left out, and the empty new-function block is ignored."""
    functions = []
    index = 0
    while f"functions.{index}.title" in form:
        prefix = f"functions.{index}"
        index += 1
        title = text(form, f"{prefix}.title")
        if form.get(f"{prefix}.remove") == "on" or (
            not title and not optional(form, f"{prefix}.id")
        ):
            continue
        function: dict[str, Any] = {
            "title": title,
            "occupation_code": text(form, f"{prefix}.occupation_code"),
            "tasks": lines(form, f"{prefix}.tasks"),
            "weekly_hours": {
                "min": decimal(form, f"{prefix}.weekly_hours.min"),
                "max": decimal(form, f"{prefix}.weekly_hours.max"),
            },
            "placement_types": form.getlist(f"{prefix}.placement_types"),
            "accommodations": form.getlist(f"{prefix}.accommodations"),
            "_index": index - 1,
        }
        if optional(form, f"{prefix}.id"):
            function["id"] = text(form, f"{prefix}.id")
        functions.append(function)
    return {
        "version": optional(form, "version"),
        "name": text(form, "name"),
        "address": text(form, "address"),
        "postal_code": text(form, "postal_code"),
        "industry": text(form, "industry"),
        "coordinates": _coordinates(form),
        "ordinary_employees": whole(form, "ordinary_employees"),
        "current_subsidised_placements": whole(form, "current_subsidised_placements"),
        "monthly_enquiries": whole(form, "monthly_enquiries"),
        "accommodations": form.getlist("accommodations"),
        "record": {
            name: whole(form, f"record.{name}") or 0
            for name in ("placements", "good_outcomes", "paid_hours_outcomes")
        },
        "contact": {
            "name": optional(form, "contact.name"),
            "phone": optional(form, "contact.phone"),
            "email": optional(form, "contact.email"),
        },
        "functions": functions,
    }


def without_form_positions(body: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """The body without the form positions of its functions, and those positions (so an
    error on functions.N can be shown at the form's function block)."""
    positions = [f.pop("_index") for f in body["functions"]]
    return body, positions


def field_errors(
    exc: ValidationError | ApiError, positions: list[int] | None = None
) -> FieldErrors:
    """Errors by form field name (dotted), in Danish."""
    errors: FieldErrors = {}
    if isinstance(exc, ValidationError):
        # The whole form, not "body", where pydantic names no field; a field left empty
        # is one to fill in, whatever form its text must have.
        items = [
            {**pydantic_item(e), "field": described(e)[0]}
            | ({"code": "missing"} if e.get("input") == "" else {})
            for e in exc.errors()
        ]
    else:
        items = exc.detail if isinstance(exc.detail, list) else []
    for item in items:
        field = item["field"]
        parts = field.split(".")
        if (
            positions is not None
            and len(parts) > 1
            and parts[0] == "functions"
            and parts[1].isdigit()
        ):
            number = int(parts[1])
            parts[1] = str(positions[number] if number < len(positions) else number)
        text = danish(item.get("code", ""), item.get("params", {}), item["reason"])
        errors.setdefault(".".join(parts) or "form", []).append(text)
    return errors


_Model = TypeVar("_Model", bound=BaseModel)


Reader = Callable[[FormData, str], Any]


def submitted(model: type[_Model], form: FormData, **readers: Reader) -> _Model:
    """The domain's schema from a submitted form: each of the schema's fields from the form
    field of its name, read as text (an empty field is not given) unless `readers` names how
    (`decimal`, `whole`: numbers as a Dane types them). Refused as `validated` refuses."""
    data = {}
    for name in model.model_fields:
        value = readers.get(name, optional)(form, name)
        if value is not None:
            data[name] = value
    return validated(model, data)


def validated(model: type[_Model], data: dict[str, Any]) -> _Model:
    """The model, or InvalidInput naming the first wrong field (a small form's error page)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc.errors()[0]) from exc
