"""Workplaces, functions, citizens and the labour-market balance.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workplaces",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("postal_code", sa.String(4), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("industry", sa.String(60), nullable=False),
        sa.Column("ordinary_employees", sa.Integer, nullable=False),
        sa.Column("current_subsidised_placements", sa.Integer, nullable=False),
        sa.Column("accommodations", sa.JSON, nullable=False),
        sa.Column("record_placements", sa.Integer, nullable=False),
        sa.Column("record_good_outcomes", sa.Integer, nullable=False),
        sa.Column("record_paid_hours_outcomes", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_workplaces_postal_code", "workplaces", ["postal_code"])
    op.create_index("ix_workplaces_industry", "workplaces", ["industry"])
    op.create_table(
        "workplace_functions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workplace_id", sa.Integer,
            sa.ForeignKey("workplaces.id", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("occupation_code", sa.String(6), nullable=False),
        sa.Column("tasks", sa.JSON, nullable=False),
        sa.Column("hours_min", sa.Float, nullable=False),
        sa.Column("hours_max", sa.Float, nullable=False),
        sa.Column("placement_types", sa.JSON, nullable=False),
        sa.Column("accommodations", sa.JSON, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_workplace_functions_workplace_id", "workplace_functions", ["workplace_id"])
    op.create_index(
        "ix_workplace_functions_occupation_code", "workplace_functions", ["occupation_code"]
    )
    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(64), nullable=False, unique=True),
        sa.Column("target_group", sa.String(32), nullable=False),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_citizens_target_group", "citizens", ["target_group"])
    op.create_table(
        "occupation_balance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("occupation_code", sa.String(6), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("area", sa.String(60), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.UniqueConstraint("occupation_code", "area", "period"),
    )


def downgrade() -> None:
    op.drop_table("occupation_balance")
    op.drop_table("citizens")
    op.drop_table("workplace_functions")
    op.drop_table("workplaces")
