"""Log-in and user management on a real store (SQLite and PostgreSQL): a name is locked after
failures in a row, known or not, and answered alike; a right password clears the count; the
last active admin keeps the role; a new password or deactivation ends the user's sessions;
an admin can unlock a name."""

import datetime as dt

import pytest

from api.auth import service
from api.auth.schemas import UserPatch
from api.auth.service import WRONG_CREDENTIALS
from api.composition.context import AppContext
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, Locked, NotFound, Unauthorized
from store import users

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
PASSWORD = "et-langt-kodeord-1"


def _log_in(context: AppContext, username: str, password: str, at: dt.datetime = NOW) -> int:
    """The user's id; the failure count is committed either way, as the route does."""
    with context.sessions() as session:
        try:
            return service.log_in(
                session,
                username=username,
                password=password,
                max_failures=3,
                lockout=dt.timedelta(minutes=15),
                now=at,
            ).id
        finally:
            session.commit()


def _user(context: AppContext, username: str = "ny.konsulent", role: str = "consultant") -> int:
    with context.sessions.begin() as session:
        return service.create_user(
            session, username=username, password=PASSWORD, role=role, team="jobcenter-syd"
        ).id


def test_a_name_is_locked_after_failures_in_a_row_and_opens_again(context: AppContext) -> None:
    user_id = _user(context)
    for _ in range(3):
        with pytest.raises(Unauthorized, match=service.WRONG_CREDENTIALS):
            _log_in(context, "ny.konsulent", "forkert")
    with pytest.raises(Locked, match="locked until 12:15 UTC"):
        _log_in(context, " NY.Konsulent ", PASSWORD)  # the same name as typed
    assert _log_in(context, "ny.konsulent", PASSWORD, at=NOW + dt.timedelta(minutes=16)) == user_id


def test_a_name_nobody_has_is_answered_and_locked_like_a_real_one(context: AppContext) -> None:
    for _ in range(3):
        with pytest.raises(Unauthorized, match=service.WRONG_CREDENTIALS):
            _log_in(context, "ingen.bruger", PASSWORD)
    with pytest.raises(Locked):
        _log_in(context, "ingen.bruger", PASSWORD)
    with pytest.raises(Unauthorized, match=service.WRONG_CREDENTIALS):
        _log_in(context, "'; drop table users; --", PASSWORD)


def test_a_right_password_clears_the_failures(context: AppContext) -> None:
    _user(context)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            _log_in(context, "ny.konsulent", "forkert")
    _log_in(context, "ny.konsulent", PASSWORD)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            _log_in(context, "ny.konsulent", "forkert")
    _log_in(context, "ny.konsulent", PASSWORD)  # not locked: the count started again


def test_a_short_password_and_a_taken_name_are_refused(context: AppContext) -> None:
    _user(context)
    with context.sessions() as session:
        with pytest.raises(InvalidInput) as short:
            service.create_user(
                session, username="kort", password="kort", role="consultant", team="x"
            )
        assert short.value.detail[0]["field"] == "password"
        with pytest.raises(AlreadyExists, match=r"ny\.konsulent"):
            service.create_user(
                session, username="ny.konsulent", password=PASSWORD, role="admin", team="x"
            )


def _update(context: AppContext, user_id: int, **changes: object) -> None:
    with context.sessions.begin() as session:
        service.update_user(session, user_id=user_id, patch=UserPatch.model_validate(changes))


def test_the_last_active_admin_keeps_the_role(context: AppContext) -> None:
    with context.sessions() as session:
        admins = [u for u in users.list_all(session) if u.role == "admin" and u.active]
    for other in admins[1:]:
        _update(context, other.id, active=False)
    last = admins[0].id
    with pytest.raises(Conflict, match="last active admin"):
        _update(context, last, role="consultant")
    with pytest.raises(Conflict):
        _update(context, last, active=False)
    second = _user(context, "ny.admin", role="admin")
    _update(context, last, role="consultant")
    with pytest.raises(Conflict):
        _update(context, second, active=False)


def test_a_new_password_or_deactivation_ends_the_users_sessions(context: AppContext) -> None:
    user_id = _user(context)

    def version() -> int:
        with context.sessions() as session:
            return service.get_or_raise(session, user_id=user_id).token_version

    _update(context, user_id, team="jobcenter-nord")
    assert version() == 0
    _update(context, user_id, password="et-andet-langt-kodeord")
    assert version() == 1
    _update(context, user_id, active=False)
    assert version() == 2
    # Answered as a wrong password is: the answer does not tell that the password is right.
    with pytest.raises(Unauthorized) as right_password:
        _log_in(context, "ny.konsulent", "et-andet-langt-kodeord")
    with pytest.raises(Unauthorized) as wrong_password:
        _log_in(context, "ny.konsulent", "forkert-kodeord-helt")
    assert right_password.value.detail == wrong_password.value.detail == WRONG_CREDENTIALS
    with context.sessions.begin() as session:
        service.log_out(session, user_id=user_id)
    assert version() == 3


def test_an_admin_unlocks_a_name(context: AppContext) -> None:
    user_id = _user(context)
    for _ in range(3):
        with pytest.raises(Unauthorized):
            _log_in(context, "ny.konsulent", "forkert")
    _update(context, user_id, unlock=True)
    assert _log_in(context, "ny.konsulent", PASSWORD) == user_id
    with context.sessions() as session, pytest.raises(NotFound):
        service.get_or_raise(session, user_id=user_id + 1000)
