"""Placements: a workplace contacted for a citizen, and how it ended.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "citizen_id",
            sa.Integer,
            sa.ForeignKey("citizens.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("workplace_id", sa.Integer, nullable=False, index=True),
        sa.Column("workplace_name", sa.String(200), nullable=False),
        sa.Column("function_id", sa.Integer, nullable=True),
        sa.Column("function_title", sa.String(200), nullable=True),
        sa.Column("placement_type", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("outcome_note", sa.String(500), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("placements")
