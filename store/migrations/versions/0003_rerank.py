"""Batch re-ranking: runs, snapshots, failures, pending workplace changes; active flag.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "citizens", sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true())
    )
    op.create_table(
        "rerank_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trigger", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("top_k", sa.Integer, nullable=False),
        sa.Column("citizen_ids", sa.JSON, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "citizen_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "run_id", sa.Integer, sa.ForeignKey("rerank_runs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "citizen_id", sa.Integer, sa.ForeignKey("citizens.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("suggestions", sa.JSON, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("run_id", "citizen_id"),
    )
    op.create_index("ix_citizen_snapshots_citizen_id", "citizen_snapshots", ["citizen_id"])
    op.create_table(
        "rerank_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "run_id", sa.Integer, sa.ForeignKey("rerank_runs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("citizen_id", sa.Integer, nullable=False),
        sa.Column("error", sa.String(500), nullable=False),
        sa.UniqueConstraint("run_id", "citizen_id"),
    )


    op.create_table(
        "rerank_pending",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workplace_id", sa.Integer, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rerank_pending")
    op.drop_table("rerank_failures")
    op.drop_table("citizen_snapshots")
    op.drop_table("rerank_runs")
    op.drop_column("citizens", "active")
