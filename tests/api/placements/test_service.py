"""Contacts and outcomes on a real store (SQLite and PostgreSQL): a contact names a workplace
and one of its own functions, only the citizen's team sees and ends it, an outcome is recorded
once, and it feeds the workplace's record, the index and the re-ranking nearby (a deleted
workplace's contact can still end)."""

import pytest

from api.auth.policy import User
from api.composition.context import AppContext
from api.placements import service
from api.placements.schemas import ContactIn, OutcomeIn, StatusIn
from api.shared.errors import AlreadyExists, InvalidInput, NotFound
from api.shared.unit import unit_of_work
from store import reranks
from store import workplaces as workplace_repository
from store.models import PlacementRow
from tests.api.payloads import citizen
from tests.stored import add_citizens, add_workplaces

SOUTH = User(1, "konsulent.syd", "consultant", "jobcenter-syd")
NORTH = User(2, "konsulent.nord", "consultant", "jobcenter-nord")


def _setup(context: AppContext) -> tuple[int, int, int]:
    """A citizen of the south team, a workplace and its function."""
    (workplace_id,) = add_workplaces(context, 1)
    (citizen_id,) = add_citizens(context, citizen())
    with context.sessions() as session:
        row = workplace_repository.get(session, workplace_id=workplace_id)
        assert row is not None
        return citizen_id, workplace_id, row.functions[0].id


def _contact(context: AppContext, citizen_id: int, user: User = SOUTH, **body: object) -> int:
    with unit_of_work(context) as unit:
        return service.contact(
            context, unit.session, citizen_id=citizen_id, data=ContactIn(**body), user=user
        ).id


def _move(context: AppContext, placement_id: int, status: str, user: User = SOUTH) -> None:
    with unit_of_work(context) as unit:
        service.change_status(
            unit.session,
            placement_id=placement_id,
            data=StatusIn(status=status),
            user=user,
            today=context.matching.today(),
        )


def _end(context: AppContext, placement_id: int, outcome: str, user: User = SOUTH) -> None:
    """Start the course if it has not started, and end it with the outcome."""
    with context.sessions() as session:
        row = session.get(PlacementRow, placement_id)
        status = None if row is None else row.status
    for step, then in (("contacted", "agreed"), ("agreed", "started")):
        if status == step:
            _move(context, placement_id, then, user)
            status = then
    with unit_of_work(context) as unit:
        service.record_outcome(
            unit.session,
            placement_id=placement_id,
            data=OutcomeIn(outcome=outcome, reason="health" if outcome == "ended_early" else None),
            user=user,
        )


def test_a_contact_names_the_workplace_and_its_functions_title(context: AppContext) -> None:
    citizen_id, workplace_id, function_id = _setup(context)
    placement_id = _contact(context, citizen_id, workplace_id=workplace_id, function_id=function_id)
    with context.sessions() as session:
        (row,) = service.for_citizen(session, citizen_id=citizen_id, user=SOUTH)
        assert row.id == placement_id
        assert (row.workplace_name, row.function_title) == (
            "Arbejdsplads 0",
            "Sorteringsmedarbejder",
        )
        assert [p.id for p in service.for_workplace(session, workplace_id=workplace_id)] == [
            placement_id
        ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"workplace_id": 999}, "workplace_id"),
        ({"function_id": 999}, "function_id"),
    ],
)
def test_a_contact_with_an_unknown_workplace_or_function_is_refused_by_field(
    context: AppContext, body: dict[str, int], field: str
) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    with pytest.raises(InvalidInput) as refused:
        _contact(context, citizen_id, **{"workplace_id": workplace_id, **body})
    assert refused.value.detail[0]["field"] == field


def test_another_teams_citizen_and_placement_are_as_if_missing(context: AppContext) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    with pytest.raises(NotFound):
        _contact(context, citizen_id, user=NORTH, workplace_id=workplace_id)
    placement_id = _contact(context, citizen_id, workplace_id=workplace_id)
    with pytest.raises(NotFound):
        _end(context, placement_id, "paid_hours", user=NORTH)


def test_an_outcome_is_recorded_once_and_feeds_the_record_index_and_reranking(
    context: AppContext,
) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    first = _contact(context, citizen_id, workplace_id=workplace_id)
    second = _contact(context, citizen_id, workplace_id=workplace_id)
    with context.sessions.begin() as session:
        reranks.take_pending(session)
    _end(context, first, "paid_hours")
    _end(context, second, "ended_early")
    with pytest.raises(AlreadyExists, match="already has its outcome"):
        _end(context, first, "ordinary_job")
    with context.sessions() as session:
        row = workplace_repository.get(session, workplace_id=workplace_id)
        assert row is not None
        record = workplace_repository.to_domain(row).record
        assert (record.placements, record.good_outcomes, record.paid_hours_outcomes) == (2, 1, 1)
        assert len(reranks.take_pending(session)) == 2
    assert context.backend.indexed_versions()[workplace_id] == row.version == 3


def test_a_deleted_workplaces_contact_can_still_end(context: AppContext) -> None:
    citizen_id, workplace_id, _ = _setup(context)
    placement_id = _contact(context, citizen_id, workplace_id=workplace_id)
    with context.sessions.begin() as session:
        row = workplace_repository.get(session, workplace_id=workplace_id)
        assert row is not None
        workplace_repository.delete(session, row=row)
    _end(context, placement_id, "education")
    with context.sessions() as session:
        (ended,) = service.for_citizen(session, citizen_id=citizen_id, user=SOUTH)
        assert ended.outcome == "education"
