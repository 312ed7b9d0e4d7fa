"""The OpenSearch documents: one per function, read back into exactly the row the matcher
builds, the workplace's listing terms on its first function only, and the room left under the
reasonableness rule; every field the builder writes is in the strict mapping."""

import datetime as dt

from indexer.documents import MAPPING, MAPPING_VERSION, function_documents, index_body, row_of
from matcher.models import PlacementRecord, Workplace
from matcher.rules import ReasonablenessRule
from matcher.table import function_rows
from tests.factories import function, workplace

RULE = ReasonablenessRule(effective_from=dt.date(2026, 1, 1))


def _place() -> Workplace:
    return workplace(
        4,
        function(40, accommodations=frozenset({"no_heavy_lifting"})),
        function(41, title="Lagermedarbejder", occupation_code="4321", tasks=("Pluk af varer",)),
        name="Genbrug Syd",
        ordinary_employees=12,
        current_subsidised_placements=1,
        accommodations=frozenset({"mentor"}),
        record=PlacementRecord(placements=5, good_outcomes=4, paid_hours_outcomes=2),
    )


def test_a_document_reads_back_as_the_matchers_row() -> None:
    place = _place()
    documents = function_documents(place, rule=RULE)
    assert [row_of(d) for d in documents] == function_rows(place)


def test_one_document_per_function_keyed_by_function_id() -> None:
    first, second = function_documents(_place(), rule=RULE)
    assert (first["_id"], second["_id"]) == ("40", "41")
    assert second["occupation_minor_group"] == "432"
    assert first["accommodations"] == ["mentor", "no_heavy_lifting"]


def test_only_the_first_function_carries_the_workplaces_listing() -> None:
    first, second = function_documents(_place(), rule=RULE)
    assert first["listing"] is True and second["listing"] is False
    assert "listing_terms" not in second
    listed = first["listing_terms"].split()
    assert {"genbrug", "syd"} <= set(listed)
    assert any(term.startswith("pluk") for term in listed)  # the second function's task


def test_the_room_left_is_the_rules_limit_less_current_placements() -> None:
    (document, *_) = function_documents(_place(), rule=RULE)
    assert document["subsidised_room"] == RULE.limit(12) - 1 == 1
    crowded = workplace(5, ordinary_employees=4, current_subsidised_placements=3)
    assert function_documents(crowded, rule=RULE)[0]["subsidised_room"] == -2


def test_every_field_written_is_mapped_and_the_index_records_its_assumptions() -> None:
    written = {key for d in function_documents(_place(), rule=RULE) for key in d} - {"_id"}
    assert written == set(MAPPING["properties"])
    body = index_body(rule=RULE)
    assert body["mappings"]["dynamic"] == "strict"
    meta = body["mappings"]["_meta"]
    assert meta["mapping_version"] == MAPPING_VERSION
    assert meta["reasonableness_rule_from"] == "2026-01-01"
