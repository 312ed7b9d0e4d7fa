"""Snapshots keep their ranked function ids apart, so the next run reads only those.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("citizen_snapshots", sa.Column("function_ids", sa.JSON, nullable=True))
    snapshots = sa.table(
        "citizen_snapshots",
        sa.column("id", sa.Integer),
        sa.column("suggestions", sa.JSON),
        sa.column("function_ids", sa.JSON),
    )
    connection = op.get_bind()
    for snapshot_id, suggestions in connection.execute(
        sa.select(snapshots.c.id, snapshots.c.suggestions)
    ).all():
        if isinstance(suggestions, str):
            suggestions = json.loads(suggestions)
        connection.execute(
            snapshots.update()
            .where(snapshots.c.id == snapshot_id)
            .values(function_ids=[s["function_id"] for s in suggestions])
        )
    with op.batch_alter_table("citizen_snapshots") as batch:
        batch.alter_column("function_ids", existing_type=sa.JSON, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen_snapshots") as batch:
        batch.drop_column("function_ids")
