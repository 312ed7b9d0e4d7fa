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


@pytest.mark.parametrize(
    "text",
    [
        # Invisible characters inside the number:
        "0101\u200b90-1234",  # zero-width space
        "010190\u200d-1234",  # zero-width joiner
        "01\u200c0190-1234",  # zero-width non-joiner
        "010190-12\u20603\u20604",  # word joiner
        "\ufeff010190-1234",  # byte-order mark
        "0101\ufeff901234",
        "010190\u00ad-1234",  # soft hyphen
        "01\u00ad01\u00ad90\u00ad1234",
        # Other dashes and spaces as the separator:
        "010190\u22121234",  # minus sign
        "010190\uff0d1234",  # fullwidth hyphen-minus
        "010190\u20101234",  # hyphen
        "010190  1234",  # two spaces
        "010190 \u00a0 1234",
        "01.01.90\u202f1234",  # narrow no-break space
        "01\u202f01\u202f90-1234",  # narrow no-break space in the date
        "\uff10\uff11\uff10\uff11\uff19\uff10-1234",  # fullwidth digits
        # Mixed separators, and a one-digit day or month:
        "01.01-90-1234",
        "01/01.90 1234",
        "01 01-90-1234",
        "1.1.90-1234",
        "1.12.90 1234",
        "15.3.85-1234",
        "cpr 1-1-90 1234 i sagen",
    ],
)
def test_cpr_numbers_hidden_by_unicode_or_odd_separators_are_found(text: str) -> None:
    assert contains_cpr_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "tlf.\u00a012\u00a034\u00a056\u00a078",
        "tlf 12\u200b34 56 78",
        "+45\u202f2012\u202f3456",
        "mobil 40 50 60 70, fastnet 33 12 34 56",
        "1.\u00a0januar 2026",
        "1.1.2026",
        "møde 1.12.2026 kl. 9.30",
        "1. 1. 2026",
        "uge 48 \u2212 2026",
        "12.500,00 kr.",
        "1.250 kr. om ugen",
        "kr.\u00a01.234.567",
        "2.000\u20133.000 kr.",
        "postnr. 2500\u00a0Valby",
        "Skift\u00adende ar\u00adbejds\u00adstil\u00adlinger",
    ],
)
def test_phone_numbers_dates_and_amounts_written_with_unicode_still_pass(text: str) -> None:
    assert not contains_cpr_number(text)
