"""Repository of users (who signs in, with which role, in which team)."""

from sqlalchemy import func, select
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
        token_version=0,
    )
    session.add(row)
    flush(session)
    return row


def list_all(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def count_active(session: Session, *, role: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(UserRow).where(UserRow.role == role, UserRow.active)
        )
        or 0
    )


def revoke_tokens(session: Session, *, row: UserRow) -> None:
    """Every token issued to the user so far stops working."""
    row.token_version += 1
    flush(session)
