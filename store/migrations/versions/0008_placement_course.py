"""The placement course's statuses: declined (by whom, why), agreed, started; each change kept
so the last can be undone; notes on a contact.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _widen_status(32)
    op.add_column("placements", sa.Column("decline_reason", sa.String(32), nullable=True))
    op.add_column(
        "placements", sa.Column("declined_accommodation", sa.String(48), nullable=True)
    )
    for moment in ("agreed_at", "started_at", "declined_at"):
        op.add_column("placements", sa.Column(moment, sa.DateTime(timezone=True), nullable=True))
    _of_a_placement(
        "placement_events",
        sa.Column("from_status", sa.String(32), nullable=False),
        sa.Column("to_status", sa.String(32), nullable=False),
    )
    _of_a_placement("placement_notes", sa.Column("text", sa.String(2000), nullable=False))


def _of_a_placement(name: str, *columns: "sa.Column[Any]") -> None:
    """A table of rows that belong to a placement (deleted with it), with when and by whom."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "placement_id",
            sa.Integer,
            sa.ForeignKey("placements.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        *columns,
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("placement_notes")
    op.drop_table("placement_events")
    for column in ("declined_at", "started_at", "agreed_at", "declined_accommodation"):
        op.drop_column("placements", column)
    op.drop_column("placements", "decline_reason")
    _widen_status(16)


def _widen_status(length: int) -> None:
    """SQLite cannot change a column's type in place: batch mode rebuilds the table, told to
    keep its AUTOINCREMENT, and the table's sequence is put back as it was (the rebuilt table
    would start again after its highest id, handing out the ids of deleted placements)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        op.alter_column("placements", "status", type_=sa.String(length))
        return
    seq = sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'placements'")
    before = connection.execute(seq).scalar()
    with op.batch_alter_table(
        "placements", table_kwargs={"sqlite_autoincrement": True}
    ) as placements:
        placements.alter_column("status", type_=sa.String(length), existing_nullable=False)
    if before is not None:
        restore = "UPDATE sqlite_sequence SET seq = MAX(seq, :before) WHERE name = 'placements'"
        if connection.execute(seq).scalar() is None:
            restore = "INSERT INTO sqlite_sequence (name, seq) VALUES ('placements', :before)"
        connection.execute(sa.text(restore), {"before": before})
