"""The domain objects: a profile's needs split into hard and soft, in the order given."""

from matcher.models import AccommodationNeed
from tests.factories import citizen


def test_needs_split_into_hard_and_soft_in_order() -> None:
    profile = citizen(
        accommodation_needs=(
            AccommodationNeed("mentor", hard=False),
            AccommodationNeed("no_heavy_lifting", hard=True),
            AccommodationNeed("late_start", hard=True),
            AccommodationNeed("calm_environment", hard=False),
        )
    )
    assert profile.hard_needs == ["no_heavy_lifting", "late_start"]
    assert profile.soft_needs == ["mentor", "calm_environment"]


def test_a_profile_without_needs_has_none_of_either() -> None:
    profile = citizen(accommodation_needs=())
    assert profile.hard_needs == [] and profile.soft_needs == []
