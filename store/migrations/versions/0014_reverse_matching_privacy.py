"""Reverse matching that cannot locate a citizen: when a coordinator last changed a function's
location or accommodations (candidates wait a while after), and each coordinator's look-ups a
day (a limit). Functions stored before have no such change (None).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "workplace_functions",
        sa.Column("matching_changed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "reverse_lookup_days",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("lookups", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reverse_lookup_days")
    op.drop_column("workplace_functions", "matching_changed_at")
