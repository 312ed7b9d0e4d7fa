"""Repository of users (who signs in, with which role, in which team)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import flush
from store.models import UserRow


def get(session: Session, *, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def get_by_username(session: Session, *, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


def create(session: Session, *, username: str, password_hash: str, role: str, team: str) -> UserRow:
    row = UserRow(
        username=username,
        password_hash=password_hash,
        role=role,
        team=team,
        active=True,
        failed_logins=0,
    )
    session.add(row)
    flush(session)
    return row


def list_all(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))
