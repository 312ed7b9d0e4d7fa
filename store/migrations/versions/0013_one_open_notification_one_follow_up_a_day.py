"""One open notification per citizen and function, and one follow-up per course and day, kept
by the database (a double submit stored as many as arrived at once).

What was stored before is kept: of open notifications about the same citizen and function the
first stays open and the later ones are closed as dismissed by this migration; of follow-ups of
one course on one day the first counts and the later ones name it in `duplicate_of`.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_MIGRATION = "migration 0013"


def upgrade() -> None:
    op.add_column(
        "placement_follow_ups", sa.Column("duplicate_of", sa.Integer, nullable=True)
    )
    op.execute(
        """
        UPDATE placement_follow_ups SET duplicate_of = (
            SELECT MIN(first.id) FROM placement_follow_ups AS first
            WHERE first.placement_id = placement_follow_ups.placement_id
              AND first.held_on = placement_follow_ups.held_on
        )
        WHERE id > (
            SELECT MIN(first.id) FROM placement_follow_ups AS first
            WHERE first.placement_id = placement_follow_ups.placement_id
              AND first.held_on = placement_follow_ups.held_on
        )
        """
    )
    op.execute(
        f"""
        UPDATE notifications SET status = 'dismissed', decided_by = '{_MIGRATION}',
            decided_at = CURRENT_TIMESTAMP
        WHERE status = 'open' AND id > (
            SELECT MIN(first.id) FROM notifications AS first
            WHERE first.citizen_id = notifications.citizen_id
              AND first.function_id = notifications.function_id
              AND first.status = 'open'
        )
        """
    )
    op.create_index(
        "uq_follow_up_course_day",
        "placement_follow_ups",
        ["placement_id", "held_on"],
        unique=True,
        sqlite_where=sa.text("duplicate_of IS NULL"),
        postgresql_where=sa.text("duplicate_of IS NULL"),
    )
    op.create_index(
        "uq_notification_open",
        "notifications",
        ["citizen_id", "function_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_index("uq_notification_open", table_name="notifications")
    op.drop_index("uq_follow_up_course_day", table_name="placement_follow_ups")
    op.drop_column("placement_follow_ups", "duplicate_of")
