import datetime as dt

import numpy as np
import pytest

from matcher.rules import DEFAULT_RULES, ReasonablenessRule, RuleBook


class TestReasonablenessRule:
    # max(1, floor(min(N, 50) / 5)) + floor(max(N - 50, 0) / 10)
    @pytest.mark.parametrize(
        ("employees", "limit"),
        [
            (0, 1),
            (4, 1),
            (5, 1),
            (9, 1),
            (10, 2),
            (49, 9),
            (50, 10),
            (51, 10),
            (59, 10),
            (60, 11),
            (200, 25),
        ],
    )
    def test_limit(self, employees: int, limit: int) -> None:
        rule = DEFAULT_RULES.reasonableness_at(dt.date(2026, 11, 22))
        assert rule.limit(employees) == limit

    def test_vectorised_limits_equal_the_scalar_rule(self) -> None:
        rule = DEFAULT_RULES.reasonableness_at(dt.date(2026, 11, 22))
        employees = np.arange(0, 400, dtype=np.int64)
        assert rule.limits(employees).tolist() == [rule.limit(int(n)) for n in employees]


class TestEffectiveDating:
    def test_the_rule_in_force_on_a_date_is_the_latest_that_started_by_then(self) -> None:
        old = ReasonablenessRule(effective_from=dt.date(2019, 1, 1))
        reform = ReasonablenessRule(effective_from=dt.date(2027, 1, 1), per_small=4)
        rules = RuleBook(reasonableness=(reform, old), praktik_length=DEFAULT_RULES.praktik_length)
        assert rules.reasonableness_at(dt.date(2026, 12, 31)).limit(20) == 4
        assert rules.reasonableness_at(dt.date(2027, 1, 1)).limit(20) == 5

    def test_no_rule_before_the_first_one_started(self) -> None:
        with pytest.raises(LookupError):
            DEFAULT_RULES.reasonableness_at(dt.date(2000, 1, 1))

    def test_praktik_length_by_target_group(self) -> None:
        rule = DEFAULT_RULES.praktik_length_at(dt.date(2026, 11, 22))
        assert rule.max_weeks("sick_listed") == 13
        assert rule.max_weeks("job_ready") == 4
