"""Users in the store (SQLite and PostgreSQL): a name is taken once, active users are counted
by role, and revoking tokens moves the user's token version on."""

import pytest

from api.composition.context import AppContext
from store import users
from store.db import WriteConflict


def test_a_username_is_taken_once(context: AppContext) -> None:
    with context.sessions.begin() as session:
        users.create(session, username="ny", password_hash="h", role="consultant", team="syd")
    with context.sessions() as session, pytest.raises(WriteConflict):
        users.create(session, username="ny", password_hash="h", role="admin", team="nord")
    with context.sessions() as session:
        row = users.get_by_username(session, username="ny")
        assert row is not None and row.role == "consultant"
        assert users.get(session, user_id=row.id) is row


def test_active_users_are_counted_by_role(context: AppContext) -> None:
    with context.sessions.begin() as session:
        before = users.count_active(session, role="admin")
        row = users.create(session, username="chef", password_hash="h", role="admin", team="syd")
        assert users.count_active(session, role="admin") == before + 1
        row.active = False
        session.flush()
        assert users.count_active(session, role="admin") == before


def test_revoking_tokens_moves_the_version_on(context: AppContext) -> None:
    with context.sessions.begin() as session:
        row = users.create(session, username="ud", password_hash="h", role="consultant", team="syd")
        assert row.token_version == 0
        users.revoke_tokens(session, row=row)
        users.revoke_tokens(session, row=row)
    with context.sessions() as session:
        again = users.get_by_username(session, username="ud")
        assert again is not None and again.token_version == 2


def test_users_are_listed_by_name(context: AppContext) -> None:
    with context.sessions() as session:
        names = [u.username for u in users.list_all(session)]
    assert names == sorted(names) and names
