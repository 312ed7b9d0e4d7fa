"""Building the context from settings: the backend the settings name with the timeouts and
credentials they give, weights from a file (an unknown weight refused by name), a migrated
database, and the balance in force loaded."""

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.composition.settings import Settings
from api.composition.wiring import create_context, load_weights, make_backend
from indexer.embedded import EmbeddedIndex
from indexer.freshness import LocalIndex
from indexer.opensearch import OpenSearchBackend
from matcher.weights import DEFAULT_WEIGHTS
from store import citizens
from tests.conftest import TODAY


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        today=TODAY,
        **overrides,  # type: ignore[arg-type]
    )


def test_the_embedded_backend_is_the_default(tmp_path: Path) -> None:
    assert isinstance(make_backend(_settings(tmp_path)), EmbeddedIndex)


def test_opensearch_gets_short_request_and_long_reindex_timeouts(tmp_path: Path) -> None:
    backend = make_backend(
        _settings(
            tmp_path,
            search_backend="opensearch",
            opensearch_url="https://search.example:9200",
            opensearch_user="matcher",
            opensearch_password=SecretStr("pw"),
            opensearch_alias="places",
            opensearch_timeout_s=1.5,
            opensearch_reindex_timeout_s=120,
        )
    )
    assert isinstance(backend, OpenSearchBackend) and backend.alias == "places"
    (request,) = backend.client.transport.connection_pool.connections
    (bulk,) = backend.bulk_client.transport.connection_pool.connections
    assert (request.timeout, backend.client.transport.max_retries) == (1.5, 0)
    assert (bulk.timeout, backend.bulk_client.transport.max_retries) == (120, 3)
    assert "authorization" in request.headers and request.use_ssl


def test_weights_come_from_the_file_the_settings_name(tmp_path: Path) -> None:
    assert load_weights(_settings(tmp_path)) is DEFAULT_WEIGHTS
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"skills": 40, "balance": {"shortage": 1.3}}), encoding="utf-8")
    weights = load_weights(_settings(tmp_path, weights_file=path))
    assert weights.skills == 40 and weights.balance["shortage"] == 1.3
    assert weights.balance["good"] == DEFAULT_WEIGHTS.balance["good"]
    path.write_text(json.dumps({"skils": 40}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown scoring weight.*skils"):
        load_weights(_settings(tmp_path, weights_file=path))


def test_a_new_context_has_a_migrated_store_and_no_balance_yet(tmp_path: Path) -> None:
    context = create_context(_settings(tmp_path))
    try:
        with context.sessions() as session:
            assert citizens.count(session) == 0
        assert context.matching.balance_entries == []
        assert isinstance(context.freshness, LocalIndex) and context.freshness.serves_index
    finally:
        context.close()
    beside = create_context(_settings(tmp_path), migrate=False, serves_index=False)
    assert isinstance(beside.freshness, LocalIndex) and not beside.freshness.serves_index
    beside.close()
