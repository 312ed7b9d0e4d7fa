"""The vocabulary's bit masks: codes to bits and back in vocabulary order; an unknown code is
an error, never a silent zero."""

import pytest

from matcher.vocabulary import (
    ACCOMMODATIONS,
    ALL_PLACEMENTS_MASK,
    PAID_HOURS_MASK,
    PLACEMENT_TYPES,
    accommodation_codes,
    accommodation_mask,
    placement_mask,
)


def test_every_accommodation_fits_the_index_32_bit_field() -> None:
    assert len(ACCOMMODATIONS) <= 32
    assert accommodation_codes(accommodation_mask(ACCOMMODATIONS)) == list(ACCOMMODATIONS)


def test_codes_come_back_in_vocabulary_order_whatever_order_they_went_in() -> None:
    codes = list(ACCOMMODATIONS)[:3]
    assert accommodation_codes(accommodation_mask(reversed(codes))) == codes
    assert accommodation_mask([]) == 0 and accommodation_codes(0) == []


def test_a_code_given_twice_counts_once() -> None:
    code = next(iter(ACCOMMODATIONS))
    assert accommodation_mask([code, code]) == accommodation_mask([code])


def test_an_unknown_code_is_an_error() -> None:
    with pytest.raises(KeyError):
        accommodation_mask(["no_heavy_liftin"])
    with pytest.raises(KeyError):
        placement_mask(["praktik"])


def test_placement_masks() -> None:
    assert (1 << len(PLACEMENT_TYPES)) - 1 == ALL_PLACEMENTS_MASK
    assert placement_mask(["paid_hours"]) & PAID_HOURS_MASK
    assert not placement_mask(["internship"]) & PAID_HOURS_MASK
