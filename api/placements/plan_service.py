"""A placement after the contact: the individual plan (drafted from the suggestion's facts, checked
against the rules in force on its start date), follow-ups on the running placement, the
follow-ups due this week, and where the citizen is 1, 3 and 6 months after the end."""

import datetime as dt
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.citizens import service as citizens
from api.placements import service as placements
from api.placements.plan_schemas import DueOut, FollowUpIn, PlanIn, PlanOut, StatusAfterIn
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, NotFound, refused_item
from api.shared.unit import UniqueViolation
from matcher import plans
from matcher.models import CitizenProfile, Workplace, WorkplaceFunction
from matcher.refusals import Refusal
from matcher.rules import RuleBook
from matcher.vocabulary import PLACEMENT_TYPES
from store import citizens as citizen_repository
from store import plans as repository
from store import workplaces as workplace_repository
from store.models import PlacementRow, PlanRow
from store.states import PlacementStatus


class PlanSavedMeanwhile(Conflict):
    """Someone saved the plan after the version the user read."""


# A plan is made once the workplace is willing, and kept up to date while the placement runs.
_PLANNED = frozenset({PlacementStatus.CONTACTED, PlacementStatus.AGREED, PlacementStatus.STARTED})


def _facts(session: Session, row: PlacementRow, user: User) -> tuple[CitizenProfile, Workplace]:
    citizen = citizens.get_for_user_or_raise(session, citizen_id=row.citizen_id, user=user)
    stored = workplace_repository.get(session, workplace_id=row.workplace_id)
    if stored is None:
        raise Conflict(f"workplace {row.workplace_id} no longer exists; no plan can be made")
    return citizens.profile_of(citizen), workplace_repository.to_domain(stored)


def draft(
    session: Session, *, placement_id: int, user: User, rules: RuleBook, today: dt.date
) -> PlanOut:
    """A plan filled from what is known: the function's tasks, the hours both allow with a
    ramp-up, the citizen's needs the workplace meets, its contact person, the next start
    date, the longest duration the rules allow (at most 13 weeks), and what the rules
    would refuse in it."""
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    profile, workplace = _facts(session, row, user)
    function = next((f for f in workplace.functions if f.id == row.function_id), None)
    offered = workplace.accommodations | (function.accommodations if function else frozenset())
    placement_type = row.placement_type or _first_type(profile, function)
    start = plans.next_monday(today)
    weeks = plans.draft_weeks(placement_type, profile.target_group, start, rules)
    ramp = plans.draft_ramp(
        citizen=(profile.hours.min, profile.hours.max),
        function=(function.hours.min, function.hours.max) if function else None,
        most=rules.praktik_length_at(start).max_weekly_hours,
    )
    agreed = [need.code for need in profile.accommodation_needs if need.code in offered]
    values = {
        "placement_type": placement_type,
        "start_date": start,
        "weeks": weeks,
        "start_hours": ramp.start,
        "target_hours": ramp.target,
        "step_hours": ramp.step,
        "step_every_weeks": ramp.every_weeks,
        "tasks": list(function.tasks) if function else [],
        "goals": None,
        "accommodations": agreed,
        "contact_person": workplace.contact.name,
        "mentor": workplace.contact.name if "mentor" in agreed else None,
        "follow_up_every_weeks": plans.DEFAULT_FOLLOW_UP_EVERY_WEEKS,
        "paid_hours_week": plans.paid_hours_week(weeks),
    }
    return _out(row, values, profile=profile, workplace=workplace, rules=rules, stored=None)


def _first_type(profile: CitizenProfile, function: WorkplaceFunction | None) -> str:
    """The placement type a draft assumes: the first the citizen and the function share."""
    offered = function.placement_types if function else frozenset(PLACEMENT_TYPES)
    wanted = profile.placement_types or frozenset(PLACEMENT_TYPES)
    return next((t for t in PLACEMENT_TYPES if t in offered & wanted), "internship")


def save(
    session: Session,
    *,
    placement_id: int,
    data: PlanIn,
    user: User,
    rules: RuleBook,
    today: dt.date,
) -> PlanOut:
    """Save the plan agreed, when it starts within a year of today and the rules allow it
    (else 422 naming each field they refuse); a plan changed meanwhile by someone else is
    not overwritten (409)."""
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    if PlacementStatus(row.status) not in _PLANNED:
        raise Conflict(f"placement {row.id} is {row.status}: its plan can no longer change")
    wrong_start = plans.start_problem(data.start_date, rules, today)
    if wrong_start is not None:
        raise InvalidInput.of([wrong_start])
    profile, workplace = _facts(session, row, user)
    values = data.model_dump(exclude={"version"})
    found = _problems(values, row=row, profile=profile, workplace=workplace, rules=rules)
    if found:
        raise InvalidInput.of(found)
    stored = repository.save_plan(
        session, row=row, values=values, version=data.version, by=user.username
    )
    if stored is None:
        current = row.plan.version if row.plan else None
        raise PlanSavedMeanwhile(
            f"the plan of placement {row.id} was saved by someone else meanwhile "
            f"(version {current}, you sent {data.version}); reload it and make your change again"
        )
    return of_stored(row, stored, profile=profile, workplace=workplace, rules=rules)


def _problems(
    values: dict[str, Any],
    *,
    row: PlacementRow,
    profile: CitizenProfile,
    workplace: Workplace,
    rules: RuleBook,
) -> list[Refusal]:
    terms = plans.PlanTerms(
        placement_type=values["placement_type"],
        start=values["start_date"],
        weeks=values["weeks"],
        ramp=_ramp(values),
        target_group=profile.target_group,
        workplace_id=workplace.id,
        most_recent_employer_id=profile.most_recent_employer_id,
        ordinary_employees=workplace.ordinary_employees,
        current_subsidised=workplace.current_subsidised_placements,
        started=PlacementStatus(row.status) is PlacementStatus.STARTED,
    )
    found = plans.problems(terms, rules)
    week = values["paid_hours_week"]
    if week is not None and week > values["weeks"]:
        found.append(Refusal("paid_hours_week", "paid_hours_after_end", {"week": week}))
    return found


def _ramp(values: dict[str, Any]) -> plans.Ramp:
    return plans.Ramp(
        values["start_hours"],
        values["target_hours"],
        values["step_hours"],
        values["step_every_weeks"],
    )


def get(session: Session, *, placement_id: int, user: User, rules: RuleBook) -> PlanOut:
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    if row.plan is None:
        raise NotFound(f"placement {placement_id} has no plan yet")
    profile, workplace = _facts(session, row, user)
    return of_stored(row, row.plan, profile=profile, workplace=workplace, rules=rules)


_PLAN_FIELDS = tuple(name for name in PlanIn.model_fields if name != "version")


def of_stored(
    row: PlacementRow,
    plan: PlanRow,
    *,
    profile: CitizenProfile,
    workplace: Workplace,
    rules: RuleBook,
) -> PlanOut:
    values = {name: getattr(plan, name) for name in _PLAN_FIELDS}
    return _out(row, values, profile=profile, workplace=workplace, rules=rules, stored=plan)


def _out(
    row: PlacementRow,
    values: dict[str, Any],
    *,
    profile: CitizenProfile,
    workplace: Workplace,
    rules: RuleBook,
    stored: PlanRow | None,
) -> PlanOut:
    """The plan as the API shows it, with its schedule, dates and what the rules refuse."""
    start, weeks = values["start_date"], values["weeks"]
    week = values["paid_hours_week"]
    every = values["follow_up_every_weeks"]
    steps = plans.schedule(_ramp(values), start=start, weeks=weeks)
    found = _problems(values, row=row, profile=profile, workplace=workplace, rules=rules)
    return PlanOut.model_validate(
        {
            **values,
            "placement_id": row.id,
            "citizen_id": row.citizen_id,
            "workplace_id": row.workplace_id,
            "workplace_name": row.workplace_name,
            "function_title": row.function_title,
            "end_date": plans.end_date(start=start, weeks=weeks),
            "schedule": [asdict(step) for step in steps],
            "follow_up_dates": plans.follow_up_dates(start=start, weeks=weeks, every_weeks=every),
            "paid_hours_date": None if week is None else plans.later(start, weeks=week - 1),
            "max_weeks": plans.weeks_allowed(
                values["placement_type"], profile.target_group, start, rules
            ),
            "version": stored.version if stored else None,
            "consultant": stored.consultant if stored else None,
            "updated_at": stored.at if stored else None,
            "problems": [refused_item(refusal) for refusal in found],
        }
    )


def add_follow_up(
    session: Session, *, placement_id: int, data: FollowUpIn, user: User, today: dt.date
) -> tuple[PlacementRow, bool]:
    """A follow-up on a running placement (not one that has not started or has ended), one a
    day: the same one sent again is stored once. Returns the placement and whether the
    follow-up is new."""
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    if PlacementStatus(row.status) is not PlacementStatus.STARTED:
        raise Conflict.because("not_running", placement_id=row.id, status=row.status)
    if data.held_on > today:
        raise InvalidInput("held_on", "in_future", day=str(data.held_on))
    if row.plan is not None and data.held_on < row.plan.start_date:
        raise InvalidInput("held_on", "before_plan_start", start=str(row.plan.start_date))
    contacted = row.contacted_at.date()
    if row.plan is None and data.held_on < contacted:
        raise InvalidInput("held_on", "before_contact", contacted=str(contacted))
    values = data.model_dump()
    if _recorded(session, row, values):
        return row, False
    try:
        repository.add_follow_up(session, row=row, values=values, by=user.username)
    except UniqueViolation:
        # Posted twice at once: the database kept one; the other is the same or refused.
        if not _recorded(session, row, values):
            raise
        return row, False
    return row, True


def _recorded(session: Session, row: PlacementRow, values: dict[str, Any]) -> bool:
    """Whether this follow-up is already recorded (a repeat: nothing more is stored); a
    different one on the same day is refused (409)."""
    same_day = repository.follow_up_on(session, placement_id=row.id, held_on=values["held_on"])
    if same_day is None:
        return False
    if any(getattr(same_day, name) != value for name, value in values.items()):
        raise AlreadyExists.because(
            "follow_up_differs", placement_id=row.id, day=str(values["held_on"])
        )
    return True


def record_status_after(
    session: Session, *, placement_id: int, data: StatusAfterIn, user: User, today: dt.date
) -> PlacementRow:
    """Where the citizen is `months` after the placement ended, once that time has come."""
    row = placements.get_for_user_or_raise(session, placement_id=placement_id, user=user)
    if PlacementStatus(row.status) is not PlacementStatus.ENDED or row.ended_at is None:
        raise Conflict.because("not_ended", placement_id=row.id, status=row.status)
    due = plans.add_months(row.ended_at.date(), data.months)
    if today < due:
        raise InvalidInput("months", "not_yet_due", months=data.months, due=str(due))
    if any(entry.months == data.months for entry in row.statuses_after):
        raise AlreadyExists.because("status_after_recorded", months=data.months)
    repository.record_status_after(
        session, row=row, months=data.months, status=data.status, by=user.username
    )
    return row


def due(session: Session, *, user: User, today: dt.date, whole_team: bool) -> list[DueOut]:
    """The running placements to follow up by the end of this week (Sunday), overdue first:
    the user's own (the plans they follow up), or the whole team's."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    rows = repository.running_with_plans(
        session, team=user.team, consultant=None if whole_team else user.username
    )
    due_on = {row.id: repository.next_follow_up(row) for row in rows}
    listed = [(row, day, row.plan) for row in rows if (day := due_on[row.id]) and day <= week_end]
    citizens_listed = citizen_repository.get_many(
        session, citizen_ids=sorted({row.citizen_id for row, _, _ in listed})
    )
    found = [
        DueOut(
            placement_id=row.id,
            citizen_id=row.citizen_id,
            citizen_reference=citizens_listed[row.citizen_id].reference,
            workplace_name=row.workplace_name,
            function_title=row.function_title,
            due_on=day,
            overdue=day < today,
            consultant=plan.consultant,
        )
        for row, day, plan in listed
        if plan is not None
    ]
    return sorted(found, key=lambda d: (d.due_on, d.placement_id))
