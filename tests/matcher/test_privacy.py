import pytest

from matcher.privacy import contains_cpr_number


@pytest.mark.parametrize(
    "text",
    [
        "010190-1234",
        "0101901234",
        "Borger med cpr 311299-4321 ringede",
        "290200-1234",  # 29 February 2000
        "cpr:1502851234.",
    ],
)
def test_cpr_like_numbers_are_found(text: str) -> None:
    assert contains_cpr_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "JC-2026-00001",
        "320190-1234",  # day 32
        "011390-1234",  # month 13
        "290201-1234",  # 29 February 2001 and 1901 do not exist
        "12345678901",  # eleven digits: not a CPR number
        "010190-123",  # too few digits after the dash
        "tlf 12 34 56 78",
    ],
)
def test_other_numbers_are_not(text: str) -> None:
    assert not contains_cpr_number(text)
