"""A suggestion's reasons: the needs met and unmet, the terms matched as written, and the
suggestion as a plain document."""

from dataclasses import replace

from matcher.models import PlacementRecord
from tests.factories import (
    citizen,
    rank,
    workplace,
)


def test_unmet_soft_needs_are_named() -> None:
    [suggestion] = rank([workplace(1)], citizen())
    assert suggestion.soft_needs_unmet == ("gradual_ramp",)
    assert suggestion.hard_needs_met == ("no_heavy_lifting",)


def test_limited_danish_adds_a_soft_need() -> None:
    profile = replace(citizen(), danish_level="basic")
    [suggestion] = rank([workplace(1)], profile)
    assert "limited_danish_ok" in suggestion.soft_needs_unmet


def test_matched_terms_are_shown_as_written() -> None:
    [suggestion] = rank([workplace(1)], citizen())
    assert "sortering" in suggestion.matched_terms
    assert "pakning" in suggestion.matched_terms


def test_a_suggestion_document_holds_every_field_as_plain_data() -> None:
    import dataclasses

    [suggestion] = rank([workplace(1, record=PlacementRecord(3, 2, 1))], citizen())
    expected = dataclasses.asdict(suggestion)
    # asdict keeps tuples; a document has lists, as JSON does.
    for key in (
        "placement_types",
        "hard_needs_met",
        "soft_needs_met",
        "soft_needs_unmet",
        "matched_terms",
    ):
        expected[key] = list(expected[key])
    expected["factors"] = list(expected["factors"])
    assert suggestion.document() == expected
