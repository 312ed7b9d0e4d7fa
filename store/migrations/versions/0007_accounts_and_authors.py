"""Token versions and log-in lock-outs by name; who saved a workplace or profile last.

Lock-outs move from the users table to their own, keyed by a hash of the name typed, so that
names nobody has are counted (and locked) exactly like real ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import datetime as dt
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _key(username: str) -> str:
    # As api.auth.service.lockout_key: the name as typed, trimmed and in lower case.
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def upgrade() -> None:
    lockouts = op.create_table(
        "login_lockouts",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
    )
    users = sa.table(
        "users",
        sa.column("username", sa.String),
        sa.column("failed_logins", sa.Integer),
        sa.column("locked_until", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "key": _key(row.username),
            "failed_logins": row.failed_logins,
            "locked_until": row.locked_until,
            "last_failure_at": now,
        }
        for row in connection.execute(sa.select(users))
        if row.failed_logins or row.locked_until is not None
    ]
    if rows:
        op.bulk_insert(lockouts, rows)
    # Plain ALTER TABLE (SQLite has dropped columns since 3.35): rebuilding the table would
    # lose its AUTOINCREMENT.
    op.drop_column("users", "failed_logins")
    op.drop_column("users", "locked_until")
    op.add_column(
        "users", sa.Column("token_version", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("workplaces", sa.Column("updated_by", sa.String(64), nullable=True))
    op.add_column("citizens", sa.Column("updated_by", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("citizens", "updated_by")
    op.drop_column("workplaces", "updated_by")
    op.drop_column("users", "token_version")
    op.add_column(
        "users", sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_table("login_lockouts")
