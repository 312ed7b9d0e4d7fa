"""The pages' words that need no browser: what a relaxation gives up and what a near match
lacks, in Danish with decimal commas."""

from api.suggestions.schemas import MissingOut
from api.web.texts import missing_label, without_label


def test_what_a_relaxation_gives_up_and_what_a_near_match_lacks() -> None:
    need = MissingOut(kind="need", need="low_noise")
    radius = MissingOut(kind="radius", radius_km=5.0, widened_km=7.5)
    assert without_label(need) == "hvis hensynet »lavt støjniveau« ikke var et krav"
    assert without_label(radius) == "op til 7,5 km i stedet for 5 km"
    assert without_label(MissingOut(kind="placement_types")) == "med alle forløbstyper"
    assert missing_label(need, 1.2) == "mangler: lavt støjniveau – kan det aftales?"
    assert missing_label(radius, 6.24) == (
        "ligger 6,2 km væk, 1,2 km over grænsen på 5 km – kan borgeren klare turen?"
    )
