"""Hard filters: a function that fails one never appears, however well it would score."""

from dataclasses import replace

from matcher.models import Coordinates, HoursRange
from tests.factories import (
    citizen,
    excellent,
    function,
    ids,
    rank,
    with_needs,
    workplace,
)


class TestHardFilters:
    """A function that fails one hard filter never appears, however well it would score."""

    def test_a_missing_hard_need_excludes_the_function(self) -> None:
        profile = with_needs(citizen(), ("no_heavy_lifting", True), ("late_start", True))
        lacking = excellent(1)  # everything but late_start
        meeting = workplace(
            2,
            function(20, accommodations=frozenset({"no_heavy_lifting"})),
            accommodations=frozenset({"late_start"}),
        )
        assert ids(rank([lacking, meeting], profile)) == [2]

    def test_a_hard_need_met_by_the_whole_workplace_counts(self) -> None:
        profile = with_needs(citizen(), ("mentor", True))
        assert ids(rank([workplace(1, accommodations=frozenset({"mentor"}))], profile)) == [1]

    def test_no_placement_type_in_common_excludes(self) -> None:
        profile = replace(citizen(), placement_types=frozenset({"flexjob"}))
        flexjob = workplace(2, function(20, placement_types=frozenset({"flexjob"})))
        assert ids(rank([excellent(1), flexjob], profile)) == [2]

    def test_hours_that_do_not_overlap_exclude(self) -> None:
        profile = replace(citizen(), hours=HoursRange(4, 6))
        short = workplace(2, function(20, hours=HoursRange(2, 5)))
        assert ids(rank([excellent(1), short], profile)) == [2]  # excellent needs 8-30

    def test_outside_the_commute_radius_excludes(self) -> None:
        far = Coordinates(55.8700, 12.5000)  # about 23 km north of Valby
        profile = citizen()
        assert ids(rank([excellent(1, coordinates=far), workplace(2)], profile)) == [2]
        assert ids(rank([excellent(1, coordinates=far)], profile, radius_km=30)) == [1]

    def test_a_full_workplace_is_no_candidate_for_internship_or_wage_subsidy(self) -> None:
        # 20 employees allow 4 people in praktik or wage subsidy.
        full = excellent(1, ordinary_employees=20, current_subsidised_placements=4)
        profile = replace(citizen(), placement_types=frozenset({"internship", "wage_subsidy"}))
        assert rank([full], profile) == []
        room = excellent(2, ordinary_employees=20, current_subsidised_placements=3)
        assert ids(rank([room], profile)) == [2]

    def test_a_full_workplace_still_offers_paid_hours(self) -> None:
        full = excellent(1, ordinary_employees=20, current_subsidised_placements=4)
        [suggestion] = rank([full], citizen())
        assert suggestion.placement_types == ("paid_hours",)

    def test_excluded_workplaces_never_appear(self) -> None:
        profile = replace(citizen(), excluded_workplace_ids=frozenset({1}))
        assert ids(rank([excellent(1), workplace(2)], profile)) == [2]

    def test_never_an_internship_at_the_most_recent_employer(self) -> None:
        profile = replace(
            citizen(), most_recent_employer_id=1, placement_types=frozenset({"internship"})
        )
        assert ids(rank([excellent(1), workplace(2)], profile)) == [2]

    def test_the_most_recent_employer_may_offer_paid_hours(self) -> None:
        profile = replace(citizen(), most_recent_employer_id=1)
        suggestions = rank([excellent(1)], profile)
        assert [s.placement_types for s in suggestions] == [("paid_hours",)]
