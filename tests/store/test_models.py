"""The models are the schema: the migrations build exactly what they declare (SQLite and
PostgreSQL)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from api.composition.context import AppContext
from store.models import Base


def test_migrations_build_exactly_the_models_schema(context: AppContext) -> None:
    with context.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
