"""An individual plan's rules: the ramp-up of hours week by week, the follow-up dates, and what
the programme rules refuse (a praktik longer than the target group's cap, more hours than a
praktik may have, a praktik at the citizen's most recent employer, a workplace that is full
under the reasonableness rule on the start date). Pure: the rules in force come in as data."""

import calendar
import datetime as dt
import math
from dataclasses import dataclass

from matcher.refusals import Param, Refusal
from matcher.rules import RuleBook
from matcher.vocabulary import PRAKTIK_PLACEMENT_TYPES, SUBSIDISED_PLACEMENT_TYPES

# Longest plan of any placement type (a year); a praktik's cap is the rule's, by target group.
MAX_PLAN_WEEKS = 52
# The ramp-up a draft proposes when nothing else is known: +2 hours every second week.
DEFAULT_STEP_HOURS = 2.0
DEFAULT_STEP_EVERY_WEEKS = 2
DEFAULT_FOLLOW_UP_EVERY_WEEKS = 2
# A plan starts at most this long before or after the day it is saved: a course recorded late
# is still entered, a year ahead is as far as anyone agrees a placement.
PLAN_START_WINDOW = dt.timedelta(days=366)


def start_window(rules: RuleBook, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last start date a plan saved today may have (never before the rules)."""
    return max(rules.earliest, today - PLAN_START_WINDOW), today + PLAN_START_WINDOW


def start_problem(start: dt.date, rules: RuleBook, today: dt.date) -> Refusal | None:
    """Why a plan saved today may not start on `start`, or None."""
    first, last = start_window(rules, today)
    if start < rules.earliest:
        return Refusal("start_date", "no_rules_before", {"earliest": str(rules.earliest)})
    if start < first:
        return Refusal("start_date", "start_too_early", {"first": str(first)})
    if start > last:
        return Refusal("start_date", "start_too_late", {"last": str(last)})
    return None


def later(day: dt.date, **delta: float) -> dt.date:
    """`day` plus the timedelta's arguments, or the last date there is (a plan stored before
    dates were bounded can run past year 9999)."""
    try:
        return day + dt.timedelta(**delta)
    except OverflowError:
        return dt.date.max


@dataclass(frozen=True, slots=True)
class Ramp:
    """Hours a week: `start`, then `step` more every `every_weeks` weeks, up to `target`."""

    start: float
    target: float
    step: float = DEFAULT_STEP_HOURS
    every_weeks: int = DEFAULT_STEP_EVERY_WEEKS

    def hours_in_week(self, week: int) -> float:
        """Hours in the plan's week `week` (1 is the first)."""
        steps = (week - 1) // max(1, self.every_weeks)
        return min(self.target, self.start + self.step * steps) if self.step else self.start


@dataclass(frozen=True, slots=True)
class Step:
    """From `week` (starting on `from_date`) the citizen works `hours` a week."""

    week: int
    from_date: dt.date
    hours: float


def schedule(ramp: Ramp, *, start: dt.date, weeks: int) -> list[Step]:
    """The weeks in which the hours change, with the hours from then on."""
    steps: list[Step] = []
    for week in range(1, weeks + 1):
        hours = ramp.hours_in_week(week)
        if not steps or hours != steps[-1].hours:
            steps.append(Step(week, later(start, weeks=week - 1), hours))
    return steps


def follow_up_dates(*, start: dt.date, weeks: int, every_weeks: int) -> list[dt.date]:
    """The follow-ups the plan sets: every `every_weeks` weeks from the start, and the last
    week's (the end is followed up whatever the cadence)."""
    end = end_date(start=start, weeks=weeks)
    dates = [later(start, weeks=w) for w in range(every_weeks, weeks, every_weeks)]
    return [*dates, end] if not dates or dates[-1] != end else dates


def end_date(*, start: dt.date, weeks: int) -> dt.date:
    """The last day of a plan of `weeks` weeks starting on `start`."""
    return later(start, weeks=weeks, days=-1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def next_monday(after: dt.date) -> dt.date:
    """The first Monday at least a week after `after`: time to agree the plan."""
    ahead = after + dt.timedelta(days=7)
    return ahead + dt.timedelta(days=(7 - ahead.weekday()) % 7)


@dataclass(frozen=True, slots=True)
class PlanTerms:
    """What the rules look at in a plan, with the facts of the citizen and the workplace."""

    placement_type: str
    start: dt.date
    weeks: int
    ramp: Ramp
    target_group: str
    workplace_id: int
    most_recent_employer_id: int | None
    ordinary_employees: int
    current_subsidised: int
    started: bool = False
    """The course runs: its place is taken already, so the reasonableness rule, which asks
    whether there is room for one more, no longer applies to it."""


def weeks_allowed(placement_type: str, target_group: str, start: dt.date, rules: RuleBook) -> int:
    """The longest plan: the praktik rule's cap for the target group on the start date for a
    praktik, otherwise a year."""
    if placement_type in PRAKTIK_PLACEMENT_TYPES:
        return rules.praktik_length_at(max(start, rules.earliest)).max_weeks(target_group)
    return MAX_PLAN_WEEKS


def problems(terms: PlanTerms, rules: RuleBook) -> list[Refusal]:
    """What the rules refuse in the plan, field by field; empty when it may go ahead."""
    if terms.start < rules.earliest:
        return [Refusal("start_date", "no_rules_before", {"earliest": str(rules.earliest)})]
    found: list[Refusal] = []
    praktik = terms.placement_type in PRAKTIK_PLACEMENT_TYPES
    cap = weeks_allowed(terms.placement_type, terms.target_group, terms.start, rules)
    if terms.weeks > cap:
        on = str(terms.start)
        found.append(
            Refusal(
                "weeks",
                "praktik_too_long",
                {"target_group": terms.target_group, "weeks": cap, "on": on},
            )
            if praktik
            else Refusal("weeks", "plan_too_long", {"weeks": cap, "on": on})
        )
    most = rules.praktik_length_at(terms.start).max_weekly_hours
    if praktik and terms.ramp.target > most:
        found.append(Refusal("target_hours", "praktik_hours", {"hours": f"{most:g}"}))
    if terms.ramp.start > terms.ramp.target:
        found.append(Refusal("start_hours", "start_above_target"))
    if praktik and terms.workplace_id == terms.most_recent_employer_id:
        found.append(Refusal("placement_type", "most_recent_employer"))
    if terms.placement_type in SUBSIDISED_PLACEMENT_TYPES and not terms.started:
        limit = rules.reasonableness_at(terms.start).limit(terms.ordinary_employees)
        if terms.current_subsidised >= limit:
            taken: dict[str, Param] = {"on": str(terms.start), "limit": limit}
            taken["taken"] = terms.current_subsidised
            found.append(Refusal("start_date", "workplace_full", taken))
    return found


def draft_weeks(placement_type: str, target_group: str, start: dt.date, rules: RuleBook) -> int:
    """A draft's duration: the praktik cap, or 13 weeks for other placement types."""
    return min(weeks_allowed(placement_type, target_group, start, rules), 13)


def draft_ramp(
    *, citizen: tuple[float, float], function: tuple[float, float] | None, most: float
) -> Ramp:
    """A draft's ramp-up: start at the fewest hours both the citizen and the function allow,
    up to the most both allow (and the rule's `most`); never above the citizen's most."""
    low, high = citizen
    if function is not None:
        low, high = max(low, function[0]), min(high, function[1])
    start = min(low, citizen[1], most)
    return Ramp(start=start, target=min(max(high, start), most))


def paid_hours_week(weeks: int) -> int:
    """When a draft has paid hours discussed: half-way."""
    return max(1, math.ceil(weeks / 2))
