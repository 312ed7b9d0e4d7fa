"""Citizen use cases on a real store (SQLite and PostgreSQL): an unusable profile is refused by
field, another team's citizen answers as a missing one, an edit refuses a changed id or team,
a stale version and a taken reference, and erasing leaves no trace but the audit log."""

import pytest

from api.auth.policy import User
from api.citizens import service
from api.citizens.schemas import CitizenIn, CitizenUpdate
from api.composition.context import AppContext
from api.shared.errors import AlreadyExists, InvalidInput, NotFound, VersionConflict
from store import citizens as repository
from store import reranks
from store.states import Trigger
from tests.api.payloads import citizen

SOUTH = User(1, "konsulent.syd", "consultant", "jobcenter-syd")
NORTH = User(2, "konsulent.nord", "consultant", "jobcenter-nord")
ADMIN = User(3, "admin", "admin", "it")


def _create(context: AppContext, **changes: object) -> int:
    with context.sessions.begin() as session:
        row = service.create(
            session,
            data=CitizenIn(**citizen(**changes)),
            postal_codes=context.matching.postal_codes,
            team=SOUTH.team,
            by=SOUTH.username,
        )
        return row.id


def _field(error: InvalidInput) -> str:
    return str(error.detail[0]["field"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"skills": [], "goal_occupations": []}, "skills"),
        ({"postal_code": "0999"}, "postal_code"),
        ({"postal_code": None, "max_commute_km": 10}, "max_commute_km"),
    ],
)
def test_a_profile_the_matcher_cannot_use_is_refused_by_field(
    context: AppContext, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        service.check_usable(
            CitizenIn(**citizen(**change)), postal_codes=context.matching.postal_codes
        )
    assert _field(refused.value) == field


def test_an_unknown_postal_code_is_fine_with_coordinates(context: AppContext) -> None:
    data = CitizenIn(**citizen(postal_code="0999", coordinates={"lat": 55.7, "lon": 12.5}))
    service.check_usable(data, postal_codes=context.matching.postal_codes)


def test_another_teams_citizen_answers_as_a_missing_one(context: AppContext) -> None:
    citizen_id = _create(context)
    with context.sessions() as session:
        assert service.get_for_user_or_raise(session, citizen_id=citizen_id, user=SOUTH)
        assert service.get_for_user_or_raise(session, citizen_id=citizen_id, user=ADMIN)
        with pytest.raises(NotFound) as hidden:
            service.get_for_user_or_raise(session, citizen_id=citizen_id, user=NORTH)
        with pytest.raises(NotFound) as missing:
            service.get_for_user_or_raise(session, citizen_id=citizen_id + 1, user=SOUTH)
    assert str(hidden.value.detail).replace(str(citizen_id), "N") == str(
        missing.value.detail
    ).replace(str(citizen_id + 1), "N")


def test_a_taken_reference_is_refused_on_create_and_on_edit(context: AppContext) -> None:
    _create(context, reference="JC-A")
    other = _create(context, reference="JC-B")
    with pytest.raises(AlreadyExists, match="JC-A"):
        _create(context, reference="JC-A")
    with context.sessions() as session, pytest.raises(AlreadyExists):
        service.update(
            session,
            citizen_id=other,
            data=CitizenUpdate(**citizen(reference="JC-A", version=1)),
            postal_codes=context.matching.postal_codes,
            by="x",
        )


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"id": 999}, InvalidInput, "id"),
        ({"team": "jobcenter-nord"}, InvalidInput, "team"),
        ({"version": 7}, VersionConflict, None),
    ],
)
def test_an_edit_refuses_a_changed_id_or_team_and_a_stale_version(
    context: AppContext, change: dict[str, object], error: type[Exception], field: str | None
) -> None:
    citizen_id = _create(context)
    body = citizen(**{"version": 1, **change})
    with context.sessions() as session, pytest.raises(error) as refused:
        service.update(
            session,
            citizen_id=citizen_id,
            data=CitizenUpdate(**body),
            postal_codes=context.matching.postal_codes,
            by="x",
            user=SOUTH,
        )
    if field is not None:
        assert _field(refused.value) == field  # type: ignore[arg-type]
    with context.sessions() as session:
        row = repository.get(session, citizen_id=citizen_id)
        assert row is not None and row.version == 1


def test_an_edit_saves_the_profile_and_moves_the_version_on(context: AppContext) -> None:
    citizen_id = _create(context)
    with context.sessions.begin() as session:
        row = service.update(
            session,
            citizen_id=citizen_id,
            data=CitizenUpdate(**citizen(version=1, skills=["kantine"], team=SOUTH.team)),
            postal_codes=context.matching.postal_codes,
            by="konsulent.syd",
            user=SOUTH,
        )
    out = service.to_out(row)
    assert (out.version, out.skills, out.team) == (2, ["kantine"], SOUTH.team)
    assert service.profile_of(row).skills == ("kantine",)


def test_erasing_removes_the_profile_and_its_batch_traces(context: AppContext) -> None:
    citizen_id = _create(context)
    with context.sessions.begin() as session:
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[citizen_id], top_k=5)
        reranks.add_snapshot(
            session, run_id=run.id, citizen_id=citizen_id, suggestions=[], changes={}
        )
    with context.sessions() as session, pytest.raises(NotFound):
        service.erase(session, citizen_id=citizen_id, user=NORTH)
    with context.sessions.begin() as session:
        service.erase(session, citizen_id=citizen_id, user=SOUTH)
    with context.sessions() as session:
        assert repository.get(session, citizen_id=citizen_id) is None
        assert reranks.latest_snapshot(session, citizen_id=citizen_id) is None
