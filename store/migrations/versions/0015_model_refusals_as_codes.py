"""A model's reasons for not ranking as codes with their figures, so the pages can say them in
Danish: each reason stored as an English sentence is read back into its code
(matcher.learning.refusals.parse); one it cannot read is kept as `other` with its sentence.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from matcher.learning.refusals import Refusal

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_models = sa.table(
    "ranking_models", sa.column("id", sa.Integer), sa.column("refused", sa.JSON)
)


def upgrade() -> None:
    _rewrite(lambda stored: Refusal.read(stored).stored())


def downgrade() -> None:
    _rewrite(lambda stored: Refusal.read(stored).text)


def _rewrite(convert: Callable[[object], object]) -> None:
    connection = op.get_bind()
    for model_id, refused in connection.execute(sa.select(_models.c.id, _models.c.refused)):
        converted = [convert(stored) for stored in refused or []]
        if converted != refused:
            connection.execute(
                _models.update().where(_models.c.id == model_id).values(refused=converted)
            )
