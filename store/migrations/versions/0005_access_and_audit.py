"""Users, teams and portfolios, and the audit log of citizen data access.

Existing citizens and workplaces are put in the team "unassigned": nobody sees such a citizen
or edits such a workplace until they are imported again with a team.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: rebuilding the tables on SQLite would drop their
    # AUTOINCREMENT, and workplace ids must never be reused.
    op.add_column(
        "citizens", sa.Column("team", sa.String(64), nullable=False, server_default="unassigned")
    )
    op.create_index("ix_citizens_team", "citizens", ["team"])
    op.add_column(
        "workplaces",
        sa.Column("portfolio", sa.String(64), nullable=False, server_default="unassigned"),
    )
    op.create_index("ix_workplaces_portfolio", "workplaces", ["portfolio"])
    if op.get_bind().dialect.name != "sqlite":
        # The default served the rows already there; new rows always name their team. (SQLite
        # cannot drop a column default without rebuilding the table; it keeps it.)
        op.alter_column("citizens", "team", server_default=None)
        op.alter_column("workplaces", "portfolio", server_default=None)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("citizen_id", sa.Integer, nullable=True, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("route", sa.String(120), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_index("ix_workplaces_portfolio", "workplaces")
    op.drop_column("workplaces", "portfolio")
    op.drop_index("ix_citizens_team", "citizens")
    op.drop_column("citizens", "team")
