"""Workplace use cases on a real store (SQLite and PostgreSQL): a workplace is placed by its
coordinates or its postal code, a new one's functions carry no ids, only the portfolio's
coordinators edit it, an edit refuses a changed id or portfolio, a stale version and another
workplace's function; every change is queued for the index and for re-ranking nearby, the old
place as well as the new."""

import pytest

from api.auth.policy import User
from api.composition.context import AppContext
from api.shared.errors import Forbidden, InvalidInput, NotFound, VersionConflict
from api.shared.unit import unit_of_work
from api.workplaces import service
from api.workplaces.schemas import WorkplaceIn, WorkplaceUpdate
from store import reranks
from store import workplaces as repository
from tests.api.payloads import WORKPLACE, workplace

SOUTH = User(1, "koordinator.syd", "employer_coordinator", "virksomhedsservice-syd")
NORTH = User(2, "koordinator.nord", "employer_coordinator", "virksomhedsservice-nord")


def _create(context: AppContext, **changes: object) -> int:
    with unit_of_work(context) as unit:  # commits, then relays the change to the index
        row = service.create(
            unit.session,
            data=WorkplaceIn(**workplace(**changes)),
            postal_codes=context.matching.postal_codes,
            portfolio=SOUTH.team,
            by=SOUTH.username,
        )
        return row.id


def _update(context: AppContext, workplace_id: int, user: User = SOUTH, **changes: object) -> None:
    with unit_of_work(context) as unit:
        service.update(
            unit.session,
            workplace_id=workplace_id,
            data=WorkplaceUpdate(**workplace(**{"version": 1, **changes})),
            postal_codes=context.matching.postal_codes,
            user=user,
        )


def _field(error: InvalidInput) -> str:
    return str(error.detail[0]["field"])


def _pending(context: AppContext) -> list[tuple[float, float]]:
    with context.sessions.begin() as session:
        return sorted(reranks.take_pending(session))


def test_a_workplace_without_coordinates_is_placed_at_its_postal_codes_centre(
    context: AppContext,
) -> None:
    body = workplace(postal_code="2500")
    body.pop("coordinates")
    data = WorkplaceIn(**body)
    assert (
        service.resolve_coordinates(data, postal_codes=context.matching.postal_codes)
        == (context.matching.postal_codes["2500"])
    )
    unknown = WorkplaceIn(**{**body, "postal_code": "0999"})
    with pytest.raises(InvalidInput) as refused:
        service.resolve_coordinates(unknown, postal_codes=context.matching.postal_codes)
    assert _field(refused.value) == "coordinates"


def test_a_new_workplaces_functions_carry_no_ids(context: AppContext) -> None:
    functions = [WORKPLACE["functions"][0], {**WORKPLACE["functions"][0], "id": 5}]
    with pytest.raises(InvalidInput) as refused:
        _create(context, functions=functions)
    assert _field(refused.value) == "functions.1.id"


def test_a_new_workplace_is_indexed_and_queued_for_reranking(context: AppContext) -> None:
    workplace_id = _create(context)
    assert workplace_id in context.backend.indexed_versions()
    assert _pending(context) == [(55.6405, 12.481)]


def test_only_the_portfolios_coordinators_edit_it(context: AppContext) -> None:
    workplace_id = _create(context)
    with pytest.raises(Forbidden, match="virksomhedsservice-syd"):
        _update(context, workplace_id, user=NORTH, name="Overtaget")
    with context.sessions() as session, pytest.raises(Forbidden):
        service.delete(session, workplace_id=workplace_id, user=NORTH)
    with context.sessions() as session, pytest.raises(NotFound):
        service.get_or_raise(session, workplace_id=workplace_id + 1)


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"id": 999}, InvalidInput, "id"),
        ({"portfolio": "virksomhedsservice-nord"}, InvalidInput, "portfolio"),
        ({"version": 4}, VersionConflict, None),
        ({"functions": [{**WORKPLACE["functions"][0], "id": 999}]}, InvalidInput, "functions.0.id"),
    ],
)
def test_an_edit_is_refused_and_nothing_changes(
    context: AppContext, change: dict[str, object], error: type[Exception], field: str | None
) -> None:
    workplace_id = _create(context)
    _pending(context)
    with pytest.raises(error) as refused:
        _update(context, workplace_id, name="Ændret", **change)
    if field is not None:
        assert _field(refused.value) == field  # type: ignore[arg-type]
    with context.sessions() as session:
        row = service.get_or_raise(session, workplace_id=workplace_id)
        assert (row.name, row.version) == (WORKPLACE["name"], 1)
    assert _pending(context) == []


def test_a_move_queues_reranking_at_the_old_place_and_the_new(context: AppContext) -> None:
    workplace_id = _create(context)
    _pending(context)
    _update(context, workplace_id, coordinates={"lat": 55.70, "lon": 12.55})
    assert _pending(context) == [(55.6405, 12.481), (55.7, 12.55)]
    assert context.backend.indexed_versions()[workplace_id] == 2


def test_a_deleted_workplace_leaves_the_index(context: AppContext) -> None:
    workplace_id = _create(context)
    with unit_of_work(context) as unit:
        service.delete(unit.session, workplace_id=workplace_id, user=SOUTH)
    with context.sessions() as session:
        assert repository.get(session, workplace_id=workplace_id) is None
    assert workplace_id not in context.backend.indexed_versions()


def test_a_search_pages_only_as_far_as_the_index_answers(context: AppContext) -> None:
    first = _create(context, name="Genbrug Nord")
    _create(context, name="Kantine Syd")
    with context.sessions() as session:
        page, rows = service.search(
            session,
            backend=context.backend,
            text="nord",
            industry=None,
            postal_code=None,
            offset=0,
            limit=10,
        )
        assert [row.id for row in rows] == [first] and page.total == 1
        with pytest.raises(InvalidInput) as refused:
            service.search(
                session,
                backend=context.backend,
                text=None,
                industry=None,
                postal_code=None,
                offset=9_995,
                limit=10,
            )
    assert _field(refused.value) == "offset"
