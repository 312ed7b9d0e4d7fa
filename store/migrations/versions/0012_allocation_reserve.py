"""The places a batch run ranked after the suggestions it keeps, down to the depth its
allocation reads, so that a citizen whose first places are full keeps three where others can
take them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("citizen_snapshots", sa.Column("reserve", sa.JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("citizen_snapshots", "reserve")
