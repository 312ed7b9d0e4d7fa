"""Log-in with lock-out, and the users admins manage."""

import datetime as dt

from sqlalchemy.orm import Session

from api.auth.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from api.errors import AlreadyExists, InvalidInput, Locked, NotFound, Unauthorized
from store import users as repository
from store.models import UserRow

WRONG_CREDENTIALS = "wrong username or password"


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # SQLite drops the zone


def log_in(
    session: Session,
    *,
    username: str,
    password: str,
    max_failures: int,
    lockout: dt.timedelta,
    now: dt.datetime,
) -> UserRow:
    """The user, when the password is right and the account open. Failures are counted
    (and committed by the caller either way): `max_failures` in a row lock the account."""
    row = repository.get_by_username(session, username=username)
    if row is not None and row.locked_until is not None and _aware(row.locked_until) > now:
        until = _aware(row.locked_until).astimezone(dt.UTC).strftime("%H:%M UTC")
        raise Locked(f"too many failed log-ins; the account is locked until {until}")
    if not verify_password(row.password_hash if row else None, password) or row is None:
        if row is not None:
            row.failed_logins += 1
            if row.failed_logins >= max_failures:
                row.locked_until = now + lockout
                row.failed_logins = 0
        raise Unauthorized(WRONG_CREDENTIALS)
    if not row.active:
        raise Unauthorized("the account is not active")
    row.failed_logins = 0
    row.locked_until = None
    return row


def check_password(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field, f"use at least {MIN_PASSWORD_LENGTH} characters")


def create_user(session: Session, *, username: str, password: str, role: str, team: str) -> UserRow:
    check_password(password)
    if repository.get_by_username(session, username=username) is not None:
        raise AlreadyExists(f"the username {username!r} is taken")
    return repository.create(
        session, username=username, password_hash=hash_password(password), role=role, team=team
    )


def get_or_raise(session: Session, *, user_id: int) -> UserRow:
    row = repository.get(session, user_id=user_id)
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    return row


def update_user(
    session: Session,
    *,
    user_id: int,
    role: str | None,
    team: str | None,
    active: bool | None,
    password: str | None,
    unlock: bool,
) -> UserRow:
    row = get_or_raise(session, user_id=user_id)
    if role is not None:
        row.role = role
    if team is not None:
        row.team = team
    if active is not None:
        row.active = active
    if password is not None:
        check_password(password)
        row.password_hash = hash_password(password)
    if unlock:
        row.locked_until = None
        row.failed_logins = 0
    session.flush()
    return row
