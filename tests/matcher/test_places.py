"""Postal codes: four digits, a name and a centre inside Denmark; copies, never the table."""

from matcher.geo import in_denmark
from matcher.places import postal_code_centres, postal_codes


def test_every_postal_code_is_four_digits_with_a_name_and_a_centre_in_denmark() -> None:
    codes = postal_codes()
    assert "2500" in codes and codes["2500"][0] == "Valby"
    for code, (name, lat, lon) in codes.items():
        assert len(code) == 4 and code.isdigit(), code
        assert name.strip() == name and name, code
        assert in_denmark(lat, lon), code


def test_centres_match_the_table() -> None:
    centres = postal_code_centres()
    assert set(centres) == set(postal_codes())
    _, lat, lon = postal_codes()["2500"]
    assert (centres["2500"].lat, centres["2500"].lon) == (lat, lon)


def test_a_caller_cannot_change_the_table() -> None:
    postal_codes().pop("2500")
    assert "2500" in postal_codes()
