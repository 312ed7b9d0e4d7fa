"""Contacts and placements: a consultant records that a workplace was contacted for one of the
team's citizens, what came of it (declined by the workplace, with its reason, or by the
citizen; agreed; started), and how a started placement ended. Only a started placement's outcome
counts in the workplace's record. The latest change can be undone; notes can be added."""

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.citizens import service as citizens
from api.composition.context import AppContext
from api.learning.capture import features_at_contact
from api.placements.schemas import ContactIn, DataQualityFlag, NoteIn, OutcomeIn, StatusIn
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, NotFound
from matcher.vocabulary import GOOD_OUTCOMES
from store import citizens as citizen_repository
from store import learning as learning_repository
from store import placements as repository
from store import reranks
from store import workplaces as workplace_repository
from store.models import PlacementRow
from store.states import NEXT_STATUSES, DeclineReason, PlacementStatus


def contact(
    context: AppContext, session: Session, *, citizen_id: int, data: ContactIn, user: User
) -> PlacementRow:
    """Record the contact, with the features the scorer finds for it now (what a learned
    ranking learns from; later edits of the profile do not change them)."""
    citizen = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    workplace = workplace_repository.get(session, workplace_id=data.workplace_id)
    if workplace is None:
        raise InvalidInput("workplace_id", "workplace_missing", workplace_id=data.workplace_id)
    _check_declined_before(session, citizen_id=citizen.id, workplace_id=workplace.id, data=data)
    title = None
    if data.function_id is not None:
        function = next((f for f in workplace.functions if f.id == data.function_id), None)
        if function is None:
            raise InvalidInput(
                "function_id",
                "not_a_function_of_workplace",
                function_id=data.function_id,
                workplace_id=workplace.id,
            )
        title = function.title
    row = repository.create(
        session,
        citizen_id=citizen.id,
        team=citizen.team,
        workplace_id=workplace.id,
        workplace_name=workplace.name,
        function_id=data.function_id,
        function_title=title,
        placement_type=data.placement_type,
    )
    found = features_at_contact(
        context,
        citizen_repository.to_domain(citizen),
        workplace_repository.to_domain(workplace),
        data.function_id,
    )
    if found is not None:
        learning_repository.save_features(session, row=row, features=found)
    return row


def _check_declined_before(
    session: Session, *, citizen_id: int, workplace_id: int, data: ContactIn
) -> None:
    """A workplace that declined the citizen is contacted again only by a consultant who
    saw the decline and said so."""
    declined = repository.latest_decline(session, citizen_id=citizen_id, workplace_id=workplace_id)
    if declined is not None and not data.after_decline:
        raise InvalidInput(
            "after_decline",
            "declined_before",
            day=(declined.declined_at or declined.contacted_at).date().isoformat(),
            reason=str(declined.decline_reason),
        )


def get_for_user_or_raise(session: Session, *, placement_id: int, user: User) -> PlacementRow:
    """The placement, when its citizen is one the user may see (else as if missing)."""
    row = repository.get(session, placement_id=placement_id)
    if row is None or row.team != user.team:
        raise NotFound(f"placement {placement_id} does not exist")
    return row


def change_status(
    session: Session, *, placement_id: int, data: StatusIn, user: User, today: dt.date
) -> PlacementRow:
    """Record what came of a contact (declined, agreed) or that an agreed placement started
    (not before its plan starts: no follow-up could be saved until then)."""
    row = get_for_user_or_raise(session, placement_id=placement_id, user=user)
    _check_reason(data)
    to = PlacementStatus(data.status)
    _check_move(row, to)
    if to is PlacementStatus.STARTED and row.plan is not None and today < row.plan.start_date:
        raise InvalidInput("status", "starts_before_plan", start=str(row.plan.start_date))
    values = {}
    if to is PlacementStatus.DECLINED_BY_WORKPLACE:
        values = {"decline_reason": data.reason, "declined_accommodation": data.accommodation}
    if not repository.change_status(session, row=row, to=to, by=user.username, values=values):
        _check_move(row, to)  # the placement as it is stored now says why
        raise _changed_meanwhile(row)
    return row


def _check_reason(data: StatusIn) -> None:
    """A workplace's decline has a reason, and an accommodation it cannot offer is named;
    neither goes with anything else."""
    declined = PlacementStatus(data.status) is PlacementStatus.DECLINED_BY_WORKPLACE
    if declined and data.reason is None:
        raise InvalidInput("reason", "reason_required")
    if not declined and data.reason is not None:
        raise InvalidInput("reason", "reason_only_when_declined")
    for_accommodation = data.reason is DeclineReason.CANNOT_OFFER_ACCOMMODATION
    if for_accommodation and data.accommodation is None:
        raise InvalidInput("accommodation", "accommodation_required")
    if not for_accommodation and data.accommodation is not None:
        raise InvalidInput("accommodation", "accommodation_only_for_reason")


def _check_move(row: PlacementRow, to: PlacementStatus) -> None:
    was = PlacementStatus(row.status)
    if to in NEXT_STATUSES.get(was, frozenset()):
        return
    if was is PlacementStatus.ENDED:
        raise AlreadyExists.because("already_ended", placement_id=row.id, outcome=str(row.outcome))
    allowed = sorted(NEXT_STATUSES.get(was, frozenset()))
    if not allowed:
        raise Conflict.because("cannot_become_any", placement_id=row.id, status=str(was))
    raise Conflict.because(
        "cannot_become", placement_id=row.id, status=str(was), allowed=", ".join(allowed)
    )


def _changed_meanwhile(row: PlacementRow) -> Conflict:
    return Conflict.because("changed_meanwhile", placement_id=row.id, status=row.status)


def record_outcome(
    session: Session, *, placement_id: int, data: OutcomeIn, user: User
) -> PlacementRow:
    """End a started placement; the workplace's record counts it (and the index and the next
    batch run see the new record)."""
    row = get_for_user_or_raise(session, placement_id=placement_id, user=user)
    early = data.outcome == "ended_early"
    if early != (data.reason is not None):
        raise InvalidInput("reason", "end_reason_required" if early else "end_reason_only_early")
    _check_move(row, PlacementStatus.ENDED)
    values = {"outcome": data.outcome, "end_reason": data.reason, "outcome_note": data.note}
    if not repository.end(session, row=row, values=values, by=user.username):
        _check_move(row, PlacementStatus.ENDED)  # the placement as it is stored now says why
        raise _changed_meanwhile(row)
    _count_in_record(session, row=row, outcome=data.outcome, count=1, by=user.username)
    return row


def undo(session: Session, *, placement_id: int, user: User) -> PlacementRow:
    """Take back the placement's latest status change (a status set by mistake). An outcome
    taken back leaves the workplace's record again."""
    row = get_for_user_or_raise(session, placement_id=placement_id, user=user)
    change = repository.last_change(session, row=row)
    if change is None:
        raise Conflict.because("nothing_to_undo", placement_id=placement_id)
    undone, outcome = PlacementStatus(change.to_status), row.outcome
    _check_undo(row, undone)
    if not repository.undo(session, row=row, change=change):
        raise _changed_meanwhile(row)
    if undone is PlacementStatus.ENDED and outcome is not None:
        _count_in_record(session, row=row, outcome=outcome, count=-1, by=user.username)
    return row


def _check_undo(row: PlacementRow, undone: PlacementStatus) -> None:
    """A change that later entries build on is not a mistake to take back: they would be
    left on a placement in the wrong state."""
    if undone is PlacementStatus.ENDED and row.statuses_after:
        raise Conflict.because("stays_ended", placement_id=row.id)
    if undone is PlacementStatus.STARTED and row.follow_ups:
        raise Conflict.because("stays_started", placement_id=row.id)


def _count_in_record(
    session: Session, *, row: PlacementRow, outcome: str, count: int, by: str
) -> None:
    """Add the outcome to the workplace's record (or with count -1 take it out again)."""
    workplace = workplace_repository.get(session, workplace_id=row.workplace_id)
    if workplace is None:  # a deleted workplace has no record to feed
        return
    workplace_repository.add_to_record(
        session,
        row=workplace,
        good=outcome in GOOD_OUTCOMES,
        paid_hours=outcome == "paid_hours",
        by=by,
        count=count,
    )
    reranks.add_pending(session, workplace_id=workplace.id, lat=workplace.lat, lon=workplace.lon)


def add_note(session: Session, *, placement_id: int, data: NoteIn, user: User) -> PlacementRow:
    """Add a note to a contact or placement; the placement with all its notes."""
    row = get_for_user_or_raise(session, placement_id=placement_id, user=user)
    repository.add_note(session, row=row, text=data.text, by=user.username)
    return row


def data_quality(session: Session, *, workplace_id: int) -> list[DataQualityFlag]:
    """For the coordinator: each accommodation the workplace lists (itself, or on the function
    contacted) but declined a contact for, saying it cannot offer it."""
    stored = workplace_repository.get(session, workplace_id=workplace_id)
    if stored is None:
        raise NotFound(f"workplace {workplace_id} does not exist")
    workplace = workplace_repository.to_domain(stored)
    listed_by_function = {f.id: f.accommodations for f in workplace.functions}
    anywhere = frozenset().union(*listed_by_function.values())
    declines: Counter[str] = Counter()
    last: dict[str, dt.datetime] = {}
    for row in repository.declined_for_accommodations(session, workplace_id=workplace_id):
        code, at = row.declined_accommodation, row.declined_at
        on_function = listed_by_function.get(row.function_id or -1, anywhere)
        if code is None or at is None or code not in workplace.accommodations | on_function:
            continue
        declines[code] += 1
        last[code] = max(at, last.get(code, at))
    flags = [
        DataQualityFlag(accommodation=code, declines=count, last_declined_at=last[code])
        for code, count in declines.items()
    ]
    return sorted(flags, key=lambda f: (-f.declines, f.accommodation))


def for_citizen(session: Session, *, citizen_id: int, user: User) -> list[PlacementRow]:
    citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    return repository.for_citizen(session, citizen_id=citizen_id)


def for_workplace(session: Session, *, workplace_id: int) -> list[PlacementRow]:
    return repository.for_workplace(session, workplace_id=workplace_id)
