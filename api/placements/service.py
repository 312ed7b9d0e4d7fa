"""Contacts and outcomes: a consultant records that a workplace was contacted for one of the
team's citizens, and later how it ended; the outcome counts in the workplace's record."""

from sqlalchemy.orm import Session

from api.auth.policy import User
from api.citizens import service as citizens
from api.errors import AlreadyExists, InvalidInput, NotFound
from api.placements.schemas import ContactIn, OutcomeIn
from matcher.vocabulary import GOOD_OUTCOMES
from store import outbox, reranks
from store import placements as repository
from store import workplaces as workplace_repository
from store.models import PlacementRow


def contact(session: Session, *, citizen_id: int, data: ContactIn, user: User) -> PlacementRow:
    citizen = citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    workplace = workplace_repository.get(session, workplace_id=data.workplace_id)
    if workplace is None:
        raise InvalidInput("workplace_id", f"workplace {data.workplace_id} does not exist")
    title = None
    if data.function_id is not None:
        function = next((f for f in workplace.functions if f.id == data.function_id), None)
        if function is None:
            raise InvalidInput(
                "function_id",
                f"function {data.function_id} is not a function of workplace {workplace.id}",
            )
        title = function.title
    return repository.create(
        session,
        citizen_id=citizen.id,
        team=citizen.team,
        workplace_id=workplace.id,
        workplace_name=workplace.name,
        function_id=data.function_id,
        function_title=title,
        placement_type=data.placement_type,
    )


def get_for_user_or_raise(session: Session, *, placement_id: int, user: User) -> PlacementRow:
    """The placement, when its citizen is one the user may see (else as if missing)."""
    row = repository.get(session, placement_id=placement_id)
    if row is None or row.team != user.team:
        raise NotFound(f"placement {placement_id} does not exist")
    return row


def record_outcome(
    session: Session, *, placement_id: int, data: OutcomeIn, user: User
) -> PlacementRow:
    """End the placement; the workplace's record counts it (and the index and the next batch
    run see the new record)."""
    row = get_for_user_or_raise(session, placement_id=placement_id, user=user)
    if not repository.end(session, row=row, outcome=data.outcome, note=data.note):
        raise AlreadyExists(f"placement {placement_id} already has its outcome ({row.outcome})")
    workplace = workplace_repository.get(session, workplace_id=row.workplace_id)
    if workplace is not None:  # a deleted workplace has no record to feed
        workplace_repository.add_to_record(
            session,
            row=workplace,
            good=data.outcome in GOOD_OUTCOMES,
            paid_hours=data.outcome == "paid_hours",
            by=user.username,
        )
        outbox.add(session, workplace_id=workplace.id, action=outbox.UPSERT)
        reranks.add_pending(
            session, workplace_id=workplace.id, lat=workplace.lat, lon=workplace.lon
        )
    return row


def for_citizen(session: Session, *, citizen_id: int, user: User) -> list[PlacementRow]:
    citizens.get_for_user_or_raise(session, citizen_id=citizen_id, user=user)
    return repository.for_citizen(session, citizen_id=citizen_id)


def for_workplace(session: Session, *, workplace_id: int) -> list[PlacementRow]:
    return repository.for_workplace(session, workplace_id=workplace_id)
