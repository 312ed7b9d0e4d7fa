"""Store of record: SQLAlchemy models, repositories and migrations. Depends on matcher only."""
