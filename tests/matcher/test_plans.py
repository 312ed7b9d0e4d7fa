"""An individual plan's rules: durations per target group under the praktik rule in force on
the start date, the reasonableness rule on the start date, the most recent employer, the
ramp-up and the follow-up dates."""

import datetime as dt

import pytest

from matcher import plans
from matcher.plans import PlanTerms, Ramp
from matcher.rules import (
    DEFAULT_RULES,
    PraktikLengthRule,
    ReasonablenessRule,
    RuleBook,
)

START = dt.date(2026, 12, 7)


def _terms(**changes: object) -> PlanTerms:
    values: dict[str, object] = {
        "placement_type": "internship",
        "start": START,
        "weeks": 13,
        "ramp": Ramp(start=6, target=20),
        "target_group": "sick_listed",
        "workplace_id": 7,
        "most_recent_employer_id": None,
        "ordinary_employees": 20,  # room for 4
        "current_subsidised": 1,
    }
    values.update(changes)
    return PlanTerms(**values)  # type: ignore[arg-type]


def _fields(terms: PlanTerms, rules: RuleBook = DEFAULT_RULES) -> list[str]:
    return [refusal.field for refusal in plans.problems(terms, rules)]


@pytest.mark.parametrize(
    ("target_group", "cap"),
    [
        ("sick_listed", 13),
        ("vulnerable_adult", 13),
        ("vulnerable_youth", 13),
        ("minority_women", 13),
        ("job_ready", 4),  # a group the rule does not name: its default
    ],
)
def test_a_praktik_may_last_up_to_its_target_groups_cap_and_no_longer(
    target_group: str, cap: int
) -> None:
    assert _fields(_terms(target_group=target_group, weeks=cap)) == []
    assert _fields(_terms(target_group=target_group, weeks=cap + 1)) == ["weeks"]
    assert plans.draft_weeks("internship", target_group, START, DEFAULT_RULES) == cap


def test_the_cap_is_the_rules_in_force_on_the_start_date() -> None:
    reform = dt.date(2027, 1, 1)
    rules = RuleBook(
        reasonableness=DEFAULT_RULES.reasonableness,
        praktik_length=(
            *DEFAULT_RULES.praktik_length,
            PraktikLengthRule(effective_from=reform, weeks_by_target_group=(("sick_listed", 8),)),
        ),
    )
    assert _fields(_terms(weeks=13, start=reform - dt.timedelta(days=1)), rules) == []
    refused = plans.problems(_terms(weeks=13, start=reform), rules)
    rule = {"weeks": 8, "on": "2027-01-01", "target_group": "sick_listed"}
    assert [(r.field, r.code, r.params) for r in refused] == [("weeks", "praktik_too_long", rule)]
    assert refused[0].reason == (
        "praktik for target group sick_listed may last at most 8 weeks "
        "(rule in force on 2027-01-01)"
    )


def test_other_placement_types_are_not_capped_by_the_praktik_rule() -> None:
    assert _fields(_terms(placement_type="paid_hours", weeks=26)) == []
    assert _fields(_terms(placement_type="paid_hours", weeks=plans.MAX_PLAN_WEEKS + 1)) == ["weeks"]
    assert _fields(_terms(placement_type="hybrid", weeks=14)) == ["weeks"]  # praktik in part


def test_a_praktik_is_refused_at_the_most_recent_employer_other_placements_are_not() -> None:
    assert _fields(_terms(most_recent_employer_id=7)) == ["placement_type"]
    assert _fields(_terms(most_recent_employer_id=8)) == []
    assert _fields(_terms(most_recent_employer_id=7, placement_type="paid_hours")) == []


def test_a_praktik_has_at_most_the_rules_weekly_hours() -> None:
    assert _fields(_terms(ramp=Ramp(start=10, target=37))) == []
    assert _fields(_terms(ramp=Ramp(start=10, target=38))) == ["target_hours"]
    assert _fields(_terms(ramp=Ramp(start=10, target=38), placement_type="paid_hours")) == []
    assert _fields(_terms(ramp=Ramp(start=21, target=20))) == ["start_hours"]


def test_a_workplace_full_under_the_reasonableness_rule_on_the_start_date_is_refused() -> None:
    # 20 ordinary employees: room for 4 in praktik and wage subsidy together.
    assert _fields(_terms(current_subsidised=3)) == []
    assert _fields(_terms(current_subsidised=4)) == ["start_date"]
    assert _fields(_terms(current_subsidised=4, placement_type="wage_subsidy")) == ["start_date"]
    # Paid hours are an ordinary wage: the rule does not count them.
    assert _fields(_terms(current_subsidised=4, placement_type="paid_hours")) == []
    # A running course's plan changed: its place is one of those taken.
    assert _fields(_terms(current_subsidised=4, started=True)) == []


def test_the_reasonableness_rule_is_the_one_in_force_on_the_start_date() -> None:
    reform = dt.date(2027, 1, 1)
    rules = RuleBook(
        reasonableness=(
            *DEFAULT_RULES.reasonableness,
            ReasonablenessRule(effective_from=reform, per_small=4),  # 20 // 4: room for 5
        ),
        praktik_length=DEFAULT_RULES.praktik_length,
    )
    before, after = reform - dt.timedelta(days=1), reform
    assert _fields(_terms(current_subsidised=4, start=before), rules) == ["start_date"]
    assert _fields(_terms(current_subsidised=4, start=after), rules) == []
    (message,) = [r.reason for r in plans.problems(_terms(current_subsidised=4), rules)]
    assert "4 of 4 places" in message and "2026-12-07" in message


def test_the_ramp_up_goes_up_by_the_step_every_other_week_to_the_target() -> None:
    steps = plans.schedule(Ramp(start=6, target=11, step=2, every_weeks=2), start=START, weeks=8)
    assert [(s.week, s.hours) for s in steps] == [(1, 6), (3, 8), (5, 10), (7, 11)]
    assert steps[1].from_date == START + dt.timedelta(weeks=2)
    flat = plans.schedule(Ramp(start=12, target=12), start=START, weeks=4)
    assert [(s.week, s.hours) for s in flat] == [(1, 12)]


def test_follow_ups_fall_every_cadence_and_at_the_end() -> None:
    dates = plans.follow_up_dates(start=START, weeks=5, every_weeks=2)
    assert dates == [dt.date(2026, 12, 21), dt.date(2027, 1, 4), dt.date(2027, 1, 10)]
    assert plans.end_date(start=START, weeks=5) == dt.date(2027, 1, 10)
    assert plans.follow_up_dates(start=START, weeks=1, every_weeks=2) == [dt.date(2026, 12, 13)]


def test_a_draft_starts_at_the_hours_both_allow_and_ramps_to_the_most_both_allow() -> None:
    ramp = plans.draft_ramp(citizen=(6, 25), function=(8, 20), most=37)
    assert (ramp.start, ramp.target) == (8, 20)
    assert plans.draft_ramp(citizen=(6, 37), function=None, most=37).target == 37
    # Hours that do not overlap: never more than the citizen can (the consultant edits it).
    apart = plans.draft_ramp(citizen=(2, 6), function=(10, 20), most=37)
    assert (apart.start, apart.target) == (6, 6)
    assert plans.next_monday(dt.date(2026, 11, 25)) == dt.date(2026, 12, 7)


def test_months_after_the_end_keep_the_day_or_take_the_months_last() -> None:
    assert plans.add_months(dt.date(2026, 11, 25), 3) == dt.date(2027, 2, 25)
    assert plans.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert plans.add_months(dt.date(2026, 12, 31), 6) == dt.date(2027, 6, 30)
    assert plans.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert plans.paid_hours_week(13) == 7
