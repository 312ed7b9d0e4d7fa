"""Reverse matching: a function's candidates as anonymised cards (each shown citizen
audited), a coordinator's notification to the team that follows a candidate, and the
consultant's answer."""

import datetime as dt

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.errors import Conflict, NotFound
from api.placements import service as placements
from api.placements.schemas import ContactIn
from api.reverse.schemas import (
    CandidatesOut,
    CardOut,
    DecisionIn,
    NotificationOut,
    SentOut,
)
from api.schemas import WeeklyHours
from api.suggestions.schemas import LoadOut, shown_score
from api.unit import UniqueViolation, UnitOfWork
from api.workplaces import service as workplaces
from indexer.reverse import Found, function_candidates
from matcher.models import Workplace, WorkplaceFunction
from matcher.query import CitizenQuery
from matcher.reverse import card
from matcher.rules import RuleBook
from store import citizens as citizen_repository
from store import load as load_repository
from store import notifications as repository
from store import workplaces as workplace_repository
from store.models import NotificationRow
from store.states import AuditAction, NotificationStatus


def function_or_raise(workplace: Workplace, function_id: int) -> WorkplaceFunction:
    function = next((f for f in workplace.functions if f.id == function_id), None)
    if function is None:
        raise NotFound(f"function {function_id} is not a function of workplace {workplace.id}")
    return function


def candidates(
    unit: UnitOfWork, *, workplace_id: int, function_id: int, user: User, limit: int
) -> CandidatesOut:
    """The function's best `limit` candidates among the active citizens, as cards; every
    citizen shown is audited as read, with the unit's purpose."""
    session, context = unit.session, unit.context
    row = workplaces.get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    workplace = workplace_repository.to_domain(row)
    function = function_or_raise(workplace, function_id)
    pool = context.citizen_pool(session)
    found = function_candidates(pool, workplace, function_id, context.scoring(session))
    shown = found[:limit]
    tokens = repository.add_cards(
        session,
        shown=[(f.citizen_id, shown_score(f.candidate.suggestion)) for f in shown],
        workplace_id=workplace.id,
        function_id=function.id,
        by=user.username,
    )
    unit.audit(AuditAction.REVERSE, [f.citizen_id for f in shown])
    return CandidatesOut(
        workplace_id=workplace.id,
        function_id=function.id,
        function_title=function.title,
        total=len(found),
        free_places=free_places(workplace, context.reference.rules, context.today()),
        load=load_of(session, workplace, today=context.today(), function_id=function.id),
        candidates=[
            _card_out(token, f, pool.queries[f.candidate.position])
            for token, f in zip(tokens, shown, strict=True)
        ],
    )


def _card_out(token: str, found: Found, query: CitizenQuery) -> CardOut:
    shown = card(query, found.candidate.suggestion)
    return CardOut(
        token=token,
        target_group=shown.target_group,
        matched_terms=list(shown.matched_terms),
        needs_met=list(shown.needs_met),
        weekly_hours=WeeklyHours(min=shown.weekly_hours[0], max=shown.weekly_hours[1]),
        distance_band=shown.distance_band,
        placement_types=list(shown.placement_types),
        goal_relation=shown.goal_relation,
        score=shown_score(found.candidate.suggestion),
    )


def free_places(workplace: Workplace, rules: RuleBook, today: dt.date) -> int:
    """Places in praktik or wage subsidy left today under the reasonableness rule."""
    limit = rules.reasonableness_at(today).limit(workplace.ordinary_employees)
    return max(0, limit - workplace.current_subsidised_placements)


def load_of(session: Session, workplace: Workplace, *, today: dt.date, function_id: int) -> LoadOut:
    """How busy the workplace is, and with this function."""
    load = load_repository.loads(session, workplace_ids=[workplace.id], today=today)[workplace.id]
    by_function = load_repository.open_contacts_by_function(session, workplace_id=workplace.id)
    return LoadOut.of(load, open_for_function=by_function.get(function_id, 0))


def notify(unit: UnitOfWork, *, token: str, user: User) -> tuple[SentOut, bool]:
    """Tell the team that follows a card's citizen about the card's function (once: an
    open notification about the same citizen and function is returned as it is). Returns
    the notification and whether it is new."""
    session = unit.session
    shown = repository.card(session, token=token)
    if shown is None:
        raise NotFound(f"candidate card {token!r} does not exist")
    row = workplaces.get_editable_or_raise(session, workplace_id=shown.workplace_id, user=user)
    workplace = workplace_repository.to_domain(row)
    function = function_or_raise(workplace, shown.function_id)
    citizen = citizen_repository.get(session, citizen_id=shown.citizen_id)
    if citizen is None or not citizen.active:
        raise Conflict("the candidate is no longer in an active course")
    existing = repository.open_for(session, citizen_id=citizen.id, function_id=function.id)
    if existing is not None:
        return _sent(existing), False
    values = {
        "citizen_id": citizen.id,
        "team": citizen.team,
        "workplace_id": workplace.id,
        "workplace_name": workplace.name,
        "function_id": function.id,
        "function_title": function.title,
        "score": shown.score,
        "created_by": user.username,
    }
    try:
        added = repository.add(session, **values)
    except UniqueViolation:
        # Sent twice at once: the database kept the first, which both answer with.
        first = repository.open_for(session, citizen_id=citizen.id, function_id=function.id)
        if first is None:
            raise
        return _sent(first), False
    unit.audit(AuditAction.NOTIFY, [citizen.id])
    return _sent(added), True


def _sent(row: NotificationRow) -> SentOut:
    return SentOut(
        id=row.id,
        status=row.status,
        created_at=row.created_at,
        workplace_id=row.workplace_id,
        function_id=row.function_id,
    )


def for_team(unit: UnitOfWork, *, user: User) -> list[NotificationOut]:
    """The user's team's notifications, open first (each citizen listed is audited)."""
    session = unit.session
    rows = repository.for_team(session, team=user.team)
    citizens = citizen_repository.get_many(
        session, citizen_ids=sorted({row.citizen_id for row in rows})
    )
    unit.audit(AuditAction.READ_NOTIFICATIONS, sorted(citizens))
    return [
        notification_out(row, reference=citizens[row.citizen_id].reference)
        for row in rows
        if row.citizen_id in citizens
    ]


def notification_out(row: NotificationRow, *, reference: str | None) -> NotificationOut:
    return NotificationOut(
        id=row.id,
        citizen_id=row.citizen_id,
        citizen_reference=reference,
        workplace_id=row.workplace_id,
        workplace_name=row.workplace_name,
        function_id=row.function_id,
        function_title=row.function_title,
        score=row.score,
        status=row.status,
        created_at=row.created_at,
        created_by=row.created_by,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        placement_id=row.placement_id,
    )


def get_for_team_or_raise(session: Session, *, notification_id: int, user: User) -> NotificationRow:
    row = repository.get(session, notification_id=notification_id)
    if row is None or row.team != user.team:
        raise NotFound(f"notification {notification_id} does not exist")
    return row


def decide(
    unit: UnitOfWork, *, notification_id: int, data: DecisionIn, user: User
) -> NotificationOut:
    """Propose the function (a contact with the workplace is recorded) or dismiss it; a
    notification is answered once."""
    session = unit.session
    row = get_for_team_or_raise(session, notification_id=notification_id, user=user)
    status = (
        NotificationStatus.PROPOSED if data.decision == "propose" else NotificationStatus.DISMISSED
    )
    if row.status != NotificationStatus.OPEN:
        raise Conflict(f"notification {row.id} was already answered ({row.status})")
    if status is NotificationStatus.PROPOSED:
        _check_still_there(session, row)
    if not repository.decide(session, notification_id=row.id, status=status, by=user.username):
        raise Conflict(f"notification {row.id} was answered meanwhile by a colleague")
    session.refresh(row)
    unit.audit(AuditAction.DECIDE, [row.citizen_id])
    if status is NotificationStatus.PROPOSED:
        contact = ContactIn(
            workplace_id=row.workplace_id,
            function_id=row.function_id,
            placement_type=data.placement_type,
        )
        made = placements.contact(
            unit.context, session, citizen_id=row.citizen_id, data=contact, user=user
        )
        repository.link_placement(session, row=row, placement_id=made.id)
        unit.audit(AuditAction.CONTACT, [row.citizen_id])
    citizen = citizen_repository.get(session, citizen_id=row.citizen_id)
    return notification_out(row, reference=citizen.reference if citizen else None)


def _check_still_there(session: Session, row: NotificationRow) -> None:
    """A proposal needs the workplace and the function as they were notified."""
    workplace = workplace_repository.get(session, workplace_id=row.workplace_id)
    if workplace is None or all(f.id != row.function_id for f in workplace.functions):
        raise Conflict(
            f"{row.workplace_name}: {row.function_title} is no longer offered; dismiss it"
        )
