"""Learning from outcomes: the features captured when a contact is made, and the learned
rankings with their reports.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("placements", sa.Column("features", sa.JSON, nullable=True))
    op.create_table(
        "ranking_models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("trained_on", sa.Integer, nullable=False),
        sa.Column("tested_on", sa.Integer, nullable=False),
        sa.Column("windows", sa.JSON, nullable=False),
        sa.Column("parameters", sa.String, nullable=True),
        sa.Column("comparison", sa.JSON, nullable=True),
        sa.Column("fairness", sa.JSON, nullable=True),
        sa.Column("refused", sa.JSON, nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_by", sa.String(64), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("ranking_models")
    op.drop_column("placements", "features")
