"""The matcher command's environment: a database (SQLite and PostgreSQL) and a data folder."""

from pathlib import Path

import pytest


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("MATCHER_DATABASE_URL", database_url)
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MATCHER_TODAY", "2026-11-22")
    return tmp_path
