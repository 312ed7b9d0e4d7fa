"""A refusal names a known reason and reads as its English text with its parameters."""

import pytest

from matcher.refusals import REASONS, Refusal


def test_a_refusal_reads_as_its_reason_with_its_parameters() -> None:
    refusal = Refusal("held_on", "in_future", {"day": "2027-01-04"})
    assert refusal.reason == "2027-01-04 is in the future"


def test_a_code_no_reason_has_is_refused_at_once() -> None:
    with pytest.raises(KeyError, match="no reason has the code"):
        Refusal("field", "made_up_reason")


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_names_its_parameters_by_name(code: str) -> None:
    """Templates pydantic can fill as well as str.format: {name}, nothing else in braces."""
    import re

    fields = re.findall(r"{([^}]*)}", REASONS[code])
    assert all(re.fullmatch(r"[a-z_]+", name) for name in fields), fields
