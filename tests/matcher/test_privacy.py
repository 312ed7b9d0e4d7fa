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
        "født 150385-1234 i Aarhus",  # embedded, with the dash
        "ring om 1503851234 i morgen",  # embedded, without
        "(311299-4321)",
        "nr.0101011234x",  # letters around it do not hide it
        # Written with a space, a slash, dots or dashes:
        "010190 1234",
        "010190/1234",
        "01.01.90-1234",
        "01-01-90-1234",
        "01/01/90 1234",
        "01 01 90 1234",
        "010190 - 1234",
        "010190\u20131234",  # an en dash, as a word processor makes it
        "010190\u00a01234",  # a non-breaking space
        "cpr 01.01.90-1234, ring",
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
        "310490-1234",  # 31 April
        "000190-1234",  # day 0
        "0101 90-1234",  # a space breaks the six digits
        "01019012345",  # ten digits and one more
        "010190--1234",  # two dashes
        # Phone numbers, as Danes write them:
        "+45 12 34 56 78",
        "+4512345678",
        "0045 12345678",
        "1234 5678",
        "tlf. 33 12 34 56 / 2012 3456",
        # Dates, and dates with a time:
        "01.01.1990",
        "1.1.1990",
        "2026-11-24",
        "24-11-2026",
        "24/11/2026",
        "møde 24.11.2026 kl. 10.30",
        "24.11.26 kl. 10:30",
        # Amounts and postal codes:
        "1.234.567 kr.",
        "Vigerslevvej 301, 2500 Valby",
    ],
)
def test_other_numbers_are_not(text: str) -> None:
    assert not contains_cpr_number(text)
