"""The workplace body: a record cannot hold more good outcomes than placements, a function id
appears once, a function offers at least one placement type, each wrong field is named, empty
tasks are dropped, and the document a workplace is shown and exported as reads back to it."""

import pytest
from pydantic import ValidationError

from api.workplaces.schemas import WorkplaceIn, WorkplaceOut, WorkplaceUpdate, workplace_document
from matcher.models import Coordinates
from tests.api.payloads import WORKPLACE, workplace


def _function(**changes: object) -> dict[str, object]:
    return {**WORKPLACE["functions"][0], **changes}


def _fields(error: ValidationError) -> list[str]:
    return [".".join(str(part) for part in e["loc"]) for e in error.errors()]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"placements": 2, "good_outcomes": 3}, "good_outcomes cannot exceed placements"),
        ({"placements": 2, "paid_hours_outcomes": 3}, "paid_hours_outcomes cannot exceed"),
    ],
)
def test_a_record_holds_no_more_outcomes_than_placements(
    record: dict[str, int], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason) as refused:
        WorkplaceIn(**workplace(record=record))
    assert _fields(refused.value) == ["record"]


def test_a_function_id_appears_once() -> None:
    with pytest.raises(ValidationError, match="the same function id appears twice"):
        WorkplaceIn(**workplace(functions=[_function(id=3), _function(id=3)]))
    WorkplaceIn(**workplace(functions=[_function(), _function()]))  # new ones have none


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"functions": []}, "functions"),
        ({"functions": [_function(placement_types=[])]}, "functions.0.placement_types"),
        ({"functions": [_function(occupation_code="96")]}, "functions.0.occupation_code"),
        ({"functions": [_function(occupation_code="9999")]}, "functions.0.occupation_code"),
        ({"functions": [_function(accommodations=["sauna"])]}, "functions.0.accommodations.0"),
        ({"ordinary_employees": -1}, "ordinary_employees"),
        ({"postal_code": "25000"}, "postal_code"),
        ({"owner_cpr": "x"}, "owner_cpr"),
    ],
)
def test_each_wrong_field_is_named(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        WorkplaceIn(**workplace(**change))
    assert _fields(refused.value) == [field]


def test_an_edit_names_the_version_it_read() -> None:
    with pytest.raises(ValidationError) as refused:
        WorkplaceUpdate(**workplace())
    assert _fields(refused.value) == ["version"]


def test_empty_tasks_are_dropped_and_the_document_reads_back() -> None:
    data = WorkplaceIn(**workplace(functions=[_function(id=70, tasks=["Sortering", ""])]))
    place = data.to_domain(workplace_id=7, coordinates=Coordinates(55.64, 12.48))
    assert place.functions[0].tasks == ("Sortering",)
    document = workplace_document(place, portfolio="virksomhedsservice-syd")
    shown = WorkplaceOut.of(place, portfolio="virksomhedsservice-syd")
    # The response adds the capacity with its default applied (14 employees: 3 a month).
    assert shown.model_dump(mode="json") == {**document, "enquiry_capacity": 3}
    again = WorkplaceIn(
        **{k: v for k, v in document.items() if k not in {"id", "version", "portfolio"}}
    )
    assert again.to_domain(workplace_id=7, coordinates=place.coordinates) == place


def test_an_occupation_code_outside_disco_08_is_refused_saying_why() -> None:
    with pytest.raises(ValidationError) as refused:
        WorkplaceIn(**workplace(functions=[_function(occupation_code="999901")]))
    assert "9999" in str(refused.value) and "DISCO-08" in str(refused.value)
    # A national 6-digit code under a known unit group is taken.
    taken = WorkplaceIn(**workplace(functions=[_function(occupation_code="432110")]))
    assert taken.functions[0].occupation_code == "432110"
