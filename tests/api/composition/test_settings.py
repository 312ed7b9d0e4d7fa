"""Settings: scoring weights from a file named by MATCHER_WEIGHTS_FILE, and no start outside
development without a real secret."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.composition.settings import DEVELOPMENT_SECRET, Settings
from api.composition.wiring import load_weights


def test_a_weights_file_replaces_the_named_weights(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"distance": 30, "balance": {"limited": 0.1}}))
    weights = load_weights(Settings(weights_file=path))
    assert (weights.distance, weights.skills) == (30, 35)
    assert (weights.balance["limited"], weights.balance["shortage"]) == (0.1, 1.0)


def test_an_unknown_weight_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"distanse": 30}))
    with pytest.raises(ValueError, match=r"unknown scoring weight.*distanse"):
        load_weights(Settings(weights_file=path))


def test_the_sqlite_file_defaults_to_the_data_directory(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).url == f"sqlite:///{tmp_path / 'matcher.sqlite3'}"


def test_the_default_secret_is_refused_outside_development() -> None:
    for environment in ("test", "production"):
        with pytest.raises(ValidationError, match="MATCHER_SECRET_KEY"):
            Settings(environment=environment, secret_key=DEVELOPMENT_SECRET)
        with pytest.raises(ValidationError, match="at least 32 characters"):
            Settings(environment=environment, secret_key="short")
    assert Settings(environment="development", secret_key=DEVELOPMENT_SECRET)
