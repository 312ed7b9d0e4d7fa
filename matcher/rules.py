"""Effective-dated programme rules. The parameters are data; the code only applies them."""

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class ReasonablenessRule:
    """Rimelighedskravet: how many people in praktik and wage subsidy a workplace may have.

    limit(N) = max(minimum, floor(min(N, small_cap) / per_small))
               + floor(max(N - small_cap, 0) / per_large)
    where N is the number of ordinary employees.
    """

    effective_from: dt.date
    minimum: int = 1
    small_cap: int = 50
    per_small: int = 5
    per_large: int = 10

    def limit(self, ordinary_employees: int) -> int:
        """Maximum people in praktik and wage subsidy together for N ordinary employees."""
        n = max(0, ordinary_employees)
        small = max(self.minimum, min(n, self.small_cap) // self.per_small)
        return small + max(n - self.small_cap, 0) // self.per_large

    def limits(self, ordinary_employees: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """`limit` for many workplaces at once."""
        n = np.maximum(ordinary_employees.astype(np.int64), 0)
        small = np.maximum(self.minimum, np.minimum(n, self.small_cap) // self.per_small)
        result: npt.NDArray[np.int64] = small + np.maximum(n - self.small_cap, 0) // self.per_large
        return result


@dataclass(frozen=True, slots=True)
class PraktikLengthRule:
    """Maximum length of virksomhedspraktik in weeks, by target group."""

    effective_from: dt.date
    weeks_by_target_group: tuple[tuple[str, int], ...]
    default_weeks: int = 4
    max_weekly_hours: float = 37.0

    def max_weeks(self, target_group: str) -> int:
        return dict(self.weeks_by_target_group).get(target_group, self.default_weeks)


_Rule = TypeVar("_Rule", ReasonablenessRule, PraktikLengthRule)


@dataclass(frozen=True, slots=True)
class RuleBook:
    """All versions of the rules; `at(date)` picks the ones in force on that date."""

    reasonableness: tuple[ReasonablenessRule, ...]
    praktik_length: tuple[PraktikLengthRule, ...]

    def reasonableness_at(self, on: dt.date) -> ReasonablenessRule:
        return _in_force(self.reasonableness, on)

    def praktik_length_at(self, on: dt.date) -> PraktikLengthRule:
        return _in_force(self.praktik_length, on)

    @property
    def earliest(self) -> dt.date:
        """The first day on which every rule has a version in force."""
        return max(
            min(rule.effective_from for rule in versions)
            for versions in (self.reasonableness, self.praktik_length)
        )


def _in_force(versions: tuple[_Rule, ...], on: dt.date) -> _Rule:
    in_force = [rule for rule in versions if rule.effective_from <= on]
    if not in_force:
        raise LookupError(f"no rule in force on {on.isoformat()}")
    return max(in_force, key=lambda rule: rule.effective_from)


DEFAULT_RULES = RuleBook(
    reasonableness=(ReasonablenessRule(effective_from=dt.date(2019, 1, 1)),),
    praktik_length=(
        PraktikLengthRule(
            effective_from=dt.date(2019, 1, 1),
            # Sick-listed and activity-ready citizens: 13 weeks; the job-ready: 4 weeks.
            weeks_by_target_group=(
                ("sick_listed", 13),
                ("vulnerable_adult", 13),
                ("vulnerable_youth", 13),
                ("minority_women", 13),
            ),
        ),
    ),
)
