"""Log-in with lock-out, and the users admins manage."""

import datetime as dt
import hashlib
import re

from sqlalchemy.orm import Session

from api.auth import tokens
from api.auth.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from api.auth.schemas import USERNAME_PATTERN, UserPatch
from api.composition.settings import Settings
from api.shared.errors import AlreadyExists, Conflict, InvalidInput, Locked, NotFound, Unauthorized
from store import logins
from store import users as repository
from store.db import flush, lock_for_writing
from store.models import UserRow

ADMIN = "admin"

WRONG_CREDENTIALS = "wrong username or password"
_USERNAME = re.compile(USERNAME_PATTERN)


def issue_token(settings: Settings, *, user_id: int, version: int, now: dt.datetime) -> str:
    """A token for the user, signed with the service's secret, valid for its lifetime."""
    return tokens.issue(
        user_id=user_id,
        version=version,
        secret=settings.secret_key.get_secret_value(),
        ttl=settings.token_ttl,
        now=now,
    )


def lockout_key(username: str) -> str:
    """Whom a failed log-in counts against: the name as typed (trimmed, lower case), known
    or not, hashed so that what strangers type is not stored."""
    return hashlib.sha256(username.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()


def log_in(
    session: Session,
    *,
    username: str,
    password: str,
    max_failures: int,
    lockout: dt.timedelta,
    now: dt.datetime,
) -> UserRow:
    """The user, when the password is right and the account open. Failures are counted per
    name as typed (and committed by the caller either way): `max_failures` in a row lock the
    name. A name nobody has, and a deactivated account, are counted, locked and answered
    exactly like a wrong password."""
    key = lockout_key(username)
    state = logins.get(session, key=key)
    if state is not None and state.locked_until is not None and state.locked_until > now:
        until = state.locked_until.astimezone(dt.UTC).strftime("%H:%M UTC")
        raise Locked(f"too many failed log-ins; the account is locked until {until}")
    name = username.strip().lower()
    # A name that cannot be a username is not looked up (nor sent to the database).
    row = repository.get_by_username(session, username=name) if _USERNAME.match(name) else None
    right = verify_password(row.password_hash if row else None, password)
    # A deactivated account is answered as a wrong password is, so that the answer never
    # tells whether a password is right.
    if not right or row is None or not row.active:
        if logins.count_failure(session, key=key, now=now) >= max_failures:
            logins.lock(session, key=key, until=now + lockout)
        raise Unauthorized(WRONG_CREDENTIALS)
    logins.clear(session, key=key)
    return row


def check_password(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field, "password_too_short", length=MIN_PASSWORD_LENGTH)


def create_user(session: Session, *, username: str, password: str, role: str, team: str) -> UserRow:
    check_password(password)
    if repository.get_by_username(session, username=username) is not None:
        raise AlreadyExists.because("username_taken", username=username)
    return repository.create(
        session, username=username, password_hash=hash_password(password), role=role, team=team
    )


def get_or_raise(session: Session, *, user_id: int) -> UserRow:
    row = repository.get(session, user_id=user_id)
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    return row


def update_user(session: Session, *, user_id: int, patch: UserPatch) -> UserRow:
    """Change a user: what `patch` gives. A new password or deactivation ends every session
    the user has (their tokens stop working). The last active admin keeps the role: without
    one, nobody could manage users again."""
    role, team, active = patch.role, patch.team, patch.active
    password, unlock = patch.password, patch.unlock
    if role is not None or active is not None:
        # Two admins demoting each other at once must not both pass the check below.
        lock_for_writing(session, "users")
    row = get_or_raise(session, user_id=user_id)
    leaves_admins = (
        row.role == ADMIN and row.active and (role not in (None, ADMIN) or active is False)
    )
    if leaves_admins and repository.count_active(session, role=ADMIN) <= 1:
        raise Conflict.because("last_admin", username=row.username)
    if password is not None:
        check_password(password)
        row.password_hash = hash_password(password)
    if role is not None:
        row.role = role
    if team is not None:
        row.team = team
    if active is not None:
        row.active = active
    if password is not None or active is False:
        repository.revoke_tokens(session, row=row)
    if unlock:
        logins.clear(session, key=lockout_key(row.username))
    flush(session)
    return row


def log_out(session: Session, *, user_id: int) -> None:
    """End every session of the user: the tokens issued so far stop working."""
    repository.revoke_tokens(session, row=get_or_raise(session, user_id=user_id))
