"""Reverse matching and the load on workplaces: how many enquiries a month a workplace
accepts, the candidate cards a coordinator was shown, the notifications consultants get
about them, and a batch run's allocation.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workplaces", sa.Column("monthly_enquiries", sa.Integer, nullable=True))
    op.add_column("rerank_runs", sa.Column("allocation", sa.JSON, nullable=True))
    op.add_column("citizen_snapshots", sa.Column("workplace_ids", sa.JSON, nullable=True))
    op.add_column("citizen_snapshots", sa.Column("scores", sa.JSON, nullable=True))
    op.add_column("citizen_snapshots", sa.Column("shown", sa.JSON, nullable=True))
    op.create_table(
        "candidate_cards",
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column(
            "citizen_id",
            sa.Integer,
            sa.ForeignKey("citizens.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("workplace_id", sa.Integer, nullable=False),
        sa.Column("function_id", sa.Integer, nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shown_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "citizen_id",
            sa.Integer,
            sa.ForeignKey("citizens.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("team", sa.String(64), nullable=False, index=True),
        sa.Column("workplace_id", sa.Integer, nullable=False),
        sa.Column("workplace_name", sa.String(200), nullable=False),
        sa.Column("function_id", sa.Integer, nullable=False),
        sa.Column("function_title", sa.String(200), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("placement_id", sa.Integer, nullable=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("notifications")
    op.drop_table("candidate_cards")
    op.drop_column("citizen_snapshots", "shown")
    op.drop_column("citizen_snapshots", "scores")
    op.drop_column("citizen_snapshots", "workplace_ids")
    op.drop_column("rerank_runs", "allocation")
    op.drop_column("workplaces", "monthly_enquiries")
