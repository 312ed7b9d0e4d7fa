"""The rest of the placement course: the individual plan, follow-ups, why a course ended
early, the status 1, 3 and 6 months after the end; the workplace's contact person.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_CONTACT = (("contact_name", 120), ("contact_phone", 32), ("contact_email", 254))


def upgrade() -> None:
    for name, length in _CONTACT:
        op.add_column("workplaces", sa.Column(name, sa.String(length), nullable=True))
    op.add_column("placements", sa.Column("end_reason", sa.String(32), nullable=True))
    _of_a_placement(
        "placement_plans",
        sa.Column("placement_type", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("weeks", sa.Integer, nullable=False),
        sa.Column("start_hours", sa.Float, nullable=False),
        sa.Column("target_hours", sa.Float, nullable=False),
        sa.Column("step_hours", sa.Float, nullable=False),
        sa.Column("step_every_weeks", sa.Integer, nullable=False),
        sa.Column("tasks", sa.JSON, nullable=False),
        sa.Column("goals", sa.String(2000), nullable=True),
        sa.Column("accommodations", sa.JSON, nullable=False),
        sa.Column("contact_person", sa.String(120), nullable=True),
        sa.Column("mentor", sa.String(120), nullable=True),
        sa.Column("follow_up_every_weeks", sa.Integer, nullable=False),
        sa.Column("paid_hours_week", sa.Integer, nullable=True),
        sa.Column("consultant", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        one_each=True,
    )
    _of_a_placement(
        "placement_follow_ups",
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("hours_per_week", sa.Float, nullable=False),
        sa.Column("works", sa.String(2000), nullable=True),
        sa.Column("does_not_work", sa.String(2000), nullable=True),
    )
    _of_a_placement(
        "placement_statuses_after",
        sa.Column("months", sa.Integer, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.UniqueConstraint("placement_id", "months"),
    )


def _of_a_placement(name: str, *columns: "sa.SchemaItem", one_each: bool = False) -> None:
    """A table of rows that belong to a placement (deleted with it), with when and by whom;
    `one_each`: at most one row per placement."""
    placement: sa.Column[Any] = sa.Column(
        "placement_id",
        sa.Integer,
        sa.ForeignKey("placements.id", ondelete="CASCADE"),
        nullable=False,
        index=not one_each,
        unique=one_each,
    )
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        placement,
        *columns,
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in ("placement_statuses_after", "placement_follow_ups", "placement_plans"):
        op.drop_table(table)
    op.drop_column("placements", "end_reason")
    for name, _ in reversed(_CONTACT):
        op.drop_column("workplaces", name)
