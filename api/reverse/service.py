"""Reverse matching: a function's candidates as anonymised cards (each shown citizen
audited), a coordinator's notification to the team that follows a candidate, and the
consultant's answer."""

import datetime as dt

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.placements import service as placements
from api.placements.schemas import ContactIn
from api.reverse.schemas import (
    CandidatesOut,
    CardOut,
    DecisionIn,
    NotificationOut,
    SentOut,
)
from api.shared.errors import Conflict, NotFound, TooManyRequests
from api.shared.unit import UniqueViolation, UnitOfWork
from api.suggestions.schemas import LoadOut, shown_score
from api.workplaces import service as workplaces
from batch.reverse import function_candidates
from matcher.models import Workplace, WorkplaceFunction
from matcher.reverse import CandidateCard, anonymise, card
from matcher.rules import RuleBook
from store import citizens as citizen_repository
from store import load as load_repository
from store import lookups
from store import notifications as repository
from store import placements as placement_repository
from store import workplaces as workplace_repository
from store.models import NotificationRow, PlacementRow, WorkplaceRow
from store.states import AuditAction, NotificationStatus


def function_or_raise(workplace: Workplace, function_id: int) -> WorkplaceFunction:
    function = next((f for f in workplace.functions if f.id == function_id), None)
    if function is None:
        raise NotFound(f"function {function_id} is not a function of workplace {workplace.id}")
    return function


class NotSettled(Conflict):
    """The function's location or accommodations changed too recently for candidates."""

    error = "recently_changed"

    def __init__(self, detail: str, *, ready: dt.datetime) -> None:
        super().__init__(detail)
        self.ready = ready


def candidates(
    unit: UnitOfWork, *, workplace_id: int, function_id: int, user: User, limit: int
) -> CandidatesOut:
    """The function's best `limit` candidates among the active citizens, as anonymised cards
    (matcher.reverse.anonymise), once its location and accommodations have stood for the
    settle time, within the coordinator's look-ups a day; every citizen shown is audited as
    read, with the unit's purpose."""
    session, context = unit.session, unit.context
    settings = context.settings
    row = workplaces.get_editable_or_raise(session, workplace_id=workplace_id, user=user)
    workplace = workplace_repository.to_domain(row)
    function = function_or_raise(workplace, function_id)
    _check_settled(row, function.id, hours=settings.reverse_settle_hours)
    _count_lookup(unit, user, limit=settings.reverse_lookups_per_day)
    pool = context.pools.current(session)
    found = function_candidates(pool, workplace, function_id, context.matching.scoring(session))
    cards = anonymise(
        [card(pool.queries[f.candidate.position], f.candidate.suggestion) for f in found],
        settings.reverse_min_group,
    )
    shown = [
        (found[position], shown_card)
        for position, shown_card in cards.first(limit, settings.reverse_min_group)
    ]
    tokens = repository.add_cards(
        session,
        shown=[(f.citizen_id, shown_score(f.candidate.suggestion)) for f, _ in shown],
        workplace_id=workplace.id,
        function_id=function.id,
        by=user.username,
    )
    # Every look-up is audited: an entry a citizen shown, or one naming nobody.
    unit.audit(AuditAction.REVERSE, [f.citizen_id for f, _ in shown] or [None])
    return CandidatesOut(
        workplace_id=workplace.id,
        function_id=function.id,
        function_title=function.title,
        total=len(found),
        hidden=cards.hidden,
        min_group=settings.reverse_min_group,
        free_places=free_places(workplace, context.matching.rules, context.matching.today()),
        load=load_of(session, workplace, today=context.matching.today(), function_id=function.id),
        candidates=[
            _card_out(token, shown_card)
            for token, (_, shown_card) in zip(tokens, shown, strict=True)
        ],
    )


def _check_settled(row: WorkplaceRow, function_id: int, *, hours: float) -> None:
    """Refuse candidates for a function a coordinator moved or changed the accommodations
    of less than `hours` ago: moving a workplace from place to place and comparing its
    candidates would otherwise close in on where they live."""
    changed = next(f.matching_changed_at for f in row.functions if f.id == function_id)
    if changed is None:
        return
    ready = changed + dt.timedelta(hours=hours)
    if ready > dt.datetime.now(dt.UTC):
        raise NotSettled(
            f"the function's location or accommodations changed at "
            f"{changed.isoformat(timespec='minutes')}; its candidates are shown from "
            f"{ready.isoformat(timespec='minutes')} ({hours:g} hours after a change)",
            ready=ready,
        )


def _count_lookup(unit: UnitOfWork, user: User, *, limit: int) -> None:
    today = unit.context.matching.today()
    if not lookups.take_one(unit.session, username=user.username, day=today, limit=limit):
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time()).astimezone()
        raise TooManyRequests(
            f"{limit} candidate look-ups a day is the limit, and today's are used; "
            "try again tomorrow",
            retry_after_s=(tomorrow - dt.datetime.now().astimezone()).total_seconds(),
        )


def _card_out(token: str, shown: CandidateCard) -> CardOut:
    return CardOut(
        token=token,
        detail=shown.detail.value,
        target_group=shown.target_group,
        weekly_hours_band=shown.hours_band,
        distance_band=shown.distance_band,
        match=shown.match,
        placement_types=list(shown.placement_types),
        goal_relation=shown.goal_relation,
        needs_met=list(shown.needs_met),
        matched_terms=list(shown.matched_terms),
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
        raise Conflict("the candidate is no longer in an active placement")
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
        notification_out(
            row,
            reference=citizens[row.citizen_id].reference,
            declined=_declined(session, row) if row.status == NotificationStatus.OPEN else None,
        )
        for row in rows
        if row.citizen_id in citizens
    ]


def _declined(session: Session, row: NotificationRow) -> PlacementRow | None:
    return placement_repository.latest_decline(
        session, citizen_id=row.citizen_id, workplace_id=row.workplace_id
    )


def notification_out(
    row: NotificationRow, *, reference: str | None, declined: PlacementRow | None = None
) -> NotificationOut:
    return NotificationOut(
        declined_on=(declined.declined_at or declined.contacted_at).date() if declined else None,
        decline_reason=declined.decline_reason if declined else None,
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
            after_decline=data.after_decline,
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
