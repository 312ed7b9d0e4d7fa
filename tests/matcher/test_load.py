"""How many enquiries a month a workplace accepts, and when it is busy."""

from dataclasses import replace

from matcher.load import DEFAULT_MAX, default_monthly_enquiries, enquiry_capacity, is_busy
from tests.factories import workplace


def test_the_default_grows_with_the_workplace_and_stops_at_twenty():
    assert default_monthly_enquiries(0) == 2
    assert default_monthly_enquiries(9) == 2
    assert default_monthly_enquiries(10) == 3
    assert default_monthly_enquiries(45) == 6
    assert default_monthly_enquiries(10_000) == DEFAULT_MAX


def test_a_workplaces_own_figure_replaces_the_default():
    place = workplace(1, ordinary_employees=45)
    assert enquiry_capacity(place) == 6
    assert enquiry_capacity(replace(place, monthly_enquiries=1)) == 1


def test_busy_once_the_months_enquiries_reach_the_capacity():
    assert not is_busy(2, 3)
    assert is_busy(3, 3)
